// SPDX-License-Identifier: MIT
// A real electron-builder run, offline: the `dir` target on Linux with a fake Electron distribution
// (a file holding the fuse sentinel and wire instead of the Electron binary, which cannot be
// downloaded here). It proves what the installers are built from: app.asar holds only the four app
// files, the staged backend sits in resources/backend and passes the startup gate with the hash
// compiled into main.cjs, and the afterPack hook flipped the fuses in the packaged binary.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManifest } from '../../integrity/index.js';
import { FUSE_DISABLED, FUSE_ENABLED } from '../build/fuses.js';
import { LINUX_EXECUTABLE, createBuilderConfig } from '../build/electron-builder-config.js';
import { decideBackendStart } from '../src/main/gatekeeper.js';
import { buildDesktopApp } from './build-app.js';
import { stageBackend } from './stage-backend.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'strand-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const require = createRequire(import.meta.url);

describe('electron-builder', () => {
  it('accepts the configuration under its own schema and rejects an unknown key', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration: (c: object, l: object) => Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object };
    const config = createBuilderConfig({ appDir: '/a', backendDir: '/b/backend', buildResourcesDir: '/c', outputDir: '/d' });
    await validateConfiguration(config, new DebugLogger(false));
    await expect(validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it.skipIf(process.platform !== 'linux')('packages the app and the verified backend, with fuses flipped', async () => {
    // The backend build (a small stand-in) and its staging with a stand-in Electron-ABI addon.
    const build = path.join(dir, 'backend-build');
    mkdirSync(path.join(build, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(build, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'node-abi');
    writeFileSync(path.join(build, 'strand.js'), '// server\n');
    writeManifest(build, { version: '0.1.0', commit: 'c0ffee' });
    const staged = await stageBackend({
      sourceBackend: build,
      stagedBackend: path.join(dir, 'stage', 'backend'),
      rebuildAddon: async () => {
        writeFileSync(path.join(dir, 'addon.node'), 'electron-abi');
        return path.join(dir, 'addon.node');
      },
    });
    const appDir = path.join(dir, 'app');
    await buildDesktopApp({ root, outDir: appDir, version: '0.1.0', embeddedManifestSha256: staged.manifestSha256 });

    // A fake Electron distribution with Electron's default fuse wire (RunAsNode on etc.).
    const electronDist = path.join(dir, 'electron-dist');
    mkdirSync(electronDist);
    const wire = Buffer.from('10110001', 'latin1');
    writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('\x7fELF'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), wire]), { mode: 0o755 });
    writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');

    const resources = path.join(dir, 'build-resources');
    mkdirSync(resources);
    const output = path.join(dir, 'out');
    const config = createBuilderConfig({ appDir, backendDir: staged.backendRoot, buildResourcesDir: resources, outputDir: output });
    const { build: runBuilder, Platform } = await import('electron-builder');
    await runBuilder({ projectDir: appDir, publish: 'never', targets: Platform.LINUX.createTarget('dir'), config: { ...config, electronDist } });

    const unpacked = path.join(output, 'linux-unpacked');
    const asar = require('@electron/asar') as { listPackage: (p: string) => string[] };
    const files = asar.listPackage(path.join(unpacked, 'resources', 'app.asar')).map((f) => f.replaceAll('\\', '/'));
    expect(files.sort()).toEqual(['/icon.png', '/main.cjs', '/package.json', '/preload.cjs']);

    const shippedBackend = path.join(unpacked, 'resources', 'backend');
    expect(readFileSync(path.join(shippedBackend, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('electron-abi');
    expect(decideBackendStart({ backendRoot: shippedBackend, embeddedManifestSha256: staged.manifestSha256, packaged: true }).action).toBe('start');

    const fuses = await getCurrentFuseWire(path.join(unpacked, LINUX_EXECUTABLE));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FUSE_DISABLED);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FUSE_ENABLED);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FUSE_DISABLED);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_DISABLED);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE_ENABLED);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE_ENABLED);
  }, 120_000);
});
