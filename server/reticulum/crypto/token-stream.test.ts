// SPDX-License-Identifier: MIT
// The streaming decryptor against Token.decrypt: every token.json vector and random tokens, cut
// into pieces at every kind of boundary (inside the IV, the ciphertext and the HMAC).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import { Token } from './token.js';

interface Case {
  name: string;
  inputs: Record<string, unknown>;
}
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/vectors/token.json', import.meta.url), 'utf8')) as { cases: Case[] };
const b = (h: unknown) => Uint8Array.from(Buffer.from(h as string, 'hex'));
const hex = (u: Uint8Array | null) => (u === null ? null : Buffer.from(u).toString('hex'));

/** Streams `token` in pieces of `sizes` (cycled); the plaintext, or null when final() refuses. */
function streamed(key: Token, token: Uint8Array, sizes: number[]): Uint8Array | null {
  const d = key.decryptor(token.length);
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < token.length; k++) {
    const n = sizes[k % sizes.length] as number;
    out.push(d.update(token.subarray(at, at + n)));
    at += n;
  }
  const tail = d.final();
  return tail === null ? null : Buffer.concat([...out, tail]);
}

/** Token.decrypt's plaintext, or null when it throws. */
function whole(key: Token, token: Uint8Array): Uint8Array | null {
  try {
    return key.decrypt(token);
  } catch (err) {
    expect(err).toBeInstanceOf(RnsError);
    return null;
  }
}

const CHUNKINGS = [[1], [7], [16], [5, 27, 3], [8156], [1_000_000]];

describe('TokenStreamDecryptor', () => {
  it('agrees with Token.decrypt on every token.json case, however the token is cut', () => {
    let compared = 0;
    for (const c of vectors.cases) {
      const key = new Token(b(c.inputs.key));
      const token = c.inputs.kind === 'encrypt' ? key.encrypt(b(c.inputs.plaintext), b((c.inputs.urandom as string[])[0])) : b(c.inputs.token);
      const expected = whole(key, token);
      const body = token.length - 48;
      if (body <= 0 || body % 16 !== 0) {
        // No token has this length: refused up front, as Token.decrypt refuses it.
        expect(expected).toBeNull();
        expect(() => key.decryptor(token.length)).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
        continue;
      }
      for (const sizes of CHUNKINGS) expect(hex(streamed(key, token, sizes)), `${c.name} in pieces of ${sizes.join(',')}`).toBe(hex(expected));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('decrypts random tokens cut at random places, and refuses any flipped bit', () => {
    for (let round = 0; round < 40; round++) {
      const key = new Token(Token.generateKey(round % 2 === 0 ? 256 : 128));
      const plaintext = randomBytes(Math.floor(Math.random() * 40_000));
      const token = key.encrypt(plaintext);
      const sizes = [1 + Math.floor(Math.random() * 9000), 1 + Math.floor(Math.random() * 50)];
      expect(hex(streamed(key, token, sizes))).toBe(hex(plaintext));
      const forged = token.slice();
      const bit = Math.floor(Math.random() * forged.length * 8);
      forged[bit >> 3] = (forged[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(streamed(key, forged, sizes)).toBeNull();
    }
  });

  it('refuses a token that stops short or runs long, and a second final()', () => {
    const key = new Token(Token.generateKey());
    const token = key.encrypt(randomBytes(100));
    const short = key.decryptor(token.length);
    short.update(token.subarray(0, token.length - 1));
    expect(short.final()).toBeNull();
    const long = key.decryptor(token.length);
    const head = long.update(token);
    expect(() => long.update(Uint8Array.of(0))).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    expect(hex(Buffer.concat([head, long.final() as Uint8Array]))).toBe(hex(key.decrypt(token)));
    expect(long.final()).toBeNull();
  });

  it('only ever hands out whole blocks before the last one (the padding stays back)', () => {
    const key = new Token(Token.generateKey());
    const token = key.encrypt(randomBytes(64));
    const d = key.decryptor(token.length);
    const early = d.update(token.subarray(0, token.length - 32));
    // 64 bytes pad to 80: the last 16-byte block (16 bytes of padding) is held back.
    expect(early.length).toBe(64);
    expect(d.update(token.subarray(token.length - 32)).length).toBe(0);
    expect(d.final()?.length).toBe(0);
  });
});
