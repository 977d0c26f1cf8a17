// SPDX-License-Identifier: MIT
// `npm run build`: builds the production backend root dist/backend/ (see build-backend.ts): the
// bundled server, the native addons, the third-party notices, the web UI (web/tools/build-web.mjs, run as its own process
// so the layers stay apart) and, last, the integrity manifest. The build steps are TypeScript
// (they share integrity/'s manifest code), loaded through tsx.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const webBuild = path.join(root, 'web', 'tools', 'build-web.mjs');

function buildWebInto(outDir) {
  if (!existsSync(webBuild)) return;
  execFileSync(process.execPath, [webBuild, path.join(outDir, 'web')], { cwd: root, stdio: 'inherit' });
}

// STRAND_SHIP_SBOM=<file>: ship that SBOM (from `npm run sbom`) inside the backend root, before the
// manifest is written so the manifest covers it; the About screen then describes it. Release and
// Docker builds set it; everyday builds skip the slow SBOM step.
function shipSbomInto(outDir) {
  const sbom = process.env.STRAND_SHIP_SBOM;
  if (!sbom) return;
  if (!existsSync(sbom)) throw new Error(`STRAND_SHIP_SBOM=${sbom}: no such file (run npm run sbom first)`);
  copyFileSync(sbom, path.join(outDir, 'sbom.cyclonedx.json'));
  console.log(`shipped ${sbom} as ${path.relative(root, outDir)}/sbom.cyclonedx.json`);
}

const unregister = register();
try {
  const { buildBackend } = await import('./build-backend.ts');
  await buildBackend({ root, outDir: path.join(root, 'dist', 'backend'), log: (line) => console.log(line), beforeManifest: (outDir) => {
    buildWebInto(outDir);
    shipSbomInto(outDir);
  } });
} finally {
  await unregister();
}
