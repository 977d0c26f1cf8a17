// SPDX-License-Identifier: MIT
// The one compliance suite every NetworkInterface implementation runs (libp2p's
// interface-compliance-tests idea): a factory builds a connected pair over real sockets, and the
// suite checks traffic both ways, recovery after the peer restarts, hostile input, and that stop()
// leaves nothing running. Not a test file itself: *.test.ts files call runInterfaceCompliance.

import net from 'node:net';
import { expect, it } from 'vitest';
import type { InterfaceHandlers, NetworkInterface } from './interface.js';

/** A connected pair as the suite needs it. `a` and `b` are attached to the given handlers. */
export interface CompliancePair {
  a: NetworkInterface;
  b: NetworkInterface;
  /** Wire bytes `b` expects for one packet (framing applied, IFAC applied if configured). */
  frame(packet: Uint8Array): Uint8Array;
  /** Delivers raw wire bytes to `b` from a fresh raw peer (socket or datagram). */
  sendRawToB(bytes: Uint8Array): Promise<void>;
  /** Stops `b` and starts a replacement at the same address (attached to the same handlers). */
  restartB(): Promise<NetworkInterface>;
  /** Largest packet `b` accepts (its hwMtu). */
  maxPacket: number;
  /** Stops everything the factory created. */
  close(): Promise<void>;
}

export type PairFactory = (handlers: { a: InterfaceHandlers; b: InterfaceHandlers }) => Promise<CompliancePair>;

interface Inbox {
  handlers: InterfaceHandlers;
  packets: Array<{ packet: Uint8Array; from: NetworkInterface }>;
}

function inbox(): Inbox {
  const packets: Inbox['packets'] = [];
  return { packets, handlers: { onPacket: (packet, from) => packets.push({ packet, from }) } };
}

/** Polls `cond` until true (5 ms steps) or fails after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A deterministic packet of `n` bytes with plain header flags (no IFAC bit), including specials. */
export function testPacket(n: number, seed = 1): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 31 + seed * 7) & 0xff;
  p[0] = seed & 0x7f;
  if (n > 5) {
    p[3] = 0x7e;
    p[4] = 0x7d;
    p[5] = 0xc0;
  }
  return p;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const HANDLE_TYPES = new Set(['TCPSocketWrap', 'TCPServerWrap', 'UDPWrap', 'Timeout', 'PipeWrap']);

function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (HANDLE_TYPES.has(r)) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

function totalDrops(i: NetworkInterface): number {
  return Object.values(i.stats().dropped).reduce((n, v) => n + v, 0);
}

/** Registers the compliance tests for one implementation (call inside a describe block). */
export function runInterfaceCompliance(factory: PairFactory): void {
  async function withPair(fn: (pair: CompliancePair, inA: Inbox, inB: Inbox) => Promise<void>): Promise<void> {
    const inA = inbox();
    const inB = inbox();
    const pair = await factory({ a: inA.handlers, b: inB.handlers });
    try {
      await waitFor(() => pair.a.online && pair.b.online, 5_000, 'both sides online');
      await fn(pair, inA, inB);
    } finally {
      await pair.close();
    }
  }

  it('carries packets both ways, byte for byte, in order', async () => {
    await withPair(async (pair, inA, inB) => {
      const toB = [testPacket(20, 1), testPacket(500, 2), testPacket(pair.maxPacket, 3)];
      await sendUntilReceived(pair.a, toB[0]!, inB);
      for (const p of toB.slice(1)) pair.a.send(p);
      await waitFor(() => inB.packets.length >= toB.length, 5_000, 'packets at b');
      expect(inB.packets.slice(-3).map((x) => hex(x.packet))).toEqual(toB.map(hex));

      const toA = [testPacket(64, 4), testPacket(300, 5)];
      for (const p of toA) pair.b.send(p);
      await waitFor(() => inA.packets.length >= toA.length, 5_000, 'packets at a');
      expect(inA.packets.map((x) => hex(x.packet))).toEqual(toA.map(hex));

      // A reply through the receiving interface Transport was given (the interface itself, or the
      // spawned client/peer it reported) reaches the sender, in both directions.
      inB.packets[0]!.from.send(testPacket(40, 6));
      await waitFor(() => inA.packets.length === 3, 5_000, 'reply at a');
      const before = inB.packets.length;
      inA.packets[0]!.from.send(testPacket(41, 14));
      await waitFor(() => inB.packets.length === before + 1, 5_000, 'reply at b');
      expect(pair.a.stats().rxPackets).toBeGreaterThanOrEqual(3);
      expect(pair.a.stats().txPackets).toBeGreaterThanOrEqual(3);
    });
  });

  it('recovers after the peer restarts', async () => {
    await withPair(async (pair, inA, inB) => {
      await sendUntilReceived(pair.a, testPacket(30, 7), inB);
      const b2 = await pair.restartB();
      await waitFor(() => pair.a.online && b2.online, 10_000, 'reconnect');
      const before = inB.packets.length;
      await sendUntilReceived(pair.a, testPacket(33, 8), inB, before);
      b2.send(testPacket(34, 9));
      await waitFor(() => inA.packets.some((x) => x.packet.length === 34), 5_000, 'packet from restarted peer');
    });
  });

  it('drops and counts oversized, runt and garbage input without crashing', async () => {
    await withPair(async (pair, _inA, inB) => {
      const dropsBefore = totalDrops(pair.b);
      await pair.sendRawToB(pair.frame(testPacket(pair.maxPacket + 1, 10)));
      // 3 bytes: a runt even after a 16-byte IFAC is added (RNS checks the raw frame length).
      await pair.sendRawToB(pair.frame(testPacket(3, 11)));
      await pair.sendRawToB(Uint8Array.from([0x01, 0x02, 0x03, 0x7e, 0x7e, 0xc0, 0x00, 0xc0]));
      await waitFor(() => totalDrops(pair.b) >= dropsBefore + 2, 5_000, 'drops counted');
      expect(inB.packets).toHaveLength(0);
      const good = testPacket(50, 12);
      await pair.sendRawToB(pair.frame(good));
      await waitFor(() => inB.packets.length === 1, 5_000, 'valid packet after garbage');
      expect(hex(inB.packets[0]!.packet)).toBe(hex(good));
      expect(pair.b.online).toBe(true);
    });
  });

  it('stop() leaves no socket or timer behind and is idempotent', async () => {
    const before = openHandles();
    const inA = inbox();
    const inB = inbox();
    const pair = await factory({ a: inA.handlers, b: inB.handlers });
    await waitFor(() => pair.a.online && pair.b.online, 5_000, 'both sides online');
    await sendUntilReceived(pair.a, testPacket(25, 13), inB);
    await pair.close();
    await pair.a.stop();
    await pair.b.stop();
    expect(pair.a.online).toBe(false);
    expect(pair.b.online).toBe(false);
    // Nothing may be left beyond what was there before (a timer of the runner may end meanwhile).
    const after = openHandles();
    for (const [type, n] of Object.entries(after)) expect({ type, n }).toEqual({ type, n: Math.min(n, before[type] ?? 0) });
  });
}

/**
 * Sends until the peer has it. Datagram interfaces may lose the very first packet while the
 * receiver binds, and a TCP server sees a client only once it has accepted it.
 */
async function sendUntilReceived(from: NetworkInterface, packet: Uint8Array, to: Inbox, already = 0): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!to.packets.slice(already).some((x) => hex(x.packet) === hex(packet))) {
    if (Date.now() > deadline) throw new Error('packet never arrived');
    from.send(packet);
    await new Promise((r) => setTimeout(r, 20));
  }
  // Later assertions count packets; drop duplicates from retries.
  const seen = to.packets.slice(already).filter((x) => hex(x.packet) === hex(packet));
  for (const dup of seen.slice(1)) to.packets.splice(to.packets.indexOf(dup), 1);
}

/** Writes raw bytes on a fresh connection and closes it once the server has read them. */
export async function rawWrite(port: number, bytes: Uint8Array): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => resolve());
  });
  await new Promise<void>((resolve) => socket.end(bytes, () => resolve()));
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.resume();
  });
}
