// SPDX-License-Identifier: MIT
// Transport-node duties (RNS/Transport.py :: inbound transport/link-transport/proof branches,
// path_request table answers, jobs announce retransmission and table culling; protocol §5.4,
// §5.6, §6.3). Only constructed when the `transport` option is on.
import { RnsError } from '../errors.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { requestSignalling, signallingBytes } from '../link/signalling.js';
import { concatBytes, toHex } from '../wire/bytes.js';
import { Context, LINK_ECPUBSIZE, LINK_MTU_SIZE, PacketType, SIGNATURE_LENGTH } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { decodePacket, encodePacket, linkIdFromLinkRequest, stripTransportHeader, truncatedPacketHash, withHops } from '../wire/packet.js';
import {
  LINK_ESTABLISHMENT_PER_HOP_MS,
  LINK_TIMEOUT_MS,
  LOCAL_REBROADCASTS_MAX,
  MAX_LINK_ENTRIES,
  MAX_PATHS,
  MAX_REVERSE_ENTRIES,
  PATHFINDER_G_MS,
  PATHFINDER_R,
  PATHFINDER_RW_MS,
  PATH_REQUEST_GRACE_MS,
  PATH_REQUEST_ROAMING_GRACE_MS,
  REVERSE_TIMEOUT_MS,
} from './constants.defaults.js';
import { BoundedMap } from './packet-cache.js';
import type { Transport } from './transport.js';
import type { LocalScope } from './local-scope.js';
import type { InboundPacket } from './types.js';

interface ReverseEntry {
  received: NetworkInterface;
  outbound: NetworkInterface;
  timestamp: number;
}

interface LinkEntry {
  timestamp: number;
  nextHopIface: NetworkInterface;
  remainingHops: number;
  receivedIface: NetworkInterface;
  takenHops: number;
  destinationHash: Uint8Array;
  validated: boolean;
  proofDeadline: number;
}

interface AnnounceEntry {
  retransmitAt: number;
  retries: number;
  hops: number;
  packet: Packet;
  localRebroadcasts: number;
  /** Sent as PATH_RESPONSE (answers a path request; must not be rebroadcast further). */
  blockRebroadcasts: boolean;
  attached: NetworkInterface | null;
}

export class Forwarder {
  private readonly reverse = new BoundedMap<ReverseEntry>(MAX_REVERSE_ENTRIES);
  private readonly links = new BoundedMap<LinkEntry>(MAX_LINK_ENTRIES);
  private readonly announces = new BoundedMap<AnnounceEntry>(MAX_PATHS);
  private forwarded = 0;

  constructor(private readonly t: Transport) {}

  hasLink(id: Uint8Array): boolean {
    return this.links.has(toHex(id));
  }

  /** Whether a link we relay has either end on an interface matching `pred` (local_client_nh/rh). */
  linkTouches(id: Uint8Array, pred: (iface: NetworkInterface) => boolean): boolean {
    const e = this.links.get(toHex(id));
    return e !== undefined && (pred(e.nextHopIface) || pred(e.receivedIface));
  }

  /** Whether the packet a proof answers came in on an interface matching `pred` (proof_for_local_client). */
  reverseReceivedBy(key: Uint8Array, pred: (iface: NetworkInterface) => boolean): boolean {
    const e = this.reverse.get(toHex(key));
    return e !== undefined && pred(e.received);
  }

  /**
   * Handles a non-announce inbound packet; returns true when it was forwarded. `scope` says which
   * duties apply: all of them on a transport node, only those serving local clients otherwise.
   */
  inbound(inb: InboundPacket, scope: Pick<LocalScope, 'active' | 'proofActive' | 'forLocal'>): boolean {
    const { packet } = inb;
    if (packet.packetType === PacketType.PROOF && packet.context !== Context.LRPROOF && !this.links.has(toHex(packet.destinationHash))) {
      return scope.proofActive && this.forwardProof(inb);
    }
    if (!scope.active) return false;
    if (packet.transportId && toHex(packet.transportId) === this.t.identity.hexHash) return this.forwardInTransport(inb);
    // A HEADER_1 packet for a local client: the previous hop stripped the header because the
    // client looks directly reachable; route it as if it were addressed to us.
    if (packet.transportId === null && scope.forLocal && packet.packetType !== PacketType.PROOF) return this.forwardInTransport(inb);
    if (packet.packetType === PacketType.PROOF && packet.context === Context.LRPROOF) return this.forwardLinkProof(inb);
    if (packet.packetType !== PacketType.LINKREQUEST && this.links.has(toHex(packet.destinationHash))) return this.forwardOnLink(inb);
    if (packet.packetType === PacketType.PROOF) return this.forwardProof(inb);
    return false;
  }

  /** PLAIN broadcasts: from a local client to every other interface, from elsewhere to the local clients. */
  relayPlain(inb: InboundPacket, fromLocal: boolean): void {
    const targets = fromLocal ? this.t.broadcastInterfaces() : this.t.shared.localClients();
    for (const iface of targets) if (iface !== inb.iface) this.t.transmit(iface, inb.raw);
  }

  /**
   * Replays an accepted announce to every local client at once, as HEADER_2 from us with the hop
   * count we hold (Transport.inbound: "If we have any local clients connected...").
   */
  replayToLocalClients(packet: Packet, except: NetworkInterface): void {
    const clients = this.t.shared.localClients().filter((i) => i !== except);
    if (clients.length === 0) return;
    const out: Packet = { ...packet, headerType: 2, propagationType: 1, transportId: this.t.identity.hash, context: Context.NONE };
    const raw = encodePacket(out);
    for (const iface of clients) this.t.transmit(iface, raw);
  }

  /** HEADER_2 addressed to us: pass it on along our path (§6.3). */
  private forwardInTransport(inb: InboundPacket): boolean {
    const { packet, raw, iface } = inb;
    if (this.t.isLocal(packet.destinationHash)) return false;
    const path = this.t.paths.get(packet.destinationHash);
    if (!path) {
      this.t.drop('no_path');
      return false;
    }
    const now = this.t.clock.now();
    let out: Uint8Array;
    if (path.hops > 1) {
      out = withHops(raw, packet.hops);
      out.set(path.nextHop, 2);
    } else if (path.hops === 1) {
      out = stripTransportHeader(raw, packet.hops);
    } else {
      out = withHops(raw, packet.hops);
    }
    if (packet.packetType === PacketType.LINKREQUEST) {
      const clamped = this.clampLinkMtu(out, packet, iface, path.iface);
      if (clamped === null) return false;
      out = clamped;
      this.links.set(toHex(linkIdFromLinkRequest(raw)), {
        timestamp: now,
        nextHopIface: path.iface,
        remainingHops: path.hops,
        receivedIface: iface,
        takenHops: packet.hops,
        destinationHash: packet.destinationHash,
        validated: false,
        proofDeadline: now + LINK_ESTABLISHMENT_PER_HOP_MS * Math.max(1, path.hops),
      });
    } else {
      this.reverse.set(toHex(truncatedPacketHash(raw)), { received: iface, outbound: path.iface, timestamp: now });
    }
    this.t.transmit(path.iface, out);
    path.timestamp = now;
    this.forwarded++;
    return true;
  }

  /**
   * Link MTU signalling across us (RNS: "disabling link MTU upgrade" / "Clamping link MTU"): strip
   * it when the next hop's hardware MTU is unknown, lower it to the smaller of both hops' MTUs.
   */
  private clampLinkMtu(out: Uint8Array, packet: Packet, from: NetworkInterface, to: NetworkInterface): Uint8Array | null {
    if (packet.data.length !== LINK_ECPUBSIZE + LINK_MTU_SIZE) return out;
    const { mtu, mode } = requestSignalling(packet.data);
    if (mtu === null) return out;
    if (to.hwMtu === undefined) return out.slice(0, out.length - LINK_MTU_SIZE);
    const limit = Math.min(to.hwMtu, from.hwMtu ?? to.hwMtu);
    if (limit >= mtu) return out;
    try {
      const clamped = out.slice();
      clamped.set(signallingBytes(limit, mode), clamped.length - LINK_MTU_SIZE);
      return clamped;
    } catch (e) {
      if (!(e instanceof RnsError)) throw e;
      this.t.drop('link_request_bad_mode');
      return null;
    }
  }

  /** Traffic on a link we relay: forward to the other side when the hop count fits the direction. */
  private forwardOnLink(inb: InboundPacket): boolean {
    const { packet, raw, iface } = inb;
    const e = this.links.get(toHex(packet.destinationHash)) as LinkEntry;
    let out: NetworkInterface | null = null;
    if (e.nextHopIface === e.receivedIface) {
      if (packet.hops === e.remainingHops || packet.hops === e.takenHops) out = e.nextHopIface;
    } else if (iface === e.nextHopIface && packet.hops === e.remainingHops) {
      out = e.receivedIface;
    } else if (iface === e.receivedIface && packet.hops === e.takenHops) {
      out = e.nextHopIface;
    }
    if (!out) return false;
    this.t.rememberPacket(inb);
    this.t.transmit(out, withHops(raw, packet.hops));
    e.timestamp = this.t.clock.now();
    this.forwarded++;
    return true;
  }

  /** LRPROOF for a link we relay: check the signature with the destination's known key, then pass it back. */
  private forwardLinkProof(inb: InboundPacket): boolean {
    const { packet, raw, iface } = inb;
    const e = this.links.get(toHex(packet.destinationHash));
    if (!e || packet.hops !== e.remainingHops || iface !== e.nextHopIface) return false;
    const half = LINK_ECPUBSIZE / 2;
    const n = packet.data.length;
    if (n !== SIGNATURE_LENGTH + half && n !== SIGNATURE_LENGTH + half + LINK_MTU_SIZE) return false;
    const identity = this.t.known.recall(e.destinationHash);
    if (!identity) {
      this.t.drop('link_proof_unknown_destination');
      return false;
    }
    const signalling = packet.data.subarray(SIGNATURE_LENGTH + half);
    const signed = concatBytes(packet.destinationHash, packet.data.subarray(SIGNATURE_LENGTH, SIGNATURE_LENGTH + half), identity.signingPublicKey, signalling);
    if (!identity.verify(packet.data.subarray(0, SIGNATURE_LENGTH), signed)) {
      this.t.drop('link_proof_invalid');
      return false;
    }
    e.validated = true;
    this.t.transmit(e.receivedIface, withHops(raw, packet.hops));
    this.forwarded++;
    return true;
  }

  /** A proof for a packet we forwarded goes back where the packet came from. */
  private forwardProof(inb: InboundPacket): boolean {
    const { packet, raw, iface } = inb;
    const key = toHex(packet.destinationHash);
    const e = this.reverse.get(key);
    if (!e) return false;
    this.reverse.delete(key);
    if (iface !== e.outbound) return false;
    this.t.transmit(e.received, withHops(raw, packet.hops));
    this.forwarded++;
    return true;
  }

  /** A HEADER_2 announce we also queued: count neighbours' rebroadcasts (§5.4). */
  heardRebroadcast(packet: Packet, now: number): void {
    const key = toHex(packet.destinationHash);
    const e = this.announces.get(key);
    if (!e) return;
    if (packet.hops - 1 === e.hops) {
      e.localRebroadcasts++;
      if (e.retries > 0 && e.localRebroadcasts >= LOCAL_REBROADCASTS_MAX) this.announces.delete(key);
    }
    if (packet.hops - 1 === e.hops + 1 && e.retries > 0 && now < e.retransmitAt) this.announces.delete(key);
  }

  /**
   * An accepted, non-path-response announce: schedule its rebroadcast. One from a local client goes
   * out at once and only once (retries start at PATHFINDER_R). `blockRebroadcasts` marks a local
   * client's path response that answers a request we passed on.
   */
  queueRebroadcast(packet: Packet, now: number, fromLocal = false, attached: NetworkInterface | null = null): void {
    this.announces.set(toHex(packet.destinationHash), {
      retransmitAt: fromLocal ? now : now + Math.random() * PATHFINDER_RW_MS,
      retries: fromLocal ? PATHFINDER_R : 0,
      hops: packet.hops,
      packet,
      localRebroadcasts: 0,
      blockRebroadcasts: false,
      attached,
    });
  }

  /** Path request for a destination we know a path to: replay its announce once, after a grace. */
  answerPathRequest(target: Uint8Array, requester: Uint8Array | null, iface: NetworkInterface, immediate = false): void {
    const path = this.t.paths.get(target);
    if (!path) return;
    if (iface.mode === 'roaming' && iface === path.iface) return;
    // Never answer our own next hop: it is the one that told us.
    if (requester && toHex(requester) === toHex(path.nextHop)) return;
    const packet = decodePacket(path.announceRaw);
    const now = this.t.clock.now();
    this.announces.set(toHex(target), {
      // Local clients (asking, or holding the destination) need no grace: nobody else answers them.
      retransmitAt: immediate ? now : now + PATH_REQUEST_GRACE_MS + (iface.mode === 'roaming' ? PATH_REQUEST_ROAMING_GRACE_MS : 0),
      retries: PATHFINDER_R,
      hops: path.hops,
      packet,
      localRebroadcasts: 0,
      blockRebroadcasts: true,
      attached: iface,
    });
  }

  /** A path we searched for on someone's behalf arrived: answer them now with a path response. */
  answerDiscovery(target: Uint8Array, requester: NetworkInterface): void {
    const path = this.t.paths.get(target);
    if (!path || path.iface === requester) return;
    const packet = decodePacket(path.announceRaw);
    const out: Packet = { ...packet, headerType: 2, propagationType: 1, transportId: this.t.identity.hash, hops: path.hops, context: Context.PATH_RESPONSE };
    this.t.outbound(out, encodePacket(out), requester);
  }

  jobs(now: number): void {
    for (const [key, e] of [...this.announces.entries()]) {
      if ((e.retries > 0 && e.retries >= LOCAL_REBROADCASTS_MAX) || e.retries > PATHFINDER_R) {
        this.announces.delete(key);
        continue;
      }
      if (now <= e.retransmitAt) continue;
      e.retransmitAt = now + PATHFINDER_G_MS + PATHFINDER_RW_MS;
      e.retries++;
      const out: Packet = {
        ...e.packet,
        headerType: 2,
        propagationType: 1,
        transportId: this.t.identity.hash,
        hops: e.hops,
        context: e.blockRebroadcasts ? Context.PATH_RESPONSE : Context.NONE,
      };
      this.t.outbound(out, encodePacket(out), e.attached ?? undefined);
    }
    for (const [key, e] of [...this.reverse.entries()]) if (now > e.timestamp + REVERSE_TIMEOUT_MS) this.reverse.delete(key);
    for (const [key, e] of [...this.links.entries()]) {
      if (e.validated ? now > e.timestamp + LINK_TIMEOUT_MS : now > e.proofDeadline) this.links.delete(key);
    }
  }

  stop(): void {
    this.reverse.clear();
    this.links.clear();
    this.announces.clear();
  }

  stats(): Record<string, number> {
    return { forwarded: this.forwarded, reverseEntries: this.reverse.size, linkEntries: this.links.size, pendingAnnounces: this.announces.size };
  }
}
