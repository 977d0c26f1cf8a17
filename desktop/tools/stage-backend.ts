// SPDX-License-Identifier: MIT
// Prepares the backend that ships inside the desktop app, from the verified `npm run build` output:
//
// 1. check dist/backend against its manifest (refuse to package a modified build);
// 2. copy it to a staging folder;
// 3. replace the V8-ABI native addon (better-sqlite3) with one compiled for the packaged Electron's
//    ABI. argon2 is an N-API addon, ABI-stable across Node and Electron, and ships as built;
// 4. write a NEW manifest for exactly these files (same version and commit as the build), and check
//    the staged root against it;
// 5. return the SHA-256 of that manifest's bytes, which build-app.ts compiles into main.cjs.
//
// The manifest therefore describes what ships, and the app pins the manifest.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, checkBackend, parseManifest, writeManifest } from '../../integrity/index.js';

/** Native addons built against V8 directly: they must be recompiled for Electron. */
export const ELECTRON_REBUILT_ADDONS: readonly { name: string; binary: string }[] = [
  { name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node' },
];

/**
 * Compiles addon `name` for Electron and returns the path of the resulting binary. Production uses
 * @electron/rebuild on a copy of the lockfile-installed package source (rebuild-addons.ts); tests
 * inject a stand-in.
 */
export type RebuildAddon = (addon: { name: string; binary: string }) => Promise<string>;

export interface StageOptions {
  /** The verified build, normally dist/backend. */
  sourceBackend: string;
  /** Where the shipped backend is assembled (emptied first). */
  stagedBackend: string;
  rebuildAddon: RebuildAddon;
}

export interface StagedBackend {
  backendRoot: string;
  manifestPath: string;
  /** Lowercase hex SHA-256 of the staged backend-manifest.json bytes. */
  manifestSha256: string;
  version: string;
  commit: string;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export async function stageBackend(options: StageOptions): Promise<StagedBackend> {
  const source = checkBackend({ mode: 'production', backendRoot: options.sourceBackend, allowModified: false });
  if (source.status !== 'verified') throw new Error(`refusing to package ${options.sourceBackend}: ${source.summary}`);
  const build = parseManifest(readFileSync(path.join(options.sourceBackend, MANIFEST_FILE), 'utf8'));

  rmSync(options.stagedBackend, { recursive: true, force: true });
  mkdirSync(path.dirname(options.stagedBackend), { recursive: true });
  cpSync(options.sourceBackend, options.stagedBackend, { recursive: true, dereference: true });

  for (const addon of ELECTRON_REBUILT_ADDONS) {
    const target = path.join(options.stagedBackend, 'node_modules', addon.name, addon.binary);
    if (!existsSync(target)) throw new Error(`${addon.name}: ${addon.binary} is not in the backend build`);
    const rebuilt = await options.rebuildAddon(addon);
    cpSync(rebuilt, target);
  }

  writeManifest(options.stagedBackend, { version: build.version, commit: build.commit });
  const staged = checkBackend({ mode: 'production', backendRoot: options.stagedBackend, allowModified: false });
  if (staged.status !== 'verified') throw new Error(`staged backend does not verify: ${staged.summary}`);
  const manifestPath = path.join(options.stagedBackend, MANIFEST_FILE);
  return { backendRoot: options.stagedBackend, manifestPath, manifestSha256: sha256File(manifestPath), version: build.version, commit: build.commit };
}
