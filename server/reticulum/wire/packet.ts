// SPDX-License-Identifier: MIT
// Packet header codec (RNS/Packet.py :: get_packed_flags, pack, unpack, get_hashable_part).
// Protocol brief §3.1, §3.2, §3.6. Encryption of the data part is not done here: `data` is the
// on-wire (already encrypted, where applicable) payload. See rules.ts for what gets encrypted.
import { sha256, sha256Parts } from '../crypto/index.js';
import { RnsArgumentError, RnsDecodeError } from '../errors.js';
import {
  HEADER_MAXSIZE,
  HEADER_MINSIZE,
  LINK_ECPUBSIZE,
  MAX_PACKET_SIZE,
  PATHFINDER_M,
  PacketType,
  TRUNCATED_HASH_LENGTH,
} from './constants.js';

/** A decoded packet header plus its raw data part. */
export interface Packet {
  /** IFAC flag (bit 7). Set only on the wire by IFAC-enabled interfaces; Transport sees it cleared. */
  ifac: boolean;
  headerType: 1 | 2;
  /** Context flag (bit 5); on announces it means "a ratchet is included". */
  contextFlag: boolean;
  /** BROADCAST (0) or TRANSPORT (1): the 1-bit transport type field. */
  propagationType: number;
  destinationType: number;
  packetType: number;
  hops: number;
  /** 16-byte next-hop transport id for HEADER_2, null for HEADER_1. */
  transportId: Uint8Array | null;
  destinationHash: Uint8Array;
  context: number;
  data: Uint8Array;
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', `packet ${name} must be an integer 0..${max}, got ${value}`);
  }
}

/** The flags byte of `p` (header byte 0). */
export function packFlags(p: Pick<Packet, 'ifac' | 'headerType' | 'contextFlag' | 'propagationType' | 'destinationType' | 'packetType'>): number {
  checkField('propagationType', p.propagationType, 1);
  checkField('destinationType', p.destinationType, 3);
  checkField('packetType', p.packetType, 3);
  if (p.headerType !== 1 && p.headerType !== 2) throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'headerType must be 1 or 2');
  return (
    (p.ifac ? 0x80 : 0) |
    ((p.headerType - 1) << 6) |
    (p.contextFlag ? 0x20 : 0) |
    (p.propagationType << 4) |
    (p.destinationType << 2) |
    p.packetType
  );
}

/**
 * Serialises a packet. Throws RnsArgumentError (RNS_ERR_PACKET_FIELD) on out-of-range fields,
 * wrong hash lengths, a transport id on HEADER_1 or a missing one on HEADER_2, and packets above
 * MAX_PACKET_SIZE. The per-interface MTU (500 by default) is the sender's business.
 */
export function encodePacket(p: Packet): Uint8Array {
  const flags = packFlags(p);
  checkField('hops', p.hops, 255);
  checkField('context', p.context, 255);
  if (p.destinationHash.length !== TRUNCATED_HASH_LENGTH) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', `destination hash must be ${TRUNCATED_HASH_LENGTH} bytes`);
  }
  const h2 = p.headerType === 2;
  if (h2 !== (p.transportId !== null)) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'HEADER_2 needs a transport id and HEADER_1 must not have one');
  }
  if (p.transportId !== null && p.transportId.length !== TRUNCATED_HASH_LENGTH) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', `transport id must be ${TRUNCATED_HASH_LENGTH} bytes`);
  }
  const headerLen = h2 ? HEADER_MAXSIZE : HEADER_MINSIZE;
  if (headerLen + p.data.length > MAX_PACKET_SIZE) throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'packet exceeds MAX_PACKET_SIZE');
  const out = new Uint8Array(headerLen + p.data.length);
  out[0] = flags;
  out[1] = p.hops;
  let o = 2;
  if (p.transportId !== null) {
    out.set(p.transportId, o);
    o += TRUNCATED_HASH_LENGTH;
  }
  out.set(p.destinationHash, o);
  o += TRUNCATED_HASH_LENGTH;
  out[o++] = p.context;
  out.set(p.data, o);
  return out;
}

/**
 * Parses raw packet bytes (IFAC already removed by the interface). The hashes are copies; `data`
 * is a view of `raw`'s tail, not a copy: a resource part is ~8 KiB and every copy of it is
 * garbage to collect, so callers pass bytes nobody will write to again (deframers hand out a
 * fresh buffer per frame). Throws RnsDecodeError: RNS_ERR_TRUNCATED (shorter than the header),
 * RNS_ERR_PACKET_TOO_LARGE (over MAX_PACKET_SIZE), RNS_ERR_PACKET_HOPS (hops ≥ 128, as
 * Packet.unpack rejects).
 */
export function decodePacket(raw: Uint8Array): Packet {
  if (raw.length > MAX_PACKET_SIZE) throw new RnsDecodeError('RNS_ERR_PACKET_TOO_LARGE', `packet of ${raw.length} bytes exceeds ${MAX_PACKET_SIZE}`);
  if (raw.length < HEADER_MINSIZE) throw new RnsDecodeError('RNS_ERR_TRUNCATED', `packet of ${raw.length} bytes is shorter than a header`);
  const flags = raw[0] as number;
  const hops = raw[1] as number;
  if (hops >= PATHFINDER_M) throw new RnsDecodeError('RNS_ERR_PACKET_HOPS', `invalid hop count ${hops}`);
  const h2 = (flags & 0x40) !== 0;
  if (h2 && raw.length < HEADER_MAXSIZE) throw new RnsDecodeError('RNS_ERR_TRUNCATED', `HEADER_2 packet of ${raw.length} bytes is shorter than its header`);
  let o = 2;
  let transportId: Uint8Array | null = null;
  if (h2) {
    transportId = raw.slice(o, o + TRUNCATED_HASH_LENGTH);
    o += TRUNCATED_HASH_LENGTH;
  }
  const destinationHash = raw.slice(o, o + TRUNCATED_HASH_LENGTH);
  o += TRUNCATED_HASH_LENGTH;
  const context = raw[o++] as number;
  return {
    ifac: (flags & 0x80) !== 0,
    headerType: h2 ? 2 : 1,
    contextFlag: (flags & 0x20) !== 0,
    propagationType: (flags & 0x10) >> 4,
    destinationType: (flags & 0x0c) >> 2,
    packetType: flags & 0x03,
    hops,
    transportId,
    destinationHash,
    context,
    data: raw.subarray(o),
  };
}

/**
 * The bytes the packet hash covers: `(flags & 0x0F) || raw[2:]` (HEADER_1) or `|| raw[18:]`
 * (HEADER_2). Hops, header type, transport type, context flag, IFAC bit and transport id are all
 * excluded, so the hash survives header-2 insertion/stripping and hop increments.
 */
export function hashablePart(raw: Uint8Array): Uint8Array {
  if (raw.length < HEADER_MINSIZE) throw new RnsDecodeError('RNS_ERR_TRUNCATED', 'packet too short to hash');
  const flags = raw[0] as number;
  const start = (flags & 0x40) !== 0 ? 2 + TRUNCATED_HASH_LENGTH : 2;
  if (raw.length < start + TRUNCATED_HASH_LENGTH + 1) throw new RnsDecodeError('RNS_ERR_TRUNCATED', 'packet too short to hash');
  const out = new Uint8Array(1 + raw.length - start);
  out[0] = flags & 0x0f;
  out.set(raw.subarray(start), 1);
  return out;
}

/** The hashed first byte, `flags & 0x0F`, for each of its 16 values (read only, never handed out). */
const LOW_FLAG_BYTES = Array.from({ length: 16 }, (_, i) => Uint8Array.of(i));

/** Full 32-byte packet hash (receipts, dedup, proofs). Throws RnsDecodeError on a short packet. */
export function packetHash(raw: Uint8Array): Uint8Array {
  // Same bytes as hashablePart, handed over in two pieces (sha256Parts joins them in a reused
  // buffer): every packet in and out is hashed, and a fresh copy of each was garbage.
  if (raw.length < HEADER_MINSIZE) throw new RnsDecodeError('RNS_ERR_TRUNCATED', 'packet too short to hash');
  const flags = raw[0] as number;
  const start = (flags & 0x40) !== 0 ? 2 + TRUNCATED_HASH_LENGTH : 2;
  if (raw.length < start + TRUNCATED_HASH_LENGTH + 1) throw new RnsDecodeError('RNS_ERR_TRUNCATED', 'packet too short to hash');
  return sha256Parts(LOW_FLAG_BYTES[flags & 0x0f] as Uint8Array, raw.subarray(start));
}

/** First 16 bytes of the packet hash: the ProofDestination address and reverse-table key. */
export function truncatedPacketHash(raw: Uint8Array): Uint8Array {
  return packetHash(raw).slice(0, TRUNCATED_HASH_LENGTH);
}

/**
 * Link id of a LINKREQUEST (RNS/Link.py :: link_id_from_lr_packet): the truncated hash of the
 * hashable part without whatever follows the 64 key bytes (the 3 MTU-signalling bytes), so the
 * id is the same whether or not a transport node clamped or stripped the signalling.
 */
export function linkIdFromLinkRequest(raw: Uint8Array): Uint8Array {
  const packet = decodePacket(raw);
  if (packet.packetType !== PacketType.LINKREQUEST) throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'not a link request');
  let part = hashablePart(raw);
  if (packet.data.length > LINK_ECPUBSIZE) part = part.subarray(0, part.length - (packet.data.length - LINK_ECPUBSIZE));
  return sha256(part).slice(0, TRUNCATED_HASH_LENGTH);
}

/**
 * Rewrites a HEADER_1 raw packet into HEADER_2 for sending via `transportId` (Transport.outbound):
 * flags' = HEADER_2 | TRANSPORT | (flags & 0x0F). The context flag is dropped, as the reference does.
 */
export function insertTransportHeader(raw: Uint8Array, transportId: Uint8Array, hops?: number): Uint8Array {
  if (raw.length < HEADER_MINSIZE || ((raw[0] as number) & 0x40) !== 0) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'insertTransportHeader needs a HEADER_1 packet');
  }
  if (transportId.length !== TRUNCATED_HASH_LENGTH) throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'transport id must be 16 bytes');
  const out = new Uint8Array(raw.length + TRUNCATED_HASH_LENGTH);
  out[0] = 0x40 | 0x10 | ((raw[0] as number) & 0x0f);
  out[1] = hops ?? (raw[1] as number);
  out.set(transportId, 2);
  out.set(raw.subarray(2), 2 + TRUNCATED_HASH_LENGTH);
  return out;
}

/**
 * Rewrites a HEADER_2 raw packet into HEADER_1 for its last hop (Transport.inbound, remaining
 * hops == 1): flags' = (flags & 0x0F), transport id removed.
 */
export function stripTransportHeader(raw: Uint8Array, hops?: number): Uint8Array {
  if (raw.length < HEADER_MAXSIZE || ((raw[0] as number) & 0x40) === 0) {
    throw new RnsArgumentError('RNS_ERR_PACKET_FIELD', 'stripTransportHeader needs a HEADER_2 packet');
  }
  const out = new Uint8Array(raw.length - TRUNCATED_HASH_LENGTH);
  out[0] = (raw[0] as number) & 0x0f;
  out[1] = hops ?? (raw[1] as number);
  out.set(raw.subarray(2 + TRUNCATED_HASH_LENGTH), 2);
  return out;
}

/** A copy of raw packet bytes with another hop count: only byte 1 changes (hops are not hashed). */
export function withHops(raw: Uint8Array, hops: number): Uint8Array {
  const out = raw.slice();
  out[1] = hops;
  return out;
}
