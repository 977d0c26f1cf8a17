// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { advantage, percentiles, referencePythonPath } from './harness.js';

describe('bench harness', () => {
  it('reports the Strand gain above 1 when Strand wins, in both directions', () => {
    expect(advantage({ name: 'rate', value: 300, reference: 100, unit: 'ops/s', better: 'higher' })).toBe(3);
    expect(advantage({ name: 'rate', value: 50, reference: 100, unit: 'ops/s', better: 'higher' })).toBe(0.5);
    expect(advantage({ name: 'latency', value: 2, reference: 6, unit: 'ms', better: 'lower' })).toBe(3);
    expect(advantage({ name: 'latency', value: 12, reference: 6, unit: 'ms', better: 'lower' })).toBe(0.5);
    expect(advantage({ name: 'latency', value: 12, unit: 'ms', better: 'lower' })).toBeUndefined();
  });

  it('takes median and p90 from unsorted samples', () => {
    const samples = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentiles(samples)).toEqual({ median: 6, p90: 10 });
    expect(samples[0]).toBe(10); // the caller's array is left as it was
  });

  it('builds the reference PYTHONPATH only when RNS_REFERENCE_PATH is set', () => {
    const saved = { rns: process.env.RNS_REFERENCE_PATH, lxmf: process.env.LXMF_REFERENCE_PATH };
    try {
      delete process.env.RNS_REFERENCE_PATH;
      expect(referencePythonPath()).toBeNull();
      process.env.RNS_REFERENCE_PATH = '/x/Reticulum';
      process.env.LXMF_REFERENCE_PATH = '/y/LXMF';
      expect(referencePythonPath()).toBe('/x/Reticulum:/y/LXMF');
    } finally {
      for (const [k, v] of [['RNS_REFERENCE_PATH', saved.rns], ['LXMF_REFERENCE_PATH', saved.lxmf]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
