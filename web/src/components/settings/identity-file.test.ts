// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { base32, identityFileToBase32 } from './identity-file.js';

describe('identity file → base32', () => {
  it('encodes RFC 4648 test vectors (unpadded)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('MY');
    expect(enc('fo')).toBe('MZXQ');
    expect(enc('foo')).toBe('MZXW6');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
  });

  it('accepts exactly 64 bytes', () => {
    expect(identityFileToBase32(new Uint8Array(64).fill(0xff))).toBe('7'.repeat(102) + 'Y');
    expect(identityFileToBase32(new Uint8Array(63))).toBeNull();
    expect(identityFileToBase32(new Uint8Array(65))).toBeNull();
  });
});
