// SPDX-License-Identifier: MIT
// LXMessage behaviour beyond the vectors: signature flags, stamps and the re-pack rule, foreign
// variants, size limits and method selection, and fast-check properties over random and mutated
// messages (decoding never throws anything but LxmfDecodeError).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { Float64, packMsgpack } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import {
  ENCRYPTED_PACKET_MAX_CONTENT,
  LINK_PACKET_MAX_CONTENT,
  Method,
  PAPER_MDU,
  PLAIN_PACKET_MAX_CONTENT,
  Representation,
  UnverifiedReason,
} from './constants.js';
import { buildPropagated, planDelivery, propagationPack, splitPropagationStamp, unpackPropagation } from './delivery.js';
import { LxmfArgumentError, LxmfDecodeError } from './errors.js';
import { LXMessage, deliveryDestinationHash } from './message.js';

const alice = Identity.generate();
const bob = Identity.generate();
const bobHash = deliveryDestinationHash(bob);
const aliceHash = deliveryDestinationHash(alice);
const recallAlice = (h: Uint8Array): Identity | null => (Buffer.from(h).equals(aliceHash) ? alice : null);

function message(extra: Partial<Parameters<typeof LXMessage.create>[0]> = {}): LXMessage {
  return LXMessage.create({ destinationHash: bobHash, source: alice, title: 'Hi', content: 'Hello Bob', timestamp: 1700000000, ...extra });
}

describe('LXMessage', () => {
  it('packs an integral timestamp as float64 and verifies on unpack', () => {
    const m = message();
    expect(Buffer.from(m.packedPayload.subarray(0, 2)).toString('hex')).toBe('94cb');
    const u = LXMessage.unpack(m.packed, { recall: recallAlice });
    expect(u.signatureValidated).toBe(true);
    expect(u.unverifiedReason).toBeNull();
    expect(u.timestamp).toBe(1700000000);
    expect(u.titleAsString()).toBe('Hi');
    expect(u.contentAsString()).toBe('Hello Bob');
    expect(Buffer.from(u.hash).equals(m.hash)).toBe(true);
  });

  it('delivers an unknown source flagged SOURCE_UNKNOWN, and a bad signature flagged SIGNATURE_INVALID', () => {
    const m = message();
    const unknown = LXMessage.unpack(m.packed);
    expect(unknown.signatureValidated).toBe(false);
    expect(unknown.unverifiedReason).toBe(UnverifiedReason.SOURCE_UNKNOWN);
    const forged = m.packed.slice();
    forged[40] = (forged[40] as number) ^ 1; // inside the signature
    const bad = LXMessage.unpack(forged, { recall: recallAlice });
    expect(bad.signatureValidated).toBe(false);
    expect(bad.unverifiedReason).toBe(UnverifiedReason.SIGNATURE_INVALID);
    const impostor = LXMessage.unpack(m.packed, { recall: () => bob });
    expect(impostor.unverifiedReason).toBe(UnverifiedReason.SIGNATURE_INVALID);
  });

  it('keeps id and signature when a stamp is attached, and the receiver re-packs to verify', () => {
    const m = message({ fields: new Map<MsgpackValue, MsgpackValue>([[0x0c, [new Float64(1.7e9), new Uint8Array(16)]], [0x1234, 'experimental']]) });
    const stamp = new Uint8Array(32).fill(7);
    const s = m.withStamp(stamp);
    expect(Buffer.from(s.hash).equals(m.hash)).toBe(true);
    expect(s.packedPayload[0]).toBe(0x95);
    expect(s.contentSize).toBe(m.contentSize + 34);
    const u = LXMessage.unpack(s.packed, { recall: recallAlice });
    expect(u.signatureValidated).toBe(true);
    expect(Buffer.from(u.stamp ?? []).equals(stamp)).toBe(true);
    expect(u.fields.get(0x1234)).toBe('experimental');
    expect(u.withStamp(null).packed.length).toBe(m.packed.length);
  });

  it('accepts str-typed title/content from foreign clients as UTF-8 bytes', () => {
    const m = message();
    // Same header and signature, but a payload whose title/content are msgpack str.
    const payload = packMsgpack([new Float64(1700000000), 'Hi', 'Hello Bob', new Map()]);
    const u = LXMessage.unpack(Buffer.concat([m.packed.subarray(0, 96), payload]), { recall: recallAlice });
    expect(u.titleAsString()).toBe('Hi');
    expect(u.contentAsString()).toBe('Hello Bob');
    expect(u.signatureValidated).toBe(false); // what was signed used bin, as the reference would also find
  });

  it('returns null text for content that is not UTF-8', () => {
    expect(message({ content: Uint8Array.of(0xff, 0xfe) }).contentAsString()).toBeNull();
  });

  it('rejects malformed payloads with typed errors', () => {
    const head = message().packed.subarray(0, 96);
    const cases: [Uint8Array, string][] = [
      [head.subarray(0, 50), 'LXMF_ERR_TRUNCATED'],
      [Buffer.concat([head, packMsgpack([1, new Uint8Array(0), new Uint8Array(0)])]), 'LXMF_ERR_BAD_PAYLOAD'],
      [Buffer.concat([head, packMsgpack([1, new Uint8Array(0), new Uint8Array(0), []])]), 'LXMF_ERR_BAD_PAYLOAD'],
      [Buffer.concat([head, packMsgpack(['x', new Uint8Array(0), new Uint8Array(0), new Map()])]), 'LXMF_ERR_BAD_PAYLOAD'],
      [Buffer.concat([head, packMsgpack([1, 5, new Uint8Array(0), new Map()])]), 'LXMF_ERR_BAD_PAYLOAD'],
      [Buffer.concat([head, Uint8Array.of(0xc1)]), 'LXMF_ERR_BAD_PAYLOAD'],
    ];
    for (const [bytes, code] of cases) {
      let caught: unknown;
      try {
        LXMessage.unpack(bytes);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LxmfDecodeError);
      expect((caught as LxmfDecodeError).code).toBe(code);
    }
  });

  it('refuses to sign without a private key or with a bad destination hash', () => {
    const pub = Identity.fromPublicBytes(alice.publicKey);
    expect(() => LXMessage.create({ destinationHash: bobHash, source: pub })).toThrow(LxmfArgumentError);
    expect(() => LXMessage.create({ destinationHash: new Uint8Array(15), source: alice })).toThrow(LxmfArgumentError);
  });
});

describe('planDelivery (LXMessage.pack method rules)', () => {
  it('falls back from opportunistic to direct above 295 bytes of content', () => {
    expect(ENCRYPTED_PACKET_MAX_CONTENT).toBe(295);
    expect(planDelivery({ desiredMethod: Method.OPPORTUNISTIC, contentSize: 295 })).toEqual({ method: Method.OPPORTUNISTIC, representation: Representation.PACKET, fellBack: false });
    expect(planDelivery({ desiredMethod: Method.OPPORTUNISTIC, contentSize: 296 })).toEqual({ method: Method.DIRECT, representation: Representation.PACKET, fellBack: true });
    expect(planDelivery({ desiredMethod: Method.OPPORTUNISTIC, contentSize: 320 })).toEqual({ method: Method.DIRECT, representation: Representation.RESOURCE, fellBack: true });
  });

  it('uses the static link limit of 319 for direct, and direct by default', () => {
    expect(LINK_PACKET_MAX_CONTENT).toBe(319);
    expect(planDelivery({ contentSize: 319 }).representation).toBe(Representation.PACKET);
    expect(planDelivery({ desiredMethod: Method.DIRECT, contentSize: 320 }).representation).toBe(Representation.RESOURCE);
  });

  it('limits plain opportunistic and paper messages', () => {
    expect(PLAIN_PACKET_MAX_CONTENT).toBe(368);
    expect(planDelivery({ desiredMethod: Method.OPPORTUNISTIC, contentSize: 368, destinationType: 'plain' }).method).toBe(Method.OPPORTUNISTIC);
    expect(() => planDelivery({ desiredMethod: Method.OPPORTUNISTIC, contentSize: 369, destinationType: 'plain' })).toThrow(LxmfArgumentError);
    expect(PAPER_MDU).toBe(2210);
    expect(planDelivery({ desiredMethod: Method.PAPER, contentSize: 0, paperPackedSize: 2210 }).representation).toBe(Representation.PAPER);
    expect(() => planDelivery({ desiredMethod: Method.PAPER, contentSize: 0, paperPackedSize: 2211 })).toThrow(LxmfArgumentError);
  });

  it('chooses packet or resource for propagated uploads by their packed size', () => {
    expect(planDelivery({ desiredMethod: Method.PROPAGATED, contentSize: 0, propagationPackedSize: 319 }).representation).toBe(Representation.PACKET);
    expect(planDelivery({ desiredMethod: Method.PROPAGATED, contentSize: 0, propagationPackedSize: 320 }).representation).toBe(Representation.RESOURCE);
  });

  it('round-trips a propagated upload and splits its stamp', () => {
    const m = message();
    const form = buildPropagated(m.packed, (pt) => bob.encrypt(pt), { propagationStamp: new Uint8Array(32).fill(9), timestamp: 1700000001.5 });
    const up = unpackPropagation(form.propagationPacked);
    expect(up.timestamp).toBe(1700000001.5);
    const split = splitPropagationStamp(up.entries[0] as Uint8Array);
    expect(split && Buffer.from(split.transientId).equals(form.transientId)).toBe(true);
    expect(() => unpackPropagation(propagationPack([]).subarray(0, 3))).toThrow(LxmfDecodeError);
    expect(() => unpackPropagation(packMsgpack([1, [5]]))).toThrow(LxmfDecodeError);
  });
});

const msgpackLeaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
  fc.double({ noNaN: true }).map((d) => new Float64(d)),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }),
);
const fieldValue = fc.oneof(msgpackLeaf, fc.array(msgpackLeaf, { maxLength: 4 }));
const fieldsArb = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 0x1ff }), fieldValue), { selector: (t) => t[0], maxLength: 6 }).map((entries) => new Map<MsgpackValue, MsgpackValue>(entries));

describe('properties', () => {
  it('any message survives pack → unpack with a valid signature, with or without a stamp', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 300 }), fieldsArb, fc.double({ min: 0, max: 4e9, noNaN: true }), fc.option(fc.uint8Array({ minLength: 16, maxLength: 32 })), (title, content, fields, ts, stamp) => {
        const m = LXMessage.create({ destinationHash: bobHash, source: alice, title, content, fields, timestamp: ts, stamp });
        const u = LXMessage.unpack(m.packed, { recall: recallAlice });
        expect(u.signatureValidated).toBe(true);
        expect(Buffer.from(u.hash).equals(m.hash)).toBe(true);
        expect(Buffer.from(u.content).equals(content)).toBe(true);
        expect(Buffer.from(packMsgpack(u.fields)).equals(packMsgpack(fields))).toBe(true);
        expect(u.stamp === null ? null : Buffer.from(u.stamp).toString('hex')).toBe(stamp ? Buffer.from(stamp).toString('hex') : null);
      }),
      { numRuns: 60 },
    );
  });

  it('mutated or random bytes never throw anything but LxmfDecodeError', () => {
    const base = message({ fields: new Map<MsgpackValue, MsgpackValue>([[5, [['a.txt', new Uint8Array(8)]]]]) }).withStamp(new Uint8Array(32)).packed;
    const mutated = fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
      const copy = base.slice();
      for (const [at, v] of edits) copy[at] = v;
      return copy;
    });
    const truncated = fc.nat(base.length).map((n) => base.slice(0, n));
    fc.assert(
      fc.property(fc.oneof(mutated, truncated, fc.uint8Array({ maxLength: 300 })), (bytes) => {
        try {
          const u = LXMessage.unpack(bytes, { recall: recallAlice });
          expect(u.hash.length).toBe(32);
        } catch (e) {
          expect(e).toBeInstanceOf(LxmfDecodeError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
