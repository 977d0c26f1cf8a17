// SPDX-License-Identifier: MIT
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { Ifac } from '../ifac/index.js';
import type { IfacSettings } from './base.js';
import type { PairFactory } from './compliance.suite.js';
import { runInterfaceCompliance } from './compliance.suite.js';
import type { NetworkInterface } from './interface.js';
import { UDPInterface } from './udp.js';

async function freePorts(n: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<dgram.Socket>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.bind(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = sockets.map((s) => s.address().port);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

async function rawDatagram(port: number, bytes: Uint8Array): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => s.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  await new Promise<void>((r) => s.close(() => r()));
}

function udpPair(ifacSettings?: IfacSettings): PairFactory {
  return async (handlers) => {
    const make = (name: string, listen: number, forward: number) =>
      new UDPInterface({ name, listenIp: '127.0.0.1', listenPort: listen, forwardIp: '127.0.0.1', forwardPort: forward, ifac: ifacSettings });
    // Each side must know the other's port before binding, so the ports are picked free, released
    // and bound again: another process may take one in between. Then pick again.
    let a: UDPInterface;
    let b: UDPInterface;
    let pa: number;
    let pb: number;
    for (let attempt = 1; ; attempt++) {
      [pa, pb] = (await freePorts(2)) as [number, number];
      a = make('a', pa, pb);
      b = make('b', pb, pa);
      a.attach(handlers.a);
      b.attach(handlers.b);
      try {
        await a.start();
        await b.start();
        break;
      } catch (error) {
        await a.stop();
        await b.stop();
        if (attempt >= 5) throw error;
      }
    }
    const ifac = ifacSettings ? new Ifac({ ...ifacSettings, size: 16 }) : null;
    return {
      a,
      get b(): NetworkInterface {
        return b;
      },
      frame: (p) => (ifac ? ifac.seal(p) : p),
      sendRawToB: (bytes) => rawDatagram(pb, bytes),
      restartB: async () => {
        await b.stop();
        b = make('b', pb, pa);
        b.attach(handlers.b);
        await b.start();
        return b;
      },
      maxPacket: a.hwMtu,
      close: async () => {
        await a.stop();
        await b.stop();
      },
    };
  };
}

describe('UDPInterface', () => {
  runInterfaceCompliance(udpPair());
});

describe('UDPInterface (IFAC)', () => {
  runInterfaceCompliance(udpPair({ networkName: 'udpnet', passphrase: 'pw' }));
});

describe('UDP specifics', () => {
  it('validates its options with errors naming the option', () => {
    expect(() => new UDPInterface({ name: 'u' })).toThrow(/listen_ip/);
    expect(() => new UDPInterface({ name: 'u', listenIp: 'nope', listenPort: 1 })).toThrow(/listen_ip must be an IPv4/);
    expect(() => new UDPInterface({ name: 'u', forwardIp: '10.0.0.255', forwardPort: 70000 })).toThrow(/forward_port/);
    expect(new UDPInterface({ name: 'u', forwardIp: '10.0.0.255', forwardPort: 4242 }).hwMtu).toBe(1064);
  });

  it('reports a bind failure from start() and stays offline', async () => {
    // 192.0.2.1 (TEST-NET-1) is not an address of this machine, so bind fails with EADDRNOTAVAIL.
    const bad = new UDPInterface({ name: 'u', listenIp: '192.0.2.1', listenPort: 0 });
    await expect(bad.start()).rejects.toThrow();
    expect(bad.online).toBe(false);
    await bad.stop();
  });
});
