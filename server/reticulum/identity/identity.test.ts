// SPDX-License-Identifier: MIT
// Identity behaviour beyond the vectors: files, ratchet rings, the known-identities store, errors.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import {
  Identity,
  KnownIdentities,
  RATCHET_COUNT,
  RATCHET_EXPIRY,
  RATCHET_INTERVAL,
  RatchetRing,
  generateRatchet,
  loadIdentityFile,
  ratchetPublicBytes,
  saveIdentityFile,
} from './index.js';
import type { KnownIdentitiesChange } from './index.js';

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
const dir = mkdtempSync(path.join(tmpdir(), 'strand-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RnsError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('Identity', () => {
  it('round-trips private and public blobs', () => {
    const id = Identity.generate();
    const again = Identity.fromPrivateBytes(id.privateKeyBytes());
    expect(hex(again.publicKey)).toBe(hex(id.publicKey));
    expect(again.equals(Identity.fromPublicBytes(id.publicKey))).toBe(true);
    expect(Identity.fromPublicBytes(id.publicKey).hasPrivateKey).toBe(false);
  });

  it('rejects wrong blob sizes and missing private keys with typed errors', () => {
    expect(codeOf(() => Identity.fromPrivateBytes(new Uint8Array(63)))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => Identity.fromPublicBytes(new Uint8Array(65)))).toBe('RNS_ERR_BAD_LENGTH');
    const pub = Identity.fromPublicBytes(Identity.generate().publicKey);
    expect(codeOf(() => pub.sign(new Uint8Array(1)))).toBe('RNS_ERR_NO_PRIVATE_KEY');
    expect(codeOf(() => pub.decrypt(new Uint8Array(100)))).toBe('RNS_ERR_NO_PRIVATE_KEY');
    expect(codeOf(() => pub.privateKeyBytes())).toBe('RNS_ERR_NO_PRIVATE_KEY');
  });

  it('refuses ciphertexts of 32 bytes or less, and low-order ephemeral keys', () => {
    const id = Identity.generate();
    expect(codeOf(() => id.decrypt(new Uint8Array(32)))).toBe('RNS_ERR_CIPHERTEXT_TRUNCATED');
    expect(codeOf(() => id.decrypt(new Uint8Array(100)))).toBe('RNS_ERR_X25519_EXCHANGE');
  });

  it('property: encrypt/decrypt round trip, with and without a ratchet', () => {
    const id = Identity.generate();
    const ratchet = generateRatchet();
    const pub = Identity.fromPublicBytes(id.publicKey);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (pt, useRatchet) => {
        const ct = pub.encrypt(pt, { ratchet: useRatchet ? ratchetPublicBytes(ratchet) : null });
        const r = id.decryptDetailed(ct, { ratchets: [ratchet] });
        expect(hex(r.plaintext)).toBe(hex(pt));
        expect(r.ratchetId === null).toBe(!useRatchet);
      }),
      { numRuns: 60 },
    );
  });

  it('property: hostile ciphertexts only raise typed errors', () => {
    const id = Identity.generate();
    const good = Identity.fromPublicBytes(id.publicKey).encrypt(new Uint8Array(20));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 160 }),
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([p, x]) => {
            const m = good.slice();
            m[p] = (m[p] ?? 0) ^ x;
            return m;
          }),
        ),
        (input) => {
          expect(codeOf(() => id.decrypt(input, { ratchets: [generateRatchet()] }))).toMatch(/^RNS_ERR_/);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('identity files', () => {
  it('writes the raw 64-byte private blob with owner-only permissions, and reads it back', async () => {
    const id = Identity.generate();
    const file = path.join(dir, 'identity');
    await saveIdentityFile(id, file);
    expect(hex(readFileSync(file))).toBe(hex(id.privateKeyBytes()));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hex((await loadIdentityFile(file)).hash)).toBe(id.hexHash);
  });

  it('rejects files that are not 64 bytes', async () => {
    const file = path.join(dir, 'short');
    writeFileSync(file, new Uint8Array(65));
    await expect(loadIdentityFile(file)).rejects.toMatchObject({ code: 'RNS_ERR_IDENTITY_FILE' });
  });

  it('refuses to save a public-only identity', async () => {
    const pub = Identity.fromPublicBytes(Identity.generate().publicKey);
    await expect(saveIdentityFile(pub, path.join(dir, 'pub'))).rejects.toMatchObject({ code: 'RNS_ERR_NO_PRIVATE_KEY' });
  });
});

describe('RatchetRing', () => {
  it('rotates on the first call, then only after the interval, newest first', () => {
    const ring = new RatchetRing();
    const t0 = 1_700_000_000;
    expect(ring.currentPublic()).toBeNull();
    expect(ring.rotate(t0)).toBe(true);
    const first = ring.currentPublic();
    expect(ring.rotate(t0 + RATCHET_INTERVAL)).toBe(false);
    expect(ring.rotate(t0 + RATCHET_INTERVAL + 1)).toBe(true);
    expect(ring.size).toBe(2);
    expect(hex(ring.currentPublic() ?? new Uint8Array())).not.toBe(hex(first ?? new Uint8Array()));
    expect([...ring.keys()].map((k) => hex(k.publicBytes()))[1]).toBe(hex(first ?? new Uint8Array()));
  });

  it('keeps at most the retained count', () => {
    expect(RATCHET_COUNT).toBe(512);
    const ring = new RatchetRing({ retained: 3, interval: 1 });
    for (let t = 10; t < 100; t += 10) ring.rotate(t);
    expect(ring.size).toBe(3);
  });

  it('serializes in the reference format and refuses a foreign or tampered file', () => {
    const id = Identity.generate();
    const ring = new RatchetRing({ ratchets: [generateRatchet(), generateRatchet()] });
    const bytes = ring.serialize(id);
    const back = RatchetRing.deserialize(bytes, id);
    expect(back.size).toBe(2);
    expect(hex(back.currentPublic() ?? new Uint8Array())).toBe(hex(ring.currentPublic() ?? new Uint8Array()));
    expect(codeOf(() => RatchetRing.deserialize(bytes, Identity.generate()))).toBe('RNS_ERR_RATCHET_FILE_SIGNATURE');
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(codeOf(() => RatchetRing.deserialize(tampered, id))).toBe('RNS_ERR_RATCHET_FILE_SIGNATURE');
    expect(codeOf(() => RatchetRing.deserialize(new Uint8Array([0x80]), id))).toBe('RNS_ERR_RATCHET_FILE');
  });
});

describe('KnownIdentities', () => {
  const dest = (n: number): Uint8Array => new Uint8Array(16).fill(n);

  it('remembers, recalls and refuses a different key for a known destination', () => {
    const known = new KnownIdentities({ now: () => 100 });
    const a = Identity.generate();
    known.remember({ destinationHash: dest(1), publicKey: a.publicKey, appData: Uint8Array.of(7) });
    expect(known.recall(dest(1))?.hexHash).toBe(a.hexHash);
    expect(known.recallByIdentityHash(a.hash)?.hexHash).toBe(a.hexHash);
    expect([...(known.recallAppData(dest(1)) ?? [])]).toEqual([7]);
    expect(known.recall(dest(2))).toBeNull();
    expect(codeOf(() => known.remember({ destinationHash: dest(1), publicKey: Identity.generate().publicKey }))).toBe(
      'RNS_ERR_ANNOUNCE_KEY_COLLISION',
    );
  });

  it('evicts the least recently heard or used entry and reports changes', () => {
    const changes: KnownIdentitiesChange['type'][] = [];
    const known = new KnownIdentities({ maxEntries: 2, onChange: (c) => changes.push(c.type) });
    const ids = [Identity.generate(), Identity.generate(), Identity.generate()];
    known.remember({ destinationHash: dest(1), publicKey: ids[0]!.publicKey });
    known.remember({ destinationHash: dest(2), publicKey: ids[1]!.publicKey });
    known.recall(dest(1)); // used: dest 2 is now the oldest
    known.remember({ destinationHash: dest(3), publicKey: ids[2]!.publicKey });
    expect(known.size).toBe(2);
    expect(known.get(dest(2))).toBeUndefined();
    expect(known.get(dest(1))).toBeDefined();
    expect(changes).toEqual(['remember', 'remember', 'evict', 'remember']);
  });

  it('uses a ratchet for 30 days after receiving it', () => {
    let now = 1_000;
    const known = new KnownIdentities({ now: () => now });
    const ratchet = ratchetPublicBytes(generateRatchet());
    known.acceptAnnounce({ destinationHash: dest(1), publicKey: Identity.generate().publicKey, appData: null, ratchet });
    expect(hex(known.currentRatchet(dest(1)) ?? new Uint8Array())).toBe(hex(ratchet));
    now += RATCHET_EXPIRY;
    expect(known.currentRatchet(dest(1))).toBeNull();
    expect(codeOf(() => known.rememberRatchet(dest(9), ratchet))).toBe('RNS_ERR_UNKNOWN_DESTINATION');
  });

  it('saves and loads a JSON file, and rejects a corrupted one without changing state', async () => {
    const known = new KnownIdentities({ now: () => 5 });
    const id = Identity.generate();
    known.acceptAnnounce({ destinationHash: dest(4), publicKey: id.publicKey, appData: new Uint8Array(0), ratchet: ratchetPublicBytes(generateRatchet()) });
    const file = path.join(dir, 'known.json');
    await known.saveToFile(file);
    const other = new KnownIdentities();
    await other.loadFromFile(file);
    expect(other.toJSON()).toEqual(known.toJSON());
    expect(other.recall(dest(4))?.hexHash).toBe(id.hexHash);
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ destinationHash: 'zz' }] }));
    await expect(other.loadFromFile(file)).rejects.toMatchObject({ code: 'RNS_ERR_KNOWN_IDENTITIES' });
    expect(other.size).toBe(1);
    writeFileSync(file, '{');
    await expect(other.loadFromFile(file)).rejects.toMatchObject({ code: 'RNS_ERR_KNOWN_IDENTITIES' });
  });
});
