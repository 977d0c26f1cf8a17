// SPDX-License-Identifier: MIT
// A packet as Transport hands it to handlers, with its hash computed only when someone needs it.
// Contexts the packet filter never deduplicates (resource parts, requests and proofs, keepalives,
// channel messages) are most of a bulk transfer's packets: hashing each ~8 KiB resource part only
// to throw the hash away cost as much as the map-hash check the resource itself must do.
import type { Packet } from '../wire/packet.js';
import { packetHash } from '../wire/packet.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import { toHex } from '../wire/bytes.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import type { InboundPacket } from './types.js';
import type { PacketHashlist } from './packet-cache.js';

/**
 * Contexts that may legitimately repeat byte for byte (§6.2): Transport.packet_filter accepts
 * them without a hashlist lookup. Their hashes never decide anything (the hash covers the context
 * byte, so no other packet can match them), so they are neither looked up nor remembered: a large
 * transfer does not flush the hashlist.
 */
export const DEDUP_EXEMPT: ReadonlySet<number> = new Set<number>([
  Context.KEEPALIVE,
  Context.RESOURCE_REQ,
  Context.RESOURCE_PRF,
  Context.RESOURCE,
  Context.CACHE_REQUEST,
  Context.CHANNEL,
]);

export class ReceivedPacket implements InboundPacket {
  private hash: Uint8Array | null = null;

  constructor(
    readonly packet: Packet,
    readonly raw: Uint8Array,
    readonly iface: NetworkInterface,
    private readonly proveWith: (inbound: ReceivedPacket) => void,
  ) {}

  /** Full 32-byte packet hash, computed on first use. */
  get packetHash(): Uint8Array {
    this.hash ??= packetHash(this.raw);
    return this.hash;
  }

  prove(): void {
    this.proveWith(this);
  }
}

/** Transport.packet_filter: a drop reason, or null to accept. */
export function packetFilter(inb: InboundPacket, hashlist: PacketHashlist, ownHexHash: string): string | null {
  const p = inb.packet;
  if (p.transportId && p.packetType !== PacketType.ANNOUNCE && toHex(p.transportId) !== ownHexHash) return 'not_for_us';
  if (DEDUP_EXEMPT.has(p.context)) return null;
  if (p.destinationType === DestinationType.PLAIN || p.destinationType === DestinationType.GROUP) {
    if (p.packetType === PacketType.ANNOUNCE) return 'announce_not_single';
    return p.hops > 1 ? 'plain_multi_hop' : null;
  }
  if (!hashlist.has(inb.packetHash)) return null;
  if (p.packetType === PacketType.ANNOUNCE && p.destinationType === DestinationType.SINGLE) return null;
  return 'duplicate';
}
