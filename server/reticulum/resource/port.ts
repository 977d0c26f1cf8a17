// SPDX-License-Identifier: MIT
// What a resource needs from the link it travels on. `Link` implements this; tests could too.
import type { Scheduler } from '../link/scheduler.js';
import type { TokenStreamDecryptor, TokenStreamEncryptor } from '../crypto/index.js';

/** A packet the link sent: its raw bytes (hash and size bookkeeping). */
export interface SentLinkPacket {
  raw: Uint8Array;
}

export interface ResourceLinkPort {
  readonly linkId: Uint8Array;
  /** Negotiated link MTU: parts are `mtu − 36` bytes. */
  readonly mtu: number;
  /** Link round-trip time in seconds (null before the handshake completes). */
  readonly rtt: number | null;
  readonly isActive: boolean;
  readonly trafficTimeoutFactor: number;
  /** Bytes the handshake took (first EIFR estimate). */
  readonly establishmentCost: number;
  readonly scheduler: Scheduler;
  random(n: number): Uint8Array;
  /** Token-encrypts exactly `plaintextLength` bytes given in pieces (fresh IV from `random`). */
  encryptor(plaintextLength: number): TokenStreamEncryptor;
  /** Null when the token does not authenticate. */
  decrypt(ciphertext: Uint8Array): Uint8Array | null;
  /** A decryptor for a link token of `length` bytes arriving in pieces; null if none can be. */
  decryptor(length: number): TokenStreamDecryptor | null;
  /**
   * Sends a link packet with `context`. Contexts the reference leaves in clear (RESOURCE parts,
   * CACHE_REQUEST, and PROOF packets) are sent as given; everything else is link-encrypted.
   * Returns null when the link is not up.
   */
  sendLinkPacket(context: number, payload: Uint8Array, proof?: boolean): SentLinkPacket | null;
  /** Keeps a proof packet so a CACHE_REQUEST for its hash can be answered (lost proofs). */
  cacheProofPacket(raw: Uint8Array): void;
  /** Window and EIFR of the last incoming resource (reused by the next one on this link). */
  lastResourceWindow: number | null;
  lastResourceEifr: number | null;
  expectedRate: number | null;
  /** Only one outgoing resource is advertised at a time. */
  readyForNewResource(): boolean;
  registerOutgoing(r: object): void;
  registerIncoming(r: object): void;
  removeOutgoing(r: object): void;
  removeIncoming(r: object): void;
  resourceConcluded(r: object, size: number, startedAt: number | null, window?: number, eifr?: number | null): void;
  /**
   * Room to decrypt a split resource's next segment into: a view of the buffer the resource is
   * assembled in (allocated for `totalSize` bytes on the first call), or null when none is kept.
   */
  segmentRoom(originalHash: Uint8Array, totalSize: number): Uint8Array | null;
  /**
   * Segments of a split resource accumulate here, keyed by the original hash, until the last one
   * completes (the reference appends them to a file named after that hash). Data written into
   * segmentRoom() right after the previous segment is taken in place.
   */
  appendSegment(originalHash: Uint8Array, data: Uint8Array, packedMetadata: Uint8Array | null): void;
  /** Removes and returns what was accumulated for `originalHash`. */
  takeSegments(originalHash: Uint8Array): { data: Uint8Array; packedMetadata: Uint8Array | null };
  /** Tears the link down (a corrupt resource does this, as the reference). */
  teardown(): void;
}
