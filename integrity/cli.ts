// SPDX-License-Identifier: MIT
// The library's own command line, for CI, the Dockerfile and release scripts that have a backend
// root but no `strand` to hand:
//   tsx integrity/cli.ts manifest <dir> --version V --commit C   write <dir>/backend-manifest.json
//   tsx integrity/cli.ts check <dir>                              verify <dir> against it (exit 0/1)
// Release verification for users is `strand verify` (server/commands/verify.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeProblems } from './backend-check.js';
import { verifyManifest, writeManifest } from './manifest.js';

const USAGE = `Usage: integrity manifest <dir> --version V [--commit C]
       integrity check <dir>`;

/** Runs the integrity CLI and returns the exit code (2 for usage errors). */
export function runIntegrityCli(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { version: { type: 'string' }, commit: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    err(`integrity: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [dir, ...extra] = parsed.positionals;
  if (dir === undefined || extra.length > 0) {
    err(USAGE);
    return 2;
  }
  const root = path.resolve(dir);
  if (command === 'manifest') {
    if (parsed.values.version === undefined) {
      err(`integrity manifest: --version is required\n${USAGE}`);
      return 2;
    }
    const manifest = writeManifest(root, { version: parsed.values.version, commit: parsed.values.commit ?? 'unknown' });
    out(`wrote ${path.join(root, 'backend-manifest.json')} (${Object.keys(manifest.files).length} files)`);
    return 0;
  }
  if (command === 'check') {
    const result = verifyManifest(root);
    if (result.ok) {
      out(`verified: ${result.manifest?.fileCount ?? 0} files match (${result.manifest?.version ?? '?'} ${result.manifest?.commit ?? '?'})`);
      return 0;
    }
    err(`NOT verified (${result.problems.length} problem(s)): ${describeProblems(result.problems, Number.POSITIVE_INFINITY)}`);
    return 1;
  }
  err(USAGE);
  return 2;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = runIntegrityCli(process.argv.slice(2));
}
