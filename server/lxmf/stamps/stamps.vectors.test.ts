// SPDX-License-Identifier: MIT
// Every case of lxmf_stamp.json: workblocks (message, propagation, peering, tiny), generation as
// job_simple drew it (through the worker pool's candidate hook), and validation verdicts/values.
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../reticulum/crypto/index.js';
import { b, hex, loadVectors } from '../test-helpers.js';
import { StampWorkerPool } from './pool.js';
import { meetsCost, stampValid, stampValue, stampWorkblock, validatePeeringKey } from './workblock.js';

const CASES = loadVectors('lxmf_stamp.json');
const pool = new StampWorkerPool({ workers: 1 });
afterAll(() => pool.stop());

const workblocks = new Map<string, Uint8Array>();
function workblockFor(material: string, rounds: number): Uint8Array {
  const key = `${material}/${rounds}`;
  let wb = workblocks.get(key);
  if (!wb) workblocks.set(key, (wb = stampWorkblock(b(material), rounds)));
  return wb;
}

describe('lxmf_stamp.json', () => {
  it('has generate and validate cases', () => {
    expect(CASES.filter((c) => c.inputs.kind === 'generate').length).toBe(4);
    expect(CASES.filter((c) => c.inputs.kind === 'validate').length).toBe(12);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const i = c.inputs;
      const o = c.outputs;
      const rounds = Number(i.expand_rounds);
      const cost = Number(i.cost);
      const wb = workblockFor(String(i.material), rounds);
      expect(wb.length).toBe(o.workblock_len);
      expect(hex(sha256(wb))).toBe(o.workblock_sha256);
      expect(hex(wb.subarray(0, 256))).toBe(o.workblock_first_256);
      if (o.workblock) expect(hex(wb)).toBe(o.workblock);

      if (i.kind === 'generate') {
        const candidates = (i.urandom as string[]).map(b);
        const stamp = b(o.stamp);
        // Every candidate before the last was rejected by the reference.
        for (const rejected of candidates.slice(0, -1)) expect(stampValid(rejected, cost, wb)).toBe(false);
        expect(hex(sha256(Buffer.concat([wb, stamp])))).toBe(o.hash_of_workblock_and_stamp);
        expect(stampValid(stamp, cost, wb)).toBe(o.valid_at_cost);
        expect(stampValid(stamp, cost + 8, wb)).toBe(o.valid_at_cost_plus_8);
        expect(stampValue(wb, stamp)).toBe(o.value);
        const generated = await pool.generate(b(i.material), cost, { expandRounds: rounds, candidates });
        expect({ stamp: hex(generated.stamp), rounds: generated.rounds, value: generated.value }).toEqual({ stamp: o.stamp, rounds: o.rounds, value: o.value });
        const checked = await pool.validate(b(i.material), stamp, cost, { expandRounds: rounds });
        expect(checked).toEqual({ valid: true, value: o.value });
        if (rounds === 25) expect(validatePeeringKey(b(i.material), stamp, cost)).toBe(true);
      } else {
        const stamp = b(i.stamp);
        expect(stampValid(stamp, cost, wb)).toBe(o.valid);
        expect(stampValue(wb, stamp)).toBe(o.value);
        expect(meetsCost(sha256(Buffer.concat([wb, stamp])), cost)).toBe(o.valid);
        expect(await pool.validate(b(i.material), stamp, cost, { expandRounds: rounds })).toEqual({ valid: o.valid, value: o.value });
        if (rounds === 25) expect(validatePeeringKey(b(i.material), stamp, cost)).toBe(o.valid);
      }
    });
  }
});
