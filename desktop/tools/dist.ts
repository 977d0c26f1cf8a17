// SPDX-License-Identifier: MIT
// `npm run desktop:dist` (after `npm run build`): packages the desktop app for the HOST platform into
// dist/desktop/: Linux AppImage + deb, Windows NSIS .exe, macOS .dmg, plus backend-manifest.json,
// the manifest of the backend the installers carry. Cross-building is not supported (native addons).
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_VERSION, createBuilderConfig } from '../build/electron-builder-config.js';
import { buildDesktopApp } from './build-app.js';
import { createIconPng } from './icon.js';
import { electronAddonRebuilder } from './rebuild-addons.js';
import { stageBackend } from './stage-backend.js';

/** Installer extensions the release workflow uploads, per host platform. */
export const EXPECTED_INSTALLERS: Readonly<Record<string, readonly string[]>> = {
  linux: ['.AppImage', '.deb'],
  win32: ['.exe'],
  darwin: ['.dmg'],
};

/** Release asset names must survive GitHub and SHA256SUMS unchanged. */
export const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Checks dist/desktop after packaging: every expected installer is there and every name is safe. */
export function checkInstallers(files: readonly string[], platform: string): string[] {
  const expected = EXPECTED_INSTALLERS[platform];
  if (!expected) throw new Error(`desktop:dist: unsupported host platform ${platform}`);
  const installers = files.filter((f) => expected.some((ext) => f.endsWith(ext)));
  for (const ext of expected) if (!installers.some((f) => f.endsWith(ext))) throw new Error(`desktop:dist: no ${ext} installer was produced`);
  const bad = installers.filter((f) => !ARTIFACT_NAME.test(f));
  if (bad.length > 0) throw new Error(`desktop:dist: installer names outside [A-Za-z0-9._+-]: ${bad.join(', ')}`);
  return installers;
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dist = path.join(root, 'dist');
  const stage = path.join(dist, 'desktop-stage');
  const output = path.join(dist, 'desktop');
  rmSync(output, { recursive: true, force: true });
  rmSync(stage, { recursive: true, force: true });

  const staged = await stageBackend({
    sourceBackend: path.join(dist, 'backend'),
    stagedBackend: path.join(stage, 'backend'),
    rebuildAddon: electronAddonRebuilder({ root, scratchDir: path.join(stage, 'rebuild'), electronVersion: ELECTRON_VERSION, arch: process.arch }),
  });
  console.log(`backend staged for Electron ${ELECTRON_VERSION}: manifest sha256 ${staged.manifestSha256}`);
  writeFileSync(path.join(stage, 'embedded-manifest-hash.json'), `${JSON.stringify({ sha256: staged.manifestSha256, version: staged.version, commit: staged.commit }, null, 2)}\n`);

  const appDir = path.join(dist, 'desktop-app');
  await buildDesktopApp({ root, outDir: appDir, version: staged.version, embeddedManifestSha256: staged.manifestSha256 });

  const resources = path.join(stage, 'build-resources');
  mkdirSync(resources, { recursive: true });
  writeFileSync(path.join(resources, 'icon.png'), createIconPng(512));
  cpSync(path.join(root, 'desktop', 'build', 'entitlements.mac.plist'), path.join(resources, 'entitlements.mac.plist'));

  const { build } = await import('electron-builder');
  await build({
    projectDir: appDir,
    publish: 'never',
    config: createBuilderConfig({ appDir, backendDir: staged.backendRoot, buildResourcesDir: resources, outputDir: output }),
  });

  copyFileSync(staged.manifestPath, path.join(output, 'backend-manifest.json'));
  const installers = checkInstallers(readdirSync(output), process.platform);
  console.log(`desktop installers in ${path.relative(root, output)}/: ${installers.join(', ')} (+ backend-manifest.json)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
