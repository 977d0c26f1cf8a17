// SPDX-License-Identifier: MIT
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayProxy } from './delay-proxy.js';
import type { DelayProxy } from './delay-proxy.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

/** An echo server on 127.0.0.1. */
async function echoServer(): Promise<number> {
  const server = net.createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function proxyTo(port: number, delayMs: number): Promise<DelayProxy> {
  const proxy = await startDelayProxy(port, delayMs);
  closers.push(() => proxy.close());
  return proxy;
}

/** Sends `payload` through `port` and resolves with the echoed bytes and the time they took. */
function roundTrip(port: number, payload: Buffer): Promise<{ echoed: Buffer; ms: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const socket = net.connect(port, '127.0.0.1', () => {
      const start = performance.now();
      // Written in several pieces, so ordering across chunks is exercised.
      for (let at = 0; at < payload.length; at += 1000) socket.write(payload.subarray(at, at + 1000));
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received < payload.length) return;
        socket.destroy();
        resolve({ echoed: Buffer.concat(chunks), ms: performance.now() - start });
      });
    });
    socket.once('error', reject);
  });
}

describe('delay proxy', () => {
  it('passes every byte through in order, each direction held for the delay', async () => {
    const payload = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7) & 0xff));
    const proxy = await proxyTo(await echoServer(), 40);
    const { echoed, ms } = await roundTrip(proxy.port, payload);
    expect(echoed.equals(payload)).toBe(true);
    // There and back: at least two delays (a lower bound only; a busy machine adds to it).
    expect(ms).toBeGreaterThanOrEqual(80 - 1);
  });

  it('refuses a target port or delay that cannot work', async () => {
    await expect(startDelayProxy(0, 10)).rejects.toThrow(RangeError);
    await expect(startDelayProxy(70_000, 10)).rejects.toThrow(RangeError);
    await expect(startDelayProxy(1234, Number.NaN)).rejects.toThrow(RangeError);
  });
});
