// SPDX-License-Identifier: MIT
// Hashes, HMAC and the reference's HKDF (RNS/Cryptography/HKDF.py :: hkdf).
import { createHash, createHmac, hash as oneShotHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { RnsArgumentError } from '../errors.js';
import { assertBytes } from './bytes.js';

/** Reticulum's "truncated hash" length: TRUNCATED_HASHLENGTH = 128 bits. */
export const TRUNCATED_HASH_LENGTH = 16;
/** SHA-256 output length in bytes. */
export const HASH_LENGTH = 32;

/** SHA-256 of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return digestBytes(oneShotHash('sha256', data, 'binary'));
}

/**
 * Parts that add up to this many bytes or fewer are copied together and hashed in one call:
 * a Hash object and its digest Buffer cost ~1 µs more than the copy, and every packet in and out
 * (and every resource part's map hash) is hashed. Longer inputs are streamed, not copied.
 */
const JOIN_MAX = 64 * 1024;
/** Where sha256Parts joins its parts; grown on demand up to JOIN_MAX, used synchronously only. */
let joined = new Uint8Array(1024);

/**
 * SHA-256 of the concatenation of `parts` (a resource part and its random hash, a packet's flag
 * byte and the rest). Up to JOIN_MAX bytes the parts are joined in a reused buffer and hashed in
 * one call; whole resources with a suffix are streamed instead, where a copy would cost as much
 * as the hash.
 */
export function sha256Parts(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) {
    assertBytes(part, 'data');
    total += part.length;
  }
  if (parts.length === 1) return sha256(parts[0] as Uint8Array);
  if (total <= JOIN_MAX) {
    if (joined.length < total) joined = new Uint8Array(Math.min(JOIN_MAX, Math.max(total, joined.length * 2)));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    const digest = digestBytes(oneShotHash('sha256', joined.subarray(0, total), 'binary'));
    // Nothing hashed stays behind in the shared space (whatever a caller hashes is its business).
    joined.fill(0, 0, total);
    return digest;
  }
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
}

/**
 * The bytes of a digest crypto.hash returned as a 'binary' (latin1) string: one char per byte,
 * 0-255. Asking for a string, not a Buffer, spares a native allocation per digest.
 */
function digestBytes(latin1: string): Uint8Array {
  const out = new Uint8Array(latin1.length);
  for (let i = 0; i < out.length; i++) out[i] = latin1.charCodeAt(i);
  return out;
}

/** An incremental SHA-256: data fed in order, one digest at the end. */
export interface Sha256Stream {
  update(data: Uint8Array): Sha256Stream;
  /** The 32-byte digest; the stream is spent afterwards. */
  digest(): Uint8Array;
  /**
   * An independent stream in the same state: two digests of the same long prefix with different
   * endings (a resource's hash and its proof) cost one pass over the prefix, not two.
   */
  copy(): Sha256Stream;
}

/** Starts an incremental SHA-256 (a resource's hashes, taken while its parts arrive). */
export function sha256Stream(): Sha256Stream {
  return wrapHash(createHash('sha256'));
}

function wrapHash(h: Hash): Sha256Stream {
  const stream: Sha256Stream = {
    update(data) {
      assertBytes(data, 'data');
      h.update(data);
      return stream;
    },
    digest: () => new Uint8Array(h.digest()),
    copy: () => wrapHash(h.copy()),
  };
  return stream;
}

/** SHA-512 of `data` (64 bytes). Not used on the wire; kept for parity with RNS.Cryptography. */
export function sha512(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data');
  return digestBytes(oneShotHash('sha512', data, 'binary'));
}

/** First 16 bytes of SHA-256(data): identity hashes, destination hashes, link ids. */
export function truncatedHash(data: Uint8Array): Uint8Array {
  return sha256(data).slice(0, TRUNCATED_HASH_LENGTH);
}

/** HMAC-SHA256(key, data) (32 bytes). Any key length, as RFC 2104. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  assertBytes(key, 'key');
  assertBytes(data, 'data');
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}

/** Options of {@link hkdf}, named as the reference's keyword arguments. */
export interface HkdfOptions {
  /** Output length in bytes, >= 1. */
  length: number;
  /** Input key material; must be non-empty. */
  deriveFrom: Uint8Array;
  /** Missing or empty salt becomes 32 zero bytes (RFC 5869 default for SHA-256). */
  salt?: Uint8Array | null;
  /** HKDF "info"; missing means empty. Every protocol use passes none. */
  context?: Uint8Array | null;
}

/** Upper bound so a hostile length cannot make us allocate without limit (1 MiB of key stream). */
const HKDF_MAX_LENGTH = 1 << 20;
/**
 * HKDF-SHA256 as the reference computes it. Identical to RFC 5869 up to 255 blocks; beyond that
 * the reference wraps the one-byte block counter (..., 0xff, 0x00, 0x01, ...) instead of failing,
 * and IFAC masks of frames over 8160 bytes depend on that wrap. Plain HMACs rather than OpenSSL's
 * hkdfSync: for the 64 bytes of a link handshake they cost less (hkdfSync builds a key object and
 * a job per call), measured as ~0.07 ms off the median link establishment.
 * @throws RnsArgumentError on a length < 1 (or absurdly large) or empty input key material.
 */
export function hkdf(opts: HkdfOptions): Uint8Array {
  const { length, deriveFrom } = opts;
  if (!Number.isSafeInteger(length) || length < 1 || length > HKDF_MAX_LENGTH) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `hkdf length must be 1..${HKDF_MAX_LENGTH}, got ${length}`);
  }
  assertBytes(deriveFrom, 'deriveFrom');
  if (deriveFrom.length === 0) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', 'hkdf input key material must not be empty');
  }
  const salt = opts.salt && opts.salt.length > 0 ? opts.salt : new Uint8Array(HASH_LENGTH);
  const context = opts.context ?? new Uint8Array(0);
  assertBytes(salt, 'salt');
  assertBytes(context, 'context');

  const prk = createHmac('sha256', salt).update(deriveFrom).digest();
  const blocks = Math.ceil(length / HASH_LENGTH);
  const out = new Uint8Array(blocks * HASH_LENGTH);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < blocks; i++) {
    previous = createHmac('sha256', prk).update(previous).update(context).update(Uint8Array.of((i + 1) % 256)).digest();
    out.set(previous, i * HASH_LENGTH);
  }
  // A tight copy: key stream beyond `length` must not ride along in the returned buffer.
  return out.length === length ? out : out.slice(0, length);
}
