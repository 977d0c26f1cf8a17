// SPDX-License-Identifier: MIT
// MessagePack exactly as the reference's vendored umsgpack 2.7.1 writes it (RNS/vendor/umsgpack.py,
// Python 3, compatibility=False). Protocol §13 / gotchas §12.1–3.
//
// Why not an npm library: the bytes we produce are hashed and signed (LXMF re-packs the payload to
// check message ids and signatures), so they must match umsgpack bit for bit. The two well-kept
// encoders (@msgpack/msgpack, msgpackr) decide int-vs-float from the JS number's value, so
// `1700000000.0` becomes an int, and neither has a notion of "this number is a float64" other
// than a global switch that turns *every* number into a float. int-keyed maps need `Map` support
// with preserved order, and the decoder must keep float-ness to re-encode canonically. A small
// codec with explicit `Float64` values is simpler to audit than configuring around those choices.
//
// Value model:
//   null ↔ nil · boolean ↔ bool · integer `number`/`bigint` ↔ minimal int (unsigned when ≥ 0)
//   `Float64` (or a non-integral number) ↔ float64 (`cb`) · string ↔ str · Uint8Array ↔ bin
//   array ↔ array · Map (any keys) or plain object (string keys) ↔ map, insertion order kept
//   `MsgpackExt` ↔ ext (only when the decoder is told to accept it; RNS/LXMF never use ext)
import { RnsArgumentError, RnsDecodeError } from '../errors.js';
import { toHex } from './bytes.js';

/** A number that must be encoded as a msgpack float64 even when it is integral (timestamps). */
export class Float64 {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

/** An ext value (type −128..127, raw data). Preserved, never interpreted. */
export class MsgpackExt {
  constructor(
    readonly type: number,
    readonly data: Uint8Array,
  ) {}
}

export type MsgpackValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Float64
  | MsgpackExt
  | MsgpackValue[]
  | Map<MsgpackValue, MsgpackValue>
  | { [key: string]: MsgpackValue };

/** Decoder limits. Every length is checked against these and against the bytes left before use. */
export interface MsgpackLimits {
  /** Nesting depth of arrays/maps (default 32). */
  maxDepth?: number;
  /** Total input size in bytes (default 16 MiB). */
  maxInputSize?: number;
  /** Bytes in one str or bin (default 16 MiB). */
  maxBytesLength?: number;
  /** Elements in one array, or entries in one map (default 1 048 576). */
  maxContainerLength?: number;
  /** Accept ext types as `MsgpackExt` (default false: RNS_ERR_MSGPACK_EXT). */
  allowExt?: boolean;
  /**
   * How floats decode: `number` (default, convenient) or `float64` (a `Float64` instance, so that
   * packing the decoded value reproduces the input bytes; use it when re-encoding for a hash).
   */
  floats?: 'number' | 'float64';
  /** Reject bytes after the first object (default false: umsgpack.unpackb ignores them). */
  rejectTrailing?: boolean;
}

const DEFAULTS = {
  maxDepth: 32,
  maxInputSize: 16 * 1024 * 1024,
  maxBytesLength: 16 * 1024 * 1024,
  maxContainerLength: 1024 * 1024,
};

// ───────────────────────────── encoder ─────────────────────────────

class Writer {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.len, v);
    this.len += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.len, v);
    this.len += 4;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.len, v);
    this.len += 8;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.len, v);
    this.len += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, v);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const textEncoder = new TextEncoder();

function packInt(w: Writer, n: bigint): void {
  if (n >= 0n) {
    if (n < 128n) w.u8(Number(n));
    else if (n < 0x100n) { w.u8(0xcc); w.u8(Number(n)); }
    else if (n < 0x10000n) { w.u8(0xcd); w.u16(Number(n)); }
    else if (n < 0x100000000n) { w.u8(0xce); w.u32(Number(n)); }
    else if (n < 0x10000000000000000n) { w.u8(0xcf); w.u64(n); }
    else throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'integer too large for msgpack');
  } else {
    if (n >= -32n) w.u8(Number(n) & 0xff);
    else if (n >= -0x80n) { w.u8(0xd0); w.u8(Number(n) & 0xff); }
    else if (n >= -0x8000n) { w.u8(0xd1); w.u16(Number(n) & 0xffff); }
    else if (n >= -0x80000000n) { w.u8(0xd2); w.u32(Number(n) >>> 0); }
    else if (n >= -0x8000000000000000n) { w.u8(0xd3); w.i64(n); }
    else throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'integer too small for msgpack');
  }
}

/** Integers that fit 32 bits without BigInt (the common case); same bytes as packInt. */
function packSmallInt(w: Writer, n: number): void {
  if (n >= 0 && n <= 0xffffffff) {
    if (n < 128) w.u8(n);
    else if (n < 0x100) { w.u8(0xcc); w.u8(n); }
    else if (n < 0x10000) { w.u8(0xcd); w.u16(n); }
    else { w.u8(0xce); w.u32(n); }
  } else if (n < 0 && n >= -0x80000000) {
    if (n >= -32) w.u8(n & 0xff);
    else if (n >= -0x80) { w.u8(0xd0); w.u8(n & 0xff); }
    else if (n >= -0x8000) { w.u8(0xd1); w.u16(n & 0xffff); }
    else { w.u8(0xd2); w.u32(n >>> 0); }
  } else {
    packInt(w, BigInt(n));
  }
}

function packLength(w: Writer, len: number, fix: number, fixMax: number, c8: number | null, c16: number, c32: number): void {
  if (len < fixMax) w.u8(fix | len);
  else if (c8 !== null && len < 0x100) { w.u8(c8); w.u8(len); }
  else if (len < 0x10000) { w.u8(c16); w.u16(len); }
  else if (len <= 0xffffffff) { w.u8(c32); w.u32(len); }
  else throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'object too large for msgpack');
}

function packValue(w: Writer, v: MsgpackValue, depth: number): void {
  if (depth > 512) throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'value nested too deeply (or cyclic)');
  if (v === null) return w.u8(0xc0);
  switch (typeof v) {
    case 'boolean':
      return w.u8(v ? 0xc3 : 0xc2);
    case 'number':
      // A JS number is an int only when it is a safe integer and not −0: anything else is a
      // Python float. Integral floats (timestamps) must be passed as Float64.
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return packSmallInt(w, v);
      { w.u8(0xcb); w.f64(v); return; }
    case 'bigint':
      return packInt(w, v);
    case 'string': {
      const b = textEncoder.encode(v);
      packLength(w, b.length, 0xa0, 32, 0xd9, 0xda, 0xdb);
      return w.bytes(b);
    }
    case 'object':
      break;
    default:
      throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', `cannot pack a ${typeof v}`);
  }
  if (v instanceof Uint8Array) {
    if (v.length < 0x100) { w.u8(0xc4); w.u8(v.length); }
    else if (v.length < 0x10000) { w.u8(0xc5); w.u16(v.length); }
    else { w.u8(0xc6); w.u32(v.length); }
    return w.bytes(v);
  }
  if (v instanceof Float64) { w.u8(0xcb); w.f64(v.value); return; }
  if (Array.isArray(v)) {
    packLength(w, v.length, 0x90, 16, null, 0xdc, 0xdd);
    for (const item of v) packValue(w, item, depth + 1);
    return;
  }
  if (v instanceof Map) {
    packLength(w, v.size, 0x80, 16, null, 0xde, 0xdf);
    for (const [k, item] of v) {
      packValue(w, k, depth + 1);
      packValue(w, item, depth + 1);
    }
    return;
  }
  if (v instanceof MsgpackExt) return packExt(w, v);
  if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    const keys = Object.keys(v);
    packLength(w, keys.length, 0x80, 16, null, 0xde, 0xdf);
    for (const k of keys) {
      packValue(w, k, depth + 1);
      packValue(w, (v as Record<string, MsgpackValue>)[k] as MsgpackValue, depth + 1);
    }
    return;
  }
  throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'cannot pack this object type');
}

function packExt(w: Writer, e: MsgpackExt): void {
  if (!Number.isInteger(e.type) || e.type < -128 || e.type > 127) {
    throw new RnsArgumentError('RNS_ERR_MSGPACK_UNSUPPORTED', 'ext type must be -128..127');
  }
  const n = e.data.length;
  const fixed: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
  const code = fixed[n];
  if (code !== undefined) w.u8(code);
  else if (n < 0x100) { w.u8(0xc7); w.u8(n); }
  else if (n < 0x10000) { w.u8(0xc8); w.u16(n); }
  else { w.u8(0xc9); w.u32(n); }
  w.u8(e.type & 0xff);
  w.bytes(e.data);
}

/**
 * Encodes a value the way umsgpack.packb does. Throws RnsArgumentError (RNS_ERR_MSGPACK_UNSUPPORTED)
 * for values msgpack cannot carry (functions, symbols, class instances, out-of-range integers).
 */
export function packMsgpack(value: MsgpackValue): Uint8Array {
  const w = new Writer();
  packValue(w, value, 0);
  return w.result();
}

// ───────────────────────────── decoder ─────────────────────────────

const utf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(
    readonly buf: Uint8Array,
    readonly lim: Required<Omit<MsgpackLimits, 'floats' | 'allowExt' | 'rejectTrailing'>> & {
      floats: 'number' | 'float64';
      allowExt: boolean;
    },
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw new RnsDecodeError('RNS_ERR_TRUNCATED', `msgpack: need ${n} bytes at offset ${this.pos}, have ${this.buf.length - this.pos}`);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  take(n: number): Uint8Array {
    if (n > this.lim.maxBytesLength) throw new RnsDecodeError('RNS_ERR_MSGPACK_LIMIT', `msgpack: ${n}-byte string/bin exceeds limit`);
    this.need(n);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A declared container length, checked before anything is allocated for it. */
  count(n: number, minBytesEach: number): number {
    if (n > this.lim.maxContainerLength) throw new RnsDecodeError('RNS_ERR_MSGPACK_LIMIT', `msgpack: container of ${n} exceeds limit`);
    // Every element takes at least one byte, so a length the remaining input cannot hold is a lie.
    if (n * minBytesEach > this.buf.length - this.pos) {
      throw new RnsDecodeError('RNS_ERR_TRUNCATED', `msgpack: container of ${n} cannot fit in the remaining input`);
    }
    return n;
  }
  float(v: number): number | Float64 {
    return this.lim.floats === 'float64' ? new Float64(v) : v;
  }
  f32(): number | Float64 {
    this.need(4);
    const v = this.view.getFloat32(this.pos);
    this.pos += 4;
    return this.float(v);
  }
  f64(): number | Float64 {
    this.need(8);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return this.float(v);
  }
  int64(signed: boolean): number | bigint {
    this.need(8);
    const v = signed ? this.view.getBigInt64(this.pos) : this.view.getBigUint64(this.pos);
    this.pos += 8;
    // Values inside the safe range come back as numbers; the rest stay exact as bigint.
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
}

function decodeString(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    // umsgpack raises InvalidStringException for str values that are not valid UTF-8.
    throw new RnsDecodeError('RNS_ERR_MSGPACK_UTF8', 'msgpack: str is not valid UTF-8', { cause });
  }
}

/** Identity of a map key for duplicate detection, with Python's equality (1 == 1.0 == True). */
function keyId(k: MsgpackValue): string {
  if (k === null) return 'z';
  if (typeof k === 'boolean') return `n:${k ? 1 : 0}`;
  if (typeof k === 'number' || typeof k === 'bigint') return `n:${String(k)}`;
  if (k instanceof Float64) return `n:${String(k.value)}`;
  if (typeof k === 'string') return `s:${k}`;
  if (k instanceof Uint8Array) return `b:${toHex(k)}`;
  if (k instanceof MsgpackExt) return `e:${k.type}:${toHex(k.data)}`;
  if (Array.isArray(k)) return `a:[${k.map(keyId).join(',')}]`;
  // A map as a key is unhashable in Python: umsgpack raises UnhashableKeyException.
  throw new RnsDecodeError('RNS_ERR_MSGPACK_KEY', 'msgpack: map used as a map key');
}

function readValue(r: Reader, depth: number): MsgpackValue {
  const c = r.u8();
  if (c <= 0x7f) return c;
  if (c >= 0xe0) return c - 0x100;
  if ((c & 0xe0) === 0xa0) return decodeString(r.take(c & 0x1f));
  if ((c & 0xf0) === 0x90) return readArray(r, c & 0x0f, depth);
  if ((c & 0xf0) === 0x80) return readMap(r, c & 0x0f, depth);
  switch (c) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return r.take(r.u8());
    case 0xc5: return r.take(r.u16());
    case 0xc6: return r.take(r.u32());
    case 0xc7: return readExt(r, r.u8());
    case 0xc8: return readExt(r, r.u16());
    case 0xc9: return readExt(r, r.u32());
    case 0xca: return r.f32();
    case 0xcb: return r.f64();
    case 0xcc: return r.u8();
    case 0xcd: return r.u16();
    case 0xce: return r.u32();
    case 0xcf: return r.int64(false);
    case 0xd0: return (r.u8() << 24) >> 24;
    case 0xd1: return (r.u16() << 16) >> 16;
    case 0xd2: return r.u32() | 0;
    case 0xd3: return r.int64(true);
    case 0xd4: return readExt(r, 1);
    case 0xd5: return readExt(r, 2);
    case 0xd6: return readExt(r, 4);
    case 0xd7: return readExt(r, 8);
    case 0xd8: return readExt(r, 16);
    case 0xd9: return decodeString(r.take(r.u8()));
    case 0xda: return decodeString(r.take(r.u16()));
    case 0xdb: return decodeString(r.take(r.u32()));
    case 0xdc: return readArray(r, r.u16(), depth);
    case 0xdd: return readArray(r, r.u32(), depth);
    case 0xde: return readMap(r, r.u16(), depth);
    case 0xdf: return readMap(r, r.u32(), depth);
    default:
      // 0xc1 is the one reserved code (umsgpack ReservedCodeException).
      throw new RnsDecodeError('RNS_ERR_MSGPACK_RESERVED', `msgpack: reserved code 0x${c.toString(16)}`);
  }
}

function enter(r: Reader, depth: number): void {
  if (depth >= r.lim.maxDepth) throw new RnsDecodeError('RNS_ERR_MSGPACK_DEPTH', `msgpack: nesting deeper than ${r.lim.maxDepth}`);
}

function readArray(r: Reader, n: number, depth: number): MsgpackValue[] {
  enter(r, depth);
  const len = r.count(n, 1);
  const out: MsgpackValue[] = [];
  for (let i = 0; i < len; i++) out.push(readValue(r, depth + 1));
  return out;
}

function readMap(r: Reader, n: number, depth: number): Map<MsgpackValue, MsgpackValue> {
  enter(r, depth);
  const len = r.count(n, 2);
  const out = new Map<MsgpackValue, MsgpackValue>();
  const seen = new Set<string>();
  for (let i = 0; i < len; i++) {
    const k = readValue(r, depth + 1);
    const id = keyId(k);
    // umsgpack raises DuplicateKeyException; accepting the last one silently would let two
    // decoders (ours and a peer's) see different messages for the same bytes.
    if (seen.has(id)) throw new RnsDecodeError('RNS_ERR_MSGPACK_KEY', 'msgpack: duplicate map key');
    seen.add(id);
    out.set(k, readValue(r, depth + 1));
  }
  return out;
}

function readExt(r: Reader, n: number): MsgpackExt {
  if (!r.lim.allowExt) throw new RnsDecodeError('RNS_ERR_MSGPACK_EXT', 'msgpack: ext types are not used by RNS/LXMF');
  const type = (r.u8() << 24) >> 24;
  return new MsgpackExt(type, r.take(n));
}

/**
 * Decodes one msgpack object. Maps always decode to `Map` (keys keep their msgpack type and order).
 * Throws RnsDecodeError: RNS_ERR_TRUNCATED, RNS_ERR_MSGPACK_LIMIT, RNS_ERR_MSGPACK_DEPTH,
 * RNS_ERR_MSGPACK_UTF8, RNS_ERR_MSGPACK_KEY, RNS_ERR_MSGPACK_EXT, RNS_ERR_MSGPACK_RESERVED,
 * RNS_ERR_MSGPACK_TRAILING. Work and memory are bounded by the input length.
 */
export function unpackMsgpack(bytes: Uint8Array, limits: MsgpackLimits = {}): MsgpackValue {
  const lim = {
    maxDepth: limits.maxDepth ?? DEFAULTS.maxDepth,
    maxInputSize: limits.maxInputSize ?? DEFAULTS.maxInputSize,
    maxBytesLength: limits.maxBytesLength ?? DEFAULTS.maxBytesLength,
    maxContainerLength: limits.maxContainerLength ?? DEFAULTS.maxContainerLength,
    floats: limits.floats ?? 'number',
    allowExt: limits.allowExt ?? false,
  };
  if (bytes.length > lim.maxInputSize) throw new RnsDecodeError('RNS_ERR_MSGPACK_LIMIT', `msgpack: input of ${bytes.length} bytes exceeds limit`);
  const r = new Reader(bytes, lim);
  const value = readValue(r, 0);
  if (limits.rejectTrailing && r.pos !== bytes.length) {
    throw new RnsDecodeError('RNS_ERR_MSGPACK_TRAILING', `msgpack: ${bytes.length - r.pos} bytes after the object`);
  }
  return value;
}
