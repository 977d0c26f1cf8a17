// SPDX-License-Identifier: MIT
// A TCP proxy on 127.0.0.1 that holds every chunk for a fixed time before passing it on, each
// direction on its own: two processes on one machine then talk as over a VPN or Internet path
// (round trip = 2 × delay) while the bandwidth stays that of loopback. Used by the link-path
// scenario for Strand and the reference alike; `tc netem` would do the same in the kernel but
// needs root and a module this machine does not have.
import net from 'node:net';

export interface DelayProxy {
  /** The port to connect to instead of the target's. */
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on an ephemeral port and forwards each connection to `targetPort`, `delayMs` later. */
export async function startDelayProxy(targetPort: number, delayMs: number): Promise<DelayProxy> {
  if (!Number.isInteger(targetPort) || targetPort <= 0 || targetPort > 65_535) throw new RangeError(`bad target port ${targetPort}`);
  if (!(delayMs >= 0)) throw new RangeError(`bad delay ${delayMs}`);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.once('close', () => sockets.delete(s));
    }
    // Timers of one duration fire in the order they were set, so chunks keep their order.
    const relay = (from: net.Socket, to: net.Socket): void => {
      from.on('data', (chunk: Buffer) => {
        setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
        }, delayMs);
      });
    };
    relay(inbound, outbound);
    relay(outbound, inbound);
    // An end or error on either side ends both, after the data already held has gone through.
    const end = (): void => {
      setTimeout(() => {
        inbound.destroy();
        outbound.destroy();
      }, delayMs);
    };
    for (const s of [inbound, outbound]) {
      s.once('end', end);
      s.once('error', end);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('delay proxy has no TCP port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        // 'close' comes before libuv has released the handle, which happens in the close phase
        // after this turn's immediates: resolving one turn later leaves nothing active behind.
        server.close(() => setImmediate(() => setImmediate(resolve)));
      }),
  };
}
