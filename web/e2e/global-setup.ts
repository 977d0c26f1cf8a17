// SPDX-License-Identifier: MIT
// Runs once before the browser tests: `npm run build` (backend, web UI, then the integrity manifest
// over both), so the tests drive exactly what ships. STRAND_E2E_SKIP_BUILD=1 reuses an existing
// dist/backend/ (for quick local reruns; CI never sets it).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env['STRAND_E2E_SKIP_BUILD'] === '1') return;
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'server', 'tools', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
