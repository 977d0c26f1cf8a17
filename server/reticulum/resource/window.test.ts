// SPDX-License-Identifier: MIT
// The receiver's request window over simulated links: every packet in flight moves the manual
// clock by its serialisation time at a chosen byte rate, so the receiver measures that rate as it
// would on a real link. The receiver's window is read as each request leaves, and each round's
// size off the wire (the parts the sender sent between two requests).
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/index.js';
import { toHex } from '../wire/bytes.js';
import type { Packet } from '../wire/packet.js';
import { ManualScheduler } from '../link/scheduler.js';
import { createMemoryPair, pumpUntil } from '../link/memory-pair.js';
import type { Link } from '../link/link.js';
import { Context } from '../wire/constants.js';
import { ResourceStatus, WINDOW, WINDOW_MAX_FAST, WINDOW_MAX_SLOW } from './constants.js';
import type { IncomingResource } from './incoming.js';

interface Simulated {
  /** The receiver's window as each request left, in order (retries included). */
  windows: number[];
  /** Parts the sender sent per request, in order. */
  rounds: number[];
  received: IncomingResource;
  data: Uint8Array;
}

/**
 * Sends `size` random bytes from initiator to responder over a link of `bytesPerSecond`.
 * `drop(n)` may lose the n-th part sent (counted over all parts, retries included).
 */
async function simulate(bytesPerSecond: number, size: number, mtu: number, drop: (n: number) => boolean = () => false): Promise<Simulated> {
  const scheduler = new ManualScheduler();
  const windows: number[] = [];
  const rounds: number[] = [];
  let partsSent = 0;
  let responder: Link | null = null;
  const pair = createMemoryPair({
    scheduler,
    mtu,
    beforeDeliver: (p: Packet) => scheduler.advance((p.data.length + 19) / bytesPerSecond),
    tap: (p: Packet) => {
      if (p.context === Context.RESOURCE_REQ) {
        const [incoming] = responder?.resources.incoming ?? [];
        windows.push(incoming?.window ?? -1);
        rounds.push(0);
      }
      if (p.context !== Context.RESOURCE) return p;
      rounds[rounds.length - 1]! += 1;
      return drop(partsSent++) ? null : p;
    },
  });
  pair.pump();
  responder = pair.responder() as Link;
  responder.setResourceStrategy('all');
  const done: IncomingResource[] = [];
  responder.resources.onConcluded = (r) => done.push(r);
  const data = randomBytes(size);
  await pair.initiator.sendResource(data, { autoCompress: false });
  await pumpUntil(pair, scheduler, () => done.length > 0);
  expect(done).toHaveLength(1);
  return { windows, rounds, received: done[0] as IncomingResource, data };
}

function expectIntact(s: Simulated): void {
  expect(s.received.status).toBe(ResourceStatus.COMPLETE);
  expect(toHex(s.received.data as Uint8Array)).toBe(toHex(s.data));
}

describe('resource request window', () => {
  it('on a fast link grows by one part per round until the link proves fast, then doubles', async () => {
    // 10 MB/s with 8 KiB parts (a TCP link), one segment of 126 parts: 6 rounds. Growing by one
    // part per round, as the reference does, takes 14. The second round proves the link fast and
    // already doubles; the round of 35 ends the advertised hashmap (74 map hashes; its update
    // comes with those parts).
    const s = await simulate(10_000_000, 126 * 8000, 8192);
    expectIntact(s);
    expect(s.windows).toEqual([4, 5, 10, 20, 40, WINDOW_MAX_FAST]);
    expect(s.rounds).toEqual([4, 5, 10, 20, 35, s.received.totalParts - 74]);
  });

  it('on a slow link grows by one part per round up to the slow maximum, as the reference', async () => {
    // 4 kB/s, below the fast rate of 6.25 kB/s (a radio link): the reference's pacing.
    const s = await simulate(4_000, 30_000, 500);
    expectIntact(s);
    const steps = WINDOW_MAX_SLOW - WINDOW + 1;
    expect(s.windows.slice(0, steps)).toEqual(Array.from({ length: steps }, (_, i) => WINDOW + i));
    expect(s.windows.slice(steps).every((w) => w === WINDOW_MAX_SLOW)).toBe(true);
    expect(s.windows.length).toBeGreaterThan(steps);
  });

  it('stops doubling once a part times out and grows by one part per round from then on', async () => {
    // Part 20 (in the round of 20) is lost: that round times out, the window shrinks by one and
    // the missing part is asked for again with the next ones.
    const s = await simulate(10_000_000, 120 * 8000, 8192, (n) => n === 20);
    expectIntact(s);
    expect(s.windows.slice(0, 5)).toEqual([4, 5, 10, 20, 19]);
    const after = s.windows.slice(4);
    expect(after.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < after.length; i++) expect(after[i]! - after[i - 1]!).toBe(1);
  });
});
