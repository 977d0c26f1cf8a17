// SPDX-License-Identifier: MIT
// Interface editing over HTTP: the Reticulum config file in the data dir is what changes.
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestNode } from './harness.js';
import { errorCode, ownerClient, startTestNode } from './harness.js';

let t: TestNode;
let c: Client;
beforeAll(async () => {
  t = await startTestNode();
  c = await ownerClient(t);
});
afterAll(() => t.cleanup());
const configText = () => readFileSync(path.join(t.dataDir, 'reticulum', 'config'), 'utf8');
type Iface = { name: string; type: string; enabled: boolean; valid: boolean; options: Record<string, string> };
const list = async () => ((await c.get('/api/v1/interfaces')).body as { interfaces: Iface[] }).interfaces;

describe('interfaces', () => {
  it('lists the default configuration before any file exists', async () => {
    expect(existsSync(path.join(t.dataDir, 'reticulum', 'config'))).toBe(false);
    expect((await list()).map((i) => i.type)).toContain('AutoInterface');
  });

  it('adds, edits, disables and deletes an interface in the config file', async () => {
    const add = await c.post('/api/v1/interfaces', { name: 'Hub', options: { type: 'TCPClientInterface', enabled: 'yes', target_host: 'hub.example.org', target_port: '4242' } });
    expect(add.status).toBe(201);
    expect(configText()).toMatch(/\[\[Hub\]\]\n\s+type = TCPClientInterface\n\s+enabled = yes\n\s+target_host = hub.example.org/);
    const dup = await c.post('/api/v1/interfaces', { name: 'Hub', options: { type: 'TCPClientInterface', target_host: 'x', target_port: '1' } });
    expect([dup.status, errorCode(dup)]).toEqual([409, 'INTERFACE_EXISTS']);
    const edit = await c.request('PUT', '/api/v1/interfaces/Hub', { options: { type: 'TCPClientInterface', enabled: 'yes', target_host: 'hub2.example.org', target_port: '4243' } });
    expect(edit.status).toBe(200);
    expect(configText()).toContain('target_host = hub2.example.org');
    const off = await c.post('/api/v1/interfaces/Hub/disable');
    expect((off.body as { interface: Iface }).interface).toMatchObject({ enabled: false });
    expect((await c.request('DELETE', '/api/v1/interfaces/Hub')).status).toBe(204);
    expect(configText()).not.toContain('[[Hub]]');
    expect((await c.request('DELETE', '/api/v1/interfaces/Hub')).status).toBe(404);
  });

  it('rejects invalid interfaces, names and options without touching the file', async () => {
    const before = existsSync(path.join(t.dataDir, 'reticulum', 'config')) ? configText() : '';
    const cases: [unknown, number][] = [
      [{ name: 'Bad', options: { type: 'TCPClientInterface', target_port: 'not-a-port', target_host: 'h' } }, 400],
      [{ name: 'x]]\n[[y', options: { type: 'TCPClientInterface' } }, 400],
      [{ name: '../../etc', options: { type: 'TCPClientInterface' } }, 400],
      [{ name: 'NoType', options: { enabled: 'yes' } }, 400],
      [{ name: 'Bad key', options: { type: 'UDPInterface', 'bad-key': '1' } }, 400],
      [{ name: 'Extra', options: { type: 'UDPInterface' }, surprise: 1 }, 400],
    ];
    for (const [body, status] of cases) expect((await c.post('/api/v1/interfaces', body)).status, JSON.stringify(body)).toBe(status);
    expect(existsSync(path.join(t.dataDir, 'reticulum', 'config')) ? configText() : '').toBe(before);
  });

  it('refuses a listen port another program holds, with 409', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await c.post('/api/v1/interfaces', { name: 'Server', options: { type: 'TCPServerInterface', enabled: 'yes', listen_ip: '127.0.0.1', listen_port: String(port) } });
      expect([r.status, errorCode(r)]).toEqual([409, 'PORT_IN_USE']);
      expect((await list()).some((i) => i.name === 'Server')).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('says that reload needs a running Reticulum', async () => {
    const r = await c.post('/api/v1/interfaces/reload');
    expect([r.status, errorCode(r)]).toEqual([503, 'RETICULUM_UNAVAILABLE']);
  });
});
