// SPDX-License-Identifier: MIT
// The worker-thread Ed25519 verifier against the inline one: same answers for valid, forged and
// malformed input, in order, across batches and workers; stop() never accepts anything unchecked.
import { afterEach, describe, expect, it } from 'vitest';
import { Ed25519PrivateKey, ed25519Verify, randomBytes } from './index.js';
import { Ed25519VerifyPool } from './verify-pool.js';

const pools: Ed25519VerifyPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.stop();
});
function pool(workers: number, idleMs?: number): Ed25519VerifyPool {
  const p = new Ed25519VerifyPool({ workers, ...(idleMs !== undefined ? { idleMs } : {}) });
  pools.push(p);
  return p;
}

interface Case {
  pub: Uint8Array;
  sig: Uint8Array;
  msg: Uint8Array;
}

function cases(n: number): Case[] {
  return Array.from({ length: n }, (_, i) => {
    const key = Ed25519PrivateKey.generate();
    const msg = randomBytes(1 + (i * 37) % 400);
    const sig = key.sign(msg);
    const pub = key.publicBytes();
    switch (i % 6) {
      case 1: // flipped signature bit
        sig[i % 64] = (sig[i % 64] as number) ^ 0x10;
        break;
      case 2: // another key's signature
        return { pub: Ed25519PrivateKey.generate().publicBytes(), sig, msg };
      case 3: // truncated signature
        return { pub, sig: sig.subarray(0, 63), msg };
      case 4: // short public key
        return { pub: pub.subarray(0, 31), sig, msg };
      default:
        break;
    }
    return { pub, sig, msg };
  });
}

describe('Ed25519VerifyPool', () => {
  it('answers exactly as the inline verify does, for one burst split over two workers', async () => {
    const p = pool(2);
    const all = cases(300);
    const answers = await Promise.all(all.map((c) => p.verify(c.pub, c.sig, c.msg)));
    const expected = all.map((c) => ed25519Verify(c.pub, c.sig, c.msg));
    expect(answers).toEqual(expected);
    expect(expected.filter(Boolean).length).toBe(100); // cases 0 and 5 of every 6 are genuine
  });

  it('keeps answering across turns and batches, and after stop() starts fresh workers', async () => {
    const p = pool(1);
    const all = cases(60);
    for (let turn = 0; turn < 3; turn++) {
      const slice = all.slice(turn * 20, turn * 20 + 20);
      expect(await Promise.all(slice.map((c) => p.verify(c.pub, c.sig, c.msg)))).toEqual(slice.map((c) => ed25519Verify(c.pub, c.sig, c.msg)));
    }
    await p.stop();
    const genuine = all[0] as Case;
    expect(await p.verify(genuine.pub, genuine.sig, genuine.msg)).toBe(true);
  });

  it('answers false for what is pending when stopped: nothing is accepted unchecked', async () => {
    const p = pool(1);
    const genuine = cases(24).filter((_, i) => i % 6 === 0 || i % 6 === 5);
    // Half already posted to the (still starting) worker, half still in the batch.
    const posted = genuine.slice(0, 4).map((c) => p.verify(c.pub, c.sig, c.msg));
    await Promise.resolve();
    const batched = genuine.slice(4).map((c) => p.verify(c.pub, c.sig, c.msg));
    await p.stop();
    expect(await Promise.all([...posted, ...batched])).toEqual(genuine.map(() => false));
  });

  it('ends its workers after an idle spell and starts them again for the next burst', async () => {
    const p = pool(2, 50);
    const [genuine] = cases(1) as [Case];
    expect(p.workerCount).toBe(0);
    expect(await p.verify(genuine.pub, genuine.sig, genuine.msg)).toBe(true);
    expect(p.workerCount).toBe(2);
    for (let i = 0; i < 100 && p.workerCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(p.workerCount).toBe(0);
    expect(await p.verify(genuine.pub, genuine.sig, genuine.msg)).toBe(true);
    expect(p.workerCount).toBe(2);
  });
});
