// SPDX-License-Identifier: MIT
// The live-event WebSocket over a real socket: upgrade checks, validation, bounds and events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Client, TestNode } from './harness.js';
import { ownerClient, PASSWORD, Client as BareClient, startTestNode } from './harness.js';

let t: TestNode;
let c: Client;
beforeAll(async () => {
  t = await startTestNode();
  c = await ownerClient(t);
});
afterAll(() => t.cleanup());

const wsUrl = () => `${t.url.replace('http', 'ws')}/api/v1/ws`;

function open(headers: Record<string, string>): Promise<{ ws: WebSocket; messages: unknown[]; next(): Promise<Record<string, unknown>>; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { headers });
    const messages: Record<string, unknown>[] = [];
    const waiters: ((m: Record<string, unknown>) => void)[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      const w = waiters.shift();
      if (w) w(m);
      else messages.push(m);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws, messages, closed,
        next: () => new Promise((r) => (messages.length > 0 ? r(messages.shift() as Record<string, unknown>) : waiters.push(r))),
      }),
    );
  });
}
const good = () => ({ origin: t.url, cookie: c.cookie ?? '' });

describe('WebSocket hub', () => {
  it('refuses upgrades without a session, from another origin, or on another path', async () => {
    await expect(open({ origin: t.url })).rejects.toThrow('HTTP 401');
    await expect(open({ origin: 'http://evil.example', cookie: c.cookie ?? '' })).rejects.toThrow('HTTP 403');
    await expect(open({ cookie: c.cookie ?? '' })).rejects.toThrow('HTTP 403');
    await expect(new Promise((resolve, reject) => {
      const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/other`, { headers: good() });
      ws.on('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('open', resolve);
    })).rejects.toThrow('HTTP 404');
    // DNS rebinding: the attacker's name re-pointed at the node is same-origin with its page.
    await expect(open({ host: 'rebind.attacker.example', origin: 'http://rebind.attacker.example', cookie: c.cookie ?? '' })).rejects.toThrow('HTTP 421');
    const log = (await c.get('/api/v1/logs/access?q=/api/v1/ws')).body as { entries: { status: number }[] };
    expect(log.entries.map((e) => e.status).sort()).toEqual([401, 403, 403, 421]);
  });

  it('greets, answers pings, and pushes message events to subscribed topics', async () => {
    const s = await open(good());
    expect(await s.next()).toMatchObject({ type: 'hello' });
    s.ws.send(JSON.stringify({ type: 'ping', id: 7 }));
    expect(await s.next()).toEqual({ type: 'pong', id: 7 });
    const sent = await c.post('/api/v1/messages', { to: '12'.repeat(16), content: 'live' });
    const event = await s.next();
    expect(event).toMatchObject({ type: 'message.new', data: { message: { id: (sent.body as { message: { id: string } }).message.id, state: 'outbound' } } });
    await c.post(`/api/v1/messages/${(sent.body as { message: { id: string } }).message.id}/cancel`);
    expect(await s.next()).toMatchObject({ type: 'message.state', data: { state: 'cancelled' } });
    s.ws.send(JSON.stringify({ type: 'subscribe', topics: ['announce'] }));
    await c.post('/api/v1/messages', { to: '12'.repeat(16), content: 'not for this socket' });
    s.ws.send(JSON.stringify({ type: 'ping', id: 8 }));
    expect(await s.next()).toEqual({ type: 'pong', id: 8 });
    s.ws.close();
  });

  it.each([
    ['invalid JSON', '{nope', 1007],
    ['an unknown message type', JSON.stringify({ type: 'exec', cmd: 'rm' }), 1008],
    ['unknown fields', JSON.stringify({ type: 'ping', extra: true }), 1008],
    ['an oversized frame', JSON.stringify({ type: 'ping', pad: 'x'.repeat(64 * 1024) }), 1009],
  ])('closes the socket on %s', async (_what, payload, code) => {
    const s = await open(good());
    await s.next();
    s.ws.send(payload);
    expect(await s.closed).toBe(code);
  });

  it('closes sockets of a session that logs out', async () => {
    const other = new BareClient(t.url);
    await other.post('/api/v1/auth/login', { password: PASSWORD });
    const s = await open({ origin: t.url, cookie: other.cookie ?? '' });
    await s.next();
    await other.post('/api/v1/auth/logout');
    expect(await s.closed).toBe(4001);
  });
});
