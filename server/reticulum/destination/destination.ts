// SPDX-License-Identifier: MIT
// Destinations (RNS/Destination.py :: Destination; protocol §2). A destination is a named endpoint:
// SINGLE (encrypted to one identity), GROUP (shared symmetric Token key), PLAIN (cleartext, no
// identity) or LINK (a Link acts as its own destination; nothing to do here). Registration with
// Transport, callbacks and request handlers belong to the transport/link layers, not to this class.
import { RnsArgumentError } from '../errors.js';
import { Token } from '../crypto/index.js';
import { Identity, ratchetId } from '../identity/index.js';
import type { RatchetRing } from '../identity/index.js';
import { DestinationType } from '../wire/constants.js';
import type { DestinationTypeValue } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { announcePacket, buildAnnouncePayload, makeAnnounceRandomHash } from './announce.js';
import { destinationHash, expandName, nameHash } from './naming.js';

export { DestinationType };
export type { DestinationTypeValue };

/** Directions (local only, never on the wire). */
export const Direction = { IN: 0x11, OUT: 0x12 } as const;
export type DirectionValue = (typeof Direction)[keyof typeof Direction];

/** When a destination proves received packets (Destination.PROVE_*). */
export const ProofStrategy = { PROVE_NONE: 0x21, PROVE_APP: 0x22, PROVE_ALL: 0x23 } as const;
export type ProofStrategyValue = (typeof ProofStrategy)[keyof typeof ProofStrategy];

/** Path responses reuse the same announce bytes per request tag for this long (seconds). */
export const PR_TAG_WINDOW = 30;
/** Tags are chosen by remote requesters, so the cache is capped as well as aged. */
const PATH_RESPONSE_CACHE_MAX = 1024;

/** Constructor options of {@link Destination}. */
export interface DestinationOptions {
  /** Required for OUT SINGLE/GROUP; generated for IN without one (reference behaviour); null for PLAIN. */
  identity: Identity | null;
  direction: DirectionValue;
  type: DestinationTypeValue;
  appName: string;
  aspects?: readonly string[];
  /** Where SINGLE/OUT encryption finds the latest ratchet when none is passed (e.g. KnownIdentities.currentRatchet). */
  ratchetSource?: (destinationHash: Uint8Array) => Uint8Array | null;
}

/** Options of {@link Destination.announce}. The injectables reproduce reference vectors. */
export interface AnnounceOptions {
  /** app_data; undefined falls back to the default app data, null sends none. */
  appData?: Uint8Array | null;
  /** Answering a path request: context PATH_RESPONSE. */
  pathResponse?: boolean;
  /** Path request tag: repeated requests within PR_TAG_WINDOW get byte-identical data. */
  tag?: Uint8Array | null;
  nowSeconds?: number;
  /** 16 bytes fed to the random hash (tests). */
  random?: Uint8Array;
  /** Ratchet generator used if this announce rotates the ring (tests). */
  generateRatchet?: () => Uint8Array;
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * A Reticulum destination: its name, hash, type and direction, the keys it encrypts with, its
 * proof strategy and (IN SINGLE) its ratchets and announces. Not registered anywhere by itself;
 * Transport keeps the table of local destinations.
 */
export class Destination {
  readonly identity: Identity | null;
  readonly direction: DirectionValue;
  readonly type: DestinationTypeValue;
  readonly appName: string;
  /** Aspects, including the identity hex the reference appends for IN destinations created without identity. */
  readonly aspects: readonly string[];
  /** Human-readable name ("app.aspects.identityhex"); not what is hashed. */
  readonly name: string;
  readonly hash: Uint8Array;
  readonly hexHash: string;
  readonly nameHash: Uint8Array;
  acceptLinkRequests = true;
  /** app_data sent when announce() gets none: bytes or a function returning bytes. */
  defaultAppData: Uint8Array | (() => Uint8Array | null) | null = null;
  /** Id of the ratchet used by the last encrypt (OUT) or decrypt (IN), as the reference tracks it. */
  latestRatchetId: Uint8Array | null = null;

  private proof: ProofStrategyValue = ProofStrategy.PROVE_NONE;
  private ring: RatchetRing | null = null;
  private enforce = false;
  private groupKey: Uint8Array | null = null;
  private groupToken: Token | null = null;
  private readonly ratchetSource: DestinationOptions['ratchetSource'];
  private readonly pathResponses = new Map<string, { time: number; data: Uint8Array; contextFlag: boolean }>();

  /** @throws RnsArgumentError (`RNS_ERR_BAD_NAME`, `RNS_ERR_BAD_ARGUMENT`) for the reference's invalid combinations. */
  constructor(opts: DestinationOptions) {
    const { direction, type, appName } = opts;
    if (!Object.values(DestinationType).includes(type)) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', `unknown destination type ${type}`);
    if (direction !== Direction.IN && direction !== Direction.OUT) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', `unknown destination direction ${direction}`);
    }
    let identity = opts.identity;
    let aspects = [...(opts.aspects ?? [])];
    expandName(null, appName, aspects); // validates the components before anything is generated
    if (identity === null && type !== DestinationType.PLAIN) {
      if (direction === Direction.OUT) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'an OUT destination needs an identity');
      identity = Identity.generate();
      aspects = [...aspects, identity.hexHash];
    }
    if (identity !== null && type === DestinationType.PLAIN) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'a PLAIN destination cannot hold an identity');
    }
    this.identity = identity;
    this.direction = direction;
    this.type = type;
    this.appName = appName;
    this.aspects = aspects;
    this.name = expandName(identity, appName, aspects);
    this.hash = destinationHash(identity, appName, aspects);
    this.hexHash = hexOf(this.hash);
    this.nameHash = nameHash(appName, aspects);
    this.ratchetSource = opts.ratchetSource;
  }

  get proofStrategy(): ProofStrategyValue {
    return this.proof;
  }

  /** @throws RnsArgumentError for a value that is not a PROVE_* constant. */
  set proofStrategy(strategy: ProofStrategyValue) {
    if (!Object.values(ProofStrategy).includes(strategy)) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'unsupported proof strategy');
    this.proof = strategy;
  }

  /** The ratchet ring when ratchets are enabled, else null. */
  get ratchets(): RatchetRing | null {
    return this.ring;
  }

  /** Enables ratchets with `ring` (load it from disk first if one was persisted). IN SINGLE only. */
  enableRatchets(ring: RatchetRing): void {
    if (this.type !== DestinationType.SINGLE || this.direction !== Direction.IN) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'ratchets need an IN SINGLE destination');
    }
    this.ring = ring;
  }

  /** Refuse packets encrypted to the identity key itself; false when ratchets are not enabled. */
  enforceRatchets(): boolean {
    if (!this.ring) return false;
    this.enforce = true;
    return true;
  }

  get ratchetsEnforced(): boolean {
    return this.enforce;
  }

  /** GROUP: a fresh 64-byte (AES-256) symmetric key. */
  createKeys(): void {
    this.loadPrivateKey(Token.generateKey());
  }

  /** GROUP: loads a 64-byte (AES-256) or 32-byte (AES-128) key. */
  loadPrivateKey(key: Uint8Array): void {
    if (this.type !== DestinationType.GROUP) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'only GROUP destinations hold a symmetric key');
    this.groupToken = new Token(key);
    this.groupKey = key.slice();
  }

  /** GROUP: the symmetric key (a copy). */
  getPrivateKey(): Uint8Array {
    if (!this.groupKey) throw new RnsArgumentError('RNS_ERR_NO_GROUP_KEY', 'no GROUP key created or loaded');
    return this.groupKey.slice();
  }

  /**
   * Encrypts a packet payload for this destination: SINGLE to the identity (or its latest
   * ratchet), GROUP with the shared Token, PLAIN unchanged. `ephemeralPrivate`/`iv` are for tests.
   * @throws RnsArgumentError for LINK or a GROUP without key.
   */
  encrypt(plaintext: Uint8Array, opts: { ratchet?: Uint8Array | null; ephemeralPrivate?: Uint8Array; iv?: Uint8Array } = {}): Uint8Array {
    switch (this.type) {
      case DestinationType.PLAIN:
        return plaintext;
      case DestinationType.SINGLE: {
        const identity = this.identity as Identity;
        const ratchet = opts.ratchet !== undefined ? opts.ratchet : (this.ratchetSource?.(this.hash) ?? null);
        if (ratchet) this.latestRatchetId = ratchetId(ratchet);
        return identity.encrypt(plaintext, { ...opts, ratchet });
      }
      case DestinationType.GROUP:
        return this.requireGroupToken().encrypt(plaintext, opts.iv);
      default:
        throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'LINK destinations encrypt through their Link');
    }
  }

  /**
   * Decrypts a payload addressed to this destination. SINGLE tries the retained ratchets first.
   * @throws the typed errors of Identity.decrypt / Token.decrypt; RnsArgumentError for LINK.
   */
  decrypt(ciphertext: Uint8Array): Uint8Array {
    switch (this.type) {
      case DestinationType.PLAIN:
        return ciphertext;
      case DestinationType.SINGLE: {
        const identity = this.identity as Identity;
        this.latestRatchetId = null;
        const result = identity.decryptDetailed(ciphertext, { ratchets: this.ring ? this.ring.keys() : null, enforceRatchets: this.enforce });
        this.latestRatchetId = result.ratchetId;
        return result.plaintext;
      }
      case DestinationType.GROUP:
        return this.requireGroupToken().decrypt(ciphertext);
      default:
        throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'LINK destinations decrypt through their Link');
    }
  }

  /** Signs with the destination's identity (SINGLE only). */
  sign(message: Uint8Array): Uint8Array {
    if (this.type !== DestinationType.SINGLE || !this.identity) throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'only SINGLE destinations sign');
    return this.identity.sign(message);
  }

  /**
   * Builds an announce packet (Destination.announce with send=False). Rotates ratchets first
   * when enabled, so the announce carries the newest ratchet and sets the context flag.
   * @throws RnsArgumentError unless this is an IN SINGLE destination with a private key.
   */
  announce(opts: AnnounceOptions = {}): Packet {
    if (this.type !== DestinationType.SINGLE || this.direction !== Direction.IN) {
      throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', 'only IN SINGLE destinations can be announced');
    }
    const identity = this.identity as Identity;
    const now = opts.nowSeconds ?? Date.now() / 1000;
    for (const [tag, entry] of this.pathResponses) if (now > entry.time + PR_TAG_WINDOW) this.pathResponses.delete(tag);
    const tagKey = opts.tag ? hexOf(opts.tag) : '';
    const cached = opts.pathResponse && opts.tag ? this.pathResponses.get(tagKey) : undefined;
    if (cached) {
      // The reference sends the cached bytes with the context flag cleared even if they carry a
      // ratchet (that branch is unused there); we keep the flag that belongs to the bytes.
      return announcePacket(this.hash, { data: cached.data, contextFlag: cached.contextFlag, signedData: new Uint8Array(0), signature: new Uint8Array(0) }, true);
    }
    let ratchet: Uint8Array | null = null;
    if (this.ring) {
      this.ring.rotate(now, opts.generateRatchet);
      ratchet = this.ring.currentPublic();
    }
    let appData = opts.appData;
    if (appData === undefined) {
      const d = this.defaultAppData;
      appData = typeof d === 'function' ? d() : d;
    }
    const payload = buildAnnouncePayload({
      identity,
      destinationHash: this.hash,
      nameHash: this.nameHash,
      randomHash: makeAnnounceRandomHash({ nowSeconds: now, ...(opts.random ? { random: opts.random } : {}) }),
      ratchet,
      appData: appData ?? null,
    });
    this.pathResponses.delete(tagKey);
    this.pathResponses.set(tagKey, { time: now, data: payload.data, contextFlag: payload.contextFlag });
    if (this.pathResponses.size > PATH_RESPONSE_CACHE_MAX) {
      const oldest = this.pathResponses.keys().next().value;
      if (oldest !== undefined) this.pathResponses.delete(oldest);
    }
    return announcePacket(this.hash, payload, opts.pathResponse ?? false);
  }

  private requireGroupToken(): Token {
    if (!this.groupToken) throw new RnsArgumentError('RNS_ERR_NO_GROUP_KEY', 'no GROUP key created or loaded');
    return this.groupToken;
  }
}
