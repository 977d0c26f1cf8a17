// SPDX-License-Identifier: MIT
// The /api/v1 surface over real HTTP: messages, conversations, node settings, bad input, static UI.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Reply, TestNode } from './harness.js';
import { Client as BareClient, errorCode, ownerClient, startTestNode } from './harness.js';

const PEER = 'ab'.repeat(16);
let t: TestNode;
let c: Client;
let webRoot: string;
beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), 'strand-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Strand UI</title>');
  writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  t = await startTestNode({}, { webRoot });
  c = await ownerClient(t);
});
afterAll(async () => {
  await t.cleanup();
  rmSync(webRoot, { recursive: true, force: true });
});

type Message = { id: string; state: string; attachments: { index: number; name: string; size: number }[] };
const messageOf = (r: Reply) => (r.body as { message: Message }).message;
const count = async (peer = PEER) => ((await c.get(`/api/v1/conversations/${peer}/messages`)).body as { messages: unknown[] }).messages.length;

describe('messages', () => {
  it('stores a sent message as queued (outbound) while Reticulum is not running, and lists its conversation', async () => {
    const r = await c.post('/api/v1/messages', { to: PEER, content: 'hello mesh', title: 'hi' });
    expect(r.status).toBe(201);
    expect(messageOf(r)).toMatchObject({ state: 'outbound', method: 'direct', direction: 'outbound', content: 'hello mesh' });
    const list = (await c.get('/api/v1/conversations')).body as { conversations: { peerHash: string; unreadCount: number; lastMessage: { id: string } }[] };
    expect(list.conversations[0]).toMatchObject({ peerHash: PEER, unreadCount: 0, lastMessage: { id: messageOf(r).id } });
    expect((await c.get(`/api/v1/messages/${messageOf(r).id}`)).body).toMatchObject({ message: { state: 'outbound' } });
    expect(((await c.get('/api/v1/search?q=mesh')).body as { messages: Message[] }).messages.map((m) => m.id)).toEqual([messageOf(r).id]);
    expect((await c.post(`/api/v1/conversations/${PEER}/read`)).status).toBe(204);
  });

  it('cancels, retries and deletes', async () => {
    const id = messageOf(await c.post('/api/v1/messages', { to: PEER, content: 'to cancel' })).id;
    expect(messageOf(await c.post(`/api/v1/messages/${id}/cancel`)).state).toBe('cancelled');
    const again = await c.post(`/api/v1/messages/${id}/cancel`);
    expect([again.status, errorCode(again)]).toEqual([409, 'MESSAGE_NOT_CANCELLABLE']);
    expect(messageOf(await c.post(`/api/v1/messages/${id}/retry`)).state).toBe('outbound');
    expect((await c.request('DELETE', `/api/v1/messages/${id}`)).status).toBe(204);
    const gone = await c.get(`/api/v1/messages/${id}`);
    expect([gone.status, errorCode(gone)]).toEqual([404, 'NOT_FOUND']);
  });

  it('stores attachments and serves them as sandboxed downloads with a safe name', async () => {
    const data = Buffer.from('%PDF-1.4 pretend').toString('base64');
    const r = await c.post('/api/v1/messages', { to: PEER, content: 'file', attachments: [{ kind: 'file', name: 'report "final".html', mime: 'text/html', data }] });
    expect(r.status).toBe(201);
    const m = messageOf(r);
    expect(m.attachments).toEqual([expect.objectContaining({ index: 0, name: 'report "final".html', size: 16 })]);
    const dl = await c.get(`/api/v1/messages/${m.id}/attachments/0`);
    expect(dl.status).toBe(200);
    expect(dl.text).toBe('%PDF-1.4 pretend');
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="report _final_.html"; filename*=UTF-8''report%20%22final%22.html`);
    expect(dl.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect((await c.get(`/api/v1/messages/${m.id}/attachments/1`)).status).toBe(404);
  });

  it('rejects bad input with a clear 4xx and stores nothing', async () => {
    const other = 'cd'.repeat(16);
    const cases: [unknown, number, string][] = [
      [{ to: other, content: 'x', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 42 }, 400, 'VALIDATION_FAILED'],
      [{ to: 'ZZ', content: 'x' }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 'x', method: 'carrier-pigeon' }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 'x', attachments: [{ kind: 'file', name: '../../etc/passwd', mime: 'text/plain', data: 'aGk=' }] }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 'x', attachments: [{ kind: 'file', name: 'a\\b.txt', mime: 'text/plain', data: 'aGk=' }] }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 'x', attachments: [{ kind: 'file', name: '..', mime: 'text/plain', data: 'aGk=' }] }, 400, 'VALIDATION_FAILED'],
      [{ to: other, content: 'x', attachments: [{ kind: 'file', name: 'a.txt', mime: 'text/plain', data: 'not base64!' }] }, 400, 'VALIDATION_FAILED'],
      ['{"to": broken', 400, 'INVALID_JSON'],
      [{ to: other, content: 'x'.repeat(17 * 1024 * 1024) }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [body, status, code] of cases) {
      const r = await c.post('/api/v1/messages', body);
      expect([r.status, errorCode(r)], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
      expect(typeof (r.body as { error: { message: string } }).error.message).toBe('string');
    }
    expect(await count(other)).toBe(0);
    const small = await c.request('PATCH', '/api/v1/profile', { displayName: 'x'.repeat(70 * 1024) });
    expect([small.status, errorCode(small)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await c.get('/api/v1/conversations/not-a-hash/messages')).status).toBe(400);
    expect((await c.get('/api/v1/conversations?limit=100000')).status).toBe(400);
    expect((await c.get('/api/v1/conversations?bogus=1')).status).toBe(400);
    expect((await c.get('/api/v1/messages/../../etc/passwd')).text).not.toMatch(/root:/);
    expect((await c.get('/api/v1/messages/..%2f..%2fetc%2fpasswd')).status).toBe(400);
  });

  it('requires a session for everything but status and auth', async () => {
    const anon = new BareClient(t.url);
    for (const p of ['/api/v1/conversations', '/api/v1/settings', '/api/v1/logs/access', '/api/v1/about', '/api/v1/backups']) {
      const r = await anon.get(p);
      expect([r.status, errorCode(r)]).toEqual([401, 'AUTH_REQUIRED']);
    }
    const r = await anon.post('/api/v1/messages', { to: PEER, content: 'x' });
    expect(r.status).toBe(401);
  });
});

describe('node', () => {
  it('edits the profile and settings (typed, unknown keys rejected)', async () => {
    expect((await c.request('PATCH', '/api/v1/profile', { displayName: 'Relay 7', autoAnnounceIntervalS: 1800 })).body).toMatchObject({ profile: { displayName: 'Relay 7', autoAnnounceIntervalS: 1800 } });
    expect((await c.request('PATCH', '/api/v1/settings', { backupKeep: 3 })).body).toMatchObject({ settings: { backupKeep: 3, blockAttachmentsFromStrangers: true } });
    expect((await c.request('PATCH', '/api/v1/settings', { backupKeep: 'many' })).status).toBe(400);
    expect((await c.request('PATCH', '/api/v1/settings', { madeUp: true })).status).toBe(400);
    expect((await c.request('PATCH', '/api/v1/settings', { inboundStampCost: 16 })).body).toMatchObject({ settings: { inboundStampCost: 16 } });
    expect((await c.request('PATCH', '/api/v1/settings', { inboundStampCost: 33 })).status).toBe(400);
    const announce = await c.post('/api/v1/profile/announce');
    expect([announce.status, errorCode(announce)]).toEqual([503, 'RETICULUM_UNAVAILABLE']);
  });

  it('manages contacts and refuses to send to a blocked peer', async () => {
    const peer = 'ef'.repeat(16);
    expect((await c.request('PUT', `/api/v1/contacts/${peer}`, { name: 'Eve', blocked: true })).body).toMatchObject({ contact: { name: 'Eve', blocked: true } });
    const r = await c.post('/api/v1/messages', { to: peer, content: 'x' });
    expect([r.status, errorCode(r)]).toEqual([409, 'PEER_BLOCKED']);
    expect((await c.request('PUT', `/api/v1/contacts/${peer}`, { blocked: false })).body).toMatchObject({ contact: { name: 'Eve', blocked: false } });
    expect(((await c.get('/api/v1/contacts')).body as { contacts: unknown[] }).contacts).toHaveLength(1);
    expect((await c.request('DELETE', `/api/v1/contacts/${peer}`)).status).toBe(204);
    expect((await c.request('DELETE', `/api/v1/contacts/${peer}`)).status).toBe(404);
  });

  it('lists announces and propagation nodes; sync needs a node and a running Reticulum', async () => {
    expect((await c.get('/api/v1/announces?aspect=lxmf.delivery')).body).toEqual({ announces: [] });
    expect((await c.get('/api/v1/announces?aspect=evil')).status).toBe(400);
    expect((await c.get('/api/v1/propagation/nodes')).body).toEqual({ nodes: [], selected: null });
    expect(errorCode(await c.post('/api/v1/propagation/sync'))).toBe('NO_PROPAGATION_NODE');
    await c.request('PATCH', '/api/v1/settings', { preferredPropagationNode: PEER });
    expect(errorCode(await c.post('/api/v1/propagation/sync'))).toBe('RETICULUM_UNAVAILABLE');
    expect((await c.get('/api/v1/propagation/sync')).body).toMatchObject({ sync: { state: 'idle' } });
  });

  it('makes backups on demand and lists them; about shows versions', async () => {
    const r = await c.post('/api/v1/backups');
    expect(r.status).toBe(201);
    expect((r.body as { backup: { name: string } }).backup.name).toMatch(/^strand-\d{8}T\d{9}Z\.sqlite$/);
    expect(((await c.get('/api/v1/backups')).body as { backups: unknown[] }).backups).toHaveLength(1);
    expect((await c.get('/api/v1/about')).body).toMatchObject({ name: 'strand', integrity: null, reticulum: { available: false } });
  });
});

describe('static UI', () => {
  it('serves built files, falls back to index.html for client routes, and keeps API 404s as JSON', async () => {
    const anon = new BareClient(t.url);
    expect((await anon.get('/assets/app.js')).text).toBe('console.log(1)');
    for (const p of ['/', '/messages/abc', '/settings']) expect((await anon.get(p)).text).toContain('Strand UI');
    expect((await anon.get('/api/v1/nope')).status).toBe(401);
    const api404 = await c.get('/api/v1/nope');
    expect([api404.status, errorCode(api404)]).toEqual([404, 'NOT_FOUND']);
    const traversal = await anon.get('/assets/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.text).not.toMatch(/root:/);
  });

  it('serves the placeholder page when no UI is built', async () => {
    const bare = await startTestNode();
    try {
      expect((await new BareClient(bare.url).get('/anything')).text).toContain('The web interface is not installed');
    } finally {
      await bare.cleanup();
    }
  });
});
