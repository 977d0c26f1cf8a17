// SPDX-License-Identifier: MIT
// Native addons cannot be bundled into strand.js, so the build copies exactly their runtime files
// (JS entry, package.json, license, the compiled `.node` for this platform) and the small packages
// they load at runtime into dist/backend/node_modules/. Build-only files (C/C++ sources, the SQLite
// amalgamation, object files, prebuilds for other platforms) stay out, so the backend root holds
// only what runs, and the manifest covers all of it.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const platformDir = `${process.platform}-${process.arch}`;

interface RuntimePackage {
  /** Paths to copy; `*` copies the whole package (tiny pure-JS helpers), a trailing `/` a directory. */
  files: string[];
  /** Where the compiled addon may be; at least one must exist. */
  native?: string[];
}

/** Packages bundling leaves external, with the files each needs at runtime. */
export const RUNTIME_PACKAGES: Record<string, RuntimePackage> = {
  'better-sqlite3': { files: ['package.json', 'LICENSE', 'lib/'], native: ['build/Release/better_sqlite3.node'] },
  bindings: { files: ['*'] },
  'file-uri-to-path': { files: ['*'] },
  argon2: { files: ['package.json', 'LICENSE', 'argon2.cjs'], native: ['build/Release/argon2.node', `prebuilds/${platformDir}/`] },
  'node-gyp-build': { files: ['*'] },
  '@phc/format': { files: ['*'] },
  // bz2 for Reticulum resources (server/reticulum/resource/bz2.ts loads both with require at run
  // time): the WASM build of libbzip2 reads its .wasm file beside its JS, so it cannot be bundled.
  'libbzip2-wasm': { files: ['package.json', 'LICENSE', 'dist/'] },
  // Only the library; its `commander` dependency serves the CLI in bin/, which is not shipped.
  'seek-bzip': { files: ['package.json', 'LICENSE', 'lib/'] },
};

/** The packages esbuild must leave as imports (the others above are only loaded by these, or by require at run time). */
export const NATIVE_EXTERNALS = ['better-sqlite3', 'argon2', 'libbzip2-wasm', 'seek-bzip'];

function packageDir(root: string, name: string): string {
  // Resolve like Node does from the repository root, so a hoisted copy is found.
  const require = createRequire(path.join(root, 'package.json'));
  return path.dirname(require.resolve(`${name}/package.json`));
}

function copyEntry(srcDir: string, destDir: string, rel: string): boolean {
  const src = path.join(srcDir, rel);
  if (!existsSync(src)) return false;
  const dest = path.join(destDir, rel);
  mkdirSync(path.dirname(dest), { recursive: true });
  // dereference: a symlinked file becomes a real file, so the backend root never links outside.
  cpSync(src, dest, { recursive: statSync(src).isDirectory(), dereference: true });
  return true;
}

/** Copies the runtime files of every native addon into `<outDir>/node_modules/`; returns the source package dirs. */
export function copyNativeAddons(root: string, outDir: string): string[] {
  const sources: string[] = [];
  for (const [name, spec] of Object.entries(RUNTIME_PACKAGES)) {
    const srcDir = packageDir(root, name);
    sources.push(srcDir);
    const destDir = path.join(outDir, 'node_modules', ...name.split('/'));
    mkdirSync(destDir, { recursive: true });
    if (spec.files.includes('*')) {
      for (const entry of readdirSync(srcDir)) if (entry !== 'node_modules') copyEntry(srcDir, destDir, entry);
    } else {
      for (const rel of spec.files) {
        if (!copyEntry(srcDir, destDir, rel.replace(/\/$/, ''))) throw new Error(`${name}: runtime file ${rel} is missing in ${srcDir}`);
      }
    }
    if (spec.native) {
      const found = spec.native.filter((rel) => copyEntry(srcDir, destDir, rel.replace(/\/$/, '')));
      if (found.length === 0) throw new Error(`${name}: no compiled addon for ${platformDir} (looked for ${spec.native.join(', ')}); run npm rebuild ${name}`);
    }
  }
  return sources;
}
