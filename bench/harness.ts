// SPDX-License-Identifier: MIT
// Benchmark harness: scenarios report named measurements; the runner prints a table and writes JSON.

/** One measured number. `better` says which direction is an improvement. */
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  /** The same workload measured on the Python reference, when it was available. */
  reference?: number;
  note?: string;
}

export interface Scenario {
  /** Short id, e.g. `crypto`. Selectable with `npm run bench -- crypto`. */
  id: string;
  description: string;
  run(): Promise<Measurement[]>;
}

/** Runs `fn` repeatedly for at least `minMs` and returns operations per second. */
export async function opsPerSecond(fn: () => unknown, minMs = 500): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(); // warm-up: JIT and OpenSSL contexts
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    for (let i = 0; i < 100; i++) await fn();
    ops += 100;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (ops * 1000) / elapsedMs;
}

/** Median and 90th percentile of a list of samples. */
export function percentiles(samples: number[]): { median: number; p90: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9) };
}

/** `npm run bench -- --quick` sets this: smaller workloads for a fast smoke run. */
export function isQuick(): boolean {
  return process.env.STRAND_BENCH_QUICK === '1';
}

/** The Python interpreter that runs the reference (STRAND_BENCH_PYTHON, else /usr/bin/python3). */
export function referencePython(): string {
  return process.env.STRAND_BENCH_PYTHON ?? '/usr/bin/python3';
}

/**
 * PYTHONPATH for the reference: RNS_REFERENCE_PATH plus LXMF_REFERENCE_PATH (default: ../LXMF next
 * to it). null when RNS_REFERENCE_PATH is unset, which means "no reference column".
 */
export function referencePythonPath(): string | null {
  const rns = process.env.RNS_REFERENCE_PATH;
  if (!rns) return null;
  const lxmf = process.env.LXMF_REFERENCE_PATH ?? `${rns.replace(/\/+$/, '')}/../LXMF`;
  return `${rns}:${lxmf}`;
}

/** Absolute path of one of our helper scripts under bench/reference/. */
export function referenceScript(name: string): string {
  return new URL(`./reference/${name}`, import.meta.url).pathname;
}

/**
 * How many times better Strand is than the reference, whichever direction is better: above 1 means
 * Strand wins (value/reference when higher is better, reference/value when lower is better).
 */
export function advantage(m: Measurement): number | undefined {
  if (m.reference === undefined) return undefined;
  return m.better === 'higher' ? m.value / m.reference : m.reference / m.value;
}
