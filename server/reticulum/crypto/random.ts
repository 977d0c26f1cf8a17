// SPDX-License-Identifier: MIT
// CSPRNG bytes for keys, IVs and tags. Every message and link packet needs a fresh 16-byte IV and
// every encrypt-to-identity a 32-byte ephemeral key: one OpenSSL call per request costs several
// microseconds of call overhead for a few bytes, so small requests are served from a 4 KiB block
// filled in one call. Each byte is handed out once and zeroed behind the copy, so the block never
// holds randomness that was already used.
import { randomFillSync } from 'node:crypto';
import { RnsArgumentError } from '../errors.js';

const BLOCK = 4096;
/** Larger requests are filled directly: they are rare (keys for resources) and gain nothing. */
const POOLED_MAX = 256;

const block = new Uint8Array(BLOCK);
let offset = BLOCK;

/** `n` cryptographically secure random bytes (a fresh array the caller owns). */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `random length must be a whole number >= 0, got ${n}`);
  if (n > POOLED_MAX) return randomFillSync(new Uint8Array(n));
  if (offset + n > BLOCK) {
    randomFillSync(block);
    offset = 0;
  }
  const out = block.slice(offset, offset + n);
  block.fill(0, offset, offset + n);
  offset += n;
  return out;
}
