// SPDX-License-Identifier: MIT
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { hdlcFrame } from '../../framing/index.js';
import type { PairFactory } from '../compliance.suite.js';
import { runInterfaceCompliance, testPacket, waitFor } from '../compliance.suite.js';
import type { NetworkInterface } from '../interface.js';
import { abstractSocketListening } from './abstract-probe.js';
import type { AbstractSocketAddon } from './native.js';
import { abstractSockets } from './native.js';
import { UnixLocalClientInterface, UnixLocalServerInterface } from './unix-local.js';

const addon = abstractSockets();
const uniqueName = () => `strandtest/${process.pid}/${Math.random().toString(36).slice(2, 10)}`;

/** Writes raw bytes to `\0name` from a fresh connection, then closes it. */
async function rawWrite(lib: AbstractSocketAddon, name: string, bytes: Uint8Array): Promise<void> {
  const socket = new net.Socket({ fd: lib.connect(name), readable: true, writable: true });
  await new Promise<void>((resolve) => socket.end(bytes, () => resolve()));
  await new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

// The addon is built at install (native/build.mjs); where it is missing, Strand uses TCP instead.
describe.skipIf(!addon)('UnixLocalServerInterface / UnixLocalClientInterface (abstract socket)', () => {
  const lib = addon as AbstractSocketAddon;
  const pair: PairFactory = async (handlers) => {
    const name = uniqueName();
    const makeServer = () => {
      const s = new UnixLocalServerInterface({ socketName: name, addon: lib });
      s.attach(handlers.b);
      return s;
    };
    let server = makeServer();
    await server.start();
    const client = new UnixLocalClientInterface({ socketName: name, addon: lib, reconnectWaitMs: 50 });
    client.attach(handlers.a);
    await client.start();
    return {
      a: client,
      get b(): NetworkInterface {
        return server;
      },
      frame: hdlcFrame,
      sendRawToB: (bytes) => rawWrite(lib, name, bytes),
      restartB: async () => {
        await server.stop();
        server = makeServer();
        await server.start();
        return server;
      },
      maxPacket: server.hwMtu,
      close: async () => {
        await client.stop();
        await server.stop();
      },
    };
  };
  runInterfaceCompliance(pair);

  it('binds the exact-length name, and a second server on it gets EADDRINUSE', async () => {
    const name = uniqueName();
    const first = new UnixLocalServerInterface({ socketName: name, addon: lib });
    await first.start();
    try {
      expect(await abstractSocketListening(name)).toBe(true);
      const second = new UnixLocalServerInterface({ socketName: name, addon: lib });
      await expect(second.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.stop();
    }
    expect(await abstractSocketListening(name)).toBe(false);
  });

  it('a client started before the server attaches once it appears', async () => {
    const name = uniqueName();
    const got: Uint8Array[] = [];
    const client = new UnixLocalClientInterface({ socketName: name, addon: lib, reconnectWaitMs: 20 });
    client.attach({ onPacket: () => undefined });
    await client.start();
    expect(client.online).toBe(false);
    const server = new UnixLocalServerInterface({ socketName: name, addon: lib });
    server.attach({ onPacket: (p) => got.push(p) });
    await server.start();
    try {
      await waitFor(() => client.online, 2000, 'client online');
      client.send(testPacket(40, 7));
      await waitFor(() => got.length === 1, 2000, 'packet at server');
      expect(Buffer.from(got[0]!).equals(Buffer.from(testPacket(40, 7)))).toBe(true);
    } finally {
      await client.stop();
      await server.stop();
    }
  });
});
