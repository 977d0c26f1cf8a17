// SPDX-License-Identifier: MIT
// Auth and session security, driven over real HTTP against a real node and SQLite file.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestNode } from './harness.js';
import { Client, errorCode, ownerClient, PASSWORD, setupToken, startTestNode } from './harness.js';

const nodes: TestNode[] = [];
async function node(...args: Parameters<typeof startTestNode>): Promise<TestNode> {
  const t = await startTestNode(...args);
  nodes.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((t) => t.cleanup()));
});

describe('first run', () => {
  it('reports setup required, writes a 0600 setup token, and only that token claims the node', async () => {
    const t = await node();
    const c = new Client(t.url);
    const status = await c.get('/api/v1/status');
    expect(status.body).toMatchObject({ name: 'strand', setupRequired: true, authenticated: false, integrity: null, reticulum: { running: false, reason: 'Reticulum not running' } });
    const file = path.join(t.dataDir, 'setup-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(t.lines.join('\n')).toContain(setupToken(t.dataDir));

    const wrong = await c.post('/api/v1/auth/setup', { setupToken: 'x'.repeat(43), password: PASSWORD });
    expect([wrong.status, errorCode(wrong)]).toEqual([403, 'SETUP_TOKEN_INVALID']);
    const ok = await c.post('/api/v1/auth/setup', { setupToken: setupToken(t.dataDir), password: PASSWORD });
    expect(ok.status).toBe(201);
    const cookie = ok.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^strand_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(existsSync(file)).toBe(false);
    expect((await c.get('/api/v1/status')).body).toMatchObject({ setupRequired: false, authenticated: true });
    const again = await new Client(t.url).post('/api/v1/auth/setup', { setupToken: 'anything', password: PASSWORD });
    expect([again.status, errorCode(again)]).toEqual([409, 'SETUP_DONE']);
  });

  it('rejects a weak password at setup and before setup refuses login', async () => {
    const t = await node();
    const c = new Client(t.url);
    const weak = await c.post('/api/v1/auth/setup', { setupToken: setupToken(t.dataDir), password: 'short' });
    expect([weak.status, errorCode(weak)]).toEqual([400, 'VALIDATION_FAILED']);
    const login = await c.post('/api/v1/auth/login', { password: PASSWORD });
    expect([login.status, errorCode(login)]).toEqual([409, 'SETUP_REQUIRED']);
  });
});

describe('login, lockout and rate limit', () => {
  it('locks after 5 failures with 423 + Retry-After, refuses even the right password, and keeps the lock across a restart', async () => {
    const t = await node();
    await ownerClient(t);
    const c = new Client(t.url);
    for (let i = 0; i < 4; i++) {
      const r = await c.post('/api/v1/auth/login', { password: 'wrong password' });
      expect([r.status, errorCode(r)]).toEqual([401, 'AUTH_INVALID']);
    }
    const fifth = await c.post('/api/v1/auth/login', { password: 'wrong password' });
    expect([fifth.status, errorCode(fifth)]).toEqual([423, 'AUTH_LOCKED']);
    const retry = Number(fifth.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect((fifth.body as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds).toBe(retry);
    const right = await c.post('/api/v1/auth/login', { password: PASSWORD });
    expect(right.status).toBe(423);
    await t.restart();
    const afterRestart = await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD });
    expect([afterRestart.status, errorCode(afterRestart)]).toEqual([423, 'AUTH_LOCKED']);
  });

  it('counts concurrent guesses atomically: no more than 5 passwords are checked', async () => {
    // A slower hash so that the guesses really overlap while argon2 runs.
    const t = await node({}, { argon2: { memoryCost: 16_384, timeCost: 2, parallelism: 1 } });
    const owner = await ownerClient(t);
    const replies = await Promise.all(Array.from({ length: 12 }, () => new Client(t.url).post('/api/v1/auth/login', { password: 'wrong password' })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 423 || s === 429)).toBe(true);
    // The auth log records one 'failed' per password actually checked: never more than 5.
    const log = (await owner.get('/api/v1/logs/access?kind=auth&outcome=failed')).body as { entries: unknown[] };
    expect(log.entries.length).toBe(5);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    const next = await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD });
    expect([next.status, errorCode(next)]).toEqual([423, 'AUTH_LOCKED']);
  });

  it('lets several tabs log in at once with the right password without locking the owner out', async () => {
    const t = await node();
    await ownerClient(t);
    const replies = await Promise.all(Array.from({ length: 8 }, () => new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD })));
    expect(replies.every((r) => r.status === 200 || (r.status === 429 && errorCode(r) === 'AUTH_RATE_LIMITED' && r.headers.get('retry-after') === '1'))).toBe(true);
    expect((await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD })).status).toBe(200);
  });

  it('rate-limits auth requests per client with 429 + Retry-After', async () => {
    const t = await node({}, { authRateLimit: { windowMs: 60_000, limit: 2 } });
    const c = new Client(t.url);
    await c.post('/api/v1/auth/login', { password: 'x' });
    await c.post('/api/v1/auth/login', { password: 'x' });
    const r = await c.post('/api/v1/auth/login', { password: 'x' });
    expect([r.status, errorCode(r)]).toEqual([429, 'AUTH_RATE_LIMITED']);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('logs out (revoking the session server-side) and lists and revokes sessions', async () => {
    const t = await node();
    const a = await ownerClient(t);
    const b = new Client(t.url);
    expect((await b.post('/api/v1/auth/login', { password: PASSWORD })).status).toBe(200);
    const list = await a.get('/api/v1/auth/sessions');
    const sessions = (list.body as { sessions: { id: string; current: boolean }[] }).sessions;
    expect(sessions).toHaveLength(2);
    const other = sessions.find((s) => !s.current);
    const stolen = b.cookie;
    expect((await a.request('DELETE', `/api/v1/auth/sessions/${other?.id}`)).status).toBe(204);
    expect((await b.get('/api/v1/conversations')).status).toBe(401);
    expect((await a.post('/api/v1/auth/logout')).status).toBe(204);
    expect(a.cookie).toBeUndefined();
    const replay = new Client(t.url);
    replay.cookie = stolen;
    expect((await replay.get('/api/v1/conversations')).status).toBe(401);
    expect((await a.request('DELETE', '/api/v1/auth/sessions/not-hex')).status).toBe(401);
  });

  it('changing the password revokes every other session and needs the current password', async () => {
    const t = await node();
    const a = await ownerClient(t);
    const b = new Client(t.url);
    await b.post('/api/v1/auth/login', { password: PASSWORD });
    const bad = await a.post('/api/v1/auth/password', { currentPassword: 'nope nope', newPassword: 'another long password' });
    expect([bad.status, errorCode(bad)]).toEqual([401, 'AUTH_INVALID']);
    expect((await a.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'another long password' })).status).toBe(204);
    expect((await a.get('/api/v1/conversations')).status).toBe(200);
    expect((await b.get('/api/v1/conversations')).status).toBe(401);
    expect((await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD })).status).toBe(401);
    expect((await new Client(t.url).post('/api/v1/auth/login', { password: 'another long password' })).status).toBe(200);
  });

  it('ignores forged or malformed cookies', async () => {
    const t = await node();
    await ownerClient(t);
    const c = new Client(t.url);
    for (const cookie of ['strand_session=' + 'A'.repeat(43), 'strand_session=../../etc', 'strand_session=']) {
      c.cookie = cookie;
      expect((await c.get('/api/v1/conversations')).status).toBe(401);
    }
  });
});

describe('CSRF', () => {
  it('requires the custom header and a same-origin Origin or Sec-Fetch-Site on unsafe methods', async () => {
    const t = await node();
    const c = await ownerClient(t);
    const send = { to: 'a'.repeat(32), content: 'hi' };
    const noHeader = await c.post('/api/v1/messages', send, { 'x-strand-csrf': '' });
    expect([noHeader.status, errorCode(noHeader)]).toEqual([403, 'CSRF_HEADER_MISSING']);
    const evil = await c.post('/api/v1/messages', send, { origin: 'http://evil.example' });
    expect([evil.status, errorCode(evil)]).toEqual([403, 'CSRF_ORIGIN_MISMATCH']);
    const noOrigin = await c.post('/api/v1/messages', send, { origin: '' });
    expect([noOrigin.status, errorCode(noOrigin)]).toEqual([403, 'CSRF_ORIGIN_MISSING']);
    const crossSite = await c.post('/api/v1/messages', send, { origin: '', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameSite = await c.post('/api/v1/messages', send, { origin: '', 'sec-fetch-site': 'same-origin' });
    expect(sameSite.status).toBe(201);
    // Nothing changes state on GET: logout over GET is not a route.
    expect((await c.get('/api/v1/auth/logout')).status).toBe(404);
    expect((await c.get('/api/v1/conversations')).status).toBe(200);
  });
});
