// SPDX-License-Identifier: MIT
// The pooled CSPRNG: every byte handed out once (no repeats across draws or block refills), fresh
// arrays the caller owns, every size served, and output that looks uniform.
import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.js';

describe('randomBytes', () => {
  it('serves every size, pooled or direct, as a fresh array of that length', () => {
    for (const n of [0, 1, 15, 16, 32, 255, 256, 257, 5000]) {
      const out = randomBytes(n);
      expect(out).toBeInstanceOf(Uint8Array);
      expect(out.length).toBe(n);
      expect(out.byteOffset).toBe(0);
      expect(out.buffer.byteLength).toBe(n);
    }
  });

  it('refuses lengths that are not whole numbers >= 0 with a typed error', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => randomBytes(n)).toThrowError(expect.objectContaining({ code: 'RNS_ERR_BAD_LENGTH' }));
    }
  });

  it('never hands out the same bytes twice, across many block refills', () => {
    const seen = new Set<string>();
    // 20 000 draws of 16 bytes cross the 4 KiB block ~80 times; odd sizes shift the offsets.
    for (let i = 0; i < 20_000; i++) {
      const iv = Buffer.from(randomBytes(16)).toString('hex');
      expect(seen.has(iv)).toBe(false);
      seen.add(iv);
      randomBytes(i % 7);
    }
  });

  it('gives the caller its own copy: changing one draw does not touch the next', () => {
    const a = randomBytes(32);
    a.fill(0xaa);
    const b = randomBytes(32);
    expect(b.every((x) => x === 0xaa)).toBe(false);
    expect(a.every((x) => x === 0xaa)).toBe(true);
  });

  it('looks uniform (chi-square over 256 byte values, 1 MiB drawn in pooled sizes)', () => {
    const counts = new Array<number>(256).fill(0);
    let total = 0;
    while (total < 1 << 20) {
      for (const x of randomBytes(64)) counts[x]!++;
      total += 64;
    }
    const expected = total / 256;
    const chi = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: the 99.999th percentile is ~370; a stuck or reused block is far above.
    expect(chi).toBeLessThan(370);
  });
});
