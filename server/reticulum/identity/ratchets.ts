// SPDX-License-Identifier: MIT
// The owner side of ratchets (RNS/Destination.py :: enable_ratchets, rotate_ratchets,
// _clean_ratchets, _persist_ratchets, _reload_ratchets). A ring of X25519 private keys, newest
// first; the newest one's public key rides in every announce. Senders encrypt to it, so packets
// stay readable only while the ring retains the key: forward secrecy outside links.
import { RnsArgumentError, RnsCryptoError, RnsDecodeError } from '../errors.js';
import { X25519PrivateKey } from '../crypto/index.js';
import { packMsgpack, unpackMsgpack } from '../wire/msgpack.js';
import type { Identity } from './identity.js';
import { RATCHET_SIZE, generateRatchet, ratchetId } from './identity.js';

/** Minimum seconds between rotations (Destination.RATCHET_INTERVAL). */
export const RATCHET_INTERVAL = 30 * 60;
/** Ratchets retained for decryption (Destination.RATCHET_COUNT). */
export const RATCHET_COUNT = 512;

/** Options of {@link RatchetRing}. */
export interface RatchetRingOptions {
  /** Seconds between rotations; default {@link RATCHET_INTERVAL}. */
  interval?: number;
  /** How many ratchets to keep; default {@link RATCHET_COUNT}. */
  retained?: number;
  /** Existing ratchet private keys, newest first. */
  ratchets?: readonly Uint8Array[];
}

interface Entry {
  raw: Uint8Array;
  key?: X25519PrivateKey;
}

/** A destination's retained ratchets, newest first. */
export class RatchetRing {
  readonly interval: number;
  readonly retained: number;
  /**
   * Unix seconds of the last rotation. Starts at 0 as in enable_ratchets, so the first announce
   * always creates a ratchet; a ring reloaded from disk also rotates on its first announce.
   */
  latestRatchetTime = 0;
  private entries: Entry[];

  constructor(opts: RatchetRingOptions = {}) {
    this.interval = opts.interval ?? RATCHET_INTERVAL;
    this.retained = opts.retained ?? RATCHET_COUNT;
    if (!(this.interval > 0)) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'ratchet interval must be > 0');
    if (!Number.isInteger(this.retained) || this.retained < 1) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'retained ratchet count must be a positive integer');
    }
    this.entries = (opts.ratchets ?? []).map((raw) => ({ raw: checkRatchet(raw) }));
    this.trim();
  }

  /** Number of retained ratchets. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Rotates if more than `interval` seconds passed since the last rotation (rotate_ratchets).
   * `generate` is injectable so tests can reproduce reference vectors.
   * @returns true if a new ratchet was added.
   */
  rotate(nowSeconds: number = Date.now() / 1000, generate: () => Uint8Array = generateRatchet): boolean {
    if (!(nowSeconds > this.latestRatchetTime + this.interval)) return false;
    this.entries.unshift({ raw: checkRatchet(generate()) });
    this.latestRatchetTime = nowSeconds;
    this.trim();
    return true;
  }

  /** The newest ratchet's private key (raw, a copy), or null for an empty ring. */
  currentPrivate(): Uint8Array | null {
    const e = this.entries[0];
    return e ? e.raw.slice() : null;
  }

  /** The newest ratchet's public key (what announces carry), or null. */
  currentPublic(): Uint8Array | null {
    const e = this.entries[0];
    return e ? this.keyOf(e).publicBytes() : null;
  }

  /** The newest ratchet's id, or null. */
  currentId(): Uint8Array | null {
    const pub = this.currentPublic();
    return pub ? ratchetId(pub) : null;
  }

  /** Key objects newest first, for Identity.decrypt (imported lazily and kept). */
  *keys(): IterableIterator<X25519PrivateKey> {
    for (const e of this.entries) yield this.keyOf(e);
  }

  /**
   * The reference's persisted form: msgpack {"signature": sign(packed), "ratchets": packed} with
   * packed = msgpack([ratchet private keys, newest first]). Signed so a tampered file is refused.
   */
  serialize(identity: Identity): Uint8Array {
    const packed = packMsgpack(this.entries.map((e) => e.raw));
    return packMsgpack({ signature: identity.sign(packed), ratchets: packed });
  }

  /**
   * Reads {@link serialize}'s output (or a reference ratchet file) and checks its signature.
   * @throws RnsDecodeError `RNS_ERR_RATCHET_FILE` when malformed; RnsCryptoError
   *   `RNS_ERR_RATCHET_FILE_SIGNATURE` when not signed by `identity`.
   */
  static deserialize(bytes: Uint8Array, identity: Identity, opts: Omit<RatchetRingOptions, 'ratchets'> = {}): RatchetRing {
    const outer = unpackMsgpack(bytes);
    const signature = field(outer, 'signature');
    const packed = field(outer, 'ratchets');
    if (!identity.verify(signature, packed)) {
      throw new RnsCryptoError('RNS_ERR_RATCHET_FILE_SIGNATURE', 'ratchet file signature is invalid');
    }
    const list = unpackMsgpack(packed);
    if (!Array.isArray(list) || !list.every((r) => r instanceof Uint8Array && r.length === RATCHET_SIZE)) {
      throw new RnsDecodeError('RNS_ERR_RATCHET_FILE', 'ratchet file does not hold a list of 32-byte keys');
    }
    return new RatchetRing({ ...opts, ratchets: list as Uint8Array[] });
  }

  private keyOf(e: Entry): X25519PrivateKey {
    e.key ??= X25519PrivateKey.fromBytes(e.raw);
    return e.key;
  }

  // The reference trims to RATCHET_COUNT even when set_retained_ratchets chose fewer (a local
  // quirk, not wire-visible); we honour the configured count.
  private trim(): void {
    if (this.entries.length > this.retained) this.entries = this.entries.slice(0, this.retained);
  }
}

function checkRatchet(raw: Uint8Array): Uint8Array {
  if (!(raw instanceof Uint8Array) || raw.length !== RATCHET_SIZE) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `a ratchet private key must be ${RATCHET_SIZE} bytes`);
  }
  return raw.slice();
}

function field(map: unknown, name: string): Uint8Array {
  const value = map instanceof Map ? map.get(name) : map && typeof map === 'object' ? (map as Record<string, unknown>)[name] : undefined;
  if (!(value instanceof Uint8Array)) throw new RnsDecodeError('RNS_ERR_RATCHET_FILE', `ratchet file has no "${name}" bytes`);
  return value;
}
