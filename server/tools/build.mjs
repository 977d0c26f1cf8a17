// SPDX-License-Identifier: MIT
// `npm run build`: bundles the backend into dist/backend/. One ESM file for the server; runtime
// packages (native addons among them) stay external and resolve from node_modules.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outDir = path.join(root, 'dist', 'backend');

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // A source tarball without .git still builds; the manifest then says the commit is unknown.
    return 'unknown';
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

await build({
  entryPoints: { strand: path.join(root, 'server', 'strand.ts') },
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  define: {
    __STRAND_VERSION__: JSON.stringify(pkg.version),
    __STRAND_COMMIT__: JSON.stringify(gitCommit()),
  },
  logLevel: 'warning',
});
console.log(`built ${path.relative(root, outDir)}/strand.js (${pkg.version})`);
