// SPDX-License-Identifier: MIT
// X25519 and Ed25519 over OpenSSL (RNS/Cryptography/X25519.py, Ed25519.py, via PyCA in the
// reference). Keys are raw 32-byte strings on the wire and in identity files; OpenSSL wants
// KeyObjects, and building one is the expensive part, so the key classes below hold theirs.
//
// Import paths, measured on Node 20 / OpenSSL 3: a PKCS#8 DER private import costs ~0.45 ms and
// an SPKI DER public import ~0.14 ms, while a JWK import costs ~0.015 ms (the same OpenSSL key,
// only a cheaper decoder in front of it), so keys come in as JWK. For a private OKP key Node
// builds the key from "d" alone (EVP_PKEY_new_raw_private_key) and does not read "x"; should a
// runtime ever insist on "x", the import falls back to the fixed PKCS#8 prefix.
//
// Fresh keys are 32 random bytes imported that way, not generateKeyPairSync: exporting the raw
// bytes of a generated key can deadlock Node 20 for good (the key generation job, collected by a
// GC that the export's own string allocation triggers, locks the key's mutex the export holds;
// seen as a main thread parked in a futex wait under load). An imported key has no such job.
import { createPrivateKey, createPublicKey, diffieHellman, sign, verify } from 'node:crypto';
import { randomBytes } from './random.js';
import type { KeyObject } from 'node:crypto';
import { RnsCryptoError } from '../errors.js';
import { asBuffer, assertBytes, assertLength } from './bytes.js';

/** Raw key and signature sizes in bytes. */
export const X25519_KEY_LENGTH = 32;
export const ED25519_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

// PKCS#8 headers for a raw 32-byte key: SEQUENCE { version 0, AlgorithmIdentifier { OID
// 1.3.101.110 (X25519) / 1.3.101.112 (Ed25519) }, OCTET STRING { OCTET STRING (32) } }.
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function importPrivate(crv: 'X25519' | 'Ed25519', raw: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: { kty: 'OKP', crv, d: asBuffer(raw).toString('base64url'), x: '' }, format: 'jwk' });
  } catch {
    const prefix = crv === 'X25519' ? X25519_PKCS8_PREFIX : ED25519_PKCS8_PREFIX;
    return createPrivateKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'pkcs8' });
  }
}

function importPublic(crv: 'X25519' | 'Ed25519', raw: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv, x: asBuffer(raw).toString('base64url') }, format: 'jwk' });
  } catch (cause) {
    // Current OpenSSL accepts any 32 bytes here; should a build ever validate points, a hostile
    // key must still surface as our typed error, not as an OpenSSL exception.
    throw new RnsCryptoError('RNS_ERR_BAD_PUBLIC_KEY', `${crv} public key was refused`, { cause });
  }
}

function publicRawOf(key: KeyObject): Uint8Array {
  const value = key.export({ format: 'jwk' }).x;
  if (typeof value !== 'string') throw new RnsCryptoError('RNS_ERR_KEY_EXPORT', 'key has no JWK "x"');
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** An X25519 public key (32 raw bytes) with its OpenSSL handle. */
export class X25519PublicKey {
  private constructor(readonly bytes: Uint8Array, readonly keyObject: KeyObject) {}

  /** @throws RnsArgumentError unless 32 bytes. Any 32 bytes are a valid u-coordinate. */
  static fromBytes(raw: Uint8Array): X25519PublicKey {
    assertLength(raw, [X25519_KEY_LENGTH], 'X25519 public key');
    const copy = raw.slice();
    return new X25519PublicKey(copy, importPublic('X25519', copy));
  }

  /** @internal Wraps an existing KeyObject (derived from a private key). */
  static wrap(bytes: Uint8Array, keyObject: KeyObject): X25519PublicKey {
    return new X25519PublicKey(bytes, keyObject);
  }
}

/** An X25519 private key. The raw scalar is stored unclamped, as the reference stores it. */
export class X25519PrivateKey {
  private publicKey: X25519PublicKey | undefined;

  private constructor(private readonly raw: Uint8Array, readonly keyObject: KeyObject) {}

  /** A fresh key: 32 bytes from OpenSSL's CSPRNG (see the file header for why not generateKeyPairSync). */
  static generate(): X25519PrivateKey {
    const raw = randomBytes(X25519_KEY_LENGTH);
    return new X25519PrivateKey(raw, importPrivate('X25519', raw));
  }

  /** @throws RnsArgumentError unless 32 bytes. */
  static fromBytes(raw: Uint8Array): X25519PrivateKey {
    assertLength(raw, [X25519_KEY_LENGTH], 'X25519 private key');
    const copy = raw.slice();
    return new X25519PrivateKey(copy, importPrivate('X25519', copy));
  }

  /** The raw 32-byte private scalar (a copy). */
  privateBytes(): Uint8Array {
    return this.raw.slice();
  }

  /** The matching public key (derived once). */
  public(): X25519PublicKey {
    if (!this.publicKey) {
      const pub = createPublicKey(this.keyObject);
      this.publicKey = X25519PublicKey.wrap(publicRawOf(pub), pub);
    }
    return this.publicKey;
  }

  /** The raw 32-byte public key. */
  publicBytes(): Uint8Array {
    return this.public().bytes.slice();
  }

  /**
   * X25519(this, peer): the 32-byte shared secret.
   * @throws RnsCryptoError `RNS_ERR_X25519_EXCHANGE` when the peer key is a low-order point and
   *   the result would be all zeros (OpenSSL and PyCA both refuse it; a peer sending one is hostile).
   */
  exchange(peer: X25519PublicKey | Uint8Array): Uint8Array {
    const peerKey = peer instanceof X25519PublicKey ? peer : X25519PublicKey.fromBytes(peer);
    try {
      return new Uint8Array(diffieHellman({ privateKey: this.keyObject, publicKey: peerKey.keyObject }));
    } catch (cause) {
      throw new RnsCryptoError('RNS_ERR_X25519_EXCHANGE', 'X25519 exchange failed (low-order peer key)', { cause });
    }
  }
}

/** An Ed25519 public key (32 raw bytes) with its OpenSSL handle. */
export class Ed25519PublicKey {
  private constructor(readonly bytes: Uint8Array, readonly keyObject: KeyObject) {}

  /** @throws RnsArgumentError unless 32 bytes. */
  static fromBytes(raw: Uint8Array): Ed25519PublicKey {
    assertLength(raw, [ED25519_KEY_LENGTH], 'Ed25519 public key');
    const copy = raw.slice();
    return new Ed25519PublicKey(copy, importPublic('Ed25519', copy));
  }

  /** @internal Wraps an existing KeyObject (derived from a private key). */
  static wrap(bytes: Uint8Array, keyObject: KeyObject): Ed25519PublicKey {
    return new Ed25519PublicKey(bytes, keyObject);
  }

  /**
   * True iff `signature` is a valid RFC 8032 signature of `message`. Any malformed input (wrong
   * signature length, a key that is not a curve point) is simply "not valid", as in the reference.
   */
  verify(signature: Uint8Array, message: Uint8Array): boolean {
    assertBytes(signature, 'signature');
    assertBytes(message, 'message');
    if (signature.length !== ED25519_SIGNATURE_LENGTH) return false;
    try {
      return verify(null, message, this.keyObject, signature);
    } catch {
      // OpenSSL raises instead of returning false for some undecodable points; that is a failed
      // verification, not an error of ours.
      return false;
    }
  }

  /**
   * {@link verify} on libuv's thread pool: the event loop stays free and a burst of checks uses
   * every core. Resolves false for the same malformed inputs; never rejects for them.
   */
  verifyAsync(signature: Uint8Array, message: Uint8Array): Promise<boolean> {
    assertBytes(signature, 'signature');
    assertBytes(message, 'message');
    if (signature.length !== ED25519_SIGNATURE_LENGTH) return Promise.resolve(false);
    return new Promise((resolve) => {
      try {
        verify(null, message, this.keyObject, signature, (error, valid) => resolve(!error && valid === true));
      } catch {
        resolve(false);
      }
    });
  }
}

/** An Ed25519 private key held as its 32-byte RFC 8032 seed (what identity files store). */
export class Ed25519PrivateKey {
  private publicKey: Ed25519PublicKey | undefined;

  private constructor(private readonly seed: Uint8Array, readonly keyObject: KeyObject) {}

  static generate(): Ed25519PrivateKey {
    const seed = randomBytes(ED25519_KEY_LENGTH);
    return new Ed25519PrivateKey(seed, importPrivate('Ed25519', seed));
  }

  /** @throws RnsArgumentError unless 32 bytes. */
  static fromSeed(seed: Uint8Array): Ed25519PrivateKey {
    assertLength(seed, [ED25519_KEY_LENGTH], 'Ed25519 seed');
    const copy = seed.slice();
    return new Ed25519PrivateKey(copy, importPrivate('Ed25519', copy));
  }

  /** The 32-byte seed (a copy). */
  seedBytes(): Uint8Array {
    return this.seed.slice();
  }

  public(): Ed25519PublicKey {
    if (!this.publicKey) {
      const pub = createPublicKey(this.keyObject);
      this.publicKey = Ed25519PublicKey.wrap(publicRawOf(pub), pub);
    }
    return this.publicKey;
  }

  publicBytes(): Uint8Array {
    return this.public().bytes.slice();
  }

  /** Deterministic 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array {
    assertBytes(message, 'message');
    return new Uint8Array(sign(null, message, this.keyObject));
  }
}
