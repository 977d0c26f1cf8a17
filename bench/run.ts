// SPDX-License-Identifier: MIT
// `npm run bench [-- id ...]`: runs the scenarios, prints a table, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './harness.js';
import { SCENARIOS } from './scenarios/index.js';

const wanted = new Set(process.argv.slice(2));
const selected = SCENARIOS.filter((s) => wanted.size === 0 || wanted.has(s.id));
const results: { scenario: string; measurements: Measurement[]; error?: string }[] = [];

for (const scenario of selected) {
  process.stderr.write(`running ${scenario.id}: ${scenario.description}\n`);
  try {
    results.push({ scenario: scenario.id, measurements: await scenario.run() });
  } catch (error) {
    results.push({ scenario: scenario.id, measurements: [], error: error instanceof Error ? error.message : String(error) });
  }
}

const fmt = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : 'n/a');
const rows = [['scenario', 'measurement', 'strand', 'reference', 'ratio', 'unit']];
for (const r of results) {
  if (r.error) rows.push([r.scenario, `FAILED: ${r.error}`, '', '', '', '']);
  for (const m of r.measurements) {
    const ratio = m.reference === undefined ? '' : fmt(m.better === 'higher' ? m.value / m.reference : m.reference / m.value) + 'x';
    rows.push([r.scenario, m.name, fmt(m.value), fmt(m.reference), ratio, m.unit]);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));

const outDir = path.resolve(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: os.totalmem() / 2 ** 30, node: process.version };
writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2) + '\n');
if (results.some((r) => r.error)) process.exitCode = 1;
