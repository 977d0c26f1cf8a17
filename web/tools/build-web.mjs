// SPDX-License-Identifier: MIT
// Builds the web UI with Vite. `buildWeb(outDir)` is exported so that the backend build can put the
// UI into its backend root BEFORE it writes the integrity manifest; run directly, it builds into
// dist/backend/web/ (the folder the server serves at `/`).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the production UI into `outDir` (emptied first). */
export async function buildWeb(outDir = path.resolve(webRoot, '..', 'dist', 'backend', 'web')) {
  await build({
    configFile: path.join(webRoot, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`built web UI into ${path.relative(process.cwd(), out) || '.'}`);
}
