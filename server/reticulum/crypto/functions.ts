// SPDX-License-Identifier: MIT
// Byte-in, byte-out curve functions for callers that hold raw keys. Building a KeyObject costs far
// more than the operation itself, so recently used keys are cached: public keys (not secret) in a
// small LRU keyed by their bytes, private keys in a WeakMap keyed by the caller's array, re-checked
// against a snapshot so a caller mutating its buffer never gets a stale key.
import { timingSafeEqual } from 'node:crypto';
import { assertBytes, assertLength } from './bytes.js';
import { Ed25519PrivateKey, Ed25519PublicKey, X25519PrivateKey, X25519PublicKey } from './curves.js';

const PUBLIC_CACHE_SIZE = 512;

class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
}

const edPublicCache = new LruCache<Ed25519PublicKey>(PUBLIC_CACHE_SIZE);
const xPublicCache = new LruCache<X25519PublicKey>(PUBLIC_CACHE_SIZE);

function cachedPublic<K>(cache: LruCache<K>, raw: Uint8Array, make: (raw: Uint8Array) => K): K {
  const id = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
  let key = cache.get(id);
  if (key === undefined) {
    key = make(raw);
    cache.set(id, key);
  }
  return key;
}

interface PrivateEntry<K> {
  snapshot: Uint8Array;
  key: K;
}
const edPrivateCache = new WeakMap<Uint8Array, PrivateEntry<Ed25519PrivateKey>>();
const xPrivateCache = new WeakMap<Uint8Array, PrivateEntry<X25519PrivateKey>>();

function cachedPrivate<K>(cache: WeakMap<Uint8Array, PrivateEntry<K>>, raw: Uint8Array, make: (raw: Uint8Array) => K): K {
  const hit = cache.get(raw);
  if (hit && timingSafeEqual(hit.snapshot, raw)) return hit.key;
  const key = make(raw);
  cache.set(raw, { snapshot: raw.slice(), key });
  return key;
}

/** Cached Ed25519 public key object for raw bytes. @throws RnsArgumentError unless 32 bytes. */
export function ed25519PublicKey(pub: Uint8Array): Ed25519PublicKey {
  assertLength(pub, [32], 'Ed25519 public key');
  return cachedPublic(edPublicCache, pub, Ed25519PublicKey.fromBytes);
}

/** Cached X25519 public key object for raw bytes. @throws RnsArgumentError unless 32 bytes. */
export function x25519PublicKey(pub: Uint8Array): X25519PublicKey {
  assertLength(pub, [32], 'X25519 public key');
  return cachedPublic(xPublicCache, pub, X25519PublicKey.fromBytes);
}

function edPrivate(seed: Uint8Array): Ed25519PrivateKey {
  assertLength(seed, [32], 'Ed25519 seed');
  return cachedPrivate(edPrivateCache, seed, Ed25519PrivateKey.fromSeed);
}

function xPrivate(priv: Uint8Array): X25519PrivateKey {
  assertLength(priv, [32], 'X25519 private key');
  return cachedPrivate(xPrivateCache, priv, X25519PrivateKey.fromBytes);
}

/** A fresh raw 32-byte X25519 private key. */
export function x25519GeneratePrivate(): Uint8Array {
  return X25519PrivateKey.generate().privateBytes();
}

/** The raw 32-byte X25519 public key of a raw private key. */
export function x25519PublicFromPrivate(priv: Uint8Array): Uint8Array {
  return xPrivate(priv).publicBytes();
}

/** X25519(priv, pub). @throws RnsCryptoError `RNS_ERR_X25519_EXCHANGE` for a low-order `pub`. */
export function x25519SharedSecret(priv: Uint8Array, pub: Uint8Array): Uint8Array {
  return xPrivate(priv).exchange(x25519PublicKey(pub));
}

/** The raw 32-byte Ed25519 public key of a 32-byte seed. */
export function ed25519PublicFromSeed(seed: Uint8Array): Uint8Array {
  return edPrivate(seed).publicBytes();
}

/** Deterministic Ed25519 signature (64 bytes) of `message` with the 32-byte `seed`. */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return edPrivate(seed).sign(message);
}

/** True iff `signature` is valid for `message` under `pub`; malformed inputs are "not valid". */
export function ed25519Verify(pub: Uint8Array, signature: Uint8Array, message: Uint8Array): boolean {
  assertBytes(pub, 'Ed25519 public key');
  if (pub.length !== 32) return false;
  return ed25519PublicKey(pub).verify(signature, message);
}

export { randomBytes } from './random.js';
