// SPDX-License-Identifier: MIT
// Bundling copies third-party code into strand.js, and MIT/ISC/BSD licenses require their notices
// to travel with every copy. The build therefore writes THIRD_PARTY_LICENSES.txt into the backend
// root: one section per bundled package (name, version, license, and its license file), sorted,
// so the output is deterministic and covered by the manifest like every other file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const THIRD_PARTY_FILE = 'THIRD_PARTY_LICENSES.txt';

/** Package root of a bundled input path such as `node_modules/@scope/name/lib/x.js` (nested too). */
function packageRootOf(input: string): string | null {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const scoped = parts[at + 1]?.startsWith('@');
  const end = at + (scoped ? 3 : 2);
  return parts.length > end ? parts.slice(0, end).join('/') : null;
}

function licenseText(dir: string): string {
  const file = readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f)).sort()[0];
  return file === undefined ? '(no license file in the package; see its package.json)' : readFileSync(path.join(dir, file), 'utf8').trim();
}

/**
 * Writes the notices of every package whose files esbuild bundled (`inputs`: the metafile's input
 * paths, relative to `root`) plus the `extra` package directories copied unbundled.
 */
export function writeThirdPartyLicenses(root: string, inputs: string[], extraDirs: string[], outDir: string): number {
  const dirs = new Set<string>(extraDirs.map((d) => path.relative(root, d).split(path.sep).join('/')));
  for (const input of inputs) {
    const pkg = packageRootOf(input);
    if (pkg !== null) dirs.add(pkg);
  }
  const sections: string[] = [];
  for (const rel of [...dirs].sort()) {
    const dir = path.join(root, rel);
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; license?: unknown };
    const license = typeof pkg.license === 'string' ? pkg.license : 'see below';
    sections.push(`${'='.repeat(78)}\n${pkg.name ?? rel}@${pkg.version ?? '?'} (${license})\n${'='.repeat(78)}\n${licenseText(dir)}\n`);
  }
  writeFileSync(path.join(outDir, THIRD_PARTY_FILE), `Third-party software in this Strand backend\n\n${sections.join('\n')}`);
  return sections.length;
}
