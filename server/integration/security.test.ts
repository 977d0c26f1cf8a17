// SPDX-License-Identifier: MIT
// Response headers, robots.txt, trusted proxies, TLS and the access log, over real sockets.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestNode } from './harness.js';
import { Client, ownerClient, PASSWORD, startTestNode } from './harness.js';

const nodes: TestNode[] = [];
async function node(...args: Parameters<typeof startTestNode>): Promise<TestNode> {
  const t = await startTestNode(...args);
  nodes.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((t) => t.cleanup()));
});

const CSP = "default-src 'none';script-src 'self';style-src 'self';connect-src 'self';img-src 'self' data: blob:;media-src 'self' blob:;font-src 'self';manifest-src 'self';base-uri 'none';form-action 'self';frame-ancestors 'none';object-src 'none'";

describe('headers', () => {
  it('sends the strict CSP and the other protective headers, and no HSTS over plain HTTP', async () => {
    const t = await node();
    const c = new Client(t.url);
    for (const p of ['/', '/api/v1/status', '/conversations/x']) {
      const r = await c.get(p);
      expect(r.headers.get('content-security-policy')).toBe(CSP);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(r.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('strict-transport-security')).toBeNull();
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
    expect(CSP).not.toMatch(/unsafe-/);
    const robots = await c.get('/robots.txt');
    expect(robots.text).toBe('User-agent: *\nDisallow: /\n');
  });
});

describe('reverse proxies', () => {
  it('ignores X-Forwarded-* from an untrusted peer', async () => {
    const t = await node();
    const c = await ownerClient(t);
    const forged = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
    const r = await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD }, forged);
    expect(r.headers.getSetCookie()[0]).toMatch(/^strand_session=/);
    expect(r.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    const log = await c.get('/api/v1/logs/access?kind=auth');
    const ips = (log.body as { entries: { clientIp: string }[] }).entries.map((e) => e.clientIp);
    expect(ips).not.toContain('203.0.113.9');
  });

  it('believes X-Forwarded-Proto/-For from a configured proxy: Secure __Host- cookie, HSTS, real client address', async () => {
    const t = await node({ trustedProxies: ['127.0.0.1', '::1'] });
    const proxied = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https', origin: '' };
    const c = new Client(t.url);
    const setup = await c.post('/api/v1/auth/setup', { setupToken: readFileSync(path.join(t.dataDir, 'setup-token'), 'utf8').trim(), password: PASSWORD }, { ...proxied, origin: `https://${new URL(t.url).host}` });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^__Host-strand_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(setup.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const log = await c.get('/api/v1/logs/access?kind=auth', proxied);
    expect(log.status).toBe(200);
    expect((log.body as { entries: { clientIp: string; event: string }[] }).entries[0]).toMatchObject({ clientIp: '198.51.100.7', event: 'setup' });
  });
});

function httpsGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; cert: string }> {
  return new Promise((resolve, reject) => {
    // The certificate is self-signed on purpose; this test checks what is served, not who signed it.
    const req = https.get(url, { rejectUnauthorized: false, agent: false }, (res) => {
      const cert = (res.socket as unknown as { getPeerCertificate(): { fingerprint256: string } }).getPeerCertificate().fingerprint256;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, cert }));
    });
    req.on('error', reject);
  });
}

describe('TLS', () => {
  it('generates a self-signed certificate once, keeps it across restarts, and serves HSTS', async () => {
    const t = await node({ tls: { mode: 'self-signed' } });
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const first = await httpsGet(`${t.url}/api/v1/status`);
    expect(first.status).toBe(200);
    expect(first.headers['strict-transport-security']).toMatch(/max-age/);
    expect(existsSync(path.join(t.dataDir, 'tls', 'self-signed-key.pem'))).toBe(true);
    await t.restart();
    const second = await httpsGet(`${t.url}/api/v1/status`);
    expect(second.cert).toBe(first.cert);
  });

  it('warns when listening beyond loopback without TLS', async () => {
    const t = await node({ host: '0.0.0.0' });
    expect(t.warnings.join('\n')).toMatch(/without TLS/);
    const local = await node();
    expect(local.warnings.join('\n')).not.toMatch(/without TLS/);
  });
});

describe('access log', () => {
  it('records every request without query values, and every auth event, in SQLite and on stdout', async () => {
    const t = await node();
    const c = await ownerClient(t);
    await new Client(t.url).post('/api/v1/auth/login', { password: 'wrong password' });
    await c.get('/api/v1/search?q=secret-words');
    const requests = (await c.get('/api/v1/logs/access?kind=request&limit=50')).body as { entries: { path: string; status: number; method: string; session: string | null; userAgent: string }[] };
    const search = requests.entries.find((e) => e.path.startsWith('/api/v1/search'));
    expect(search).toMatchObject({ path: '/api/v1/search?q=…', status: 200, method: 'GET' });
    expect(search?.session).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(requests)).not.toContain('secret-words');
    const auth = (await c.get('/api/v1/logs/access?kind=auth')).body as { entries: { event: string; outcome: string }[] };
    expect(auth.entries.map((e) => `${e.event}:${e.outcome}`)).toEqual(['login:failed', 'setup:ok']);
    expect(t.lines.some((l) => /^auth login failed from/.test(l))).toBe(true);
    expect(t.lines.some((l) => /^access \S+ GET \/api\/v1\/search\?q=… 200/.test(l))).toBe(true);
    const failedOnly = (await c.get('/api/v1/logs/access?outcome=failed')).body as { entries: unknown[] };
    expect(failedOnly.entries).toHaveLength(1);
    expect((await c.get('/api/v1/logs/debug')).status).toBe(200);
  });
});

describe('DNS rebinding', () => {
  function raw(url: string, method: string, pathName: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = http.request({ host: u.hostname, port: u.port, method, path: pathName, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(method === 'POST' ? JSON.stringify({ password: PASSWORD }) : undefined);
    });
  }

  it('refuses a page whose public name was re-pointed at the node, even same-origin with a session cookie', async () => {
    const t = await node();
    const c = await ownerClient(t);
    const attacker = 'rebind.attacker.example:8000';
    const headers = { host: attacker, origin: `http://${attacker}`, cookie: c.cookie ?? '', 'content-type': 'application/json', 'x-strand-csrf': '1' };
    for (const [method, p] of [['GET', '/api/v1/status'], ['GET', '/api/v1/conversations'], ['POST', '/api/v1/auth/login'], ['GET', '/']] as const) {
      const r = await raw(t.url, method, p, headers);
      expect(r.status, `${method} ${p}`).toBe(421);
      expect(r.body).toContain('HOST_NOT_ALLOWED');
    }
    // The same requests under the address the owner uses still work.
    expect((await c.get('/api/v1/conversations')).status).toBe(200);
    const log = await c.get('/api/v1/logs/access?q=/api/v1/status');
    expect((log.body as { entries: { status: number }[] }).entries.map((e) => e.status)).toContain(421);
  });

  it('serves a public name the owner allowed', async () => {
    const t = await node({ allowedHosts: ['strand.example.org'] });
    const r = await raw(t.url, 'GET', '/api/v1/status', { host: 'strand.example.org' });
    expect(r.status).toBe(200);
  });
});
