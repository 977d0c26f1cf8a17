// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { RnsDecodeError } from '../errors.js';
import { fromHex, toHex } from './bytes.js';
import type { MsgpackValue } from './msgpack.js';
import { Float64, MsgpackExt, packMsgpack, unpackMsgpack } from './msgpack.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// Expected bytes recorded by running RNS/vendor/umsgpack.py (RNS 1.4.2) on the equivalent Python value.
const VECTORS: Array<[string, MsgpackValue, string]> = [
  ['0', 0, '00'],
  ['127', 127, '7f'],
  ['128', 128, 'cc80'],
  ['255', 255, 'ccff'],
  ['256', 256, 'cd0100'],
  ['65535', 65535, 'cdffff'],
  ['65536', 65536, 'ce00010000'],
  ['2^32-1', 2 ** 32 - 1, 'ceffffffff'],
  ['2^32', 2 ** 32, 'cf0000000100000000'],
  ['2^53 (bigint)', 2n ** 53n, 'cf0020000000000000'],
  ['2^64-1', 2n ** 64n - 1n, 'cfffffffffffffffff'],
  ['-1', -1, 'ff'],
  ['-32', -32, 'e0'],
  ['-33', -33, 'd0df'],
  ['-128', -128, 'd080'],
  ['-129', -129, 'd1ff7f'],
  ['-32768', -32768, 'd18000'],
  ['-32769', -32769, 'd2ffff7fff'],
  ['-2^31', -(2 ** 31), 'd280000000'],
  ['-2^31-1', -(2 ** 31) - 1, 'd3ffffffff7fffffff'],
  ['-2^63', -(2n ** 63n), 'd38000000000000000'],
  ['1.5', 1.5, 'cb3ff8000000000000'],
  ['integral timestamp as Float64', new Float64(1700000000), 'cb41d954fc40000000'],
  ['timestamp .25', 1700000000.25, 'cb41d954fc40100000'],
  ['0.05', 0.05, 'cb3fa999999999999a'],
  ['-0.0', -0, 'cb8000000000000000'],
  ['nil', null, 'c0'],
  ['true', true, 'c3'],
  ['false', false, 'c2'],
  ['str ab', 'ab', 'a26162'],
  ['str31', 'a'.repeat(31), 'bf' + '61'.repeat(31)],
  ['str32', 'a'.repeat(32), 'd920' + '61'.repeat(32)],
  ['str40', 'x'.repeat(40), 'd928' + '78'.repeat(40)],
  ['str256', 'y'.repeat(256), 'da0100' + '79'.repeat(256)],
  ['str utf8', 'héllo ✓', 'aa68c3a96c6c6f20e29c93'],
  ['bin ab', new Uint8Array([0x61, 0x62]), 'c4026162'],
  ['bin0', new Uint8Array(0), 'c400'],
  ['bin300', new Uint8Array(300), 'c5012c' + '00'.repeat(300)],
  ['bin65536', new Uint8Array(65536), 'c600010000' + '00'.repeat(65536)],
  ['arr0', [], '90'],
  ['arr15', range(15), '9f000102030405060708090a0b0c0d0e'],
  ['arr16', range(16), 'dc0010000102030405060708090a0b0c0d0e0f'],
  ['map int key', new Map([[1, new Uint8Array([0x78])]]), '8101c40178'],
  ['map16', new Map(range(16).map((i) => [i, i])), 'de001000000101020203030404050506060707080809090a0a0b0b0c0c0d0d0e0e0f0f'],
  ['map str keys order (object)', { t: 1, d: 2, n: 3, h: new Uint8Array([0]), r: null }, '85a17401a16402a16e03a168c40100a172c0'],
  [
    'lxmf payload',
    [1700000000.25, new TextEncoder().encode('Title'), new TextEncoder().encode('Hello'), new Map([[8, new Uint8Array(16).fill(1)]])],
    '94cb41d954fc40100000c4055469746c65c40548656c6c6f8108c41001010101010101010101010101010101',
  ],
  ['announce app_data', [new TextEncoder().encode('Alice'), null, [0]], '93c405416c696365c09100'],
  ['pn app_data', [false, 1795389284, true, 256, 10240, [13, 3, 18], new Map()], '97c2ce6b037764c3cd0100cd2800930d031280'],
  ['nested', [[[[]]], new Map([['a', [new Map()]]])], '9291919081a1619180'],
  ['ext1', new MsgpackExt(5, new Uint8Array([1])), 'd40501'],
  ['ext3', new MsgpackExt(-3, new TextEncoder().encode('abc')), 'c703fd616263'],
  ['ext16', new MsgpackExt(1, new Uint8Array(16)), 'd80100000000000000000000000000000000'],
];

describe('packMsgpack matches umsgpack', () => {
  for (const [name, value, hex] of VECTORS) {
    it(name, () => {
      expect(toHex(packMsgpack(value))).toBe(hex);
    });
  }
});

describe('unpackMsgpack', () => {
  for (const [name, , hex] of VECTORS) {
    it(`re-encodes ${name} byte for byte (floats kept as Float64)`, () => {
      const value = unpackMsgpack(fromHex(hex), { floats: 'float64', allowExt: true });
      expect(toHex(packMsgpack(value))).toBe(hex);
    });
  }

  it('decodes maps as Map with key types and order kept', () => {
    const m = unpackMsgpack(fromHex('83a17401 08c0 c40101 c3'.replace(/ /g, '')));
    expect(m).toBeInstanceOf(Map);
    expect([...(m as Map<MsgpackValue, MsgpackValue>).keys()]).toEqual(['t', 8, new Uint8Array([1])]);
  });

  it('returns floats as numbers by default and bigints only outside the safe range', () => {
    expect(unpackMsgpack(fromHex('cb41d954fc40000000'))).toBe(1700000000);
    expect(unpackMsgpack(fromHex('ca3fc00000'))).toBe(1.5);
    expect(unpackMsgpack(fromHex('cf0000000100000000'))).toBe(2 ** 32);
    expect(unpackMsgpack(fromHex('cfffffffffffffffff'))).toBe(2n ** 64n - 1n);
    expect(unpackMsgpack(fromHex('d3ffffffffffffffff'))).toBe(-1);
  });

  const bad: Array<[string, string, string]> = [
    ['empty input', '', 'RNS_ERR_TRUNCATED'],
    ['truncated u16', 'cd01', 'RNS_ERR_TRUNCATED'],
    ['truncated str', 'a3616263'.slice(0, 6), 'RNS_ERR_TRUNCATED'],
    ['bin32 claiming 4 GiB', 'c6ffffffff00', 'RNS_ERR_MSGPACK_LIMIT'],
    ['array32 claiming 4 billion items', 'ddffffffff', 'RNS_ERR_MSGPACK_LIMIT'],
    ['array16 longer than the input', 'dc100000', 'RNS_ERR_TRUNCATED'],
    ['map16 longer than the input', 'de00100001', 'RNS_ERR_TRUNCATED'],
    ['reserved 0xc1', 'c1', 'RNS_ERR_MSGPACK_RESERVED'],
    ['invalid utf-8', 'a2c328', 'RNS_ERR_MSGPACK_UTF8'],
    ['duplicate key', '820101 0102', 'RNS_ERR_MSGPACK_KEY'],
    ['duplicate key 1 and true (Python equality)', '820101 c302', 'RNS_ERR_MSGPACK_KEY'],
    ['map as key', '8180 01', 'RNS_ERR_MSGPACK_KEY'],
    ['ext by default', 'd40501', 'RNS_ERR_MSGPACK_EXT'],
    ['too deep', '91'.repeat(40) + 'c0', 'RNS_ERR_MSGPACK_DEPTH'],
  ];
  for (const [name, hex, code] of bad) {
    it(`rejects ${name} with ${code}`, () => {
      const input = fromHex(hex.replace(/ /g, ''));
      expect(() => unpackMsgpack(input)).toThrow(RnsDecodeError);
      try {
        unpackMsgpack(input);
      } catch (e) {
        expect((e as RnsDecodeError).code).toBe(code);
      }
    });
  }

  it('ignores trailing bytes like umsgpack.unpackb, or rejects them when asked', () => {
    expect(unpackMsgpack(fromHex('0102'))).toBe(1);
    expect(() => unpackMsgpack(fromHex('0102'), { rejectTrailing: true })).toThrow(/after the object/);
  });

  it('enforces the input size and per-object limits', () => {
    expect(() => unpackMsgpack(new Uint8Array(11), { maxInputSize: 10 })).toThrow(RnsDecodeError);
    expect(() => unpackMsgpack(fromHex('c403000000'), { maxBytesLength: 2 })).toThrow(RnsDecodeError);
    expect(() => unpackMsgpack(fromHex('93000000'), { maxContainerLength: 2 })).toThrow(RnsDecodeError);
  });

  it('refuses to pack values msgpack cannot carry', () => {
    expect(() => packMsgpack((() => 1) as unknown as MsgpackValue)).toThrow(/cannot pack/);
    expect(() => packMsgpack(2n ** 64n)).toThrow(/too large/);
    expect(() => packMsgpack(new Date() as unknown as MsgpackValue)).toThrow(/object type/);
  });
});
