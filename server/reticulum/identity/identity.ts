// SPDX-License-Identifier: MIT
// Reticulum identities (RNS/Identity.py :: Identity): an X25519 key pair for encryption and an
// Ed25519 key pair for signatures. Byte layouts (protocol §1.2):
//   private blob (64) = X25519 private scalar (32) || Ed25519 seed (32)   — the identity file
//   public blob  (64) = X25519 public (32)         || Ed25519 public (32)
//   identity hash     = SHA-256(public blob)[0:16]
import { RnsArgumentError, RnsCryptoError, RnsDecodeError } from '../errors.js';
import type { Ed25519PublicKey } from '../crypto/index.js';
import {
  Ed25519PrivateKey,
  Token,
  X25519PrivateKey,
  X25519PublicKey,
  concatBytes,
  ed25519PublicKey,
  hkdf,
  randomBytes,
  sha256,
  truncatedHash,
} from '../crypto/index.js';
import { bytesEqual } from '../wire/bytes.js';

/** Size of the private and of the public blob in bytes (KEYSIZE = 512 bits). */
export const IDENTITY_KEY_SIZE = 64;
/** Half a blob: one raw curve key. */
const HALF = 32;
/** Ratchet key size in bytes (RATCHETSIZE = 256 bits). */
export const RATCHET_SIZE = 32;
/** name_hash and ratchet id length in bytes (NAME_HASH_LENGTH = 80 bits). */
export const NAME_HASH_LENGTH = 10;
/** HKDF output for encrypt-to-identity: a 64-byte Token key, i.e. AES-256-CBC. */
export const DERIVED_KEY_LENGTH = 64;
/** Ed25519 signature length in bytes (SIGLENGTH = 512 bits). */
export const SIGNATURE_LENGTH = 64;
/** Received ratchets are used for at most 30 days (Identity.RATCHET_EXPIRY, seconds). */
export const RATCHET_EXPIRY = 60 * 60 * 24 * 30;

/** Options of {@link Identity.encrypt}. The last two exist to reproduce reference vectors. */
export interface EncryptOptions {
  /** The destination's latest announced ratchet public key (32 bytes); encrypt to it instead of the identity key. */
  ratchet?: Uint8Array | null;
  /** Fixed ephemeral X25519 private key (tests only; fresh per call otherwise). */
  ephemeralPrivate?: Uint8Array;
  /** Fixed Token IV (tests only). */
  iv?: Uint8Array;
}

/** Options of {@link Identity.decrypt}. */
export interface DecryptOptions {
  /** Ratchet private keys to try first, newest first (raw 32 bytes or key objects). */
  ratchets?: Iterable<Uint8Array | X25519PrivateKey> | null;
  /** Refuse packets encrypted to the identity key itself (Destination.enforce_ratchets). */
  enforceRatchets?: boolean;
}

/** What {@link Identity.decryptDetailed} returns. */
export interface DecryptResult {
  plaintext: Uint8Array;
  /** Id of the ratchet that decrypted it, or null when the identity key did. */
  ratchetId: Uint8Array | null;
}

/** Ratchet id: SHA-256(ratchet public key)[0:10] (Identity._get_ratchet_id). */
export function ratchetId(ratchetPublic: Uint8Array): Uint8Array {
  return sha256(ratchetPublic).subarray(0, NAME_HASH_LENGTH);
}

/** A fresh ratchet private key (32 raw bytes). */
export function generateRatchet(): Uint8Array {
  return X25519PrivateKey.generate().privateBytes();
}

/** The public key (32 bytes) of a raw ratchet private key. */
export function ratchetPublicBytes(ratchetPrivate: Uint8Array | X25519PrivateKey): Uint8Array {
  const key = ratchetPrivate instanceof X25519PrivateKey ? ratchetPrivate : X25519PrivateKey.fromBytes(ratchetPrivate);
  return key.publicBytes();
}

/** Identity.get_random_hash(): TH(16 random bytes). `random` injects the 16 bytes for vectors. */
export function randomHash(random?: Uint8Array): Uint8Array {
  return truncatedHash(random ?? randomBytes(16));
}

/** An identity: always a public key, optionally the private key too. Immutable. */
export class Identity {
  /** The 64-byte public blob. Shared, not copied: do not mutate. */
  readonly publicKey: Uint8Array;
  /** The 16-byte identity hash. Shared, not copied: do not mutate. */
  readonly hash: Uint8Array;
  /** Lowercase hex of {@link hash}, as the reference's `hexhash`. */
  readonly hexHash: string;

  // Imported on first encrypt: most public identities (announces) are only ever used to verify.
  private encPublicKey: X25519PublicKey | null;
  /** The ratchet key encrypted to last: a peer's ratchet changes rarely, messages to it often. */
  private lastRatchet: X25519PublicKey | null = null;

  // Imported on first verify: a flood of announces is checked from raw bytes (a worker pool),
  // and most announced identities are never used for anything else.
  private sigPublicKey: Ed25519PublicKey | null;

  private constructor(
    encPublic: X25519PublicKey | Uint8Array,
    sigPublic: Ed25519PublicKey | Uint8Array,
    private readonly encPrivate: X25519PrivateKey | null,
    private readonly sigPrivate: Ed25519PrivateKey | null,
  ) {
    this.encPublicKey = encPublic instanceof X25519PublicKey ? encPublic : null;
    this.sigPublicKey = sigPublic instanceof Uint8Array ? null : sigPublic;
    const encBytes = encPublic instanceof X25519PublicKey ? encPublic.bytes : encPublic;
    this.publicKey = concatBytes(encBytes, sigPublic instanceof Uint8Array ? sigPublic : sigPublic.bytes);
    this.hash = truncatedHash(this.publicKey);
    this.hexHash = Buffer.from(this.hash).toString('hex');
  }

  /** A new identity with fresh keys. */
  static generate(): Identity {
    const enc = X25519PrivateKey.generate();
    const sig = Ed25519PrivateKey.generate();
    return new Identity(enc.public(), sig.public(), enc, sig);
  }

  /**
   * Loads a 64-byte private blob (the content of an identity file).
   * @throws RnsArgumentError `RNS_ERR_BAD_LENGTH` unless exactly 64 bytes.
   */
  static fromPrivateBytes(privateKey: Uint8Array): Identity {
    checkBlob(privateKey, 'identity private key');
    const enc = X25519PrivateKey.fromBytes(privateKey.subarray(0, HALF));
    const sig = Ed25519PrivateKey.fromSeed(privateKey.subarray(HALF));
    return new Identity(enc.public(), sig.public(), enc, sig);
  }

  /**
   * A public-only identity from a 64-byte public blob (announces, recall).
   * @throws RnsArgumentError `RNS_ERR_BAD_LENGTH` unless exactly 64 bytes.
   */
  static fromPublicBytes(publicKey: Uint8Array): Identity {
    checkBlob(publicKey, 'identity public key');
    return new Identity(publicKey.slice(0, HALF), publicKey.slice(HALF), null, null);
  }

  /** Whether this identity can sign and decrypt. */
  get hasPrivateKey(): boolean {
    return this.encPrivate !== null && this.sigPrivate !== null;
  }

  /** The 64-byte private blob (a copy). Treat as secret. @throws RnsArgumentError without one. */
  privateKeyBytes(): Uint8Array {
    const { enc, sig } = this.requirePrivate('export the private key');
    return concatBytes(enc.privateBytes(), sig.seedBytes());
  }

  /** The 32-byte X25519 public key. */
  get encryptionPublicKey(): Uint8Array {
    return this.publicKey.slice(0, HALF);
  }

  /** The 32-byte Ed25519 public key. */
  get signingPublicKey(): Uint8Array {
    return this.publicKey.slice(HALF);
  }

  /** True if `other` has the same public key. */
  equals(other: Identity): boolean {
    return Buffer.from(this.publicKey).equals(other.publicKey);
  }

  /** Ed25519 signature (64 bytes) of `message`. @throws RnsArgumentError without a private key. */
  sign(message: Uint8Array): Uint8Array {
    return this.requirePrivate('sign').sig.sign(message);
  }

  /** Identity.validate: true iff `signature` is valid for `message`; malformed input is false. */
  verify(signature: Uint8Array, message: Uint8Array): boolean {
    const key = this.sigPublic();
    return key !== null && key.verify(signature, message);
  }

  /** {@link verify} with the check on libuv's thread pool (for bursts; see Ed25519PublicKey.verifyAsync). */
  verifyAsync(signature: Uint8Array, message: Uint8Array): Promise<boolean> {
    const key = this.sigPublic();
    return key === null ? Promise.resolve(false) : key.verifyAsync(signature, message);
  }

  /**
   * Encrypts to this identity (protocol §1.5): ephemeral X25519 with the target key (the ratchet
   * when given, else the identity's X25519 key), HKDF-SHA256 to 64 bytes salted with the
   * identity hash (never the destination hash), then a Token.
   * @returns ephemeral public key (32) || token.
   */
  encrypt(plaintext: Uint8Array, opts: EncryptOptions = {}): Uint8Array {
    const ephemeral = opts.ephemeralPrivate ? X25519PrivateKey.fromBytes(opts.ephemeralPrivate) : X25519PrivateKey.generate();
    const target = opts.ratchet ? this.ratchetKey(opts.ratchet) : this.encPublic();
    const token = new Token(this.deriveKey(ephemeral.exchange(target)));
    return concatBytes(ephemeral.publicBytes(), token.encrypt(plaintext, opts.iv));
  }

  /**
   * Decrypts a ciphertext made by {@link encrypt}. Ratchets are tried first in the given order;
   * the identity key last, unless ratchets are enforced.
   * @throws RnsArgumentError `RNS_ERR_NO_PRIVATE_KEY`; RnsDecodeError `RNS_ERR_CIPHERTEXT_TRUNCATED`
   *   (<= 32 bytes); RnsCryptoError `RNS_ERR_RATCHET_REQUIRED` when enforcement rejects it, or the
   *   Token/X25519 error of the identity-key attempt.
   */
  decrypt(ciphertext: Uint8Array, opts: DecryptOptions = {}): Uint8Array {
    return this.decryptDetailed(ciphertext, opts).plaintext;
  }

  /** {@link decrypt}, also reporting which ratchet (if any) worked. */
  decryptDetailed(ciphertext: Uint8Array, opts: DecryptOptions = {}): DecryptResult {
    const { enc } = this.requirePrivate('decrypt');
    if (!(ciphertext instanceof Uint8Array)) throw new RnsArgumentError('RNS_ERR_NOT_BYTES', 'ciphertext must be a Uint8Array');
    if (ciphertext.length <= HALF) {
      throw new RnsDecodeError('RNS_ERR_CIPHERTEXT_TRUNCATED', `ciphertext of ${ciphertext.length} bytes is too short`);
    }
    const peer = X25519PublicKey.fromBytes(ciphertext.subarray(0, HALF));
    const body = ciphertext.subarray(HALF);
    for (const ratchet of opts.ratchets ?? []) {
      try {
        const key = ratchet instanceof X25519PrivateKey ? ratchet : X25519PrivateKey.fromBytes(ratchet);
        const plaintext = new Token(this.deriveKey(key.exchange(peer))).decrypt(body);
        return { plaintext, ratchetId: ratchetId(key.publicBytes()) };
      } catch (e) {
        // A ratchet that does not fit (wrong key: HMAC fails) is expected; try the next one,
        // exactly as the reference does. Anything that is not ours is a bug and propagates.
        if (!(e instanceof RnsCryptoError || e instanceof RnsArgumentError || e instanceof RnsDecodeError)) throw e;
      }
    }
    if (opts.enforceRatchets) {
      throw new RnsCryptoError('RNS_ERR_RATCHET_REQUIRED', 'no retained ratchet decrypts this and ratchets are enforced');
    }
    const plaintext = new Token(this.deriveKey(enc.exchange(peer))).decrypt(body);
    return { plaintext, ratchetId: null };
  }

  private ratchetKey(ratchet: Uint8Array): X25519PublicKey {
    if (!this.lastRatchet || !bytesEqual(this.lastRatchet.bytes, ratchet)) this.lastRatchet = X25519PublicKey.fromBytes(ratchet);
    return this.lastRatchet;
  }

  /**
   * The Ed25519 key object, from a small shared cache (the same identities re-announce all the
   * time, and building an OpenSSL key object costs 15–45 µs). Null for a key OpenSSL refuses:
   * such an identity verifies nothing.
   */
  private sigPublic(): Ed25519PublicKey | null {
    if (!this.sigPublicKey) {
      try {
        this.sigPublicKey = ed25519PublicKey(this.publicKey.subarray(HALF));
      } catch (err) {
        if (!(err instanceof RnsCryptoError)) throw err;
        return null;
      }
    }
    return this.sigPublicKey;
  }

  private encPublic(): X25519PublicKey {
    this.encPublicKey ??= X25519PublicKey.fromBytes(this.publicKey.subarray(0, HALF));
    return this.encPublicKey;
  }

  /** HKDF(len=64, ikm=shared, salt=identity hash, info=none): Identity.get_salt / get_context. */
  private deriveKey(shared: Uint8Array): Uint8Array {
    return hkdf({ length: DERIVED_KEY_LENGTH, deriveFrom: shared, salt: this.hash, context: null });
  }

  private requirePrivate(action: string): { enc: X25519PrivateKey; sig: Ed25519PrivateKey } {
    if (!this.encPrivate || !this.sigPrivate) {
      throw new RnsArgumentError('RNS_ERR_NO_PRIVATE_KEY', `cannot ${action}: identity ${this.hexHash} holds no private key`);
    }
    return { enc: this.encPrivate, sig: this.sigPrivate };
  }
}

function checkBlob(blob: unknown, what: string): asserts blob is Uint8Array {
  if (!(blob instanceof Uint8Array)) throw new RnsArgumentError('RNS_ERR_NOT_BYTES', `${what} must be a Uint8Array`);
  if (blob.length !== IDENTITY_KEY_SIZE) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `${what} must be ${IDENTITY_KEY_SIZE} bytes, got ${blob.length}`);
  }
}
