// SPDX-License-Identifier: MIT
// Backend manifest verification time on the real build (dist/backend, as `npm run bench` builds
// it first): what every production start pays before it opens a socket.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkBackend, MANIFEST_FILE, parseManifest } from '../../integrity/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';

const BACKEND = path.resolve(import.meta.dirname, '..', '..', 'dist', 'backend');
const RUNS = 20;

export const integrityScenario: Scenario = {
  id: 'integrity',
  description: 'backend manifest verification of the real build (dist/backend)',
  async run(): Promise<Measurement[]> {
    const manifestPath = path.join(BACKEND, MANIFEST_FILE);
    if (!existsSync(manifestPath)) throw new Error('run `npm run build` first: dist/backend/backend-manifest.json is missing');
    const files = Object.keys(parseManifest(readFileSync(manifestPath, 'utf8')).files);
    const bytes = files.reduce((sum, rel) => sum + statSync(path.join(BACKEND, rel)).size, 0);
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const report = checkBackend({ mode: 'production', backendRoot: BACKEND, allowModified: false });
      if (report.status !== 'verified') throw new Error(`the build does not verify: ${report.summary}`);
      if (i >= 2) times.push(report.durationMs); // the first two runs warm the page cache and JIT
    }
    const { median, p90 } = percentiles(times);
    const note = `${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB`;
    return [
      { name: `manifest verification (median of ${RUNS})`, value: median, unit: 'ms', better: 'lower', note },
      { name: `manifest verification (p90 of ${RUNS})`, value: p90, unit: 'ms', better: 'lower', note },
      { name: 'manifest verification throughput', value: bytes / 2 ** 20 / (median / 1000), unit: 'MiB/s', better: 'higher', note },
    ];
  },
};
