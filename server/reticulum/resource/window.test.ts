// SPDX-License-Identifier: MIT
// The receiver's request window over simulated links: every packet in flight moves the manual
// clock by its serialisation time at a chosen byte rate, so the receiver measures that rate as it
// would on a real link. The receiver's window and the parts still on their way to it are read
// as each request leaves, and the parts the sender sends in answer as the request arrives.
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
  /** Parts the sender sent in answer to each request, in order. */
  served: number[];
  /** Parts sent and not yet delivered (nor lost) as each request left. */
  inFlight: number[];
  /** Parts the sender put on the wire, all requests together. */
  partsSent: number;
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
  const served: number[] = [];
  const inFlight: number[] = [];
  let partsSent = 0;
  let partsGone = 0;
  let responder: Link | null = null;
  const pair = createMemoryPair({
    scheduler,
    mtu,
    beforeDeliver: (p: Packet) => {
      if (p.context === Context.RESOURCE) partsGone++;
      // The sender answers a request while it is being delivered: the parts sent until the next
      // delivery answer this one.
      if (p.context === Context.RESOURCE_REQ) served.push(0);
      scheduler.advance((p.data.length + 19) / bytesPerSecond);
    },
    tap: (p: Packet) => {
      if (p.context === Context.RESOURCE_REQ) {
        const [incoming] = responder?.resources.incoming ?? [];
        windows.push(incoming?.window ?? -1);
        inFlight.push(partsSent - partsGone);
      }
      if (p.context !== Context.RESOURCE) return p;
      served[served.length - 1]! += 1;
      if (!drop(partsSent++)) return p;
      partsGone++;
      return null;
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
  return { windows, served, inFlight, partsSent, received: done[0] as IncomingResource, data };
}

interface Paced {
  /** The receiver's window as each request left. */
  windows: number[];
  /** The segment (1-based) each request asked for. */
  segments: number[];
  /** As each request left: true when nothing was on its way, no part and no earlier request. */
  emptyPipe: boolean[];
  /** Manual-clock time from sendResource() to the receiver's conclusion. */
  seconds: number;
  partsSent: number;
  received: IncomingResource;
  data: Uint8Array;
}

/**
 * Sends `size` random bytes over a link with `oneWay` seconds of latency each way on top of the
 * serialisation time at `bytesPerSecond` (each direction its own wire, packets in order): a VPN
 * or Internet path rather than a serial line. Link setup is not delayed.
 */
async function simulatePath(oneWay: number, bytesPerSecond: number, size: number, mtu: number): Promise<Paced> {
  const scheduler = new ManualScheduler();
  const windows: number[] = [];
  const segments: number[] = [];
  const emptyPipe: boolean[] = [];
  const wireFree = { toResponder: 0, toInitiator: 0 };
  let partsOnTheirWay = 0;
  let requestsOnTheirWay = 0;
  let partsSent = 0;
  let responder: Link | null = null;
  let pathed = false;
  const pair = createMemoryPair({
    scheduler,
    mtu,
    tap: (p: Packet, direction) => {
      if (!pathed) return p;
      if (p.context === Context.RESOURCE) {
        partsOnTheirWay++;
        partsSent++;
      }
      if (p.context === Context.RESOURCE_REQ) {
        const [incoming] = responder?.resources.incoming ?? [];
        windows.push(incoming?.window ?? -1);
        segments.push(incoming?.segmentIndex ?? -1);
        emptyPipe.push(partsOnTheirWay === 0 && requestsOnTheirWay === 0);
        requestsOnTheirWay++;
      }
      const now = scheduler.now();
      const leaves = Math.max(now, wireFree[direction]) + (p.data.length + 19) / bytesPerSecond;
      wireFree[direction] = leaves;
      scheduler.setTimer(leaves + oneWay - now, () => {
        if (p.context === Context.RESOURCE) partsOnTheirWay--;
        if (p.context === Context.RESOURCE_REQ) requestsOnTheirWay--;
        if (direction === 'toResponder') responder?.receive(p);
        else pair.initiator.receive(p);
      });
      return null;
    },
  });
  pair.pump();
  responder = pair.responder() as Link;
  responder.setResourceStrategy('all');
  pathed = true;
  const done: IncomingResource[] = [];
  responder.resources.onConcluded = (r) => done.push(r);
  const data = randomBytes(size);
  const start = scheduler.now();
  await pair.initiator.sendResource(data, { autoCompress: false });
  await pumpUntil(pair, scheduler, () => done.length > 0, 0.001);
  expect(done).toHaveLength(1);
  return { windows, segments, emptyPipe, seconds: scheduler.now() - start, partsSent, received: done[0] as IncomingResource, data };
}

function expectIntact(s: Pick<Simulated, 'received' | 'data'>): void {
  expect(s.received.status).toBe(ResourceStatus.COMPLETE);
  expect(toHex(s.received.data as Uint8Array)).toBe(toHex(s.data));
}

describe('resource request window', () => {
  it('on a fast link grows by one part per round until the link proves fast, then doubles and asks ahead', async () => {
    // 10 MB/s with 8 KiB parts (a TCP link), one segment of 124 parts. Growing by one part per
    // round, as the reference does, takes 14 rounds, each waiting for the one before. The second
    // round proves the link fast and already doubles; from then on the next request leaves
    // when half of the parts in flight have arrived. The advertised hashmap ends at part 74: the
    // fourth request, which could reach it as the window grows, flags it exhausted, and its
    // update comes after that request's parts. The update lets the requests go on to part 74
    // (the sixth, before the window has grown again) and past it.
    const s = await simulate(10_000_000, 126 * 8000, 8192);
    expectIntact(s);
    expect(s.windows).toEqual([4, 5, 10, 20, 40, 40, WINDOW_MAX_FAST]);
    expect(s.served).toEqual([4, 5, 10, 15, 30, 10, 124 - 74]);
    // The first three requests wait for their round; the next two leave with half a window on
    // its way (10 and 20 parts not yet arrived), so the sender is never idle between them.
    expect(s.inFlight.slice(0, 3)).toEqual([0, 0, 0]);
    expect(s.inFlight.slice(3, 5)).toEqual([5, 10]);
    expect(s.partsSent).toBe(s.received.totalParts);
  });

  it('on a slow link grows by one part per round up to the slow maximum, as the reference', async () => {
    // 4 kB/s, below the fast rate of 6.25 kB/s (a radio link): the reference's pacing, one
    // round at a time.
    const s = await simulate(4_000, 30_000, 500);
    expectIntact(s);
    const steps = WINDOW_MAX_SLOW - WINDOW + 1;
    expect(s.windows.slice(0, steps)).toEqual(Array.from({ length: steps }, (_, i) => WINDOW + i));
    expect(s.windows.slice(steps).every((w) => w === WINDOW_MAX_SLOW)).toBe(true);
    expect(s.windows.length).toBeGreaterThan(steps);
    expect(s.inFlight.every((n) => n === 0)).toBe(true);
    expect(s.partsSent).toBe(s.received.totalParts);
  });

  it('asks again at the hashmap update for a part lost while asking ahead, without a timeout', async () => {
    // Part 20 (sent 20th) is lost while later requests go out. The hashmap update follows every
    // part asked for before the request that flagged it, so the part is asked for again at once,
    // alone (the parts asked for after that request are still on their way).
    const s = await simulate(10_000_000, 120 * 8000, 8192, (n) => n === 20);
    expectIntact(s);
    // No timeout: the window never shrinks, and only the lost part is sent twice.
    expect(s.windows.slice(0, 6)).toEqual([4, 5, 10, 20, 40, 40]);
    expect(s.served[5]).toBe(1);
    expect(s.windows.slice(6).every((w) => w === WINDOW_MAX_FAST)).toBe(true);
    expect(s.partsSent).toBe(s.received.totalParts + 1);
  });

  it('on a path with latency asks for the next hashmap segment early, so no round trip is spent waiting for it', async () => {
    // 20 ms each way, one segment of 122 parts, once at 10 MB/s (the bandwidth limits) and once
    // at 1 GB/s (the window limits, as on a VPN over a fast line). The advertisement carries 74
    // map hashes. The request that could reach part 74 with the window as it grows flags the
    // hashmap exhausted; the update arrives behind that request's parts and the next requests go
    // on past part 74 while parts are still on their way. Waiting until the window ran into part
    // 74 (as the reference receiver does) left the last request on an empty path: one round trip
    // more (7.5 instead of 6.5 round trips at 1 GB/s).
    for (const bytesPerSecond of [10_000_000, 1_000_000_000]) {
      const s = await simulatePath(0.02, bytesPerSecond, 124 * 8000, 8192);
      expectIntact(s);
      expect(s.windows).toEqual([4, 5, 10, 20, 40, 40, WINDOW_MAX_FAST]);
      // The first three requests wait for their round (the reference's pacing until the link
      // has proven fast); after them, something is always on its way when a request leaves.
      expect(s.emptyPipe).toEqual([true, true, true, false, false, false, false]);
      expect(s.partsSent).toBe(s.received.totalParts);
    }
  });

  it('asks for a later segment in as few requests as its inherited window allows', async () => {
    // 3 MiB in four segments (three of 129 parts, one of 3 bytes) over the window-limited path.
    // A later segment inherits the window of 75: it asks for the 74 advertised parts at once,
    // flagging the hashmap exhausted, and for the other 55 when the update arrives. Opening with
    // half a window, so that the rest could be asked for while that half is on its way, costs a
    // third round trip when the window and not the bandwidth is the limit (tried: 16 MiB through
    // a 20 ms proxy fell from ~12.5 to ~10.5 MB/s).
    const s = await simulatePath(0.02, 1_000_000_000, 3 * 1024 * 1024, 8192);
    expectIntact(s);
    for (const segment of [2, 3]) {
      expect(s.windows.filter((_, i) => s.segments[i] === segment)).toEqual([WINDOW_MAX_FAST, WINDOW_MAX_FAST]);
    }
  });

  it('asks for a hashmap segment early only while the sender still serves every missing part', async () => {
    // MTU 500 (a peer without link MTU discovery): ~2 100 parts, a hashmap update every 74. One
    // part is lost while the window moves on. After an update the sender looks for requested
    // parts from WINDOW_MAX parts before that segment's end only: an update asked for while a
    // part further back is still missing would leave that part unservable, and the transfer
    // would time out and fail.
    for (const lost of [100, 200, 300]) {
      const s = await simulate(10_000_000, 1_000_000, 500, (n) => n === lost);
      expectIntact(s);
      expect(s.partsSent).toBe(s.received.totalParts + 1);
    }
  });

  it('times out a part lost after the last hashmap update, shrinks the window and asks for that part alone', async () => {
    // Part 100 is lost after the last hashmap update: nothing else will come, so the watchdog
    // times the part out. The window shrinks by one and the part is asked for on its own.
    const s = await simulate(10_000_000, 120 * 8000, 8192, (n) => n === 100);
    expectIntact(s);
    expect(s.windows).toEqual([4, 5, 10, 20, 40, 40, WINDOW_MAX_FAST, WINDOW_MAX_FAST - 1]);
    expect(s.served.at(-1)).toBe(1);
    expect(s.partsSent).toBe(s.received.totalParts + 1);
  });
});
