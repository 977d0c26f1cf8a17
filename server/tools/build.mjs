// SPDX-License-Identifier: MIT
// `npm run build`: builds the production backend root dist/backend/ (see build-backend.ts): the
// bundled server, the native addons, the third-party notices, the web UI (web/tools/build-web.mjs, run as its own process
// so the layers stay apart) and, last, the integrity manifest. The build steps are TypeScript
// (they share integrity/'s manifest code), loaded through tsx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const webBuild = path.join(root, 'web', 'tools', 'build-web.mjs');

function buildWebInto(outDir) {
  if (!existsSync(webBuild)) return;
  execFileSync(process.execPath, [webBuild, path.join(outDir, 'web')], { cwd: root, stdio: 'inherit' });
}

const unregister = register();
try {
  const { buildBackend } = await import('./build-backend.ts');
  await buildBackend({ root, outDir: path.join(root, 'dist', 'backend'), log: (line) => console.log(line), beforeManifest: buildWebInto });
} finally {
  await unregister();
}
