// SPDX-License-Identifier: MIT
// Inbound announces (RNS/Transport.py :: inbound announce branch; RNS/Identity.py :: validate_announce;
// protocol §5.2–5.4): validate, remember the identity, decide whether the path table changes, feed
// the rebroadcast queue (transport nodes) and notify announce handlers by aspect filter.
import { completeAnnounce, hashFromNameAndIdentity, parseAnnouncePacket } from '../destination/index.js';
import type { ParsedAnnounce, ValidateAnnounceOptions, ValidatedAnnounce } from '../destination/index.js';
import { RnsError } from '../errors.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { toHex } from '../wire/bytes.js';
import { Context } from '../wire/constants.js';
import { withHops } from '../wire/packet.js';
import { AnnounceRateLimiter } from './announce-control.js';
import type { AnnounceRatePolicy } from './announce-control.js';
import { TurnCounter } from './burst-gate.js';
import { ANNOUNCE_INLINE_BURST, AP_PATH_EXPIRY_MS, MAX_REJECTED_ANNOUNCES, PATH_EXPIRY_MS, ROAMING_PATH_EXPIRY_MS } from './constants.defaults.js';
import type { Forwarder } from './forwarding.js';
import { IngressControl } from './ingress-control.js';
import { BoundedMap } from './packet-cache.js';
import { blobEmitted } from './path-table.js';
import type { Transport } from './transport.js';
import type { AnnounceHandler, InboundPacket } from './types.js';

export interface AnnounceIntakeOptions {
  ratePolicy: AnnounceRatePolicy | null;
  isBlackholed: ((identityHash: Uint8Array) => boolean) | undefined;
  forwarder: Forwarder;
  /** Called when a path to a destination was added or replaced. */
  onPath(destinationHash: Uint8Array): void;
  /** Hold bursts of announces for unknown destinations (RNS ingress_control, default on). */
  ingressControl: boolean;
  /** Whether we have an outstanding path request for this destination. */
  isRequested(destinationHash: Uint8Array): boolean;
  /** Where burst signatures are checked (raw key bytes, off the event loop). */
  verifier: { verify(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean>; stop(): Promise<void> };
  /** Checks queued on the verifier before the event loop checks them itself (backpressure). */
  maxInFlight: number;
}

/** An announce whose signature is being checked off the event loop; settled in arrival order. */
interface InFlight {
  inb: InboundPacket;
  parsed: ParsedAnnounce;
  hashKey: string;
  /** The signature check's result, once known. */
  valid: boolean | undefined;
}

function verifiedNow(parsed: ParsedAnnounce): boolean {
  return parsed.result.identity.verify(parsed.result.signature, parsed.signedData);
}

export class AnnounceIntake {
  private readonly handlers = new Set<AnnounceHandler>();
  /** Announces that failed validation, so a replay costs a lookup instead of a signature check. */
  private readonly rejected = new BoundedMap<true>(MAX_REJECTED_ANNOUNCES);
  private readonly rateLimiter = new AnnounceRateLimiter();
  /** Per receiving interface; weak so interfaces that go away take their state with them. */
  private readonly ingress = new WeakMap<NetworkInterface, IngressControl>();
  private readonly ingressIfaces = new Set<WeakRef<NetworkInterface>>();
  /**
   * Announces validated off the event loop, oldest first. A burst (more than
   * ANNOUNCE_INLINE_BURST announces in one event-loop turn, e.g. one socket read) has its
   * signatures checked by the verifier's worker threads, so a flood uses every core; results are
   * applied strictly in arrival order, so the path table ends exactly as with inline checks. Single
   * announces, the normal case, are checked inline and take effect before process() returns.
   */
  private readonly inFlight: InFlight[] = [];
  private readonly turn = new TurnCounter();
  /** Bumped by stop(): results of checks started before it are dropped. */
  private generation = 0;

  private readonly validateOptions: ValidateAnnounceOptions;

  constructor(
    private readonly t: Transport,
    private readonly opts: AnnounceIntakeOptions,
  ) {
    this.validateOptions = opts.isBlackholed ? { isBlackholed: opts.isBlackholed } : {};
  }

  register(handler: AnnounceHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  private ingressOf(iface: NetworkInterface): IngressControl {
    let ic = this.ingress.get(iface);
    if (!ic) {
      ic = new IngressControl(this.t.clock.now());
      this.ingress.set(iface, ic);
      this.ingressIfaces.add(new WeakRef(iface));
    }
    return ic;
  }

  /** Job step: validate at most one held announce per interface whose burst is over. */
  releaseHeld(now: number): void {
    for (const ref of [...this.ingressIfaces]) {
      const iface = ref.deref();
      if (!iface) {
        this.ingressIfaces.delete(ref);
        continue;
      }
      const inb = this.ingress.get(iface)?.release(now);
      if (inb) this.process(inb, true);
    }
  }

  /** Announces waiting in ingress control, over all interfaces. */
  heldCount(): number {
    let n = 0;
    for (const ref of this.ingressIfaces) {
      const iface = ref.deref();
      if (iface) n += this.ingress.get(iface)?.heldCount ?? 0;
    }
    return n;
  }

  /** Handles one inbound announce; `released` skips ingress control (it already held this one). */
  process(inb: InboundPacket, released = false): void {
    const { t } = this;
    const { packet, packetHash: hash, iface } = inb;
    // The packet hash ignores the context flag, but validation depends on it (ratchet or not):
    // key the rejection cache on both, or a flag-flipped copy could blacklist a genuine announce.
    const hashKey = toHex(hash) + (packet.contextFlag ? '1' : '0');
    if (this.rejected.has(hashKey)) return t.drop('announce_invalid_replay');
    if (t.isLocal(packet.destinationHash)) return t.drop('announce_local');
    if (!released && this.opts.ingressControl) {
      const ic = this.ingressOf(iface);
      ic.received(t.clock.now());
      // Known destinations and ones we asked for are rate-controlled elsewhere; only unknown ones are held.
      const wanted = t.paths.get(packet.destinationHash) !== undefined || this.opts.isRequested(packet.destinationHash);
      if (!wanted && ic.shouldLimit(t.clock.now())) {
        ic.hold(inb);
        return t.drop('announce_held');
      }
    }
    let parsed: ParsedAnnounce;
    try {
      // Malformed and blackholed announces are refused here, whatever is in flight: refusing
      // changes no path, so order does not matter for them.
      parsed = parseAnnouncePacket(packet, this.validateOptions);
    } catch (error) {
      return this.refuse(error, hashKey);
    }
    const pending = this.inFlight.length;
    // Released announces trickle out one per 5 s; a saturated pool means the event loop checks
    // this one itself, which paces the socket reads the way inline checks always do.
    const inline = released || pending >= this.opts.maxInFlight || (pending === 0 && this.turn.next() <= ANNOUNCE_INLINE_BURST);
    if (inline && pending === 0) return this.finish(inb, parsed, verifiedNow(parsed), hashKey);
    const entry: InFlight = { inb, parsed, hashKey, valid: inline ? verifiedNow(parsed) : undefined };
    this.inFlight.push(entry);
    if (inline) return;
    const generation = this.generation;
    const { identity, signature } = parsed.result;
    void this.opts.verifier.verify(identity.signingPublicKey, signature, parsed.signedData).then((valid) => this.settle(generation, entry, valid));
  }

  /** Drops announces still being checked and stops the verifier's workers (Transport.stop). */
  async stop(): Promise<void> {
    this.generation++;
    this.inFlight.length = 0;
    await this.opts.verifier.stop();
  }

  private settle(generation: number, entry: InFlight, valid: boolean): void {
    if (generation !== this.generation) return;
    entry.valid = valid;
    // The queue holds at most maxInFlight checks plus what one socket read brings while the pool
    // is saturated; V8 moves the start of an array this long instead of copying it on shift().
    for (let head = this.inFlight[0]; head?.valid !== undefined; head = this.inFlight[0]) {
      this.inFlight.shift();
      const { inb, parsed, valid: headValid, hashKey } = head;
      this.t.safely(() => this.finish(inb, parsed, headValid, hashKey));
    }
  }

  private finish(inb: InboundPacket, parsed: ParsedAnnounce, signatureValid: boolean, hashKey: string): void {
    let announce: ValidatedAnnounce;
    try {
      announce = completeAnnounce(parsed, signatureValid);
    } catch (error) {
      return this.refuse(error, hashKey);
    }
    this.accept(inb, announce, hashKey);
  }

  private refuse(error: unknown, hashKey: string): void {
    if (!(error instanceof RnsError)) throw error;
    this.rejected.set(hashKey, true);
    return this.t.drop(error.code === 'RNS_ERR_ANNOUNCE_KEY_COLLISION' ? 'announce_collision' : 'announce_invalid');
  }

  /** A validated announce: remember it, update the path table, rebroadcast, notify handlers. */
  private accept(inb: InboundPacket, announce: ValidatedAnnounce, hashKey: string): void {
    const { t } = this;
    const { packet, packetHash: hash, iface } = inb;
    try {
      t.known.acceptAnnounce(announce, hash);
    } catch (error) {
      return this.refuse(error, hashKey);
    }
    const now = t.clock.now();
    if (packet.transportId && t.transportEnabled) this.opts.forwarder.heardRebroadcast(packet, now);
    const candidate = { hops: packet.hops, randomBlob: announce.randomHash, emitted: blobEmitted(announce.randomHash) };
    if (!t.paths.shouldAdd(packet.destinationHash, candidate, now)) return t.drop('announce_not_newer');
    const stored = t.paths.add({
      destinationHash: packet.destinationHash,
      timestamp: now,
      nextHop: packet.transportId ?? packet.destinationHash,
      hops: packet.hops,
      expires: now + (iface.mode === 'access_point' ? AP_PATH_EXPIRY_MS : iface.mode === 'roaming' ? ROAMING_PATH_EXPIRY_MS : PATH_EXPIRY_MS),
      iface,
      announceHash: hash,
      // Kept (with the incremented hop count) to answer path requests from the table: the bytes
      // as received with the hops byte set, which is what re-encoding the parsed packet gives.
      announceRaw: withHops(inb.raw, packet.hops),
      randomBlob: announce.randomHash,
    });
    t.tunnels.recordPath(iface, stored, now);
    const isPathResponse = packet.context === Context.PATH_RESPONSE;
    const forwarder = this.opts.forwarder;
    // The reference rebroadcasts for local clients even with transport off.
    const fromLocal = t.shared.isLocalClient(iface);
    // Path responses are never rebroadcast; rate-blocked announces update the table but stay local.
    if ((t.transportEnabled || fromLocal) && !isPathResponse) {
      const policy = this.opts.ratePolicy;
      if (policy !== null && this.rateLimiter.check(packet.destinationHash, now, policy)) t.drop('announce_rate_blocked');
      else forwarder.queueRebroadcast(packet, now, fromLocal);
    } else if (fromLocal && isPathResponse) {
      // A local client answered a path request we passed on from the network: send it there once.
      if (t.takePendingLocalPathRequest(packet.destinationHash)) forwarder.queueRebroadcast(packet, now, true);
    }
    if (t.shared.hasLocalClients()) forwarder.replayToLocalClients(packet, iface);
    this.opts.onPath(packet.destinationHash);
    const destinationHex = toHex(packet.destinationHash);
    for (const h of this.handlers) {
      if (isPathResponse && !h.receivePathResponses) continue;
      if (h.aspectFilter !== null && toHex(hashFromNameAndIdentity(h.aspectFilter, announce.identity)) !== destinationHex) continue;
      t.safely(() =>
        h.onAnnounce({ destinationHash: packet.destinationHash, identity: announce.identity, appData: announce.appData, hops: packet.hops, isPathResponse, iface, announce }),
      );
    }
  }
}
