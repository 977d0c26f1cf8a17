// SPDX-License-Identifier: MIT
// `npm run bench [-- [--quick] [--repeat N] id ...]`: runs the scenarios, prints a table, writes
// bench/results/latest.json. With RNS_REFERENCE_PATH (and LXMF_REFERENCE_PATH) set, scenarios that
// can also time the same workload on the Python reference fill the `reference` column.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './harness.js';
import { advantage, referencePython } from './harness.js';

const args = process.argv.slice(2);
// Set before the scenarios are imported so they can size their workloads from it.
if (args.includes('--quick')) process.env.STRAND_BENCH_QUICK = '1';
const { SCENARIOS } = await import('./scenarios/index.js');

// `--repeat N` runs the selection N times in this one process: leftovers of one scenario (open
// sockets, workers, children) that would stall or skew a later one show up within a single run.
const repeatAt = args.indexOf('--repeat');
const REPEAT = repeatAt >= 0 ? Math.max(1, Number(args[repeatAt + 1]) || 1) : 1;
const wanted = new Set(args.filter((a, i) => !a.startsWith('--') && !(repeatAt >= 0 && i === repeatAt + 1)));
const unknown = [...wanted].filter((id) => !SCENARIOS.some((s) => s.id === id));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}\n`);
  process.exit(2);
}
const selected = SCENARIOS.filter((s) => wanted.size === 0 || wanted.has(s.id));
// A hung scenario is reported as failed and the run goes on (its leftovers end with process.exit).
const SCENARIO_LIMIT_S = Number(process.env.STRAND_BENCH_SCENARIO_LIMIT_S ?? 900);
const results: { scenario: string; round: number; seconds: number; measurements: Measurement[]; error?: string }[] = [];
const loadBefore = os.loadavg();
const runStart = performance.now();
const baseline = process.getActiveResourcesInfo();

/** Active resource types (handles, requests) beyond the baseline, timers aside. */
function extraResources(before: string[], now: string[]): string[] {
  const left = [...before];
  return now.filter((r) => {
    if (r === 'Timeout' || r === 'Immediate') return false;
    const i = left.indexOf(r);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

for (let round = 1; round <= REPEAT; round++) for (const scenario of selected) {
  process.stderr.write(`${REPEAT > 1 ? `[round ${round}/${REPEAT}] ` : ''}running ${scenario.id}: ${scenario.description}\n`);
  const t0 = performance.now();
  try {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${SCENARIO_LIMIT_S} s`)), SCENARIO_LIMIT_S * 1000);
    });
    const measurements = await Promise.race([scenario.run(), limit]).finally(() => clearTimeout(timer));
    results.push({ scenario: scenario.id, round, seconds: (performance.now() - t0) / 1000, measurements });
  } catch (error) {
    results.push({ scenario: scenario.id, round, seconds: (performance.now() - t0) / 1000, measurements: [], error: error instanceof Error ? error.message : String(error) });
  }
  // A scenario must leave nothing behind (sockets, servers, children, workers): report leftovers.
  // Compared with what was active before the first scenario (tsx keeps an esbuild child).
  const leftovers = extraResources(baseline, process.getActiveResourcesInfo());
  if (leftovers.length > 0) process.stderr.write(`${scenario.id}: still active after the scenario: ${leftovers.join(', ')}\n`);
  // Written after every scenario so a run that has to be interrupted still leaves its numbers.
  writeResults(os.loadavg());
}

function writeResults(loadAfter: number[]): void {
  const outDir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    reference: process.env.RNS_REFERENCE_PATH ? { rns: process.env.RNS_REFERENCE_PATH, lxmf: process.env.LXMF_REFERENCE_PATH ?? null, python: referencePython() } : null,
  };
  const out = {
    date: new Date().toISOString(),
    rounds: REPEAT,
    quick: process.env.STRAND_BENCH_QUICK === '1',
    machine,
    results: results.map((r) => ({ ...r, measurements: r.measurements.map((m) => ({ ...m, strandGain: advantage(m) ?? null })) })),
  };
  writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
}

const fmt = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : 'n/a');
const rows = [['scenario', 'measurement', 'strand', 'reference', 'strand gain', 'unit']];
for (const r of results) {
  const id = REPEAT > 1 ? `${r.scenario} #${r.round} (${r.seconds.toFixed(0)} s)` : r.scenario;
  if (r.error) rows.push([id, `FAILED: ${r.error}`, '', '', '', '']);
  for (const m of r.measurements) {
    const gain = advantage(m);
    rows.push([id, m.name, fmt(m.value), fmt(m.reference), gain === undefined ? '' : `${fmt(gain)}x`, `${m.unit} (${m.better} is better)`]);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
const loadAfter = os.loadavg();
const total = (performance.now() - runStart) / 1000;
console.log(`\nwall time ${total.toFixed(0)} s${REPEAT > 1 ? ` for ${REPEAT} rounds` : ''}`);
console.log(`strand gain: >1x means Strand is better. load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);

writeResults(loadAfter);
process.exit(results.some((r) => r.error) ? 1 : 0);
