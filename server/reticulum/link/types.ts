// SPDX-License-Identifier: MIT
// Collaborator interfaces of the link engine. The engine never touches sockets or the routing
// tables: it sends through `send` and is fed through `Link.receive`, so it runs the same in
// memory (tests) and behind Transport (a small adapter registers it under its link id).
import type { Identity } from '../identity/index.js';
import type { Packet } from '../wire/packet.js';
import type { Scheduler } from './scheduler.js';
import type { RequestHandlers } from './request-handlers.js';

/** What the engine needs from its surroundings. */
export interface LinkComponents {
  /**
   * Hands a packet to Transport (or to the peer, in memory), with its encoding `raw` (made once
   * by the link, which hashes it). Must not throw for a down peer.
   */
  send(packet: Packet, raw: Uint8Array): void;
  /** Clock and timers; defaults to the real clock. */
  scheduler?: Scheduler;
  /** Randomness (Token IVs, resource random hashes); defaults to the CSPRNG. Tests feed vectors. */
  random?: (n: number) => Uint8Array;
  /** True when an identity is blackholed: its LINKIDENTIFY tears the link down. */
  isBlackholed?: (identityHash: Uint8Array) => boolean;
}

/** When received link data (context NONE) is proved (Destination.PROVE_*). */
export type ProofStrategy = 'none' | 'app' | 'all';

/** The remote SINGLE destination an initiator links to. */
export interface LinkPeer {
  hash: Uint8Array;
  /** The destination's identity (public key known from its announce): verifies the link proof. */
  identity: Identity;
}

/** The local SINGLE destination a responder accepts link requests for. */
export interface LinkOwner {
  hash: Uint8Array;
  /** Must hold the private key: it signs the link proof and the responder's packet proofs. */
  identity: Identity;
  /** Request handlers registered on the destination by path. */
  requestHandlers?: RequestHandlers;
  /** Largest request (packed bytes) accepted; null/undefined = no limit, as the reference. */
  maxRequestSize?: number | null;
  proofStrategy?: ProofStrategy;
  /** Decides per packet under the 'app' strategy. */
  proofRequested?: (plaintext: Uint8Array, packet: Packet) => boolean;
}
