// SPDX-License-Identifier: MIT
// Small byte helpers for the pure codecs (no node:* imports here, so wire/ stays portable and fuzzable).

/** The two ASCII digits of every byte value: codes[2b], codes[2b + 1]. */
const HEX_CODES = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  HEX_CODES[2 * b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX_CODES[2 * b + 1] = '0123456789abcdef'.charCodeAt(b & 15);
}
/** Reused digit buffer; grows to the longest input seen. Used synchronously only. */
let digits = new Uint8Array(64);
/** Views of `digits` by input length (hashes come in a few lengths), made once per buffer. */
let digitViews: Uint8Array[] = [];
const ascii = new TextDecoder();

/**
 * Lowercase hex of `b`. Table keys are made from hashes on every packet: the digits are written
 * to a reused buffer and decoded once, where appending two characters per byte made a string
 * per byte (~1 KiB of garbage for a 32-byte hash) and ~1.7x the time.
 */
export function toHex(b: Uint8Array): string {
  const n = b.length;
  if (digits.length < 2 * n) {
    digits = new Uint8Array(Math.max(2 * n, digits.length * 2));
    digitViews = [];
  }
  for (let i = 0; i < n; i++) {
    const x = (b[i] as number) << 1;
    digits[2 * i] = HEX_CODES[x] as number;
    digits[2 * i + 1] = HEX_CODES[x + 1] as number;
  }
  const view = n <= 64 ? (digitViews[n] ??= digits.subarray(0, 2 * n)) : digits.subarray(0, 2 * n);
  return ascii.decode(view);
}

/** Bytes of a hex string; throws TypeError on odd length or a non-hex digit (programming errors). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('invalid hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenation of byte arrays into a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Byte equality. Not constant-time: use crypto's constantTimeEqual for secrets and MACs. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
