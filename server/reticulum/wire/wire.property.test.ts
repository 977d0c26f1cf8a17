// SPDX-License-Identifier: MIT
// fast-check properties: hostile bytes only ever raise RnsError subclasses; valid values round-trip.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import { fromHex, toHex } from './bytes.js';
import type { MsgpackValue } from './msgpack.js';
import { Float64, packMsgpack, unpackMsgpack } from './msgpack.js';
import type { Packet } from './packet.js';
import { decodePacket, encodePacket, hashablePart, insertTransportHeader, packetHash, stripTransportHeader } from './packet.js';

function onlyRnsErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof RnsError)) throw e;
  }
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const hash16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

const packetArb: fc.Arbitrary<Packet> = fc
  .record({
    ifac: fc.boolean(),
    h2: fc.boolean(),
    contextFlag: fc.boolean(),
    propagationType: fc.integer({ min: 0, max: 1 }),
    destinationType: fc.integer({ min: 0, max: 3 }),
    packetType: fc.integer({ min: 0, max: 3 }),
    hops: fc.integer({ min: 0, max: 127 }),
    transportId: hash16,
    destinationHash: hash16,
    context: fc.integer({ min: 0, max: 255 }),
    data: bytes(600),
  })
  .map(({ h2, transportId, ...rest }) => ({ ...rest, headerType: h2 ? 2 : 1, transportId: h2 ? transportId : null }) as Packet);

// Values in the msgpack model that re-encode to themselves (floats carried as Float64).
const msgpackArb: fc.Arbitrary<MsgpackValue> = fc.letrec<{ v: MsgpackValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true }).map((d) => new Float64(d)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    bytes(300),
    fc.array(tie('v'), { maxLength: 20 }),
    fc
      .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 300 }).map((n) => n as MsgpackValue), fc.string({ maxLength: 8 })), { maxLength: 18 })
      .chain((keys) => fc.tuple(...keys.map(() => tie('v'))).map((vals) => new Map(keys.map((k, i) => [k, vals[i] as MsgpackValue])))),
  ),
})).v;

describe('decodePacket on hostile input', () => {
  it('random bytes only throw RnsError', () => {
    fc.assert(fc.property(bytes(200), (b) => onlyRnsErrors(() => decodePacket(b))), { numRuns: 2000 });
  });
  it('mutated valid packets only throw RnsError, and decode → encode is the identity when they parse', () => {
    fc.assert(
      fc.property(packetArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(700), (p, flips, cut) => {
        const raw = encodePacket(p).slice(0, cut);
        for (const [at, value] of flips) if (raw.length > 0) raw[at % raw.length] = value;
        try {
          const d = decodePacket(raw);
          expect(toHex(encodePacket(d))).toBe(toHex(raw));
          expect(packetHash(raw).length).toBe(32);
        } catch (e) {
          if (!(e instanceof RnsError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('valid packets round-trip and header-2 insertion keeps the hash', () => {
    fc.assert(
      fc.property(packetArb, hash16, (p, tid) => {
        const raw = encodePacket(p);
        const back = decodePacket(raw);
        expect(back).toEqual(p);
        if (p.headerType === 1) {
          const h2 = insertTransportHeader(raw, tid);
          expect(toHex(hashablePart(h2))).toBe(toHex(hashablePart(raw)));
          expect(decodePacket(stripTransportHeader(h2)).contextFlag).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('unpackMsgpack on hostile input', () => {
  it('random bytes only throw RnsError', () => {
    fc.assert(fc.property(bytes(200), (b) => onlyRnsErrors(() => unpackMsgpack(b, { allowExt: true }))), { numRuns: 3000 });
  });
  it('mutated and truncated valid encodings only throw RnsError', () => {
    fc.assert(
      fc.property(msgpackArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(2000), (v, flips, cut) => {
        const enc = packMsgpack(v).slice(0, cut);
        for (const [at, value] of flips) if (enc.length > 0) enc[at % enc.length] = value;
        onlyRnsErrors(() => unpackMsgpack(enc));
      }),
      { numRuns: 1000 },
    );
  });
  it('pack → unpack → pack is byte-identical', () => {
    fc.assert(
      fc.property(msgpackArb, (v) => {
        const enc = packMsgpack(v);
        expect(toHex(packMsgpack(unpackMsgpack(enc, { floats: 'float64', rejectTrailing: true })))).toBe(toHex(enc));
      }),
      { numRuns: 500 },
    );
  });
});

// Cross-check against the reference encoder itself when it is available (CI does not set it).
describe('msgpack against RNS/vendor/umsgpack.py', () => {
  it.skipIf(!process.env.RNS_REFERENCE_PATH)('re-encoding in Python gives our bytes', () => {
    const samples = fc.sample(msgpackArb, { numRuns: 200, seed: 42 }).map((v) => toHex(packMsgpack(v)));
    const script = [
      'import sys, json',
      'from RNS.vendor import umsgpack',
      'out = [umsgpack.packb(umsgpack.unpackb(bytes.fromhex(h))).hex() for h in json.load(sys.stdin)]',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], {
      input: JSON.stringify(samples),
      env: { ...process.env, PYTHONPATH: process.env.RNS_REFERENCE_PATH },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(samples);
  });
});

describe('hex', () => {
  it('property: toHex writes what Buffer does and fromHex reads it back, whatever came before', () => {
    // Lengths up to 300 make the reused digit buffer grow; a short input after a long one must
    // not show the long one's leftover digits.
    fc.assert(
      fc.property(fc.array(bytes(300), { minLength: 1, maxLength: 4 }), (inputs) => {
        for (const b of inputs) {
          expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
          expect(fromHex(toHex(b))).toEqual(b);
        }
      }),
      { numRuns: 200 },
    );
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(every)).toBe(Buffer.from(every).toString('hex'));
    expect(toHex(new Uint8Array(0))).toBe('');
  });
});
