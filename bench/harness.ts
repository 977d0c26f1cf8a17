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
