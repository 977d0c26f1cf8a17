// SPDX-License-Identifier: MIT
// Tunnels over real TCP on 127.0.0.1: a client names its tunnel on connect; after it reconnects
// (a new socket, the same transport identity and interface) the node restores the paths it had
// learned through it without a new announce. Forged synthesize packets are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { Identity, KnownIdentities } from '../identity/index.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { PathTable } from './path-table.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, until } from './testing/nodes.js';
import { Transport } from './transport.js';
import { synthesizeTunnelData, TUNNEL_SYNTHESIZE_LENGTH, Tunnels } from './tunnels.js';

const running: Transport[] = [];
const nodes: TestNode[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  for (const n of nodes.splice(0)) await n.t.stop();
});

describe('tunnels', () => {
  it('names the tunnel in the reference format and refuses forged or truncated synthesize packets', () => {
    const client = new TCPClientInterface({ name: 'Hub', targetHost: '10.0.0.1', targetPort: 4242 });
    expect(client.tunnelName).toBe('TCPInterface[Hub/10.0.0.1:4242]');
    expect(new TCPClientInterface({ name: 'v6', targetHost: 'fe80::1', targetPort: 1 }).tunnelName).toBe('TCPInterface[v6/[fe80::1]:1]');
    expect(new TCPClientInterface({ name: 'k', targetHost: 'h', targetPort: 1, kissFraming: true }).tunnelName).toBeUndefined();

    const tunnels = new Tunnels(new PathTable());
    const iface = { name: 'x' } as NetworkInterface;
    const data = synthesizeTunnelData(Identity.generate(), 'TCPInterface[Hub/10.0.0.1:4242]');
    expect(data.length).toBe(TUNNEL_SYNTHESIZE_LENGTH);
    const forged = data.slice();
    forged[70] = (forged[70] ?? 0) ^ 1; // the interface hash, under the signature
    expect(tunnels.handleSynthesize(forged, iface, 0).result).toBe('invalid');
    expect(tunnels.handleSynthesize(data.subarray(0, 100), iface, 0).result).toBe('invalid');
    expect(tunnels.size).toBe(0);
    expect(tunnels.handleSynthesize(data, iface, 0).result).toBe('established');
    expect(tunnels.handleSynthesize(data, iface, 1).result).toBe('restored');
    expect(tunnels.size).toBe(1);
  });

  it('restores the paths learned through a client\'s tunnel when that client reconnects', async () => {
    const server = new TCPServerInterface({ name: 'T server', listenIp: '127.0.0.1', listenPort: 0 });
    const t = makeNode([server], { transport: true });
    await t.t.start();
    nodes.push(t);
    const clientIdentity = Identity.generate();
    const client = async () => {
      const iface = new TCPClientInterface({ name: 'C to T', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
      const c = new Transport({ knownIdentities: new KnownIdentities(), transportIdentity: clientIdentity }, { interfaces: [iface], jobIntervalMs: 50 });
      await c.start();
      running.push(c);
      return c;
    };
    const c1 = await client();
    await until(() => t.t.tunnels.size === 1, 5000, 'the tunnel at T');
    const dest = inDestination('tunnelled');
    c1.registerDestination(dest, { onPacket: () => undefined });
    c1.announce(dest);
    await until(() => t.t.hasPath(dest.hash), 5000, 'T learns the path through the tunnel');
    const first = t.t.path(dest.hash)?.iface;

    await c1.stop();
    running.splice(running.indexOf(c1), 1);
    await until(() => !t.t.hasPath(dest.hash), 5000, 'T drops the path of the closed connection');

    // Same identity, same interface: the same tunnel id. No announce this time.
    await client();
    await until(() => t.t.hasPath(dest.hash), 5000, 'the path restored over the new connection');
    expect(t.t.path(dest.hash)?.iface).not.toBe(first);
    expect(t.t.hopsTo(dest.hash)).toBe(1);
    expect(t.t.tunnels.size).toBe(1);
  });
});
