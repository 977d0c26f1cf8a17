// SPDX-License-Identifier: MIT
// Input checks and byte helpers shared by the crypto primitives. Every public primitive validates
// its arguments up front so that a wrong length is a typed RnsArgumentError, never an OpenSSL
// exception with an unstable message.
import { timingSafeEqual } from 'node:crypto';
import { RnsArgumentError } from '../errors.js';

/** Throws `RnsArgumentError` unless `value` is a Uint8Array (Buffer included). */
export function assertBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new RnsArgumentError('RNS_ERR_NOT_BYTES', `${what} must be a Uint8Array`);
  }
}

/** Throws `RnsArgumentError` (code `RNS_ERR_BAD_LENGTH`) unless `value` is bytes of one of `lengths`. */
export function assertLength(value: unknown, lengths: readonly number[], what: string): asserts value is Uint8Array {
  assertBytes(value, what);
  if (!lengths.includes(value.length)) {
    throw new RnsArgumentError(
      'RNS_ERR_BAD_LENGTH',
      `${what} must be ${lengths.join(' or ')} bytes, got ${value.length}`,
    );
  }
}

/** A Buffer view over the same memory (no copy): node:crypto accepts Uint8Array, but Buffer methods are handy. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A plain Uint8Array copy, so callers never receive a Buffer that aliases a pooled slab. */
export function toBytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

/**
 * Constant-time equality for MACs and hashes. Different lengths return false immediately; the
 * length of a MAC is public, only its content is secret.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

// One implementation of concatenation for the whole Reticulum layer lives with the pure codecs.
export { concatBytes } from '../wire/bytes.js';
