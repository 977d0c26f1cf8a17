// SPDX-License-Identifier: MIT
// A Strand shared instance S (Local server + TCP server, transport off) with two attached Strand
// programs C1, C2 over real loopback sockets, and a far node F connected to S over TCP. S must
// forward for its local clients as the reference does; the clients must count hops as RNS does.
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '../identity/index.js';
import { LocalClientInterface, LocalServerInterface } from '../interfaces/local.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { InterfaceHub } from '../stack/interface-hub.js';
import { toHex } from '../wire/bytes.js';
import { ReceiptStatus } from './receipts.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0).reverse()) await n.t.stop();
});

const text = (s: string) => new TextEncoder().encode(s);

async function attach(port: number): Promise<{ node: TestNode; iface: LocalClientInterface }> {
  const iface = new LocalClientInterface({ port, reconnectWaitMs: 50 });
  const node = makeNode([iface]);
  await node.t.start();
  started.push(node);
  await until(() => iface.online, 5000, 'client attached');
  return { node, iface };
}

async function sharedInstance() {
  const local = new LocalServerInterface({ port: 0 });
  const tcp = new TCPServerInterface({ name: 'S tcp', listenIp: '127.0.0.1', listenPort: 0 });
  const s = makeNode([local, tcp]);
  await s.t.start();
  started.push(s);
  const c1 = await attach(local.port);
  const c2 = await attach(local.port);
  const toS = new TCPClientInterface({ name: 'F to S', targetHost: '127.0.0.1', targetPort: tcp.port, reconnectWaitMs: 50 });
  const f = makeNode([toS]);
  await f.t.start();
  started.push(f);
  await until(() => toS.online && local.clients().length === 2 && tcp.clients().length === 1, 5000, 'all connected');
  return { s, local, c1: c1.node, c2: c2.node, c1Iface: c1.iface, f };
}

describe('Strand as a shared instance with transport off', () => {
  it('carries an attached client announce and data to the far node, with the proof back', async () => {
    const { s, c1, c2, f } = await sharedInstance();
    const dest = inDestination('si-client');
    const got: string[] = [];
    c1.t.registerDestination(dest, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    c1.t.announce(dest);
    await until(() => f.t.hasPath(dest.hash) && c2.t.hasPath(dest.hash), 5000, 'announce reaches F and C2');
    // S stands in for its clients: they are 0 hops from S and its other clients, 1 from F.
    expect(s.t.hopsTo(dest.hash)).toBe(0);
    expect(c2.t.hopsTo(dest.hash)).toBe(0);
    expect(f.t.hopsTo(dest.hash)).toBe(1);
    expect(toHex(f.t.path(dest.hash)?.nextHop ?? new Uint8Array())).toBe(s.t.identity.hexHash);

    const fromF = f.t.sendData(outDestination(f.known.recall(dest.hash) as Identity, 'si-client'), text('from F'));
    expect(await fromF?.done()).toBe(ReceiptStatus.DELIVERED);
    const fromC2 = c2.t.sendData(outDestination(c2.known.recall(dest.hash) as Identity, 'si-client'), text('from C2'));
    expect(await fromC2?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toEqual(['from F', 'from C2']);
    expect(s.t.stats().forwarding?.forwarded).toBeGreaterThanOrEqual(4);
  });

  it('passes network announces to attached clients and carries their data out as HEADER_2', async () => {
    const { s, c1, f } = await sharedInstance();
    const dest = inDestination('si-far');
    const got: string[] = [];
    f.t.registerDestination(dest, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    f.t.announce(dest);
    await until(() => c1.t.hasPath(dest.hash), 5000, 'announce reaches C1');
    // RNS rule: the instance is not a hop, so C1 sees what S sees.
    expect(s.t.hopsTo(dest.hash)).toBe(1);
    expect(c1.t.hopsTo(dest.hash)).toBe(1);
    expect(toHex(c1.t.path(dest.hash)?.nextHop ?? new Uint8Array())).toBe(s.t.identity.hexHash);
    const receipt = c1.t.sendData(outDestination(c1.known.recall(dest.hash) as Identity, 'si-far'), text('from C1'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toEqual(['from C1']);
  });

  it('resolves path requests from attached clients, known to S or not', async () => {
    const { s, local, f } = await sharedInstance();
    const quiet = inDestination('si-quiet');
    f.t.registerDestination(quiet, { onPacket: () => undefined });
    const late = await attach(local.port);
    // Unknown to S: S asks the network for the client and replays the answer.
    expect(await late.node.t.awaitPath(quiet.hash, { timeoutMs: 5000 })).toBe(true);
    expect(late.node.t.hopsTo(quiet.hash)).toBe(1);
    expect(s.t.hopsTo(quiet.hash)).toBe(1);
    // Known to S: a newly attached client asks and S answers from its table at once.
    const later = await attach(local.port);
    expect(later.node.t.hasPath(quiet.hash)).toBe(false);
    expect(await later.node.t.awaitPath(quiet.hash, { timeoutMs: 5000 })).toBe(true);
    expect(later.node.t.hopsTo(quiet.hash)).toBe(1);
  });
});

describe('Strand attached through the stack interface hub', () => {
  it('recognises the Local client behind the hub and applies the shared-instance rules', async () => {
    const { local, f } = await sharedInstance();
    const hub = new InterfaceHub();
    const client = new LocalClientInterface({ port: local.port, reconnectWaitMs: 50 });
    const node = makeNode([hub]);
    hub.add(client);
    await node.t.start();
    started.push(node);
    await client.start();
    hub.sync();
    await until(() => client.online && node.t.connectedToSharedInstance, 5000, 'hub client attached');
    const dest = inDestination('si-hub');
    const got: string[] = [];
    f.t.registerDestination(dest, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    f.t.announce(dest);
    await until(() => node.t.hasPath(dest.hash), 5000, 'announce reaches the hub client');
    expect(node.t.hopsTo(dest.hash)).toBe(1);
    const receipt = node.t.sendData(outDestination(node.known.recall(dest.hash) as Identity, 'si-hub'), text('via hub'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toEqual(['via hub']);
    await client.stop();
  });
});

describe('Transport.addInterface / removeInterface', () => {
  it('re-announces local destinations when the shared instance comes back on a new interface', async () => {
    const { s, local, c1, f } = await sharedInstance();
    const dest = inDestination('si-back');
    c1.t.registerDestination(dest, { onPacket: () => undefined });
    const port = local.port;
    await s.t.removeInterface(local);
    expect(local.online).toBe(false);
    const again = new LocalServerInterface({ port });
    await s.t.addInterface(again);
    // C1 reconnects on its own and re-announces as a path response, which S keeps to itself.
    await until(() => s.t.hasPath(dest.hash), 5000, 're-announce after reconnect');
    expect(f.t.hasPath(dest.hash)).toBe(false);
    // F asks: S passes the request to its clients and sends C1's answer to F. Announces carry
    // their emission time in seconds and an equal-hop one from the same second is not newer.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    expect(await f.t.awaitPath(dest.hash, { timeoutMs: 5000 })).toBe(true);
    expect(f.t.hopsTo(dest.hash)).toBe(1);
    expect(s.t.hopsTo(dest.hash)).toBe(0);
  });

  it('adds a TCP link to a running node and culls its paths when removed', async () => {
    const { s, f } = await sharedInstance();
    const server = new TCPServerInterface({ name: 'G server', listenIp: '127.0.0.1', listenPort: 0 });
    const g = makeNode([server]);
    await g.t.start();
    started.push(g);
    const link = new TCPClientInterface({ name: 'S to G', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
    await s.t.addInterface(link);
    await until(() => link.online && server.clients().length === 1, 5000, 'S connected to G');
    const dest = inDestination('si-g');
    g.t.registerDestination(dest, { onPacket: () => undefined });
    g.t.announce(dest);
    await until(() => s.t.hasPath(dest.hash), 5000, 'S learns G');
    // Transport is off at S and G is not a local client: nothing is passed on to F.
    expect(f.t.hasPath(dest.hash)).toBe(false);
    await s.t.removeInterface(link);
    expect(link.online).toBe(false);
    expect(s.t.hasPath(dest.hash)).toBe(false);
  });
});
