// SPDX-License-Identifier: MIT
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBackend, createManifest, IntegrityError, MANIFEST_FILE, parseManifest, serializeManifest, verifyManifest, writeManifest } from './index.js';

const BUILD = { version: '1.2.3', commit: 'abc123' };
const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'strand-manifest-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const SAMPLE = { 'strand.js': 'console.log(1)\n', 'web/index.html': '<!doctype html>', 'node_modules/a/package.json': '{}', 'web/assets/x.js': 'x' };

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createManifest / serializeManifest', () => {
  it('is deterministic: same files in any creation order give the same bytes, paths sorted', () => {
    const a = tree(SAMPLE);
    const b = tree(Object.fromEntries(Object.entries(SAMPLE).reverse()));
    const textA = serializeManifest(createManifest(a, BUILD));
    expect(serializeManifest(createManifest(b, BUILD))).toBe(textA);
    const parsed = JSON.parse(textA) as { files: Record<string, string>; version: string; commit: string; algorithm: string };
    expect(Object.keys(parsed.files)).toEqual(['node_modules/a/package.json', 'strand.js', 'web/assets/x.js', 'web/index.html']);
    expect(parsed.files['strand.js']).toBe('3879a5d930ae1999b278a3a498f7de3fd83ba8dae59330fcfa2db31c103ac21d');
    expect(parsed).toMatchObject({ algorithm: 'sha256', version: '1.2.3', commit: 'abc123' });
    expect(textA.endsWith('}\n')).toBe(true);
  });

  it('records the real SHA-256 of each file', () => {
    const root = tree({ 'a.txt': 'abc' });
    expect(createManifest(root, BUILD).files['a.txt']).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('refuses to create a manifest over a symlink that escapes the root', () => {
    const root = tree(SAMPLE);
    symlinkSync('/etc/hostname', path.join(root, 'escape'));
    expect(() => createManifest(root, BUILD)).toThrow(IntegrityError);
    try {
      createManifest(root, BUILD);
    } catch (error) {
      expect((error as IntegrityError).code).toBe('INTEGRITY_ERR_SYMLINK_ESCAPE');
    }
  });

  it('does not list the manifest or its signature files', () => {
    const root = tree({ ...SAMPLE, 'backend-manifest.json.sigstore.json': '{}' });
    writeManifest(root, BUILD);
    const files = Object.keys(createManifest(root, BUILD).files);
    expect(files).not.toContain(MANIFEST_FILE);
    expect(files).not.toContain('backend-manifest.json.sigstore.json');
  });
});

describe('verifyManifest', () => {
  it('passes an untouched tree (signature files next to the manifest are allowed)', () => {
    const root = tree(SAMPLE);
    writeManifest(root, BUILD);
    writeFileSync(path.join(root, 'backend-manifest.json.sigstore.json'), '{}');
    const result = verifyManifest(root);
    expect(result).toEqual({ ok: true, problems: [], manifest: { version: '1.2.3', commit: 'abc123', fileCount: 4 } });
  });

  it('reports every changed, missing and extra file by name', () => {
    const root = tree(SAMPLE);
    writeManifest(root, BUILD);
    writeFileSync(path.join(root, 'strand.js'), 'console.log(2)\n');
    unlinkSync(path.join(root, 'web/index.html'));
    writeFileSync(path.join(root, 'web/assets/evil.js'), 'evil');
    const result = verifyManifest(root);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.kind, p.path])).toEqual([
      ['changed', 'strand.js'],
      ['extra', 'web/assets/evil.js'],
      ['missing', 'web/index.html'],
    ]);
  });

  it('fails on a symlink escaping the root, even when it replaces a listed file', () => {
    const root = tree(SAMPLE);
    writeManifest(root, BUILD);
    unlinkSync(path.join(root, 'strand.js'));
    symlinkSync('/etc/hostname', path.join(root, 'strand.js'));
    const result = verifyManifest(root);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'symlink-escape', path: 'strand.js' })]);
  });

  it('accepts a symlink to a file inside the root when it is listed with the right content', () => {
    const root = tree(SAMPLE);
    symlinkSync('strand.js', path.join(root, 'alias.js'));
    writeManifest(root, BUILD);
    expect(verifyManifest(root).ok).toBe(true);
  });

  it('fails closed when the manifest is missing or invalid', () => {
    const root = tree(SAMPLE);
    expect(verifyManifest(root).problems).toEqual([expect.objectContaining({ kind: 'manifest-missing', path: MANIFEST_FILE })]);
    writeFileSync(path.join(root, MANIFEST_FILE), '{"format":"strand-backend-manifest"');
    expect(verifyManifest(root).problems[0]?.kind).toBe('manifest-invalid');
  });

  it('rejects manifests that name paths outside the root or malformed digests', () => {
    const good = JSON.parse(serializeManifest(createManifest(tree(SAMPLE), BUILD))) as { files: Record<string, string> };
    for (const bad of ['../etc/passwd', '/etc/passwd', 'a//b', './a']) {
      const text = JSON.stringify({ ...good, files: { [bad]: 'a'.repeat(64) } });
      expect(() => parseManifest(text)).toThrow(/illegal path/);
    }
    expect(() => parseManifest(JSON.stringify({ ...good, files: { 'a.js': 'ABC' } }))).toThrow(/lowercase hex/);
    expect(() => parseManifest(JSON.stringify({ ...good, formatVersion: 2 }))).toThrow(/formatVersion/);
  });
});

describe('checkBackend', () => {
  const now = () => new Date('2026-01-01T00:00:00Z');

  it('says a development run is unverified and checks nothing', () => {
    const report = checkBackend({ mode: 'development', backendRoot: '/nonexistent', allowModified: false, now });
    expect(report).toMatchObject({ status: 'unverified-development', mode: 'development', problems: [], checkedAt: '2026-01-01T00:00:00.000Z' });
    expect(report.summary).toMatch(/unverified development run/);
  });

  it('verifies a matching production root', () => {
    const root = tree(SAMPLE);
    writeManifest(root, BUILD);
    expect(checkBackend({ mode: 'production', backendRoot: root, allowModified: false, now })).toMatchObject({ status: 'verified', version: '1.2.3', commit: 'abc123', fileCount: 4 });
  });

  it('fails a modified production root and names the files; the override starts it as overridden', () => {
    const root = tree(SAMPLE);
    writeManifest(root, BUILD);
    writeFileSync(path.join(root, 'web/assets/x.js'), 'y');
    const failed = checkBackend({ mode: 'production', backendRoot: root, allowModified: false, now });
    expect(failed.status).toBe('failed');
    expect(failed.summary).toContain('changed web/assets/x.js');
    const overridden = checkBackend({ mode: 'production', backendRoot: root, allowModified: true, now });
    expect(overridden).toMatchObject({ status: 'overridden', overrideRequested: true });
    expect(overridden.summary).toMatch(/OVERRIDE/);
  });

  it('fails a production root without a manifest', () => {
    const root = tree(SAMPLE);
    const report = checkBackend({ mode: 'production', backendRoot: root, allowModified: false, now });
    expect(report.status).toBe('failed');
    expect(report.problems[0]?.kind).toBe('manifest-missing');
    expect(readFileSync(path.join(root, 'strand.js'), 'utf8')).toBe(SAMPLE['strand.js']);
  });
});
