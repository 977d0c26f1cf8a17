// SPDX-License-Identifier: MIT
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TurnSlices } from './turn-slices.js';

/** Resolves after the current turn's setImmediate callbacks (one more turn of the loop). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TurnSlices', () => {
  it('lets the first callers of a turn through at once and queues the rest in order', async () => {
    const slices = new TurnSlices(3);
    const ran: number[] = [];
    const work = async (i: number): Promise<void> => {
      const turn = slices.slot();
      if (turn) await turn;
      ran.push(i);
    };
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => work(i)));
    expect(ran).toEqual([0, 1, 2]);
    expect(slices.waitingCount).toBe(5);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await all;
    expect(slices.waitingCount).toBe(0);
  });

  it('reads I/O between slices: data arriving on a socket is handled before the burst ends', async () => {
    const server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const peer = await accepted;
    try {
      const slices = new TurnSlices(2);
      const order: string[] = [];
      peer.once('data', () => order.push('io'));
      const work = async (i: number): Promise<void> => {
        const turn = slices.slot();
        if (turn) await turn;
        order.push(`work ${i}`);
      };
      // 400 items at 2 per turn: 200 turns of the loop, plenty for a loopback write to land.
      const all = Promise.all(Array.from({ length: 400 }, (_, i) => work(i)));
      client.write('x');
      await all;
      expect(order.indexOf('io')).toBeGreaterThan(order.indexOf('work 1'));
      expect(order.indexOf('io')).toBeLessThan(order.indexOf('work 399'));
    } finally {
      client.destroy();
      peer.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives a later turn its whole share again, and a lone caller never waits', async () => {
    const slices = new TurnSlices(2);
    expect(slices.slot()).toBeNull();
    expect(slices.slot()).toBeNull();
    expect(slices.slot()).toBeInstanceOf(Promise);
    await nextTurn();
    await nextTurn();
    expect(slices.waitingCount).toBe(0);
    expect(slices.slot()).toBeNull();
  });

  it('later() never lets a caller through in its own turn, and then at most the share per turn, in order', async () => {
    const slices = new TurnSlices(2);
    const ran: number[] = [];
    const all = Promise.all([0, 1, 2, 3, 4].map((i) => slices.later().then(() => ran.push(i))));
    await Promise.resolve();
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([0, 1]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2, 3]);
    await all;
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a share that is not a positive integer', () => {
    expect(() => new TurnSlices(0)).toThrow(RangeError);
    expect(() => new TurnSlices(1.5)).toThrow(RangeError);
  });
});
