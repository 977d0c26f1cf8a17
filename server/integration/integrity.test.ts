// SPDX-License-Identifier: MIT
// Data-at-rest checks over real restarts: files changed while the node is stopped show up in
// GET /api/v1/integrity until the owner acknowledges them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestNode } from './harness.js';
import { Client as BareClient, errorCode, ownerClient, startTestNode } from './harness.js';

interface Dar {
  status: string;
  warnings: { code: string; subject: string }[];
  acknowledged: boolean;
}
let t: TestNode;
let c: Client;
const identity = () => path.join(t.dataDir, 'identities', 'delivery');
const config = () => path.join(t.dataDir, 'reticulum', 'config');
const dar = async (): Promise<Dar> => ((await c.get('/api/v1/integrity')).body as { dataAtRest: Dar }).dataAtRest;
/** Stops the node, lets `change` touch the data dir, starts it again on the same data dir. */
async function whileStopped(change: () => void): Promise<void> {
  await t.stop();
  change();
  await t.restart();
}

beforeAll(async () => {
  // Nodes here run without Reticulum, so the watched files are put in place as Reticulum would.
  t = await startTestNode();
  mkdirSync(path.dirname(identity()), { recursive: true });
  mkdirSync(path.dirname(config()), { recursive: true });
  writeFileSync(identity(), new Uint8Array(64).fill(1));
  writeFileSync(config(), '[reticulum]\n  share_instance = No\n');
  c = await ownerClient(t);
});
afterAll(async () => {
  await t.cleanup();
});

describe('data at rest', () => {
  it('reports a first run, then clean after a clean restart', async () => {
    expect(await dar()).toMatchObject({ status: 'first-run', warnings: [], acknowledged: true });
    const full = (await c.get('/api/v1/integrity')).body as { backend: unknown };
    expect(full.backend).toBeNull(); // the harness passes no backend report
    await t.restart();
    expect(await dar()).toMatchObject({ status: 'clean', warnings: [], acknowledged: true });
  });

  it('reports an identity replaced and a config edited while stopped, until acknowledged', async () => {
    await whileStopped(() => {
      writeFileSync(identity(), new Uint8Array(64).fill(2));
      writeFileSync(config(), '[reticulum]\n  share_instance = Yes\n');
    });
    const changed = await dar();
    expect(changed.status).toBe('changed');
    expect(changed.acknowledged).toBe(false);
    expect(changed.warnings.map((w) => [w.code, w.subject]).sort()).toEqual([
      ['DAR_CONFIG_CHANGED', 'reticulum/config'],
      ['DAR_IDENTITY_REPLACED', 'identities/delivery'],
    ]);
    // A clean restart records a new baseline but must not drop warnings nobody acknowledged.
    await t.restart();
    expect((await dar()).warnings.map((w) => w.code).sort()).toEqual(['DAR_CONFIG_CHANGED', 'DAR_IDENTITY_REPLACED']);

    const ack = await c.post('/api/v1/integrity/acknowledge', {});
    expect(ack.status).toBe(200);
    expect((ack.body as { dataAtRest: Dar }).dataAtRest).toMatchObject({ status: 'changed', acknowledged: true });
    const log = (await c.get('/api/v1/logs/access?kind=auth')).body as { entries: { event: string; outcome: string }[] };
    expect(log.entries.map((e) => [e.event, e.outcome])).toContainEqual(['integrity-acknowledge', 'ok']);

    await t.restart();
    expect(await dar()).toMatchObject({ status: 'clean', warnings: [], acknowledged: true });
  });

  it('reports a deleted identity and an unclean shutdown', async () => {
    await whileStopped(() => {
      writeFileSync(path.join(t.dataDir, 'integrity-state.json'), JSON.stringify({ format: 'strand-data-at-rest', formatVersion: 1, state: 'running', recordedAt: new Date(0).toISOString(), identityFiles: { 'identities/delivery': { sha256: '00'.repeat(32), size: 64 } }, configFiles: {}, database: null }));
    });
    expect((await dar()).warnings.map((w) => w.code).sort()).toEqual(['DAR_IDENTITY_REPLACED', 'DAR_UNCLEAN_SHUTDOWN']);
    expect((await c.post('/api/v1/integrity/acknowledge')).status).toBe(200);
  });

  it('refuses anonymous callers and a body that is not empty', async () => {
    const anon = new BareClient(t.url);
    expect((await anon.get('/api/v1/integrity')).status).toBe(401);
    expect((await anon.post('/api/v1/integrity/acknowledge', {})).status).toBe(401);
    const bad = await c.post('/api/v1/integrity/acknowledge', { all: true });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBeDefined();
    expect((await c.post('/api/v1/integrity/acknowledge', {}, { 'x-strand-csrf': '' })).status).toBe(403);
  });
});

describe('GET /api/v1/integrity/supply-chain', () => {
  it('describes the SBOM and provenance shipped next to the backend, and needs a session', async () => {
    const { copyFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(path.join(tmpdir(), 'strand-shipped-'));
    writeFileSync(path.join(root, 'sbom.cyclonedx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'ws' }], metadata: { component: { name: 'strand', version: '0.1.0' } } }));
    copyFileSync(path.join(import.meta.dirname, '..', '..', 'integrity', 'fixtures', 'slsa-generic', 'v2.1.0-binary-linux-amd64-push-v14.intoto.jsonl'), path.join(root, 'strand.intoto.jsonl'));
    const node = await startTestNode({}, { supplyChainRoot: root });
    try {
      const anon = await new BareClient(node.url).get('/api/v1/integrity/supply-chain');
      expect(anon.status).toBe(401);
      const owner = await ownerClient(node);
      const r = await owner.get('/api/v1/integrity/supply-chain');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        sbom: { status: 'present', summary: { componentCount: 1, subject: { name: 'strand', version: '0.1.0' } } },
        provenance: { status: 'present', summary: { predicateType: 'https://slsa.dev/provenance/v0.2', subjects: [{ name: 'gha_generic-binary-linux-amd64-v14' }] } },
      });
    } finally {
      await node.cleanup();
    }
    // The test nodes of this file ship nothing: both are absent.
    expect((await c.get('/api/v1/integrity/supply-chain')).body).toEqual({ sbom: { status: 'absent' }, provenance: { status: 'absent' } });
  });
});
