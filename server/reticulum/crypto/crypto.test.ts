// SPDX-License-Identifier: MIT
// Behaviour beyond the vector files: argument checks, HKDF counter wrap, curve edge cases, and
// fast-check properties (round trips; hostile tokens only ever raise typed errors).
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RnsArgumentError, RnsError } from '../errors.js';
import {
  Ed25519PrivateKey,
  Token,
  X25519PrivateKey,
  aesCbcEncrypt,
  constantTimeEqual,
  ed25519PublicFromSeed,
  ed25519Sign,
  ed25519Verify,
  hkdf,
  pkcs7Pad,
  pkcs7Unpad,
  randomBytes,
  sha256,
  sha256Parts,
  sha256Stream,
  sha512,
  x25519GeneratePrivate,
  x25519PublicFromPrivate,
  x25519SharedSecret,
} from './index.js';

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RnsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('sha256 and sha256Parts', () => {
  const oracle = (algorithm: string, ...parts: Uint8Array[]): string => {
    const h = createHash(algorithm);
    for (const p of parts) h.update(p);
    return h.digest('hex');
  };

  it('match a streamed Hash for every size, joined in one call or streamed past 64 KiB', () => {
    const data = randomBytes(70_000);
    for (const size of [0, 1, 31, 32, 33, 8_196, 65_535, 65_536, 65_537, 70_000]) {
      const whole = data.subarray(0, size);
      expect(hex(sha256(whole))).toBe(oracle('sha256', whole));
      expect(hex(sha512(whole))).toBe(oracle('sha512', whole));
      const cut = size >> 1;
      const parts = [whole.subarray(0, cut), new Uint8Array(0), whole.subarray(cut), Uint8Array.of(7)];
      expect(hex(sha256Parts(...parts))).toBe(oracle('sha256', ...parts));
    }
    expect(hex(sha256Parts())).toBe(oracle('sha256'));
  });

  it('a short input after a long one hashes only its own bytes (the join space is reused)', () => {
    const long = randomBytes(40_000);
    const short = [randomBytes(10), randomBytes(3)];
    sha256Parts(long, long.subarray(0, 100));
    expect(hex(sha256Parts(...short))).toBe(oracle('sha256', ...short));
  });
});

describe('sha256Stream', () => {
  it('digests what it was fed in pieces; a copy continues independently from the same state', () => {
    const prefix = randomBytes(100_000);
    const a = randomBytes(4);
    const b = randomBytes(32);
    const stream = sha256Stream().update(prefix.subarray(0, 12_345)).update(prefix.subarray(12_345));
    const copy = stream.copy();
    expect(hex(stream.update(a).digest())).toBe(hex(sha256(Buffer.concat([prefix, a]))));
    expect(hex(copy.update(b).digest())).toBe(hex(sha256(Buffer.concat([prefix, b]))));
  });
});

describe('hkdf', () => {
  it('matches RFC 5869 (node hkdfSync) within 255 blocks', () => {
    const ikm = randomBytes(32);
    const salt = randomBytes(16);
    const ours = hkdf({ length: 200, deriveFrom: ikm, salt });
    expect(hex(ours)).toBe(Buffer.from(hkdfSync('sha256', ikm, salt, new Uint8Array(0), 200)).toString('hex'));
  });

  it('wraps the block counter past 255 blocks like the reference', () => {
    // Expected values computed with RNS/Cryptography/HKDF.py (RNS 1.4.2), 8256 bytes.
    const out = hkdf({ length: 8256, deriveFrom: Uint8Array.from({ length: 32 }, (_, i) => i), salt: Buffer.from('salt') });
    expect(out.length).toBe(8256);
    expect(hex(sha256(out))).toBe('5efe9fa4aa3a52a224d75c94e936695f31e300ed652ae0bd25b98e809db35f15');
    expect(hex(out.subarray(8160, 8192))).toBe('05d528b13dad56637b5140663d969acf5d7420f36197fac1df67f175947ca132');
  });

  it('rejects a bad length and empty key material with typed errors', () => {
    expect(codeOf(() => hkdf({ length: 0, deriveFrom: randomBytes(32) }))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => hkdf({ length: 1.5, deriveFrom: randomBytes(32) }))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => hkdf({ length: 32, deriveFrom: new Uint8Array(0) }))).toBe('RNS_ERR_BAD_LENGTH');
  });

  it('treats an empty salt as 32 zero bytes', () => {
    const ikm = randomBytes(32);
    expect(hex(hkdf({ length: 64, deriveFrom: ikm, salt: new Uint8Array(0) }))).toBe(
      hex(hkdf({ length: 64, deriveFrom: ikm, salt: new Uint8Array(32) })),
    );
  });
});

describe('pkcs7 and aes', () => {
  it('unpads leniently like the reference and rejects a pad byte over the block size', () => {
    expect(hex(pkcs7Unpad(new Uint8Array(16)))).toBe('00'.repeat(16));
    expect(codeOf(() => pkcs7Unpad(new Uint8Array(16).fill(17)))).toBe('RNS_ERR_BAD_PADDING');
    expect(codeOf(() => pkcs7Unpad(new Uint8Array(0)))).toBe('RNS_ERR_BAD_PADDING');
    expect(codeOf(() => pkcs7Unpad(Uint8Array.of(1, 5)))).toBe('RNS_ERR_BAD_PADDING');
  });

  it('checks key, iv and block lengths up front', () => {
    expect(codeOf(() => aesCbcEncrypt(new Uint8Array(24), new Uint8Array(16), new Uint8Array(16)))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(16)))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => aesCbcEncrypt(new Uint8Array(32), new Uint8Array(16), new Uint8Array(15)))).toBe('RNS_ERR_BAD_LENGTH');
    expect(() => pkcs7Pad(new Uint8Array(1), 0)).toThrow(RnsArgumentError);
  });
});

describe('Token', () => {
  it('rejects keys that are not 32 or 64 bytes', () => {
    for (const n of [0, 16, 31, 33, 48, 63, 65]) expect(codeOf(() => new Token(new Uint8Array(n)))).toBe('RNS_ERR_BAD_LENGTH');
  });

  it('reports truncated, bad-HMAC and bad-padding tokens with distinct codes', () => {
    const key = Token.generateKey();
    const t = new Token(key);
    expect(codeOf(() => t.decrypt(new Uint8Array(47)))).toBe('RNS_ERR_TOKEN_TRUNCATED');
    const good = t.encrypt(Buffer.from('hello'));
    const bad = good.slice();
    bad[20] = (bad[20] ?? 0) ^ 1;
    expect(codeOf(() => t.decrypt(bad))).toBe('RNS_ERR_TOKEN_HMAC');
    // An authentic token with no ciphertext blocks (only the key holder can make one).
    const iv = new Uint8Array(16);
    const empty = new Uint8Array(48);
    empty.set(iv);
    empty.set(createHmac('sha256', key.subarray(0, 32)).update(iv).digest(), 16);
    expect(codeOf(() => t.decrypt(empty))).toBe('RNS_ERR_BAD_PADDING');
  });

  it('does not alias the caller key buffer', () => {
    const key = Token.generateKey(128);
    const t = new Token(key);
    const token = t.encrypt(Uint8Array.of(1, 2, 3));
    key.fill(0);
    expect([...t.decrypt(token)]).toEqual([1, 2, 3]);
  });

  it('property: decrypt(encrypt(x)) == x for both key sizes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (pt, aes128) => {
        const t = new Token(Token.generateKey(aes128 ? 128 : 256));
        const token = t.encrypt(pt);
        expect(token.length).toBe(48 + (Math.floor(pt.length / 16) + 1) * 16);
        expect(hex(t.decrypt(token))).toBe(hex(pt));
      }),
      { numRuns: 200 },
    );
  });

  it('property: random and mutated tokens only ever raise typed RnsErrors', () => {
    const t = new Token(Token.generateKey());
    const base = t.encrypt(randomBytes(40));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 })).map(([pos, x]) => {
            const m = base.slice();
            m[pos] = (m[pos] ?? 0) ^ x;
            return m;
          }),
          fc.nat(base.length - 1).map((n) => base.slice(0, n)),
        ),
        (input) => {
          const code = codeOf(() => t.decrypt(input));
          expect(code).toMatch(/^RNS_ERR_/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('curves', () => {
  it('derives, signs and verifies with raw keys', () => {
    const seed = randomBytes(32);
    const pub = ed25519PublicFromSeed(seed);
    const sig = ed25519Sign(seed, Buffer.from('msg'));
    expect(ed25519Verify(pub, sig, Buffer.from('msg'))).toBe(true);
    expect(ed25519Verify(pub, sig, Buffer.from('msh'))).toBe(false);
    expect(ed25519Verify(pub, sig.subarray(0, 63), Buffer.from('msg'))).toBe(false);
    expect(ed25519Verify(pub.subarray(0, 31), sig, Buffer.from('msg'))).toBe(false);
    expect(ed25519Verify(new Uint8Array(32).fill(0xff), sig, Buffer.from('msg'))).toBe(false);
    expect(hex(Ed25519PrivateKey.fromSeed(seed).publicBytes())).toBe(hex(pub));
  });

  it('does not serve a stale cached key after the caller mutates its seed buffer', () => {
    const seed = randomBytes(32);
    const pub1 = ed25519PublicFromSeed(seed);
    seed[0] = (seed[0] ?? 0) ^ 1;
    expect(hex(ed25519PublicFromSeed(seed))).not.toBe(hex(pub1));
  });

  it('agrees on X25519 secrets and keeps private scalars unclamped', () => {
    const a = x25519GeneratePrivate();
    const b = x25519GeneratePrivate();
    expect(hex(x25519SharedSecret(a, x25519PublicFromPrivate(b)))).toBe(hex(x25519SharedSecret(b, x25519PublicFromPrivate(a))));
    const unclamped = new Uint8Array(32).fill(0xff);
    expect(hex(X25519PrivateKey.fromBytes(unclamped).privateBytes())).toBe('ff'.repeat(32));
  });

  it('refuses a low-order peer key with a typed error', () => {
    expect(codeOf(() => x25519SharedSecret(x25519GeneratePrivate(), new Uint8Array(32)))).toBe('RNS_ERR_X25519_EXCHANGE');
  });

  it('checks raw key lengths', () => {
    expect(codeOf(() => x25519PublicFromPrivate(new Uint8Array(31)))).toBe('RNS_ERR_BAD_LENGTH');
    expect(codeOf(() => ed25519Sign(new Uint8Array(64), new Uint8Array(1)))).toBe('RNS_ERR_BAD_LENGTH');
  });

  it('compares in constant time, false on length mismatch', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});
