// SPDX-License-Identifier: MIT
// What we learned from announces (RNS/Identity.py :: remember, recall, recall_app_data,
// _remember_ratchet, get_ratchet): destination hash → public key, app data, latest ratchet.
// Unlike the reference's process-wide dict, this is an instance with a size bound (least recently
// heard or used is evicted first) and no disk I/O of its own except the explicit file helpers.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { RnsArgumentError, RnsCryptoError, RnsDecodeError } from '../errors.js';
import { IDENTITY_KEY_SIZE, Identity, RATCHET_EXPIRY, RATCHET_SIZE } from './identity.js';

/** One remembered destination. Timestamps are Unix seconds. */
export interface KnownDestination {
  readonly destinationHash: Uint8Array;
  readonly publicKey: Uint8Array;
  /** app_data of the last valid announce (null when it carried none, see validateAnnounce). */
  readonly appData: Uint8Array | null;
  /** Hash of the announce packet we learned this from, when known. */
  readonly packetHash: Uint8Array | null;
  readonly lastHeard: number;
  /** Latest announced ratchet public key and when it arrived. */
  readonly ratchet: Uint8Array | null;
  readonly ratchetReceived: number | null;
}

/** Why the persistence callback fired. */
export type KnownIdentitiesChange =
  | { type: 'remember' | 'ratchet'; entry: KnownDestination }
  | { type: 'forget' | 'evict'; destinationHash: Uint8Array };

/** Options of {@link KnownIdentities}. */
export interface KnownIdentitiesOptions {
  /** Upper bound on entries (default 100 000); the least recently heard/used is evicted. */
  maxEntries?: number;
  /** Clock in Unix seconds (default Date.now()/1000). */
  now?: () => number;
  /** Called after every change, e.g. to persist; must not throw. */
  onChange?: (change: KnownIdentitiesChange) => void;
}

/** What an accepted announce contributes (ValidatedAnnounce has these fields). */
export interface AnnouncedDestination {
  destinationHash: Uint8Array;
  publicKey: Uint8Array;
  appData: Uint8Array | null;
  ratchet: Uint8Array | null;
}

interface Slot {
  entry: KnownDestination;
  identity?: Identity;
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The "known destinations" store. */
export class KnownIdentities {
  private readonly slots = new Map<string, Slot>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly onChange: ((change: KnownIdentitiesChange) => void) | undefined;

  constructor(opts: KnownIdentitiesOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 100_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'maxEntries must be a positive integer');
    }
    this.now = opts.now ?? (() => Date.now() / 1000);
    this.onChange = opts.onChange;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Snapshot of all entries, least recently heard/used first. */
  entries(): KnownDestination[] {
    return [...this.slots.values()].map((s) => s.entry);
  }

  /** The raw entry for a destination hash, without marking it used. */
  get(destinationHash: Uint8Array): KnownDestination | undefined {
    return this.slots.get(hexOf(destinationHash))?.entry;
  }

  /**
   * Records a destination (Identity.remember). A known destination announcing a different public
   * key is refused: either a hash collision or an attempt to hijack the path (validate_announce).
   * @throws RnsCryptoError `RNS_ERR_ANNOUNCE_KEY_COLLISION`; RnsArgumentError on bad lengths.
   */
  remember(input: { destinationHash: Uint8Array; publicKey: Uint8Array; appData?: Uint8Array | null; packetHash?: Uint8Array | null }): KnownDestination {
    checkLen(input.destinationHash, 16, 'destination hash');
    checkLen(input.publicKey, IDENTITY_KEY_SIZE, 'public key');
    const key = hexOf(input.destinationHash);
    const old = this.slots.get(key);
    if (old && !Buffer.from(old.entry.publicKey).equals(input.publicKey)) {
      throw new RnsCryptoError('RNS_ERR_ANNOUNCE_KEY_COLLISION', `destination ${key} is already known with a different public key`);
    }
    const entry: KnownDestination = {
      destinationHash: input.destinationHash.slice(),
      publicKey: input.publicKey.slice(),
      appData: input.appData ? input.appData.slice() : null,
      packetHash: input.packetHash ? input.packetHash.slice() : null,
      lastHeard: this.now(),
      ratchet: old?.entry.ratchet ?? null,
      ratchetReceived: old?.entry.ratchetReceived ?? null,
    };
    this.put(key, old?.identity ? { entry, identity: old.identity } : { entry });
    this.onChange?.({ type: 'remember', entry });
    return entry;
  }

  /** Records the latest ratchet announced by a known destination (Identity._remember_ratchet). */
  rememberRatchet(destinationHash: Uint8Array, ratchet: Uint8Array): void {
    checkLen(ratchet, RATCHET_SIZE, 'ratchet');
    const key = hexOf(destinationHash);
    const slot = this.slots.get(key);
    if (!slot) throw new RnsArgumentError('RNS_ERR_UNKNOWN_DESTINATION', `cannot remember a ratchet for unknown destination ${key}`);
    if (slot.entry.ratchet && Buffer.from(slot.entry.ratchet).equals(ratchet)) return;
    slot.entry = { ...slot.entry, ratchet: ratchet.slice(), ratchetReceived: this.now() };
    this.onChange?.({ type: 'ratchet', entry: slot.entry });
  }

  /** Remembers a validated announce: the destination, then its ratchet when it carried one. */
  acceptAnnounce(announce: AnnouncedDestination, packetHash: Uint8Array | null = null): KnownDestination {
    this.remember({ destinationHash: announce.destinationHash, publicKey: announce.publicKey, appData: announce.appData, packetHash });
    if (announce.ratchet && announce.ratchet.length > 0) this.rememberRatchet(announce.destinationHash, announce.ratchet);
    return this.get(announce.destinationHash) as KnownDestination;
  }

  /** Identity.recall: the public identity behind a destination hash, or null. Marks it used. */
  recall(destinationHash: Uint8Array): Identity | null {
    const key = hexOf(destinationHash);
    const slot = this.slots.get(key);
    if (!slot) return null;
    this.put(key, slot);
    slot.identity ??= Identity.fromPublicBytes(slot.entry.publicKey);
    return slot.identity;
  }

  /** Identity.recall(from_identity_hash=True): the first destination whose identity hash matches. */
  recallByIdentityHash(identityHash: Uint8Array): Identity | null {
    for (const [key, slot] of this.slots) {
      slot.identity ??= Identity.fromPublicBytes(slot.entry.publicKey);
      if (Buffer.from(slot.identity.hash).equals(identityHash)) {
        this.put(key, slot);
        return slot.identity;
      }
    }
    return null;
  }

  /** Identity.recall_app_data: last heard app_data, or null. */
  recallAppData(destinationHash: Uint8Array): Uint8Array | null {
    return this.get(destinationHash)?.appData ?? null;
  }

  /** The ratchet to encrypt to (Identity.get_ratchet), or null when none or older than 30 days. */
  currentRatchet(destinationHash: Uint8Array): Uint8Array | null {
    const e = this.get(destinationHash);
    if (!e?.ratchet || e.ratchetReceived === null) return null;
    return this.now() < e.ratchetReceived + RATCHET_EXPIRY ? e.ratchet : null;
  }

  forget(destinationHash: Uint8Array): boolean {
    const removed = this.slots.delete(hexOf(destinationHash));
    if (removed) this.onChange?.({ type: 'forget', destinationHash: destinationHash.slice() });
    return removed;
  }

  /** A JSON-safe snapshot (hex bytes), for {@link saveToFile} or a caller's own storage. */
  toJSON(): KnownIdentitiesJson {
    return {
      version: 1,
      entries: this.entries().map((e) => ({
        destinationHash: hexOf(e.destinationHash),
        publicKey: hexOf(e.publicKey),
        appData: e.appData ? hexOf(e.appData) : null,
        packetHash: e.packetHash ? hexOf(e.packetHash) : null,
        lastHeard: e.lastHeard,
        ratchet: e.ratchet ? hexOf(e.ratchet) : null,
        ratchetReceived: e.ratchetReceived,
      })),
    };
  }

  /**
   * Replaces the content with a {@link toJSON} snapshot. Does not fire onChange.
   * @throws RnsDecodeError `RNS_ERR_KNOWN_IDENTITIES` on a malformed snapshot (nothing is changed).
   */
  loadJSON(json: unknown): void {
    const parsed = parseSnapshot(json);
    this.slots.clear();
    for (const entry of parsed) this.put(hexOf(entry.destinationHash), { entry });
  }

  /** Writes {@link toJSON} to `path` (atomically, via a temporary file). */
  async saveToFile(path: string): Promise<void> {
    const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
    await writeFile(tmp, JSON.stringify(this.toJSON()), { mode: 0o600 });
    await rename(tmp, path);
  }

  /** Loads a file written by {@link saveToFile}. fs errors propagate; bad content is RnsDecodeError. */
  async loadFromFile(path: string): Promise<void> {
    const text = await readFile(path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new RnsDecodeError('RNS_ERR_KNOWN_IDENTITIES', `${path} is not JSON`, { cause });
    }
    this.loadJSON(json);
  }

  private put(key: string, slot: Slot): void {
    this.slots.delete(key); // re-insert: Map order is our recency order
    this.slots.set(key, slot);
    while (this.slots.size > this.maxEntries) {
      const oldest = this.slots.keys().next().value as string;
      this.slots.delete(oldest);
      this.onChange?.({ type: 'evict', destinationHash: new Uint8Array(Buffer.from(oldest, 'hex')) });
    }
  }
}

/** The serialized form of {@link KnownIdentities}. */
export interface KnownIdentitiesJson {
  version: 1;
  entries: {
    destinationHash: string;
    publicKey: string;
    appData: string | null;
    packetHash: string | null;
    lastHeard: number;
    ratchet: string | null;
    ratchetReceived: number | null;
  }[];
}

function checkLen(b: unknown, n: number, what: string): void {
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `${what} must be ${n} bytes`);
}

function parseSnapshot(json: unknown): KnownDestination[] {
  const bad = (why: string): never => {
    throw new RnsDecodeError('RNS_ERR_KNOWN_IDENTITIES', `known identities snapshot: ${why}`);
  };
  if (!json || typeof json !== 'object') return bad('not an object');
  const { version, entries } = json as { version?: unknown; entries?: unknown };
  if (version !== 1 || !Array.isArray(entries)) return bad('unsupported version or no entries');
  const hexField = (v: unknown, len: number | null, name: string, nullable: boolean): Uint8Array | null => {
    if (v === null && nullable) return null;
    if (typeof v !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(v)) return bad(`${name} is not hex`);
    const bytes = new Uint8Array(Buffer.from(v, 'hex'));
    if (len !== null && bytes.length !== len) return bad(`${name} has the wrong length`);
    return bytes;
  };
  const num = (v: unknown, name: string, nullable: boolean): number | null => {
    if (v === null && nullable) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`${name} is not a number`);
    return v;
  };
  return entries.map((raw: unknown) => {
    if (!raw || typeof raw !== 'object') return bad('entry is not an object');
    const r = raw as Record<string, unknown>;
    return {
      destinationHash: hexField(r.destinationHash, 16, 'destinationHash', false) as Uint8Array,
      publicKey: hexField(r.publicKey, IDENTITY_KEY_SIZE, 'publicKey', false) as Uint8Array,
      appData: hexField(r.appData, null, 'appData', true),
      packetHash: hexField(r.packetHash, null, 'packetHash', true),
      lastHeard: num(r.lastHeard, 'lastHeard', false) as number,
      ratchet: hexField(r.ratchet, RATCHET_SIZE, 'ratchet', true),
      ratchetReceived: num(r.ratchetReceived, 'ratchetReceived', true),
    };
  });
}
