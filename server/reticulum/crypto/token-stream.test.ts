// SPDX-License-Identifier: MIT
// The streaming decryptor against Token.decrypt and the streaming encryptor against Token.encrypt:
// every token.json vector and random inputs, cut into pieces at every kind of boundary (inside the
// IV, the ciphertext and the HMAC; inside and across AES blocks).
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

/** `bytes` cut into consecutive pieces of `sizes` (cycled). */
function* pieces(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length] as number;
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

/** A random round: AES-256 on even rounds, AES-128 on odd; up to 40 000 bytes; a random cut. */
function randomCase(round: number): { key: Token; plaintext: Uint8Array; sizes: number[] } {
  return {
    key: new Token(Token.generateKey(round % 2 === 0 ? 256 : 128)),
    plaintext: randomBytes(Math.floor(Math.random() * 40_000)),
    sizes: [1 + Math.floor(Math.random() * 9000), 1 + Math.floor(Math.random() * 50)],
  };
}

/** Streams `token` in pieces of `sizes` (cycled); the plaintext, or null when final() refuses. */
function streamed(key: Token, token: Uint8Array, sizes: number[]): Uint8Array | null {
  const d = key.decryptor(token.length);
  const out: Uint8Array[] = [];
  for (const piece of pieces(token, sizes)) out.push(d.update(piece));
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
      const { key, plaintext, sizes } = randomCase(round);
      const token = key.encrypt(plaintext);
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

/** Token.encryptor fed `plaintext` in pieces of `sizes` (cycled). */
function encryptedInPieces(key: Token, plaintext: Uint8Array, iv: Uint8Array, sizes: number[]): Uint8Array {
  const e = key.encryptor(plaintext.length, iv);
  for (const piece of pieces(plaintext, sizes)) e.update(piece);
  return e.final();
}

describe('TokenStreamEncryptor', () => {
  it('gives the token.json encrypt vectors byte for byte, however the plaintext is cut', () => {
    let compared = 0;
    for (const c of vectors.cases) {
      if (c.inputs.kind !== 'encrypt') continue;
      const key = new Token(b(c.inputs.key));
      const iv = b((c.inputs.urandom as string[])[0]);
      const expected = hex(key.encrypt(b(c.inputs.plaintext), iv));
      for (const sizes of CHUNKINGS) expect(hex(encryptedInPieces(key, b(c.inputs.plaintext), iv, sizes)), `${c.name} in pieces of ${sizes.join(',')}`).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('matches Token.encrypt on random plaintexts, AES-128 and AES-256, and the result decrypts', () => {
    for (let round = 0; round < 40; round++) {
      const { key, plaintext, sizes } = randomCase(round);
      const iv = randomBytes(16);
      const token = encryptedInPieces(key, plaintext, iv, sizes);
      expect(hex(token)).toBe(hex(key.encrypt(plaintext, iv)));
      expect(hex(key.decrypt(token))).toBe(hex(plaintext));
    }
  });

  it('refuses more or fewer bytes than announced, a bad IV or length, and a second final()', () => {
    const key = new Token(Token.generateKey());
    const long = key.encryptor(10);
    long.update(new Uint8Array(10));
    expect(() => long.update(Uint8Array.of(0))).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    expect(key.decrypt(long.final()).length).toBe(10);
    expect(() => long.final()).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    const short = key.encryptor(10);
    short.update(new Uint8Array(9));
    expect(() => short.final()).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    expect(() => key.encryptor(-1)).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    expect(() => key.encryptor(1.5)).toThrow(expect.objectContaining({ code: 'RNS_ERR_TOKEN_LENGTH' }));
    expect(() => key.encryptor(10, new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'RNS_ERR_BAD_LENGTH' }));
    // An empty plaintext is one block of padding, as Token.encrypt makes it.
    const iv = randomBytes(16);
    expect(hex(key.encryptor(0, iv).final())).toBe(hex(key.encrypt(new Uint8Array(0), iv)));
  });

  it('draws a fresh IV for every encryptor when none is given', () => {
    const key = new Token(Token.generateKey());
    const ivs = new Set<string>();
    for (let i = 0; i < 200; i++) ivs.add(hex(key.encryptor(0).final().subarray(0, 16)) as string);
    expect(ivs.size).toBe(200);
  });
});
