// SPDX-License-Identifier: MIT
// The LXMF scenarios of PROTOCOL.md §1 between two real Strand bridge processes over TCP on
// 127.0.0.1 (lxmf-scenarios.ts); the propagated one runs when the reference propagation node is
// available. Strand ↔ the Python reference runs in lxmf.reference.test.ts.
import { describe, expect, it } from 'vitest';
import { describePair } from './lxmf-scenarios.js';
import { fromTagged, stateName, toJsonValue } from './lxmf.js';

describePair(['strand', 'strand'], { referenceNode: process.env.STRAND_REFERENCE_NODE });

describe('field and state conversions', () => {
  it('maps tagged JSON to msgpack values and back', () => {
    const v = fromTagged([{ int: 3 }, { bool: true }, { str: 's' }, { bytes: 'ff00' }, 1.5, 'bare']);
    expect(toJsonValue(v)).toEqual([3, true, 's', 'ff00', 1.5, 'bare']);
    expect(toJsonValue(new Map([[1, new Uint8Array([1])]]))).toEqual({ '1': '01' });
    expect(() => fromTagged({ bytes: 'abc' })).toThrow(/unrecognised/);
  });

  it('names states as the suite expects', () => {
    expect([0, 1, 2, 4, 8, 0xff, 0xfd, 0xfe, 5, undefined].map(stateName)).toEqual(['generating', 'outbound', 'sending', 'sent', 'delivered', 'failed', 'failed', 'failed', 'unknown', 'unknown']);
  });
});
