// SPDX-License-Identifier: MIT
// Announce app_data from other clients: variants the reference tolerates, garbage it rejects, and
// a property that parsing arbitrary bytes never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packMsgpack } from '../reticulum/wire/index.js';
import {
  buildDeliveryAppData,
  buildPropagationAppData,
  compressionSupportFromAppData,
  parseDeliveryAppData,
  parsePropagationAppData,
  stampCostFromAppData,
} from './announce-data.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('lxmf.delivery app_data', () => {
  it('announces only costs 1..254', () => {
    for (const cost of [0, 255, -1, 2.5, null]) expect(parseDeliveryAppData(buildDeliveryAppData({ displayName: 'x', stampCost: cost })).stampCost).toBeNull();
    expect(parseDeliveryAppData(buildDeliveryAppData({ displayName: null, stampCost: 254 })).stampCost).toBe(254);
  });

  it('tolerates foreign variants', () => {
    expect(parseDeliveryAppData(packMsgpack(['str name', 3]))).toMatchObject({ format: 'msgpack', displayName: null, stampCost: 3, supportsCompression: true });
    expect(parseDeliveryAppData(packMsgpack([enc(' \0Bob\0 '), 'eight', 'no-list']))).toMatchObject({ displayName: 'Bob', stampCost: null, supportsCompression: true });
    expect(parseDeliveryAppData(packMsgpack([enc('Carol'), null, [1, 2]]))).toMatchObject({ supportsCompression: false });
    expect(parseDeliveryAppData(packMsgpack([]))).toMatchObject({ format: 'msgpack', displayName: null, stampCost: null });
    expect(parseDeliveryAppData(Uint8Array.of(0x93, 0xc4))).toMatchObject({ format: 'invalid', displayName: null });
    expect(parseDeliveryAppData(Uint8Array.of(0xff, 0xfe))).toMatchObject({ format: 'legacy', displayName: null, supportsCompression: true });
    expect(parseDeliveryAppData(null)).toMatchObject({ format: 'empty', supportsCompression: null });
    expect(stampCostFromAppData(buildDeliveryAppData({ stampCost: 12 }))).toBe(12);
    expect(compressionSupportFromAppData(null)).toBe(true);
    expect(compressionSupportFromAppData(packMsgpack([null, null, []]))).toBe(false);
  });
});

describe('lxmf.propagation app_data', () => {
  const base = { timebase: 1700000000, nodeState: true, perTransferLimit: 256, perSyncLimit: 10240, stampCost: 16, stampCostFlexibility: 3, peeringCost: 18 };

  it('round-trips with metadata and name', () => {
    const p = parsePropagationAppData(buildPropagationAppData({ ...base, name: 'PN', metadata: new Map([[0xff, 'custom']]) }));
    expect(p).toMatchObject({ ...base, name: 'PN' });
    expect(p?.metadata.get(0xff)).toBe('custom');
  });

  it("accepts what Python's int() accepts and rejects what pn_announce_data_is_valid rejects", () => {
    expect(parsePropagationAppData(packMsgpack([false, 1.7e9 + 0.5, 1, '256', enc('10240'), [16.9, true, 18], new Map()]))).toMatchObject({
      timebase: 1700000000,
      nodeState: true,
      perTransferLimit: 256,
      perSyncLimit: 10240,
      stampCost: 16,
      stampCostFlexibility: 1,
    });
    const bad = [
      [false, 1, true, 256, 10240, [16, 3, 18]],
      [false, 'x', true, 256, 10240, [16, 3, 18], new Map()],
      [false, 1, 2, 256, 10240, [16, 3, 18], new Map()],
      [false, 1, true, 256, 10240, [16, 3], new Map()],
      [false, 1, true, 256, 10240, [16, 3, 18], []],
      [false, 1, true, 256, 10240, 16, new Map()],
    ];
    for (const v of bad) expect(parsePropagationAppData(packMsgpack(v))).toBeNull();
    expect(parsePropagationAppData(packMsgpack([false, 1, true, 1, 1, [1, 1, 1], new Map([[1, 'str-name']])]))?.name).toBeNull();
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        parseDeliveryAppData(data);
        parsePropagationAppData(data);
      }),
      { numRuns: 500 },
    );
  });
});
