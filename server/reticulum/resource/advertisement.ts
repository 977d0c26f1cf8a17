// SPDX-License-Identifier: MIT
// The resource advertisement (context RESOURCE_ADV): a msgpack map with str keys in the fixed
// order t,d,n,h,r,o,i,l,q,f,m (protocol §9.2). The order is part of the bytes, so it is built
// as an ordered Map, never as an object whose key order could be disturbed.
import { RnsDecodeError } from '../errors.js';
import { packMsgpack, unpackMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { HASHMAP_MAX_LEN, MAPHASH_LEN, MAX_EFFICIENT_SIZE } from './constants.js';

/** Decoded advertisement fields plus the flag bits. */
export interface ResourceAdvertisement {
  /** Transfer size: bytes of the encrypted stream. */
  t: number;
  /** Total data size (uncompressed, metadata prefix included, all segments). */
  d: number;
  /** Number of parts in this segment. */
  n: number;
  /** Resource hash (32). */
  h: Uint8Array;
  /** Random hash (4). */
  r: Uint8Array;
  /** Original hash: `h` of the first segment (32). */
  o: Uint8Array;
  /** Segment index, 1-based. */
  i: number;
  /** Total segments. */
  l: number;
  /** Request id (16) when the resource carries a request or response. */
  q: Uint8Array | null;
  /** Flags byte. */
  f: number;
  /** The hashmap slice carried (segment 0 in an advertisement). */
  m: Uint8Array;
}

export const AdvFlags = {
  encrypted: 0x01,
  compressed: 0x02,
  split: 0x04,
  isRequest: 0x08,
  isResponse: 0x10,
  hasMetadata: 0x20,
} as const;

/** Builds the flags byte: `x<<5 | p<<4 | u<<3 | s<<2 | c<<1 | e`. */
export function advFlags(o: { encrypted: boolean; compressed: boolean; split: boolean; isRequest: boolean; isResponse: boolean; hasMetadata: boolean }): number {
  return (
    (o.hasMetadata ? AdvFlags.hasMetadata : 0) |
    (o.isResponse ? AdvFlags.isResponse : 0) |
    (o.isRequest ? AdvFlags.isRequest : 0) |
    (o.split ? AdvFlags.split : 0) |
    (o.compressed ? AdvFlags.compressed : 0) |
    (o.encrypted ? AdvFlags.encrypted : 0)
  );
}

/** Slice of a full hashmap for hashmap segment `segment` (74 map hashes per segment). */
export function hashmapSegment(hashmap: Uint8Array, parts: number, segment: number): Uint8Array {
  const start = segment * HASHMAP_MAX_LEN;
  const end = Math.min((segment + 1) * HASHMAP_MAX_LEN, parts);
  if (end <= start) return new Uint8Array(0);
  return hashmap.slice(start * MAPHASH_LEN, end * MAPHASH_LEN);
}

/** Packs an advertisement; `m` is the full hashmap, of which segment 0 is carried. */
export function packAdvertisement(adv: ResourceAdvertisement): Uint8Array {
  const map = new Map<MsgpackValue, MsgpackValue>([
    ['t', adv.t],
    ['d', adv.d],
    ['n', adv.n],
    ['h', adv.h],
    ['r', adv.r],
    ['o', adv.o],
    ['i', adv.i],
    ['l', adv.l],
    ['q', adv.q],
    ['f', adv.f],
    ['m', hashmapSegment(adv.m, adv.n, 0)],
  ]);
  return packMsgpack(map);
}

function field(map: Map<MsgpackValue, MsgpackValue>, key: string): MsgpackValue {
  if (!map.has(key)) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', `advertisement lacks "${key}"`);
  return map.get(key) as MsgpackValue;
}
function int(map: Map<MsgpackValue, MsgpackValue>, key: string): number {
  const v = field(map, key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', `advertisement "${key}" is not a non-negative integer`);
  return v;
}
function bin(map: Map<MsgpackValue, MsgpackValue>, key: string, len?: number): Uint8Array {
  const v = field(map, key);
  if (!(v instanceof Uint8Array) || (len !== undefined && v.length !== len)) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', `advertisement "${key}" has the wrong type or length`);
  return v;
}

/**
 * Decodes and validates an advertisement. Throws RnsDecodeError RNS_ERR_RESOURCE_ADV for a
 * malformed map and RNS_ERR_RESOURCE_TOO_LARGE when `t` exceeds 3 × MAX_EFFICIENT_SIZE (the
 * reference's own bound on a segment's transfer size).
 */
export function unpackAdvertisement(data: Uint8Array): ResourceAdvertisement {
  const v = unpackMsgpack(data, { maxInputSize: 64 * 1024 });
  if (!(v instanceof Map)) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', 'advertisement is not a map');
  const q = field(v, 'q');
  if (q !== null && !(q instanceof Uint8Array && q.length === 16)) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', 'advertisement "q" is invalid');
  const adv: ResourceAdvertisement = {
    t: int(v, 't'),
    d: int(v, 'd'),
    n: int(v, 'n'),
    h: bin(v, 'h', 32),
    r: bin(v, 'r', 4),
    o: bin(v, 'o', 32),
    i: int(v, 'i'),
    l: int(v, 'l'),
    q,
    f: int(v, 'f'),
    m: bin(v, 'm'),
  };
  if (adv.t > MAX_EFFICIENT_SIZE * 3) throw new RnsDecodeError('RNS_ERR_RESOURCE_TOO_LARGE', 'advertised transfer size is too large');
  if (adv.m.length % MAPHASH_LEN !== 0) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', 'advertisement hashmap length is not a multiple of 4');
  if (adv.i < 1 || adv.l < 1 || adv.i > adv.l) throw new RnsDecodeError('RNS_ERR_RESOURCE_ADV', 'advertisement segment numbers are invalid');
  return adv;
}

/** True when the flags carry bit `flag`. */
export function hasFlag(adv: ResourceAdvertisement, flag: number): boolean {
  return (adv.f & flag) === flag;
}
