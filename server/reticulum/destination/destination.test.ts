// SPDX-License-Identifier: MIT
// Destination behaviour beyond the vectors: construction rules, GROUP/SINGLE/PLAIN crypto,
// ratchets end to end, path-response caching, and announce robustness properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import { Identity, KnownIdentities, RatchetRing } from '../identity/index.js';
import { decodePacket, encodePacket } from '../wire/packet.js';
import {
  Destination,
  DestinationType,
  Direction,
  ProofStrategy,
  announceEmittedAt,
  buildAnnouncePayload,
  makeAnnounceRandomHash,
  validateAnnounce,
  validateAnnouncePacket,
} from './index.js';

const hex = (u: Uint8Array | null): string => (u === null ? 'null' : Buffer.from(u).toString('hex'));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RnsError) return e.code;
    throw e;
  }
  return 'no error';
}

const single = (identity: Identity | null, direction: 0x11 | 0x12 = Direction.IN): Destination =>
  new Destination({ identity, direction, type: DestinationType.SINGLE, appName: 'strand', aspects: ['test'] });

describe('Destination construction', () => {
  it('applies the reference rules for identities, names and types', () => {
    expect(codeOf(() => single(null, Direction.OUT))).toBe('RNS_ERR_BAD_ARGUMENT');
    expect(codeOf(() => new Destination({ identity: Identity.generate(), direction: Direction.OUT, type: DestinationType.PLAIN, appName: 'a' }))).toBe(
      'RNS_ERR_BAD_ARGUMENT',
    );
    expect(codeOf(() => new Destination({ identity: null, direction: Direction.IN, type: DestinationType.PLAIN, appName: 'a.b' }))).toBe('RNS_ERR_BAD_NAME');
    expect(codeOf(() => new Destination({ identity: null, direction: Direction.IN, type: DestinationType.PLAIN, appName: 'a', aspects: ['x.y'] }))).toBe(
      'RNS_ERR_BAD_NAME',
    );
    // IN without identity: a fresh identity whose hex hash becomes an extra aspect.
    const d = single(null);
    expect(d.identity).not.toBeNull();
    expect(d.aspects).toEqual(['test', d.identity?.hexHash]);
  });

  it('validates the proof strategy', () => {
    const d = single(Identity.generate());
    expect(d.proofStrategy).toBe(ProofStrategy.PROVE_NONE);
    d.proofStrategy = ProofStrategy.PROVE_ALL;
    expect(d.proofStrategy).toBe(0x23);
    expect(codeOf(() => (d.proofStrategy = 0x24 as typeof ProofStrategy.PROVE_ALL))).toBe('RNS_ERR_BAD_ARGUMENT');
  });
});

describe('Destination encryption', () => {
  it('PLAIN passes data through; LINK refuses; GROUP needs a key', () => {
    const plain = new Destination({ identity: null, direction: Direction.OUT, type: DestinationType.PLAIN, appName: 'p' });
    expect(hex(plain.encrypt(Uint8Array.of(1, 2)))).toBe('0102');
    const group = new Destination({ identity: Identity.generate(), direction: Direction.OUT, type: DestinationType.GROUP, appName: 'g' });
    expect(codeOf(() => group.encrypt(Uint8Array.of(1)))).toBe('RNS_ERR_NO_GROUP_KEY');
    group.createKeys();
    expect(group.getPrivateKey().length).toBe(64);
    expect(hex(group.decrypt(group.encrypt(Uint8Array.of(9))))).toBe('09');
    const link = new Destination({ identity: Identity.generate(), direction: Direction.OUT, type: DestinationType.LINK, appName: 'l' });
    expect(codeOf(() => link.encrypt(Uint8Array.of(1)))).toBe('RNS_ERR_BAD_ARGUMENT');
  });

  it('SINGLE: a sender that learned the ratchet from an announce encrypts to it; the owner decrypts', () => {
    const owner = Identity.generate();
    const inbound = single(owner);
    inbound.enableRatchets(new RatchetRing());
    const known = new KnownIdentities();
    const announce = validateAnnouncePacket(decodePacket(encodePacket(inbound.announce())));
    known.acceptAnnounce(announce);
    const recalled = known.recall(inbound.hash);
    expect(recalled).not.toBeNull();
    const outbound = new Destination({
      identity: recalled,
      direction: Direction.OUT,
      type: DestinationType.SINGLE,
      appName: 'strand',
      aspects: ['test'],
      ratchetSource: (h) => known.currentRatchet(h),
    });
    const ct = outbound.encrypt(Buffer.from('hi'));
    expect(hex(outbound.latestRatchetId)).toBe(hex(inbound.ratchets?.currentId() ?? null));
    expect(Buffer.from(inbound.decrypt(ct)).toString()).toBe('hi');
    expect(hex(inbound.latestRatchetId)).toBe(hex(outbound.latestRatchetId));
    // Without the ratchet the identity key still works, unless ratchets are enforced.
    const plainCt = outbound.encrypt(Buffer.from('x'), { ratchet: null });
    expect(Buffer.from(inbound.decrypt(plainCt)).toString()).toBe('x');
    expect(inbound.latestRatchetId).toBeNull();
    expect(inbound.enforceRatchets()).toBe(true);
    expect(codeOf(() => inbound.decrypt(plainCt))).toBe('RNS_ERR_RATCHET_REQUIRED');
  });
});

describe('Destination.announce', () => {
  it('only IN SINGLE destinations announce', () => {
    expect(codeOf(() => single(Identity.generate(), Direction.OUT).announce())).toBe('RNS_ERR_BAD_ARGUMENT');
  });

  it('uses default app data, and answers repeated path requests with identical bytes', () => {
    const d = single(Identity.generate());
    d.defaultAppData = () => Buffer.from('dflt');
    const tag = new Uint8Array(16).fill(3);
    const first = d.announce({ pathResponse: true, tag, nowSeconds: 1_700_000_000 });
    const again = d.announce({ pathResponse: true, tag, nowSeconds: 1_700_000_010 });
    expect(hex(again.data)).toBe(hex(first.data));
    expect(again.context).toBe(0x0b);
    const later = d.announce({ pathResponse: true, tag, nowSeconds: 1_700_000_031 });
    expect(hex(later.data)).not.toBe(hex(first.data));
    const v = validateAnnouncePacket(first);
    expect(Buffer.from(v.appData ?? new Uint8Array()).toString()).toBe('dflt');
    expect(v.emittedAt).toBe(1_700_000_000);
  });

  it('caps the path-response cache, since requesters choose the tags', () => {
    const d = single(Identity.generate());
    const tag = (n: number): Uint8Array => Uint8Array.of(n >> 8, n & 0xff);
    const first = d.announce({ pathResponse: true, tag: tag(0), nowSeconds: 1_700_000_000 });
    let last = first;
    for (let n = 1; n <= 1024; n++) last = d.announce({ pathResponse: true, tag: tag(n), nowSeconds: 1_700_000_000 });
    expect(hex(d.announce({ pathResponse: true, tag: tag(1024), nowSeconds: 1_700_000_001 }).data)).toBe(hex(last.data));
    expect(hex(d.announce({ pathResponse: true, tag: tag(0), nowSeconds: 1_700_000_001 }).data)).not.toBe(hex(first.data));
  });

  it('encodes the emission time in the random hash', () => {
    const r = makeAnnounceRandomHash({ nowSeconds: 0xfe_1234_5678 });
    expect(hex(r.subarray(5))).toBe('fe12345678');
    expect(announceEmittedAt(r)).toBe(0xfe_1234_5678);
    expect(codeOf(() => makeAnnounceRandomHash({ nowSeconds: 2 ** 40 }))).toBe('RNS_ERR_BAD_ARGUMENT');
  });

  it('calls the blackhole hook with the announced identity hash', () => {
    const id = Identity.generate();
    const packet = single(id).announce();
    expect(codeOf(() => validateAnnouncePacket(packet, { isBlackholed: (h) => hex(h) === id.hexHash }))).toBe('RNS_ERR_ANNOUNCE_BLACKHOLED');
    expect(codeOf(() => validateAnnouncePacket({ ...packet, packetType: 0 }))).toBe('RNS_ERR_NOT_ANNOUNCE');
  });

  it('property: random and mutated announce data only ever raise typed errors', () => {
    const id = Identity.generate();
    const dest = single(id);
    const payload = buildAnnouncePayload({
      identity: id,
      destinationHash: dest.hash,
      nameHash: dest.nameHash,
      randomHash: makeAnnounceRandomHash(),
      ratchet: new Uint8Array(32).fill(7),
      appData: Buffer.from('app'),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ data: fc.uint8Array({ maxLength: 300 }), flag: fc.boolean(), hash: fc.uint8Array({ minLength: 16, maxLength: 16 }) }),
          fc.record({
            data: fc.tuple(fc.nat(payload.data.length - 1), fc.integer({ min: 1, max: 255 })).map(([p, x]) => {
              const m = payload.data.slice();
              m[p] = (m[p] ?? 0) ^ x;
              return m;
            }),
            flag: fc.constant(true),
            hash: fc.constant(dest.hash),
          }),
          fc.record({ data: fc.nat(payload.data.length - 1).map((n) => payload.data.slice(0, n)), flag: fc.boolean(), hash: fc.constant(dest.hash) }),
        ),
        ({ data, flag, hash }) => {
          expect(codeOf(() => validateAnnounce({ destinationHash: hash, data, contextFlag: flag }))).toMatch(/^RNS_ERR_ANNOUNCE_/);
        },
      ),
      { numRuns: 300 },
    );
    expect(hex(validateAnnounce({ destinationHash: dest.hash, data: payload.data, contextFlag: true }).ratchet)).toBe('07'.repeat(32));
  });
});
