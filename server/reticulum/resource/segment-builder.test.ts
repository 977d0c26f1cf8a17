// SPDX-License-Identifier: MIT
// The sliced segment builder: it lets other event-loop work run between its slices, stops when the
// segment is no longer wanted, and builds exactly what the receiver checks (hash, proof, parts).
import { describe, expect, it } from 'vitest';
import { randomBytes, sha256Parts, Token } from '../crypto/index.js';
import { toHex } from '../wire/bytes.js';
import { ManualScheduler } from '../link/scheduler.js';
import type { ResourceLinkPort } from './port.js';
import { buildSegment } from './segment-builder.js';
import { MAPHASH_LEN, RANDOM_HASH_SIZE } from './constants.js';

const SDU = 8156;

/** Just what buildSegment uses of a link: randomness and the link token. */
function port(token: Token): ResourceLinkPort {
  return {
    random: (n: number) => randomBytes(n),
    encryptor: (length: number) => token.encryptor(length),
    scheduler: new ManualScheduler(),
  } as unknown as ResourceLinkPort;
}

describe('buildSegment', () => {
  it('builds a 1 MiB segment the receiver accepts: token, resource hash, proof and hashmap', async () => {
    const token = new Token(Token.generateKey());
    const data = randomBytes(1024 * 1024 - 1);
    const built = await buildSegment(port(token), data, data, SDU);
    expect(built).not.toBeNull();
    const s = built as NonNullable<typeof built>;
    const stream = token.decrypt(s.encrypted);
    expect(stream.length).toBe(RANDOM_HASH_SIZE + data.length);
    expect(toHex(stream.subarray(RANDOM_HASH_SIZE))).toBe(toHex(data));
    expect(toHex(s.hash)).toBe(toHex(sha256Parts(data, s.randomHash)));
    expect(toHex(s.proof)).toBe(toHex(sha256Parts(data, s.hash)));
    expect(s.parts.length).toBe(Math.ceil(s.encrypted.length / SDU));
    expect(toHex(Buffer.concat(s.parts.map((p) => p.data)))).toBe(toHex(s.encrypted));
    s.parts.forEach((p, i) => {
      const mapHash = sha256Parts(p.data, s.randomHash).subarray(0, MAPHASH_LEN);
      expect(toHex(p.mapHash)).toBe(toHex(mapHash));
      expect(toHex(s.hashmap.subarray(i * MAPHASH_LEN, (i + 1) * MAPHASH_LEN))).toBe(toHex(mapHash));
    });
  });

  it('lets other callbacks run between its slices when prepared ahead; otherwise runs through', async () => {
    const token = new Token(Token.generateKey());
    const cases = [
      [1024 * 1024 - 1, () => true, true],
      [20_000, () => true, false],
      [1024 * 1024 - 1, undefined, false],
    ] as const;
    for (const [size, wanted, yields] of cases) {
      let turns = 0;
      let ticking = true;
      const tick = (): void => {
        if (!ticking) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      const data = randomBytes(size);
      expect(await buildSegment(port(token), data, data, SDU, wanted)).not.toBeNull();
      ticking = false;
      if (yields) expect(turns).toBeGreaterThan(5);
      else expect(turns).toBe(0);
    }
  });

  it('stops between slices once the segment is no longer wanted', async () => {
    const token = new Token(Token.generateKey());
    const data = randomBytes(1024 * 1024 - 1);
    let asked = 0;
    const built = await buildSegment(port(token), data, data, SDU, () => ++asked < 3);
    expect(built).toBeNull();
    expect(asked).toBe(3);
  });
});
