// SPDX-License-Identifier: MIT
import dgram from 'node:dgram';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Ifac } from '../ifac/index.js';
import { AutoInterface } from './auto.js';
import { descope, discoveryToken, multicastAddress, selectNics } from './auto-discovery.js';
import type { PairFactory } from './compliance.suite.js';
import { runInterfaceCompliance, waitFor } from './compliance.suite.js';
import type { NetworkInterface } from './interface.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const nic = (address: string, family: 'IPv4' | 'IPv6' = 'IPv6', scopeid = 3): os.NetworkInterfaceInfo =>
  family === 'IPv6'
    ? { address, family, netmask: 'ffff:ffff:ffff:ffff::', mac: '', internal: false, cidr: null, scopeid }
    : { address, family, netmask: '255.255.255.0', mac: '', internal: false, cidr: null };

describe('AutoInterface discovery parameters', () => {
  it('derives the RNS multicast group address (observed default ff12:0:d70b:fb1c:16e4:5e39:485e:31e1)', () => {
    expect(multicastAddress('reticulum')).toBe('ff12:0:d70b:fb1c:16e4:5e39:485e:31e1');
    expect(multicastAddress('reticulum', 'site', 'permanent')).toBe('ff05:0:d70b:fb1c:16e4:5e39:485e:31e1');
  });

  it('hashes the group id with the descoped address string', () => {
    expect(hex(discoveryToken('reticulum', 'fe80::1'))).toBe(hex(discoveryToken('reticulum', descope('fe80::1%eth0'))));
    expect(descope('fe80:4::1')).toBe('fe80::1');
    expect(hex(discoveryToken('a', 'b'))).toBe('fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603');
  });

  it('adopts only NICs with a link-local address, honouring devices and ignored_devices', () => {
    const nics = {
      lo: [nic('::1', 'IPv6', 0), nic('127.0.0.1', 'IPv4')],
      eth0: [nic('192.0.2.2', 'IPv4'), nic('fd00::2'), nic('FE80::FC:FF:FE00:1%eth0', 'IPv6', 4)],
      wlan0: [nic('fe80::2', 'IPv6', 5)],
      lo0: [nic('fe80::3', 'IPv6', 1)],
    };
    expect(selectNics(nics, [], [])).toEqual([
      { name: 'eth0', scopeId: 4, address: 'fe80::fc:ff:fe00:1' },
      { name: 'wlan0', scopeId: 5, address: 'fe80::2' },
    ]);
    expect(selectNics(nics, ['wlan0'], []).map((n) => n.name)).toEqual(['wlan0']);
    expect(selectNics(nics, [], ['eth0']).map((n) => n.name)).toEqual(['wlan0']);
  });
});

/** A UDP port free right now (ports are shared by both sides, so port 0 cannot be used directly). */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp6');
  await new Promise<void>((r) => s.bind(0, '::', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const udpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;

const linkLocalNic = Object.entries(os.networkInterfaces()).find(([, a]) => a?.some((x) => x.family === 'IPv6' && x.address.startsWith('fe80:')))?.[0];

describe('AutoInterface on this host', () => {
  it.skipIf(!linkLocalNic)('joins the group, hears its own multicast echo, and stops cleanly', async () => {
    const before = udpHandles();
    const auto = new AutoInterface({ name: 'auto', devices: [linkLocalNic!], discoveryPort: await freeUdpPort(), dataPort: await freeUdpPort(), announceIntervalMs: 50 });
    const statuses: boolean[] = [];
    auto.attach({ onPacket: () => {}, onStatus: (_i, online) => statuses.push(online) });
    await auto.start();
    try {
      expect(auto.adopted).toEqual([linkLocalNic]);
      await waitFor(() => auto.online && auto.carrier(linkLocalNic!), 5_000, 'online with multicast echo');
      // Our own announcements are echoes, never peers.
      expect(auto.peerList()).toHaveLength(0);
    } finally {
      await auto.stop();
    }
    expect(statuses).toEqual([true, false]);
    expect(udpHandles()).toBe(before);
  });
});

// Two NICs on one link (e.g. a veth pair created in `unshare -rn`), named in STRAND_AUTO_IFACES=a,b.
// Two AutoInterfaces on one NIC would share a link-local address and see each other as echoes.
const pairNics = process.env.STRAND_AUTO_IFACES?.split(',');

function autoPair(ifac?: { networkName: string }): PairFactory {
  return async (handlers) => {
    const [na, nb] = pairNics as [string, string];
    const opts = { announceIntervalMs: 100, peerJobIntervalMs: 100, ifac, discoveryPort: await freeUdpPort(), dataPort: await freeUdpPort() };
    const a = new AutoInterface({ name: 'a', devices: [na], ...opts });
    const makeB = () => new AutoInterface({ name: 'b', devices: [nb], ...opts });
    let b = makeB();
    a.attach(handlers.a);
    b.attach(handlers.b);
    await a.start();
    await b.start();
    await waitFor(() => a.peerList().length === 1 && b.peerList().length === 1, 5_000, 'peering');
    const seal = ifac ? new Ifac({ ...ifac, size: 16 }) : null;
    const raw = async (bytes: Uint8Array) => {
      // Raw datagrams must come from a known peer (others are ignored): send them from a to b.
      a.sendData(na, a.peerList()[0]!.address, bytes);
      await new Promise((r) => setTimeout(r, 20));
    };
    return {
      a,
      get b(): NetworkInterface {
        return b;
      },
      frame: (p) => (seal ? seal.seal(p) : p),
      sendRawToB: raw,
      restartB: async () => {
        await b.stop();
        b = makeB();
        b.attach(handlers.b);
        await b.start();
        await waitFor(() => b.peerList().length === 1, 5_000, 'peering after restart');
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

describe.skipIf(!pairNics)('AutoInterface pair (needs STRAND_AUTO_IFACES)', () => {
  runInterfaceCompliance(autoPair());
});
