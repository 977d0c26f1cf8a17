// SPDX-License-Identifier: MIT
// Builds the self-contained production backend root (dist/backend/ for `npm run build`):
//   strand.js                 the server and every pure-JS dependency, bundled into one ESM file
//   node_modules/             runtime files of the native addons only (see native-addons.ts)
//   web/                      built web assets (added before the manifest step)
//   THIRD_PARTY_LICENSES.txt  the notices of every bundled or copied package
//   backend-manifest.json     SHA-256 of every file above; ALWAYS the last step
// `strand serve` checks the manifest before it opens any socket or database, so nothing may be
// written into the backend root after it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { writeManifest } from '../../integrity/index.js';
import { copyNativeAddons, NATIVE_EXTERNALS } from './native-addons.js';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from './third-party-licenses.js';

export interface BackendBuildOptions {
  /** Repository root (where package.json is). */
  root: string;
  /** The backend root to (re)create. */
  outDir: string;
  /** Progress lines; silent when omitted. */
  log?: (line: string) => void;
  /** Adds more files (the web UI) to the backend root; runs just before the manifest. */
  beforeManifest?: (outDir: string) => Promise<void> | void;
}

export function gitCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (error) {
    // A source tarball without .git still builds; the manifest then says the commit is unknown.
    void error;
    return 'unknown';
  }
}

/**
 * The abstract-unix-socket addon (server/reticulum/interfaces/unix/native), built by `npm ci` on
 * Linux. Its loader looks for it next to the bundle; without it the shared instance falls back to
 * TCP and says so at start, so a missing addon is reported here, not fatal.
 */
function copySharedInstanceAddon(root: string, outDir: string, log: (line: string) => void): void {
  const rel = path.join('build', 'Release', 'abstract_socket.node');
  const src = path.join(root, 'server', 'reticulum', 'interfaces', 'unix', 'native', rel);
  if (!existsSync(src)) {
    log('abstract unix socket addon not built: the shared instance will use TCP only');
    return;
  }
  const dest = path.join(outDir, 'native', rel);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(src, dest);
  log(`copied the abstract unix socket addon into ${path.relative(root, dest)}`);
}

/** Builds the backend root and returns the number of files its manifest lists. */
export async function buildBackend(options: BackendBuildOptions): Promise<{ files: number; version: string; commit: string }> {
  const { root, outDir } = options;
  const log = options.log ?? (() => undefined);
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const commit = gitCommit(root);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    metafile: true,
    entryPoints: { strand: path.join(root, 'server', 'strand.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Split at dynamic imports (the CLI's commands, the certificate generator): a start of the node
    // compiles and evaluates only what serving needs. Chunks live beside strand.js, because code
    // finds the backend root from its own URL; the manifest covers them like every other file.
    splitting: true,
    chunkNames: '[name]-[hash]',
    // Everything pure-JS is bundled, so the manifest covers one file instead of thousands of
    // node_modules files; native addons cannot be, and are copied below.
    external: NATIVE_EXTERNALS,
    sourcemap: false,
    // License notices go to THIRD_PARTY_LICENSES.txt instead (whole license files, not fragments).
    legalComments: 'none',
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __strandCreateRequire } from 'node:module';\nconst require = __strandCreateRequire(import.meta.url);" },
    define: {
      __STRAND_VERSION__: JSON.stringify(pkg.version),
      __STRAND_COMMIT__: JSON.stringify(commit),
      // Tells `strand serve` it runs from a build: the manifest is then mandatory.
      __STRAND_BACKEND_BUILD__: 'true',
    },
    logLevel: 'warning',
  });
  log(`built ${path.relative(root, outDir)}/strand.js (${pkg.version})`);

  const copied = copyNativeAddons(root, outDir);
  log(`copied native addons (${NATIVE_EXTERNALS.join(', ')}) into ${path.relative(root, outDir)}/node_modules`);
  const notices = writeThirdPartyLicenses(root, Object.keys(result.metafile.inputs), copied, outDir);
  log(`wrote ${path.relative(root, outDir)}/${THIRD_PARTY_FILE} (${notices} packages)`);

  copySharedInstanceAddon(root, outDir, log);
  if (options.beforeManifest) await options.beforeManifest(outDir);

  // LAST STEP: the manifest. Anything added to the backend root must be added above this line.
  const manifest = writeManifest(outDir, { version: pkg.version, commit });
  const files = Object.keys(manifest.files).length;
  log(`wrote ${path.relative(root, outDir)}/backend-manifest.json (${files} files, commit ${commit})`);
  return { files, version: pkg.version, commit };
}
