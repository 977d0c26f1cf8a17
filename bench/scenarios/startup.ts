// SPDX-License-Identifier: MIT
// Node startup to ready: spawn the built node, wait until it answers /api/v1/status.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { referenceStartup } from '../reference/runner.js';

const ENTRY = path.resolve(import.meta.dirname, '..', '..', 'dist', 'backend', 'strand.js');

async function startOnce(dataDir: string): Promise<{ readyMs: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [ENTRY, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  await fetch(`${url}/api/v1/status`);
  const readyMs = performance.now() - t0;
  const rssMb = await new Promise<number>((resolve) => {
    // /proc is Linux-only; elsewhere memory is reported as NaN rather than guessed.
    import('node:fs').then((fs) => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        resolve(kb / 1024);
      } catch {
        resolve(Number.NaN);
      }
    }, () => resolve(Number.NaN));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rssMb };
}

export const startupScenario: Scenario = {
  id: 'startup',
  description: 'node startup to ready (built backend) and idle resident memory',
  async run(): Promise<Measurement[]> {
    if (!existsSync(ENTRY)) throw new Error('run `npm run build` first: dist/backend/strand.js is missing');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-bench-'));
    try {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(await startOnce(dataDir));
      const ready = percentiles(runs.map((r) => r.readyMs));
      const rss = percentiles(runs.map((r) => r.rssMb));
      // Reference: RNS.Reticulum() + LXMRouter ready (bench/reference/startup.py); it has no HTTP
      // API or manifest check, so it does less work than the Strand node measured here.
      const ref = await referenceStartup(5);
      return [
        { name: 'startup to ready (median of 5)', value: ready.median, unit: 'ms', better: 'lower', ...(ref ? { reference: ref.readyMs } : {}) },
        { name: 'resident memory idle (median of 5)', value: rss.median, unit: 'MB', better: 'lower', ...(ref ? { reference: ref.rssMb } : {}) },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
