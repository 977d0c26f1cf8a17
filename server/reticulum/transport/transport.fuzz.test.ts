// SPDX-License-Identifier: MIT
// Hostile input into a forwarding node: random and mutated packets never throw out of the
// interface callback, never hit an unexpected (non-RnsError) path, and leave the node working.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../identity/index.js';
import { encodePacket } from '../wire/packet.js';
import { ReceiptStatus } from './receipts.js';
import { MemoryInterface } from './testing/memory-interface.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';

let a: TestNode;
let t: TestNode;
let ia: MemoryInterface;
let ta: MemoryInterface;
const samples: Uint8Array[] = [];

beforeAll(async () => {
  [ia, ta] = MemoryInterface.pair('a', 't');
  a = makeNode([ia]);
  t = makeNode([ta], { transport: true });
  await a.t.start();
  await t.t.start();
  // Seed with real traffic so mutations hit every branch: announce, data, proof, path request.
  const dest = inDestination('fuzz');
  t.t.registerDestination(dest, { onPacket: () => undefined });
  t.t.announce(dest);
  await until(() => a.t.hasPath(dest.hash), 2000, 'path');
  const r = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'fuzz'), new Uint8Array([1, 2, 3]));
  expect(await r?.done()).toBe(ReceiptStatus.DELIVERED);
  a.t.requestPath(new Uint8Array(16).fill(3));
  samples.push(...ia.sent, ...ta.sent, encodePacket(dest.announce()));
});

afterAll(async () => {
  await a.t.stop();
  await t.t.stop();
});

describe('Transport under hostile input', () => {
  it('random and mutated packets are dropped with typed reasons only', () => {
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(600),
        fc.uint8Array({ maxLength: 120 }),
        (which, flips, cut, junk) => {
          const raw = (samples[which] as Uint8Array).slice(0, Math.max(cut, 3));
          for (const [at, v] of flips) raw[at % raw.length] = v;
          ta.inject(raw);
          ta.inject(junk);
        },
      ),
      { numRuns: 1500 },
    );
    const drops = t.t.drops();
    expect(drops.internal_error).toBeUndefined();
    expect(Object.values(drops).reduce((x, y) => x + y, 0)).toBeGreaterThan(1000);
  });

  it('keeps serving after the flood', async () => {
    const dest = inDestination('after');
    t.t.registerDestination(dest, { onPacket: () => undefined });
    t.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 2000, 'path after flood');
    const r = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'after'), new Uint8Array([9]));
    expect(await r?.done()).toBe(ReceiptStatus.DELIVERED);
  });
});
