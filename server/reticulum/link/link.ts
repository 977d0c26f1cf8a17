// SPDX-License-Identifier: MIT
// The link engine in both roles (RNS/Link.py; protocol §8). Handshake: the initiator sends
// X25519 || Ed25519 ephemeral keys || signalling; the responder answers with an LRPROOF signed by
// the destination identity; both derive HKDF(64, X25519 shared, salt = link id) and speak
// AES-256 Token from then on; the initiator reports its RTT (LRRTT) and the link is ACTIVE.
// Dispatch of received link packets and key derivation live in link-core.ts, requests in
// link-requests.ts.
import { concatBytes, Ed25519PrivateKey, ed25519PublicKey, ed25519Verify, X25519PrivateKey } from '../crypto/index.js';
import { takeEd25519Key, takeX25519Key } from './spare-keys.js';
import { RnsArgumentError, RnsCryptoError } from '../errors.js';
import type { Identity } from '../identity/index.js';
import { Context, DestinationType, MTU, PacketType } from '../wire/constants.js';
import { Float64, packMsgpack } from '../wire/msgpack.js';
import { encodePacket, linkIdFromLinkRequest, packetHash } from '../wire/packet.js';
import type { Packet } from '../wire/packet.js';
import { bytesEqual, toHex } from '../wire/bytes.js';
import * as K from './constants.js';
import { LinkStatus, TeardownReason } from './constants.js';
import { LinkPacketReceipt } from './receipt.js';
import { realScheduler } from './scheduler.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import { requestSignalling, signallingBytes, parseSignalling } from './signalling.js';
import type { LinkComponents, LinkOwner, LinkPeer, ProofStrategy } from './types.js';
import { LinkCore } from './link-core.js';
import { sendRequest } from './link-requests.js';
import type { RequestOptions } from './link-requests.js';
import type { RequestReceipt } from './request-receipt.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import type { OutgoingResource, OutgoingResourceOptions } from '../resource/outgoing.js';

export interface LinkCallbacks {
  established?: (link: Link) => void;
  closed?: (link: Link) => void;
  /** Plain link data (context NONE), decrypted. */
  packet?: (plaintext: Uint8Array, packet: Packet, link: Link) => void;
  remoteIdentified?: (link: Link, identity: Identity) => void;
}

export interface InitiateOptions {
  /** MTU to signal (link MTU discovery): the next-hop interface's HW MTU; default 500. */
  mtu?: number;
  /** Hops to the destination, if known (establishment timeout). */
  hops?: number;
  /** Seconds; Transport.first_hop_timeout (default 6). */
  firstHopTimeout?: number;
  /** Fixed ephemeral keys (vectors); fresh ones otherwise. */
  ephemeral?: { x25519Private: Uint8Array; ed25519Seed: Uint8Array };
  callbacks?: LinkCallbacks;
  proofStrategy?: ProofStrategy;
}

export interface AcceptOptions {
  /**
   * Largest MTU the receiving interface can carry (its HW MTU), or null when it has none, in which
   * case the link stays at 500 as the reference does after stripping the signalling.
   */
  maxMtu?: number | null;
  ephemeralX25519Private?: Uint8Array;
  callbacks?: LinkCallbacks;
}

/** Maximum number of outstanding delivery receipts per link (the reference caps its set at 1024). */
const MAX_RECEIPTS = 1024;

export class Link extends LinkCore {
  /** Creates a link to `peer` and sends the link request. */
  static initiate(components: LinkComponents, peer: LinkPeer, opts: InitiateOptions = {}): Link {
    const link = new Link(components, true, opts.callbacks ?? {});
    link.peerDestination = peer;
    link.proofStrategy = opts.proofStrategy ?? 'none';
    // Key objects are generated (or imported once for vectors) and kept: importing raw keys into
    // OpenSSL 3 costs about a millisecond each, which would dominate link establishment.
    const eph = opts.ephemeral;
    link.prv = eph ? X25519PrivateKey.fromBytes(eph.x25519Private) : takeX25519Key();
    link.sigKey = eph ? Ed25519PrivateKey.fromSeed(eph.ed25519Seed) : takeEd25519Key();
    link.pubBytes = link.prv.publicBytes();
    link.sigPubBytes = link.sigKey.publicBytes();
    const hops = opts.hops ?? 1;
    link.establishmentTimeout = (opts.firstHopTimeout ?? K.ESTABLISHMENT_TIMEOUT_PER_HOP) + K.ESTABLISHMENT_TIMEOUT_PER_HOP * Math.max(1, hops);
    const requestData = concatBytes(link.pubBytes, link.sigPubBytes, signallingBytes(opts.mtu ?? MTU, link.mode));
    const packet: Packet = {
      ifac: false,
      headerType: 1,
      contextFlag: false,
      propagationType: 0,
      destinationType: DestinationType.SINGLE,
      packetType: PacketType.LINKREQUEST,
      hops: 0,
      transportId: null,
      destinationHash: peer.hash,
      context: Context.NONE,
      data: requestData,
    };
    const raw = encodePacket(packet);
    link.establishmentCost += raw.length;
    link.linkId = linkIdFromLinkRequest(raw);
    link.requestTime = link.scheduler.now();
    link.armWatchdog(0);
    link.components.send(packet, raw);
    link.hadOutbound(false);
    return link;
  }

  /**
   * Validates an incoming link request for `owner` and answers with the proof. Returns null for
   * requests of the wrong size or with a disabled mode (dropped silently, as the reference).
   */
  static accept(components: LinkComponents, owner: LinkOwner, packet: Packet, opts: AcceptOptions = {}): Link | null {
    const data = packet.data;
    if (data.length !== K.ECPUBSIZE && data.length !== K.ECPUBSIZE + K.LINK_MTU_SIZE) return null;
    const signalled = requestSignalling(data);
    if (!K.ENABLED_MODES.includes(signalled.mode)) return null;
    const link = new Link(components, false, opts.callbacks ?? {});
    link.owner = owner;
    link.proofStrategy = owner.proofStrategy ?? 'none';
    link.mode = signalled.mode;
    // Link MTU discovery as Transport does for a local destination: no HW MTU on the receiving
    // interface means the signalling is stripped (500); otherwise the request is clamped to it.
    const maxMtu = opts.maxMtu ?? null;
    link.mtu = maxMtu === null || signalled.mtu === null ? MTU : Math.min(signalled.mtu, maxMtu);
    link.peerPubBytes = data.slice(0, 32);
    link.peerSigPubBytes = data.slice(32, 64);
    const requestRaw = encodePacket(packet);
    link.linkId = linkIdFromLinkRequest(requestRaw);
    link.establishmentTimeout = K.ESTABLISHMENT_TIMEOUT_PER_HOP * Math.max(1, packet.hops) + K.KEEPALIVE;
    link.establishmentCost += requestRaw.length;
    link.prv = opts.ephemeralX25519Private ? X25519PrivateKey.fromBytes(opts.ephemeralX25519Private) : takeX25519Key();
    link.pubBytes = link.prv.publicBytes();
    link.sigPubBytes = owner.identity.signingPublicKey;
    link.status = LinkStatus.HANDSHAKE;
    // LRPROOF: signature(link_id || X25519 pub || destination Ed25519 pub || signalling).
    const sig = signallingBytes(link.mtu, link.mode);
    const signature = owner.identity.sign(concatBytes(link.linkId, link.pubBytes, link.sigPubBytes, sig));
    const proof = link.sendRaw(Context.LRPROOF, concatBytes(signature, link.pubBytes, sig), PacketType.PROOF);
    link.establishmentCost += proof.length;
    link.requestTime = link.scheduler.now();
    link.lastInbound = link.requestTime;
    link.armWatchdog(0);
    // The proof needs no link key, so the exchange and HKDF happen once it is on its way: in idle
    // time before the initiator's RTT packet comes back, or on first use, whichever is first.
    // Through the scheduler, so a link bound to Transport contains what a failed derivation
    // calls (a low-order key closes the link, and `closed` is the application's).
    link.scheduler.defer(() => link.linkToken());
    return link;
  }

  private constructor(components: LinkComponents, initiator: boolean, callbacks: LinkCallbacks) {
    super(components, initiator, callbacks);
  }

  /** Initiator: checks the LRPROOF, derives keys, sends LRRTT and becomes ACTIVE. */
  protected validateProof(packet: Packet): void {
    if (this.status !== LinkStatus.PENDING || !this.initiator || !this.peerDestination) return;
    const d = packet.data;
    if (d.length !== 96 && d.length !== 99) return;
    const mode = d.length === 99 ? parseSignalling(d.subarray(96)).mode : K.MODE_DEFAULT;
    if (mode !== this.mode) return this.closeSilently();
    const confirmedMtu = d.length === 99 ? parseSignalling(d.subarray(96)).mtu : null;
    const sig = d.length === 99 ? signallingBytes(confirmedMtu ?? 0, mode) : new Uint8Array(0);
    const peerPub = d.slice(64, 96);
    const identity = this.peerDestination.identity;
    if (!identity.verify(d.subarray(0, 64), concatBytes(this.linkId, peerPub, identity.signingPublicKey, sig))) return;
    this.peerPubBytes = peerPub;
    try {
      this.deriveKeys();
    } catch (err) {
      // The destination signed a low-order key: there is no shared secret, nothing to establish.
      if (!(err instanceof RnsCryptoError)) throw err;
      this.peerPubBytes = null;
      return;
    }
    this.peerSigPubBytes = identity.signingPublicKey;
    this.establishmentCost += encodePacket(packet).length;
    const now = this.scheduler.now();
    this.rtt = now - this.requestTime;
    this.remoteIdentity = identity;
    this.mtu = confirmedMtu || MTU;
    this.status = LinkStatus.ACTIVE;
    this.activatedAt = now;
    this.lastProof = now;
    this.updateKeepalive();
    this.sendRaw(Context.LRRTT, packMsgpack(new Float64(this.rtt)));
    this.hadOutbound(false);
    this.armWatchdog(0);
    this.callbacks.established?.(this);
  }

  private closeSilently(): void {
    this.status = LinkStatus.CLOSED;
    this.linkClosed();
  }

  /**
   * Sends plain data (context NONE); returns a receipt proved by the peer's explicit proof. It
   * times out after `timeoutSeconds`, by default max(rtt × 6, 5 ms) as the reference.
   */
  send(data: Uint8Array, timeoutSeconds?: number): LinkPacketReceipt {
    this.requireActive();
    const raw = this.sendRaw(Context.NONE, data);
    return this.trackReceipt(raw, timeoutSeconds);
  }

  /** Creates a receipt for a sent DATA packet (its full hash is what the proof names). */
  protected trackReceipt(raw: Uint8Array, timeoutSeconds?: number): LinkPacketReceipt {
    const timeout = timeoutSeconds ?? Math.max((this.rtt ?? 0) * K.TRAFFIC_TIMEOUT_FACTOR, K.TRAFFIC_TIMEOUT_MIN_MS / 1000);
    const receipt = new LinkPacketReceipt(packetHash(raw), this.scheduler, timeout, (r) => this.receipts.delete(toHex(r.hash)));
    if (this.receipts.size >= MAX_RECEIPTS) this.receipts.values().next().value?.cull();
    this.receipts.set(toHex(receipt.hash), receipt);
    return receipt;
  }

  /** Proves a received link packet: PROOF, data = packet_hash || signature by our link key. */
  prove(packet: Packet): void {
    if (this.status === LinkStatus.CLOSED) return;
    const hash = packetHash(encodePacket(packet));
    this.sendRaw(Context.NONE, concatBytes(hash, this.sign(hash)), PacketType.PROOF);
  }

  /** Signs with our side's link key (responder: destination identity; initiator: ephemeral). */
  sign(message: Uint8Array): Uint8Array {
    if (this.initiator) {
      if (!this.sigKey) throw new RnsArgumentError('RNS_ERR_LINK_CLOSED', 'link keys are gone');
      return this.sigKey.sign(message);
    }
    if (!this.owner) throw new RnsArgumentError('RNS_ERR_LINK_CLOSED', 'link has no owner');
    return this.owner.identity.sign(message);
  }

  /** Verifies a signature by the peer's link key. */
  validate(signature: Uint8Array, message: Uint8Array): boolean {
    return this.peerSigPubBytes !== null && ed25519Verify(this.peerSigPubBytes, signature, message);
  }

  validateAsync(signature: Uint8Array, message: Uint8Array): Promise<boolean> {
    if (this.peerSigPubBytes === null) return Promise.resolve(false);
    try {
      return ed25519PublicKey(this.peerSigPubBytes).verifyAsync(signature, message);
    } catch (err) {
      void err; // a peer key OpenSSL refuses proves nothing, as in validate()
      return Promise.resolve(false);
    }
  }

  /** Sends a request to `path` on the peer's destination (see link-requests.ts). */
  request(path: string, data: MsgpackValue = null, opts: RequestOptions = {}): RequestReceipt {
    return sendRequest(this, path, data, opts);
  }

  /** Sends `data` as a resource; resolves once it is prepared and queued for advertisement. */
  sendResource(data: Uint8Array, opts: OutgoingResourceOptions = {}): Promise<OutgoingResource> {
    this.requireActive();
    return this.resources.send(data, opts);
  }

  /** Initiator only: reveals `identity` to the responder over the encrypted link. */
  identify(identity: Identity): void {
    if (!this.initiator || this.status !== LinkStatus.ACTIVE) return;
    const pub = identity.publicKey;
    this.sendRaw(Context.LINKIDENTIFY, concatBytes(pub, identity.sign(concatBytes(this.linkId, pub))));
    this.hadOutbound(false);
  }

  /** Closes the link from this side (LINKCLOSE unless still pending). */
  teardown(): void {
    if (this.status === LinkStatus.CLOSED) return;
    if (this.status !== LinkStatus.PENDING) this.sendTeardownPacket();
    this.status = LinkStatus.CLOSED;
    this.teardownReason = this.initiator ? TeardownReason.INITIATOR_CLOSED : TeardownReason.DESTINATION_CLOSED;
    this.linkClosed();
  }

  /** The peer's LINKCLOSE: accepted only when it decrypts to our link id. */
  protected teardownPacket(packet: Packet): void {
    const pt = this.decrypt(packet.data);
    if (!pt || !bytesEqual(pt, this.linkId)) return;
    this.status = LinkStatus.CLOSED;
    this.teardownReason = this.initiator ? TeardownReason.DESTINATION_CLOSED : TeardownReason.INITIATOR_CLOSED;
    this.linkClosed();
  }

  private sendTeardownPacket(): void {
    try {
      this.sendRaw(Context.LINKCLOSE, this.linkId);
      this.hadOutbound(false);
    } catch (err) {
      void err; // closing must complete even when the close packet cannot be built or sent
    }
  }

  protected armWatchdog(seconds: number): void {
    this.watchdogTimer?.cancel();
    this.watchdogTimer = this.scheduler.setTimer(seconds, () => this.watchdog());
  }

  /** Establishment timeouts, keepalives, stale detection (Link.__watchdog_job). */
  private watchdog(): void {
    this.watchdogTimer = null;
    if (this.status === LinkStatus.CLOSED) return;
    const now = this.scheduler.now();
    let sleep: number;
    switch (this.status) {
      case LinkStatus.PENDING:
      case LinkStatus.HANDSHAKE:
        sleep = this.requestTime + this.establishmentTimeout - now;
        if (now >= this.requestTime + this.establishmentTimeout) {
          this.status = LinkStatus.CLOSED;
          this.teardownReason = TeardownReason.TIMEOUT;
          this.linkClosed();
          return;
        }
        break;
      case LinkStatus.ACTIVE: {
        const lastInbound = Math.max(this.lastInbound, this.lastProof, this.activatedAt ?? 0);
        if (now >= lastInbound + this.keepalive || now >= this.lastOutbound + this.keepalive) {
          if (this.initiator && now >= this.lastKeepalive + this.keepalive) this.sendKeepalive();
          if (now >= lastInbound + this.staleTime) {
            sleep = (this.rtt ?? 0) * K.KEEPALIVE_TIMEOUT_FACTOR + K.STALE_GRACE;
            this.status = LinkStatus.STALE;
          } else sleep = this.keepalive;
        } else sleep = lastInbound + this.keepalive - now;
        break;
      }
      case LinkStatus.STALE:
        this.sendTeardownPacket();
        this.status = LinkStatus.CLOSED;
        this.teardownReason = TeardownReason.TIMEOUT;
        this.linkClosed();
        return;
    }
    if (sleep < 0) {
      this.teardown();
      return;
    }
    this.armWatchdog(Math.max(0.001, Math.min(sleep, K.WATCHDOG_MAX_SLEEP)));
  }

  private sendKeepalive(): void {
    this.sendRaw(Context.KEEPALIVE, Uint8Array.of(0xff));
    this.hadOutbound(true);
  }
}

export type { Scheduler, TimerHandle };
export { realScheduler };
