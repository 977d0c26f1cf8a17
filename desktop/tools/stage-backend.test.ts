// SPDX-License-Identifier: MIT
// Packaging steps that run without Electron: staging the backend with a rebuilt addon and a fresh
// manifest whose hash the app embeds, the bundles of main and preload, and the installer check.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, parseManifest, writeManifest } from '../../integrity/index.js';
import { decideBackendStart } from '../src/main/gatekeeper.js';
import { buildDesktopApp } from './build-app.js';
import { checkInstallers } from './dist.js';
import { createIconPng } from './icon.js';
import { stageBackend } from './stage-backend.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'strand-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBuild(name: string): string {
  const backend = path.join(dir, name);
  const release = path.join(backend, 'node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(release, { recursive: true });
  writeFileSync(path.join(release, 'better_sqlite3.node'), 'node-abi-127');
  writeFileSync(path.join(backend, 'strand.js'), '// server\n');
  writeManifest(backend, { version: '1.2.3', commit: 'deadbeef' });
  return backend;
}

const electronAddon = async (): Promise<string> => {
  const file = path.join(dir, 'electron-abi.node');
  writeFileSync(file, 'electron-abi-140');
  return file;
};

describe('staging the packaged backend', () => {
  it('swaps in the Electron-ABI addon, writes a manifest for what ships and returns its hash', async () => {
    const source = fakeBuild('backend-a');
    const sourceManifest = readFileSync(path.join(source, MANIFEST_FILE), 'utf8');
    const staged = await stageBackend({ sourceBackend: source, stagedBackend: path.join(dir, 'stage-a', 'backend'), rebuildAddon: electronAddon });

    const addon = path.join(staged.backendRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(readFileSync(addon, 'utf8')).toBe('electron-abi-140');
    const manifest = parseManifest(readFileSync(staged.manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ version: '1.2.3', commit: 'deadbeef' });
    expect(manifest.files['node_modules/better-sqlite3/build/Release/better_sqlite3.node']).toBe(createHash('sha256').update('electron-abi-140').digest('hex'));
    expect(staged.manifestSha256).toBe(createHash('sha256').update(readFileSync(staged.manifestPath)).digest('hex'));
    // The build output itself is untouched.
    expect(readFileSync(path.join(source, MANIFEST_FILE), 'utf8')).toBe(sourceManifest);

    // What the packaged app decides at startup with the embedded hash.
    expect(decideBackendStart({ backendRoot: staged.backendRoot, embeddedManifestSha256: staged.manifestSha256, packaged: true }).action).toBe('start');
    expect(decideBackendStart({ backendRoot: source, embeddedManifestSha256: staged.manifestSha256, packaged: true })).toMatchObject({ action: 'refuse', reason: 'manifest-replaced' });
  });

  it('refuses to package a build that does not match its own manifest', async () => {
    const source = fakeBuild('backend-b');
    writeFileSync(path.join(source, 'strand.js'), '// modified\n');
    await expect(stageBackend({ sourceBackend: source, stagedBackend: path.join(dir, 'stage-b', 'backend'), rebuildAddon: electronAddon })).rejects.toThrow(/refusing to package/);
    expect(existsSync(path.join(dir, 'stage-b', 'backend'))).toBe(false);
  });
});

describe('app bundles', () => {
  it('compiles main with the embedded hash and a preload that loads nothing but electron', async () => {
    const outDir = path.join(dir, 'app');
    const hash = 'ab'.repeat(32);
    await buildDesktopApp({ root, outDir, version: '1.2.3', embeddedManifestSha256: hash });
    const main = readFileSync(path.join(outDir, 'main.cjs'), 'utf8');
    expect(main).toContain(JSON.stringify(hash));
    const preload = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("strand"');
    expect(JSON.parse(readFileSync(path.join(outDir, 'package.json'), 'utf8'))).toMatchObject({ name: 'strand-desktop', version: '1.2.3', main: 'main.cjs' });
    await expect(buildDesktopApp({ root, outDir, version: '1.2.3', embeddedManifestSha256: 'not-a-hash' })).rejects.toThrow(/64 lowercase hex/);
  });

  it('draws a valid PNG icon', () => {
    const png = createIconPng(64);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(64);
    expect(createIconPng(64)).toEqual(png);
  });
});

describe('installer check', () => {
  it('requires every installer of the host platform and release-safe names', () => {
    expect(checkInstallers(['strand-desktop-1.0.0-linux-x86_64.AppImage', 'strand-desktop-1.0.0-linux-amd64.deb', 'linux-unpacked', 'builder-debug.yml'], 'linux')).toHaveLength(2);
    expect(() => checkInstallers(['strand-desktop-1.0.0-linux-x86_64.AppImage'], 'linux')).toThrow(/no \.deb/);
    expect(() => checkInstallers(['Strand Setup 1.0.0.exe'], 'win32')).toThrow(/names outside/);
    expect(checkInstallers(['strand-desktop-1.0.0-macos-arm64.dmg', 'strand-desktop-1.0.0-macos-arm64.dmg.blockmap'], 'darwin')).toEqual(['strand-desktop-1.0.0-macos-arm64.dmg']);
    expect(() => checkInstallers([], 'aix')).toThrow(/unsupported/);
  });
});
