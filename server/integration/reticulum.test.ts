// SPDX-License-Identifier: MIT
// Two full nodes with the real Reticulum stack, linked by TCP on 127.0.0.1 (no AutoInterface, no
// shared instance, so nothing depends on the LAN or on an rnsd running on this machine).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Destination, DestinationType, Direction } from '../reticulum/destination/index.js';
import { loadIdentityFile } from '../reticulum/identity/index.js';
import { deliveryIdentityPath } from '../app/delivery-identity.js';
import type { Client, TestNode } from './harness.js';
import { errorCode, ownerClient, startTestNode } from './harness.js';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A data dir whose Reticulum config has only the given interface blocks. */
function dataDirWith(blocks: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-rns-node-'));
  mkdirSync(path.join(dir, 'reticulum'), { recursive: true });
  writeFileSync(path.join(dir, 'reticulum', 'config'), `[reticulum]\nshare_instance = No\n\n[interfaces]\n${blocks}`);
  return dir;
}
const tcpServer = (name: string, port: number) => `  [[${name}]]\n    type = TCPServerInterface\n    enabled = yes\n    listen_ip = 127.0.0.1\n    listen_port = ${port}\n`;
const tcpClient = (name: string, port: number) => `  [[${name}]]\n    type = TCPClientInterface\n    enabled = yes\n    target_host = 127.0.0.1\n    target_port = ${port}\n`;

async function until<T>(f: () => Promise<T | undefined | null | false>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function events(t: TestNode, c: Client): Promise<{ ws: WebSocket; seen: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/ws`, { headers: { origin: t.url, cookie: c.cookie ?? '' } });
    const seen: Record<string, unknown>[] = [];
    ws.on('message', (d) => seen.push(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.on('error', reject);
    ws.on('open', () => resolve({ ws, seen }));
  });
}

let a: TestNode;
let b: TestNode;
let ca: Client;
let cb: Client;
let aDelivery: string;
let bDelivery: string;
const deliveryOf = async (t: TestNode) => {
  const id = await loadIdentityFile(deliveryIdentityPath(t.dataDir));
  return Buffer.from(new Destination({ identity: id, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['delivery'] }).hash).toString('hex');
};
beforeAll(async () => {
  const port = await freePort();
  a = await startTestNode({}, { reticulum: true }, dataDirWith(tcpServer('Loop Server', port)));
  b = await startTestNode({}, { reticulum: true }, dataDirWith(tcpClient('Loop Client', port)));
  [ca, cb] = await Promise.all([ownerClient(a), ownerClient(b)]);
  [aDelivery, bDelivery] = await Promise.all([deliveryOf(a), deliveryOf(b)]);
});
afterAll(async () => {
  await Promise.all([a?.cleanup(), b?.cleanup()]);
});

type Iface = { name: string; stats: { online: boolean; rxBytes: number; txBytes: number } | null };

describe('the node runs the Reticulum stack', () => {
  it('reports Reticulum running and live interface stats', async () => {
    for (const c of [ca, cb]) expect((await c.get('/api/v1/status')).body).toMatchObject({ reticulum: { running: true, sharedInstance: { role: 'standalone' } } });
    const online = await until(async () => {
      const list = ((await cb.get('/api/v1/interfaces')).body as { interfaces: Iface[] }).interfaces;
      return list.find((i) => i.name === 'Loop Client' && i.stats?.online);
    }, 'the TCP client to come online');
    expect(online.stats).toMatchObject({ online: true });
  });

  it('creates the delivery identity file with mode 0600', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(deliveryIdentityPath(a.dataDir)).mode & 0o777).toBe(0o600);
  });

  it('reloads the config and pushes interface.state for a new interface', async () => {
    const ws = await events(b, cb);
    try {
      const port = await freePort();
      const add = await cb.post('/api/v1/interfaces', { name: 'Extra', options: { type: 'TCPServerInterface', enabled: 'yes', listen_ip: '127.0.0.1', listen_port: String(port) } });
      expect(add.status).toBe(201);
      expect((await cb.post('/api/v1/interfaces/reload')).status).toBeLessThan(300);
      await until(async () => ws.seen.find((m) => m.type === 'interface.state' && (m.data as { name: string }).name === 'Extra'), 'interface.state');
      const list = ((await cb.get('/api/v1/interfaces')).body as { interfaces: Iface[] }).interfaces;
      expect(list.find((i) => i.name === 'Extra')?.stats).not.toBeNull();
    } finally {
      ws.ws.close();
    }
  });

  it('announces with the display name; the other node lists it and pushes an announce event', async () => {
    const ws = await events(b, cb);
    try {
      expect((await ca.request('PATCH', '/api/v1/profile', { displayName: 'Alice Node' })).status).toBe(200);
      expect((await ca.post('/api/v1/profile/announce')).status).toBe(204);
      const row = await until(async () => {
        const list = ((await cb.get('/api/v1/announces?aspect=lxmf.delivery')).body as { announces: { destinationHash: string; displayName: string | null }[] }).announces;
        return list.find((x) => x.destinationHash === aDelivery);
      }, 'the announce at node B');
      expect(row.displayName).toBe('Alice Node');
      await until(async () => ws.seen.find((m) => m.type === 'announce' && (m.data as { destinationHash: string }).destinationHash === aDelivery), 'announce event');
      expect((await ca.get('/api/v1/profile')).body).toMatchObject({ profile: { lastAnnouncedAt: expect.any(Number) } });
    } finally {
      ws.ws.close();
    }
  });
});

type Msg = { id: string; hash: string | null; state: string; method: string; content: string; title: string; attachments: { name: string; kind: string }[] };

describe('messages between two nodes through the HTTP API', () => {
  it('B sends to A (direct, with a file): A stores it and pushes message.new, B sees delivered', async () => {
    // A announced in the previous test, so B has a path and A's identity.
    const ws = await events(a, ca);
    try {
      const file = Buffer.from('attached bytes').toString('base64');
      const sent = await cb.post('/api/v1/messages', { to: aDelivery, title: 'Hi', content: 'hello over Reticulum', method: 'direct', attachments: [{ kind: 'file', name: 'note.txt', mime: 'text/plain', data: file }] });
      expect(sent.status).toBe(201);
      const id = (sent.body as { message: Msg }).message.id;
      const delivered = await until(async () => {
        const m = ((await cb.get(`/api/v1/messages/${id}`)).body as { message: Msg }).message;
        return m.state === 'delivered' ? m : null;
      }, 'state delivered at B');
      expect(delivered.hash).toMatch(/^[0-9a-f]{64}$/);
      const inbox = ((await ca.get(`/api/v1/conversations/${bDelivery}/messages`)).body as { messages: Msg[] }).messages;
      expect(inbox).toHaveLength(1);
      expect(inbox[0]).toMatchObject({ hash: delivered.hash, title: 'Hi', content: 'hello over Reticulum', method: 'direct', state: 'received' });
      expect(inbox[0]?.attachments.map((x) => [x.kind, x.name])).toEqual([['file', 'note.txt']]);
      const event = await until(async () => ws.seen.find((m) => m.type === 'message.new'), 'message.new at A');
      expect((event.data as { message: Msg }).message.content).toBe('hello over Reticulum');
    } finally {
      ws.ws.close();
    }
  });

  it('sends opportunistically too', async () => {
    const sent = await cb.post('/api/v1/messages', { to: aDelivery, content: 'single packet', method: 'opportunistic' });
    const id = (sent.body as { message: Msg }).message.id;
    await until(async () => ((await cb.get(`/api/v1/messages/${id}`)).body as { message: Msg }).message.state === 'delivered', 'opportunistic delivered');
    const inbox = ((await ca.get(`/api/v1/conversations/${bDelivery}/messages`)).body as { messages: Msg[] }).messages;
    expect(inbox.find((m) => m.content === 'single packet')?.method).toBe('opportunistic');
  });

  it('resumes a queued message after a restart (the router still holds it: cancel succeeds)', async () => {
    const nowhere = 'ab'.repeat(16); // no path to it: the message waits in the router's queue
    const sent = await cb.post('/api/v1/messages', { to: nowhere, content: 'wait for me', method: 'direct' });
    const id = (sent.body as { message: Msg }).message.id;
    await until(async () => ((await cb.get(`/api/v1/messages/${id}`)).body as { message: Msg }).message.state === 'outbound', 'queued');
    await b.restart();
    expect(((await cb.get(`/api/v1/messages/${id}`)).body as { message: Msg }).message.state).toBe('outbound');
    const cancel = await cb.post(`/api/v1/messages/${id}/cancel`);
    expect(cancel.status).toBe(200);
    expect((cancel.body as { message: Msg }).message.state).toBe('cancelled');
  });
});

describe('a node whose stack cannot start', () => {
  it('keeps the web interface running and says why Reticulum is down', async () => {
    const dir = dataDirWith('');
    mkdirSync(path.join(dir, 'reticulum', 'storage'), { recursive: true });
    writeFileSync(path.join(dir, 'reticulum', 'storage', 'transport_identity'), 'not a key');
    const t = await startTestNode({}, { reticulum: true }, dir);
    try {
      const c = await ownerClient(t);
      const status = (await c.get('/api/v1/status')).body as { reticulum: { running: boolean; reason?: string } };
      expect(status.reticulum.running).toBe(false);
      expect(status.reticulum.reason).toContain('transport identity');
      const announce = await c.post('/api/v1/profile/announce');
      expect([announce.status, errorCode(announce)]).toEqual([503, 'RETICULUM_UNAVAILABLE']);
      expect(t.warnings.join('\n')).toContain('Reticulum');
    } finally {
      await t.cleanup();
    }
  });
});
