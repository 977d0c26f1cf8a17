// SPDX-License-Identifier: MIT
// An identity backup file (the 64 raw private-key bytes, as Strand, rnid and Sideband write it) turned
// into the base32 text the import endpoint takes, so the server keeps a single import format.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const IDENTITY_FILE_SIZE = 64;

/** RFC 4648 base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The base32 of an identity file's bytes, or null when it is not a 64-byte identity file. */
export function identityFileToBase32(bytes: Uint8Array): string | null {
  return bytes.length === IDENTITY_FILE_SIZE ? base32(bytes) : null;
}
