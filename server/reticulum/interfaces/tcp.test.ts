// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { hdlcFrame, kissFrame } from '../framing/index.js';
import { Ifac } from '../ifac/index.js';
import type { CompliancePair, PairFactory } from './compliance.suite.js';
import { rawWrite, runInterfaceCompliance, testPacket, waitFor } from './compliance.suite.js';
import type { IfacSettings } from './base.js';
import type { NetworkInterface } from './interface.js';
import { TCPClientInterface } from './tcp-client.js';
import { TCPServerInterface } from './tcp-server.js';

function tcpPair(opts: { kiss?: boolean; ifac?: IfacSettings } = {}): PairFactory {
  return async (handlers) => {
    const makeServer = (port: number) => {
      const s = new TCPServerInterface({ name: 'srv', listenIp: '127.0.0.1', listenPort: port, kissFraming: opts.kiss, ifac: opts.ifac });
      s.attach(handlers.b);
      return s;
    };
    let server = makeServer(0);
    await server.start();
    const port = server.port;
    const client = new TCPClientInterface({
      name: 'cli',
      targetHost: '127.0.0.1',
      targetPort: port,
      kissFraming: opts.kiss,
      ifac: opts.ifac,
      reconnectWaitMs: 50,
    });
    client.attach(handlers.a);
    await client.start();
    const ifac = opts.ifac ? new Ifac({ ...opts.ifac, size: opts.ifac.size ?? 16 }) : null;
    const pair: CompliancePair = {
      a: client,
      get b(): NetworkInterface {
        return server;
      },
      frame: (p) => {
        const sealed = ifac ? ifac.seal(p) : p;
        return opts.kiss ? kissFrame(sealed) : hdlcFrame(sealed);
      },
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
    return pair;
  };
}

describe('TCPClientInterface + TCPServerInterface (HDLC)', () => {
  runInterfaceCompliance(tcpPair());
});

describe('TCPClientInterface + TCPServerInterface (KISS framing)', () => {
  runInterfaceCompliance(tcpPair({ kiss: true }));
});

describe('TCPClientInterface + TCPServerInterface (IFAC)', () => {
  runInterfaceCompliance(tcpPair({ ifac: { networkName: 'testnet', passphrase: 'secret' } }));
});

describe('TCP specifics', () => {
  it('uses the RNS MTU for a 10 Mbit/s guess and honours fixed_mtu and bitrate', () => {
    expect(new TCPClientInterface({ name: 'c', targetHost: 'x', targetPort: 1 }).hwMtu).toBe(8192);
    expect(new TCPClientInterface({ name: 'c', targetHost: 'x', targetPort: 1, fixedMtu: 1000 }).hwMtu).toBe(1000);
    expect(new TCPClientInterface({ name: 'c', targetHost: 'x', targetPort: 1, bitrate: 1e9 }).hwMtu).toBe(524288);
    expect(() => new TCPClientInterface({ name: 'c', targetHost: 'x', targetPort: 0 })).toThrow(/target_port/);
    expect(() => new TCPClientInterface({ name: 'c', targetHost: 'x', targetPort: 1, fixedMtu: 100 })).toThrow(/fixed_mtu/);
  });

  it('start() resolves while the peer is down, then connects when it comes up', async () => {
    const probe = new TCPServerInterface({ name: 'probe', listenIp: '127.0.0.1', listenPort: 0 });
    await probe.start();
    const port = probe.port;
    await probe.stop();
    const statuses: boolean[] = [];
    const client = new TCPClientInterface({ name: 'c', targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 30 });
    client.attach({ onPacket: () => {}, onStatus: (_i, online) => statuses.push(online) });
    await client.start();
    expect(client.online).toBe(false);
    client.send(testPacket(30)); // offline: silently dropped
    const server = new TCPServerInterface({ name: 's', listenIp: '127.0.0.1', listenPort: port });
    await server.start();
    try {
      await waitFor(() => client.online, 5_000, 'connect');
      expect(statuses).toEqual([true]);
    } finally {
      await client.stop();
      await server.stop();
    }
    expect(statuses).toEqual([true, false]);
  });

  it('gives up after max_reconnect_tries', async () => {
    const probe = new TCPServerInterface({ name: 'probe', listenIp: '127.0.0.1', listenPort: 0 });
    await probe.start();
    const port = probe.port;
    await probe.stop();
    const client = new TCPClientInterface({ name: 'c', targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 10, maxReconnectTries: 2 });
    await client.start();
    await waitFor(() => client.status === 'failed', 5_000, 'give up');
    await client.stop();
  });

  it('reports clients through onStatus and broadcast() skips the excluded one', async () => {
    const events: Array<[string, boolean]> = [];
    const got = new Map<string, number>();
    const server = new TCPServerInterface({ name: 's', listenIp: '127.0.0.1', listenPort: 0 });
    server.attach({ onPacket: () => {}, onStatus: (i, online) => events.push([i === server ? 'server' : 'client', online]) });
    await server.start();
    const clients = ['c1', 'c2'].map((name) => {
      const c = new TCPClientInterface({ name, targetHost: '127.0.0.1', targetPort: server.port });
      c.attach({ onPacket: () => got.set(name, (got.get(name) ?? 0) + 1) });
      return c;
    });
    try {
      for (const c of clients) await c.start();
      await waitFor(() => server.clients().length === 2, 5_000, 'two clients');
      server.broadcast(testPacket(40), server.clients()[0]);
      await waitFor(() => got.size === 1, 5_000, 'one delivery');
      server.send(testPacket(41));
      await waitFor(() => [...got.values()].reduce((a, b) => a + b, 0) === 3, 5_000, 'all deliveries');
    } finally {
      for (const c of clients) await c.stop();
      await server.stop();
    }
    expect(events.filter(([who]) => who === 'client')).toEqual([
      ['client', true],
      ['client', true],
      ['client', false],
      ['client', false],
    ]);
    expect(events[0]).toEqual(['server', true]);
    expect(events.at(-1)).toEqual(['server', false]);
  });

  it('drops packets sealed for another network on an IFAC server, counting them', async () => {
    const server = new TCPServerInterface({ name: 's', listenIp: '127.0.0.1', listenPort: 0, ifac: { networkName: 'a' } });
    const got: Uint8Array[] = [];
    server.attach({ onPacket: (p) => got.push(p) });
    await server.start();
    try {
      const wrong = new Ifac({ networkName: 'b', size: 16 });
      await rawWrite(server.port, hdlcFrame(wrong.seal(testPacket(40))));
      await rawWrite(server.port, hdlcFrame(testPacket(40)));
      await waitFor(() => (server.stats().dropped.ifac_invalid ?? 0) === 1 && (server.stats().dropped.ifac_missing ?? 0) === 1, 5_000, 'drops');
      expect(got).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });
});
