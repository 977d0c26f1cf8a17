// SPDX-License-Identifier: MIT
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { hostAllowed, hostCheck, hostName } from './host-check.js';

describe('hostName', () => {
  it('strips ports and IPv6 brackets, lower-cases, refuses junk', () => {
    expect(hostName('Strand.Local:8000')).toBe('strand.local');
    expect(hostName('[fe80::1]:8000')).toBe('fe80::1');
    expect(hostName('[::1]')).toBe('::1');
    expect(hostName('example.org.')).toBe('example.org');
    expect(hostName('a b')).toBeNull();
    expect(hostName('[::1]x')).toBeNull();
    expect(hostName('')).toBeNull();
    expect(hostName(undefined)).toBeNull();
    expect(hostName('x'.repeat(300))).toBeNull();
  });
});

describe('hostAllowed (DNS-rebinding guard)', () => {
  it('accepts names public DNS cannot hand to an attacker', () => {
    for (const h of ['127.0.0.1:8000', '192.168.1.20', '[::1]:8000', '[fe80::1%25eth0]', 'localhost:8000', 'nas', 'nas.local', 'app.localhost', 'node.home.arpa', 'box.internal', 'pi.lan:8000']) {
      expect(hostAllowed(h, []), h).toBe(hostName(h) !== null);
    }
    expect(hostAllowed('192.168.1.20', [])).toBe(true);
  });

  it('refuses public names unless the owner listed them', () => {
    expect(hostAllowed('rebind.attacker.example:8000', [])).toBe(false);
    expect(hostAllowed('strand.example.org', [])).toBe(false);
    expect(hostAllowed('strand.example.org', ['strand.example.org'])).toBe(true);
    expect(hostAllowed('a.mesh.example.org', ['*.mesh.example.org'])).toBe(true);
    expect(hostAllowed('mesh.example.org.attacker.example', ['*.mesh.example.org'])).toBe(false);
    expect(hostAllowed('anything.example', ['*'])).toBe(true);
    expect(hostAllowed(undefined, ['*'])).toBe(false);
  });
});

describe('hostCheck middleware', () => {
  let server: http.Server | undefined;
  afterEach(async () => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('answers 421 with the fix in the message, and serves allowed hosts', async () => {
    const app = express();
    app.use(hostCheck(['strand.example.org']));
    app.get('/x', (_req, res) => void res.send('ok'));
    server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server?.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/x', headers: { host } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
    const refused = await get('rebind.attacker.example');
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    expect(refused.body).toContain('--allowed-hosts rebind.attacker.example');
    expect((await get('strand.example.org:8000')).body).toBe('ok');
    expect((await get(`127.0.0.1:${port}`)).body).toBe('ok');
  });
});
