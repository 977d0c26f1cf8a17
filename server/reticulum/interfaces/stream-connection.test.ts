// SPDX-License-Identifier: MIT
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { StreamConnection } from './stream-connection.js';

describe('StreamConnection', () => {
  it('tears the connection down when the peer stops taking data for userTimeoutMs (TCP_USER_TIMEOUT)', async () => {
    const stalled: net.Socket[] = [];
    const server = net.createServer((s) => {
      s.pause(); // never read: the kernel buffers fill and our writes queue up
      stalled.push(s);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let closedWith: Error | undefined;
    const closed = new Promise<void>((resolve) => {
      const conn = new StreamConnection(socket, {
        kissFraming: false,
        maxFrameSize: 1 << 20,
        userTimeoutMs: 200,
        keepAliveMs: 5000,
        onFrame: () => {},
        onDrop: () => {},
        onBytes: () => {},
        onClose: (err) => {
          closedWith = err;
          resolve();
        },
      });
      const big = new Uint8Array(1 << 20).fill(0x41);
      for (let i = 0; i < 64 && conn.isOpen; i++) conn.write(big);
    });
    await closed;
    expect(closedWith?.message).toMatch(/user timeout/);
    for (const s of stalled) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
