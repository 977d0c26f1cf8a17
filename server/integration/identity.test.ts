// SPDX-License-Identifier: MIT
// Backup and restore of the delivery identity over real HTTP: session and CSRF required, export and
// import round-trip to the same hash, garbage refused, and every access recorded as an auth event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestNode } from './harness.js';
import { Client as BareClient, errorCode, ownerClient, startTestNode } from './harness.js';

let t: TestNode;
let c: Client;
beforeAll(async () => {
  t = await startTestNode();
  c = await ownerClient(t);
});
afterAll(async () => {
  await t.cleanup();
});

type Info = { identityHash: string; deliveryHash: string; base32: string };
const HEX16 = /^[0-9a-f]{32}$/;

describe('identity backup', () => {
  it('requires a session for every endpoint and the CSRF header for import', async () => {
    const anon = new BareClient(t.url);
    for (const r of [await anon.get('/api/v1/identity'), await anon.get('/api/v1/identity/file'), await anon.post('/api/v1/identity/import', { base32: 'AAAA' })]) {
      expect([r.status, errorCode(r)]).toEqual([401, 'AUTH_REQUIRED']);
    }
    const before = (await c.get('/api/v1/identity')).body as Info;
    const noCsrf = await c.post('/api/v1/identity/import', { base32: before.base32 }, { 'x-strand-csrf': '' });
    expect(noCsrf.status).toBe(403);
  });

  it('exports as JSON and as a 64-byte download, and an import round-trips to the same hash', async () => {
    const info = await c.get('/api/v1/identity');
    expect(info.status).toBe(200);
    const a = info.body as Info;
    expect(a.identityHash).toMatch(HEX16);
    expect(a.deliveryHash).toMatch(HEX16);
    expect(a.deliveryHash).not.toBe(a.identityHash);
    expect(info.headers.get('cache-control')).toBe('no-store');

    const file = await fetch(`${t.url}/api/v1/identity/file`, { headers: { cookie: c.cookie ?? '', origin: t.url } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="strand-identity-[0-9a-f]{8}"/);
    expect(file.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.length).toBe(64);

    // Import a second node's identity, then restore the first from its backup.
    const other = await startTestNode();
    try {
      const oc = await ownerClient(other);
      const b = (await oc.get('/api/v1/identity')).body as Info;
      expect(b.identityHash).not.toBe(a.identityHash);
      const swapped = await c.post('/api/v1/identity/import', { base32: b.base32 });
      expect([swapped.status, swapped.body]).toEqual([200, { identityHash: b.identityHash, deliveryHash: b.deliveryHash, restartRequired: true }]);
      expect(((await c.get('/api/v1/identity')).body as Info).identityHash).toBe(b.identityHash);
    } finally {
      await other.cleanup();
    }
    const restored = await c.post('/api/v1/identity/import', { base32: a.base32.toLowerCase() });
    expect(restored.body).toMatchObject({ identityHash: a.identityHash, deliveryHash: a.deliveryHash });
    await t.restart();
    expect(((await c.get('/api/v1/identity')).body as Info).identityHash).toBe(a.identityHash);
  });

  it('refuses garbage with 400, keeps the identity, and logs each import as an auth event', async () => {
    const before = ((await c.get('/api/v1/identity')).body as Info).identityHash;
    for (const body of [{ base32: 'not base32 at all!' }, { base32: 'AAAAAAAA' }, { base32: 1 }, {}, { base32: 'AAAA', extra: 1 }]) {
      const r = await c.post('/api/v1/identity/import', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(['IDENTITY_INVALID', 'VALIDATION_FAILED']).toContain(errorCode(r));
    }
    expect(((await c.get('/api/v1/identity')).body as Info).identityHash).toBe(before);
    const log = (await c.get('/api/v1/logs/access?kind=auth&limit=500')).body as { entries: { event: string; outcome: string }[] };
    const events = log.entries.map((e) => `${e.event}:${e.outcome}`);
    expect(events).toContain('identity-import:ok');
    expect(events).toContain('identity-import:failed');
    expect(events).toContain('identity-export:ok');
  });
});
