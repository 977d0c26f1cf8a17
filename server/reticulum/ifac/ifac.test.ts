// SPDX-License-Identifier: MIT
// IFAC against bytes recorded from RNS 1.4.2 (ifac.vectors.json, made by running the reference's
// own Transport.transmit), plus the drop rules of Transport.inbound.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RnsArgumentError } from '../errors.js';
import { Ifac, deriveIfacKey, ifacEnabled, openInbound } from './index.js';

interface IfacCase {
  name: string;
  inputs: { network_name: string | null; passphrase: string | null; ifac_size: number; raw: string };
  outputs: { ifac_key: string; ifac: string; masked: string };
}
const vectors = JSON.parse(readFileSync(path.join(import.meta.dirname, 'ifac.vectors.json'), 'utf8')) as { cases: IfacCase[] };
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const make = (c: IfacCase) =>
  new Ifac({ networkName: c.inputs.network_name ?? undefined, passphrase: c.inputs.passphrase ?? undefined, size: c.inputs.ifac_size });

describe('IFAC vectors from the reference', () => {
  it('covers every recorded case', () => {
    expect(vectors.cases.length).toBe(9);
  });
  for (const c of vectors.cases) {
    it(`${c.name}: key, seal and open`, () => {
      const ifac = make(c);
      expect(toHex(ifac.key)).toBe(c.outputs.ifac_key);
      const sealed = ifac.seal(hex(c.inputs.raw));
      expect(toHex(sealed)).toBe(c.outputs.masked);
      const opened = ifac.open(hex(c.outputs.masked));
      expect(opened.ok && toHex(opened.packet)).toBe(c.inputs.raw);
    });
  }
});

describe('IFAC drop rules', () => {
  const first = vectors.cases[0]!;
  const ifac = make(first);
  const masked = hex(first.outputs.masked);

  it('refuses a packet whose code was altered', () => {
    const bad = masked.slice();
    bad[5]! ^= 0x01;
    expect(ifac.open(bad)).toEqual({ ok: false, reason: 'ifac_invalid' });
  });

  it('refuses a packet whose masked body was altered', () => {
    const bad = masked.slice();
    bad[bad.length - 1]! ^= 0x80;
    expect(ifac.open(bad)).toEqual({ ok: false, reason: 'ifac_invalid' });
  });

  it('refuses packets sealed for another network', () => {
    const other = new Ifac({ networkName: 'othernet', passphrase: 'secret', size: 16 });
    expect(other.open(masked)).toEqual({ ok: false, reason: 'ifac_invalid' });
  });

  it('refuses a packet without the IFAC flag, and short packets', () => {
    expect(ifac.open(hex(first.inputs.raw))).toEqual({ ok: false, reason: 'ifac_missing' });
    expect(ifac.open(masked.subarray(0, 18))).toEqual({ ok: false, reason: 'ifac_short' });
    expect(ifac.open(masked.subarray(0, 2))).toEqual({ ok: false, reason: 'ifac_short' });
  });

  it('without IFAC, refuses flagged packets and passes the others unchanged', () => {
    expect(openInbound(null, masked)).toEqual({ ok: false, reason: 'ifac_unexpected' });
    const raw = hex(first.inputs.raw);
    const r = openInbound(null, raw);
    expect(r.ok && r.packet).toBe(raw);
    expect(openInbound(null, hex('0000'))).toEqual({ ok: false, reason: 'ifac_short' });
    expect(openInbound(ifac, masked).ok).toBe(true);
  });

  it('treats empty strings as unset and validates the size', () => {
    expect(ifacEnabled({ networkName: '', passphrase: '' })).toBe(false);
    expect(ifacEnabled({ passphrase: 'x' })).toBe(true);
    expect(toHex(deriveIfacKey('', 'secret'))).toBe(toHex(deriveIfacKey(undefined, 'secret')));
    expect(() => deriveIfacKey(undefined, undefined)).toThrow(RnsArgumentError);
    expect(() => new Ifac({ networkName: 'x', size: 0 })).toThrow(/IFAC size/);
    expect(() => new Ifac({ networkName: 'x', size: 65 })).toThrow(/IFAC size/);
  });
});

describe('IFAC properties', () => {
  const ifacs = [1, 8, 16, 64].map((size) => new Ifac({ networkName: 'prop', passphrase: 'erty', size }));

  it('open(seal(p)) returns p for any packet without the IFAC flag, at every size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 600 }), fc.integer({ min: 0, max: 3 }), (p, k) => {
        p[0]! &= 0x7f;
        const ifac = ifacs[k]!;
        const sealed = ifac.seal(p);
        expect(sealed.length).toBe(p.length + ifac.size);
        expect(sealed[0]! & 0x80).toBe(0x80);
        const opened = ifac.open(sealed);
        expect(opened.ok && toHex(opened.packet)).toBe(toHex(p));
      }),
      { numRuns: 100 },
    );
  });

  it('any single-bit change of a sealed packet is refused (8-byte and larger codes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 300 }), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 3 }), (p, at, bit, k) => {
        p[0]! &= 0x7f;
        const sealed = ifacs[k]!.seal(p);
        sealed[at % sealed.length]! ^= 1 << bit;
        expect(ifacs[k]!.open(sealed).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
