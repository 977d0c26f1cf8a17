// SPDX-License-Identifier: MIT
// Gatekeeping on real backend roots written with the integrity library's own manifest functions.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, writeManifest } from '../../../integrity/index.js';
import { decideBackendStart } from './gatekeeper.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A small backend root with a manifest; returns the root and the manifest's SHA-256. */
function backendRoot(): { root: string; hash: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'strand-gate-'));
  roots.push(root);
  writeFileSync(path.join(root, 'strand.js'), 'console.log("listening");\n');
  mkdirSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]));
  mkdirSync(path.join(root, 'web'));
  writeFileSync(path.join(root, 'web', 'index.html'), '<!doctype html>');
  writeManifest(root, { version: '0.1.0', commit: 'abc' });
  const hash = createHash('sha256').update(readFileSync(path.join(root, MANIFEST_FILE))).digest('hex');
  return { root, hash };
}

describe('backend gatekeeping', () => {
  it('starts a backend whose manifest matches the embedded hash and whose files match the manifest', () => {
    const { root, hash } = backendRoot();
    const d = decideBackendStart({ backendRoot: root, embeddedManifestSha256: hash, packaged: true });
    expect(d.action).toBe('start');
    if (d.action === 'start') {
      expect(d.report.status).toBe('verified');
      expect(d.report.fileCount).toBe(3);
    }
  });

  it('refuses a changed file, naming it', () => {
    const { root, hash } = backendRoot();
    writeFileSync(path.join(root, 'strand.js'), 'require("child_process").exec("evil");\n');
    const d = decideBackendStart({ backendRoot: root, embeddedManifestSha256: hash, packaged: true });
    expect(d).toMatchObject({ action: 'refuse', reason: 'files-mismatch', title: 'Strand cannot start' });
    if (d.action === 'refuse') expect(d.message).toContain('changed strand.js');
  });

  it('refuses an added file', () => {
    const { root, hash } = backendRoot();
    writeFileSync(path.join(root, 'node_modules', 'preload-hook.js'), '');
    const d = decideBackendStart({ backendRoot: root, embeddedManifestSha256: hash, packaged: true });
    expect(d).toMatchObject({ action: 'refuse', reason: 'files-mismatch' });
    if (d.action === 'refuse') expect(d.message).toContain('extra node_modules/preload-hook.js');
  });

  it('refuses a missing manifest', () => {
    const { root, hash } = backendRoot();
    rmSync(path.join(root, MANIFEST_FILE));
    const d = decideBackendStart({ backendRoot: root, embeddedManifestSha256: hash, packaged: true });
    expect(d).toMatchObject({ action: 'refuse', reason: 'manifest-missing' });
    if (d.action === 'refuse') expect(d.message).toContain(MANIFEST_FILE);
  });

  it('refuses a backend replaced together with a fresh, self-consistent manifest', () => {
    const { root, hash } = backendRoot();
    writeFileSync(path.join(root, 'strand.js'), 'evil();\n');
    writeManifest(root, { version: '0.1.0', commit: 'abc' });
    const d = decideBackendStart({ backendRoot: root, embeddedManifestSha256: hash, packaged: true });
    expect(d).toMatchObject({ action: 'refuse', reason: 'manifest-replaced' });
    if (d.action === 'refuse') expect(d.detail).toContain(hash);
  });

  it('refuses a packaged app without an embedded hash, and checks files in an unpackaged run', () => {
    const { root } = backendRoot();
    expect(decideBackendStart({ backendRoot: root, embeddedManifestSha256: null, packaged: true })).toMatchObject({ action: 'refuse', reason: 'no-embedded-hash' });
    expect(decideBackendStart({ backendRoot: root, embeddedManifestSha256: null, packaged: false }).action).toBe('start');
    writeFileSync(path.join(root, 'web', 'index.html'), 'tampered');
    expect(decideBackendStart({ backendRoot: root, embeddedManifestSha256: null, packaged: false })).toMatchObject({ action: 'refuse', reason: 'files-mismatch' });
  });

  it('refuses a root that does not exist', () => {
    const d = decideBackendStart({ backendRoot: path.join(tmpdir(), 'strand-gate-does-not-exist'), embeddedManifestSha256: 'a'.repeat(64), packaged: true });
    expect(d).toMatchObject({ action: 'refuse', reason: 'manifest-missing' });
  });
});
