// SPDX-License-Identifier: MIT
// Unit tests of the bounded tables: hashlist rotation, path-table decisions, rate limiter, announce cap.
import { describe, expect, it } from 'vitest';
import { AnnounceCap, AnnounceRateLimiter } from './announce-control.js';
import { InterfaceSet } from './interface-set.js';
import { BoundedMap, PacketHashlist } from './packet-cache.js';
import { PathTable } from './path-table.js';
import { MemoryInterface } from './testing/memory-interface.js';

const h = (n: number, len = 32) => new Uint8Array(len).fill(n);
const blob = (r: number, t: number) => Uint8Array.of(r, r, r, r, r, 0, (t >>> 24) & 255, (t >>> 16) & 255, (t >>> 8) & 255, t & 255);

describe('PacketHashlist', () => {
  it('remembers at least half its size and never holds more than its size', () => {
    const list = new PacketHashlist(10);
    for (let i = 0; i < 100; i++) {
      list.add(h(i));
      expect(list.size).toBeLessThanOrEqual(10);
    }
    expect(list.has(h(99))).toBe(true);
    expect(list.has(h(95))).toBe(true);
    expect(list.has(h(0))).toBe(false);
    list.delete(h(99));
    expect(list.has(h(99))).toBe(false);
  });
  it('BoundedMap evicts the oldest', () => {
    const m = new BoundedMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([false, true, true]);
  });
});

describe('PathTable.shouldAdd (the reference rules)', () => {
  const iface = new MemoryInterface('x');
  const dest = h(1, 16);
  function table(hops: number, t: number, expires = 1e12): PathTable {
    const pt = new PathTable();
    pt.add({ destinationHash: dest, timestamp: 0, nextHop: dest, hops, expires, iface, announceHash: h(0), announceRaw: h(0), randomBlob: blob(1, t) });
    return pt;
  }
  it('adds unknown destinations', () => {
    expect(new PathTable().shouldAdd(dest, { hops: 9, randomBlob: blob(1, 1), emitted: 1 }, 0)).toBe(true);
  });
  it('fewer or equal hops: only a new, newer announce replaces', () => {
    const pt = table(3, 100);
    expect(pt.shouldAdd(dest, { hops: 2, randomBlob: blob(2, 101), emitted: 101 }, 0)).toBe(true);
    expect(pt.shouldAdd(dest, { hops: 2, randomBlob: blob(2, 100), emitted: 100 }, 0)).toBe(false);
    expect(pt.shouldAdd(dest, { hops: 3, randomBlob: blob(1, 100), emitted: 100 }, 0)).toBe(false);
  });
  it('more hops: only when the path expired or the emission is newer, and never a blob already seen', () => {
    expect(table(2, 100).shouldAdd(dest, { hops: 5, randomBlob: blob(2, 100), emitted: 100 }, 0)).toBe(false);
    expect(table(2, 100).shouldAdd(dest, { hops: 5, randomBlob: blob(2, 101), emitted: 101 }, 0)).toBe(true);
    expect(table(2, 100, 10).shouldAdd(dest, { hops: 5, randomBlob: blob(2, 50), emitted: 50 }, 20)).toBe(true);
    expect(table(2, 100, 10).shouldAdd(dest, { hops: 5, randomBlob: blob(1, 100), emitted: 100 }, 20)).toBe(false);
  });
  it('more hops with equal emission replaces an unresponsive path', () => {
    const pt = table(2, 100);
    pt.markUnresponsive(dest);
    expect(pt.shouldAdd(dest, { hops: 4, randomBlob: blob(3, 100), emitted: 100 }, 0)).toBe(true);
  });
  it('culls expired paths and paths on interfaces that are gone', () => {
    const pt = table(1, 1, 10);
    expect(pt.cull(5, new Set([iface]))).toBe(0);
    expect(pt.cull(5, new Set())).toBe(1);
  });
});

describe('AnnounceRateLimiter', () => {
  it('blocks after more than `grace` announces inside the target interval, until last + target + penalty', () => {
    const rl = new AnnounceRateLimiter();
    const policy = { targetMs: 1000, grace: 2, penaltyMs: 500 };
    const d = h(1, 16);
    expect(rl.check(d, 0, policy)).toBe(false);
    expect(rl.check(d, 10, policy)).toBe(false); // 1 violation
    expect(rl.check(d, 20, policy)).toBe(false); // 2
    expect(rl.check(d, 30, policy)).toBe(true); // 3 > grace: blocked until 20 + 1000 + 500
    expect(rl.check(d, 1500, policy)).toBe(true);
    expect(rl.check(d, 1521, policy)).toBe(false); // a slow one decrements the violations
    expect(rl.check(h(2, 16), 30, policy)).toBe(false);
  });
});

describe('AnnounceCap', () => {
  it('sends the first at once, then queues within 2 % of the bitrate, lowest hops first, one per destination', async () => {
    const iface = new MemoryInterface('slow', { bitrate: 8000 });
    await iface.start();
    const cap = new AnnounceCap(iface);
    const raw = (n: number) => new Uint8Array(100).fill(n);
    cap.submit(h(1, 16), raw(1), 3, 1, 0);
    expect(iface.sent).toHaveLength(1);
    // 800 bits at 8000 bit/s = 0.1 s, / 0.02 = 5 s of silence.
    cap.submit(h(2, 16), raw(2), 4, 1, 10);
    cap.submit(h(3, 16), raw(3), 2, 1, 20);
    cap.submit(h(3, 16), raw(4), 2, 2, 30); // newer emission replaces the queued one
    expect(cap.queued).toBe(2);
    cap.process(4999);
    expect(iface.sent).toHaveLength(1);
    cap.process(5000);
    expect(iface.sent.map((s) => s[0])).toEqual([1, 4]);
    cap.process(10000);
    expect(iface.sent.map((s) => s[0])).toEqual([1, 4, 2]);
    await iface.stop();
  });
});

describe('InterfaceSet', () => {
  it('sends broadcasts to spawned peers instead of their parent, and forgets peers that leave', async () => {
    const server = new MemoryInterface('server');
    const plain = new MemoryInterface('plain');
    const peer1 = new MemoryInterface('peer1');
    const peer2 = new MemoryInterface('peer2');
    await peer2.start();
    const set = new InterfaceSet([server, plain]);
    expect(set.outbound()).toEqual([server, plain]);
    set.status(server, peer1, true);
    expect(set.outbound()).toEqual([plain, peer1]);
    // A packet from a peer nobody announced is adopted while it is online, never after it left.
    set.seen(server, peer2);
    expect(set.live().has(peer2)).toBe(true);
    expect(set.status(server, peer1, false)).toBe(true);
    expect(set.outbound()).toEqual([plain, peer2]);
    await peer2.stop();
    set.status(server, peer2, false);
    set.seen(server, peer2);
    expect(set.live().has(peer2)).toBe(false);
  });
});
