// SPDX-License-Identifier: MIT
// `npm run desktop:build`: compiles the main process and the preload with esbuild into
// dist/desktop-app/ (the folder electron-builder packs into app.asar), with the app's package.json
// and icon. desktop:dist calls it with the SHA-256 of the manifest it is about to ship, which is
// compiled into main.cjs; a plain desktop:build embeds null (an unpackaged development run).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createIconPng } from './icon.js';

export interface BuildAppOptions {
  root: string;
  outDir: string;
  version: string;
  /** Lowercase hex SHA-256 of the shipped backend-manifest.json, or null for development. */
  embeddedManifestSha256: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;

export async function buildDesktopApp(options: BuildAppOptions): Promise<void> {
  const hash = options.embeddedManifestSha256;
  if (hash !== null && !HEX64.test(hash)) throw new Error(`embedded manifest hash must be 64 lowercase hex digits, got ${hash}`);
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node22',
    external: ['electron'],
    legalComments: 'eof' as const,
    logLevel: 'warning' as const,
  };
  await build({
    ...common,
    entryPoints: [path.join(options.root, 'desktop', 'src', 'main', 'main.ts')],
    outfile: path.join(options.outDir, 'main.cjs'),
    define: { __STRAND_EMBEDDED_MANIFEST_SHA256__: JSON.stringify(hash) },
  });
  await build({
    ...common,
    entryPoints: [path.join(options.root, 'desktop', 'src', 'preload', 'preload.ts')],
    outfile: path.join(options.outDir, 'preload.cjs'),
  });
  const appPackage = {
    name: 'strand-desktop',
    productName: 'Strand',
    version: options.version,
    description: 'Strand: an LXMF mesh messenger node over Reticulum',
    author: { name: 'Strand contributors', email: 'security@strand.invalid' },
    license: 'MIT',
    private: true,
    main: 'main.cjs',
  };
  writeFileSync(path.join(options.outDir, 'package.json'), `${JSON.stringify(appPackage, null, 2)}\n`);
  writeFileSync(path.join(options.outDir, 'icon.png'), createIconPng(256));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { readFileSync } = await import('node:fs');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const outDir = path.join(root, 'dist', 'desktop-app');
  await buildDesktopApp({ root, outDir, version, embeddedManifestSha256: null });
  console.log(`desktop app (development, no embedded manifest hash) written to ${path.relative(root, outDir)}/`);
}
