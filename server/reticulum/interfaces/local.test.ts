// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { hdlcFrame } from '../framing/index.js';
import type { PairFactory } from './compliance.suite.js';
import { rawWrite, runInterfaceCompliance, testPacket, waitFor } from './compliance.suite.js';
import { LOCAL_SHARED_INSTANCE_PORT } from './constants.defaults.js';
import type { NetworkInterface } from './interface.js';
import { LocalClientInterface, LocalServerInterface, openSharedInstance } from './local.js';

const localPair: PairFactory = async (handlers) => {
  const makeServer = (port: number) => {
    const s = new LocalServerInterface({ port });
    s.attach(handlers.b);
    return s;
  };
  let server = makeServer(0);
  await server.start();
  const port = server.port;
  const client = new LocalClientInterface({ port, reconnectWaitMs: 50 });
  client.attach(handlers.a);
  await client.start();
  return {
    a: client,
    get b(): NetworkInterface {
      return server;
    },
    frame: hdlcFrame,
    sendRawToB: (bytes) => rawWrite(port, bytes),
    restartB: async () => {
      await server.stop();
      server = makeServer(port);
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

describe('LocalClientInterface + LocalServerInterface (shared instance over TCP)', () => {
  runInterfaceCompliance(localPair);
});

describe('Local specifics', () => {
  it('defaults to the RNS names, port, bitrate and MTU, without IFAC', () => {
    const s = new LocalServerInterface();
    const c = new LocalClientInterface();
    expect([s.name, s.port, s.bitrate, s.hwMtu, s.ifacSize]).toEqual(['Reticulum', LOCAL_SHARED_INSTANCE_PORT, 1e9, 262144, 0]);
    expect([c.name, c.targetHost, c.targetPort, c.hwMtu]).toEqual(['Local shared instance', '127.0.0.1', 37428, 262144]);
  });
});

describe('openSharedInstance', () => {
  it('becomes the shared instance when the port is free, and a client of it otherwise', async () => {
    const first = await openSharedInstance({ onPacket: () => {} }, { port: 0 });
    expect(first.role).toBe('server');
    const port = (first.interface as LocalServerInterface).port;
    const got: Uint8Array[] = [];
    const second = await openSharedInstance({ onPacket: (p) => got.push(p) }, { port, reconnectWaitMs: 50 });
    try {
      expect(second.role).toBe('client');
      await waitFor(() => second.interface.online && (first.interface as LocalServerInterface).clients().length === 1, 5_000, 'attached');
      first.interface.send(testPacket(30));
      await waitFor(() => got.length === 1, 5_000, 'packet from shared instance');
    } finally {
      await second.interface.stop();
      await first.interface.stop();
    }
  });
});
