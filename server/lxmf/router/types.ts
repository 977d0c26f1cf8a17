// SPDX-License-Identifier: MIT
// Public types of the LXMF router: the persistence port, settings, events and timing defaults
// (LXMF/LXMRouter.py class constants; protocol §11.9–11.10).
import type { MethodValue, MessageStateValue } from '../constants.js';
import type { LXMessage } from '../message.js';

/** An outbound message as the store keeps it so it survives a restart. */
export interface OutboundRecord {
  /** Message id (32 bytes). */
  messageId: Uint8Array;
  destinationHash: Uint8Array;
  /** Wire form with the stamp attached (if any): what is sent. */
  packed: Uint8Array;
  /** The method asked for (after the reference's opportunistic → direct fallback). */
  method: MethodValue;
  state: MessageStateValue;
  attempts: number;
  /** Unix seconds when queued. */
  createdAt: number;
  /**
   * The caller's own id for the message (the `ref` given to LXMRouter.send), on the first save
   * of its record only: the store ties the two together then. The router never reads it.
   */
  ref?: string;
}

/** Where an inbound message came from. */
export interface InboundInfo {
  method: MethodValue;
  /** Unix seconds when the router accepted it. */
  receivedAt: number;
  /** True when the message's stamp was checked and valid (null when no stamp was required). */
  stampValid: boolean | null;
}

/**
 * The persistence port the router calls (the server implements it over SQLite). Every method may
 * return a promise; the router awaits each one before going on, so `commitInbound` resolving is
 * what allows the delivery proof to be sent.
 */
export interface MessageStore {
  /** Whether an inbound message with this id was already committed (dedup across restarts). */
  hasInbound(messageId: Uint8Array): boolean | Promise<boolean>;
  /** Durably stores an accepted inbound message. */
  commitInbound(message: LXMessage, info: InboundInfo): void | Promise<void>;
  /** Inserts or replaces an outbound record. */
  saveOutbound(record: OutboundRecord): void | Promise<void>;
  /** Outbound records not in a final state (DELIVERED, FAILED, CANCELLED, REJECTED; SENT for propagated). */
  pendingOutbound(): OutboundRecord[] | Promise<OutboundRecord[]>;
}

/** Settings of an {@link LXMRouter}. */
export interface RouterOptions {
  /** Display name in the delivery announce. */
  displayName?: string | null;
  /** Inbound stamp cost (1..254) announced and required; null for none. */
  inboundStampCost?: number | null;
  /** Drop messages whose stamp is below the cost (the reference's enforce_stamps). Default true. */
  enforceStamps?: boolean;
  /** Largest inbound message in bytes (delivery_per_transfer_limit; reference 1000 KB). */
  maxInboundSize?: number;
  /** Enable ratchets on the delivery destination (default true, as the reference). */
  ratchets?: boolean;
  /** Timing (ms); the reference's values by default. Tests shorten them. */
  timing?: Partial<RouterTiming>;
}

/** Retry timing in milliseconds. */
export interface RouterTiming {
  /** DELIVERY_RETRY_WAIT: between attempts. */
  retryWaitMs: number;
  /** PATH_REQUEST_WAIT: how long to wait for a requested path before the next attempt. */
  pathRequestWaitMs: number;
  /** LINK_MAX_INACTIVITY: idle direct links are closed after this. */
  linkMaxInactivityMs: number;
}

/** LXMRouter constants. */
export const MAX_DELIVERY_ATTEMPTS = 5;
export const MAX_PATHLESS_TRIES = 1;
/** DELIVERY_LIMIT: 1000 KB, the reference's default per-transfer inbound limit. */
export const DEFAULT_MAX_INBOUND_SIZE = 1000 * 1000;
/**
 * Seconds a link packet's proof may take. The link layer's own timeout is max(rtt × 6, 5 ms), as
 * the reference's, which on loopback expires before a peer that validates a stamp can answer
 * (the Python propagation node takes tens of ms): the message would be torn down and resent
 * although it arrived. LXMF waits this long instead.
 */
export const LINK_PROOF_TIMEOUT_S = 15;
export const DEFAULT_TIMING: RouterTiming = { retryWaitMs: 10_000, pathRequestWaitMs: 7_000, linkMaxInactivityMs: 10 * 60_000 };

/** State change of an outbound message. */
export interface StateEvent {
  messageId: Uint8Array;
  destinationHash: Uint8Array;
  state: MessageStateValue;
  method: MethodValue;
}

/** Transfer progress of an outbound message, 0..1. */
export interface ProgressEvent {
  messageId: Uint8Array;
  progress: number;
}

/** Why an inbound message was not delivered (for logs/metrics; never sent to the peer). */
export type DropReason = 'undecodable' | 'blocked' | 'ignored' | 'duplicate' | 'stamp' | 'too_large' | 'wrong_destination' | 'store_failed';

/** Events of the router (see {@link LXMRouter.on}). */
export interface RouterEvents {
  message: [message: LXMessage, info: InboundInfo];
  state: [event: StateEvent];
  progress: [event: ProgressEvent];
  dropped: [reason: DropReason, detail: { messageId?: Uint8Array; sourceHash?: Uint8Array }];
  stampCost: [destinationHash: Uint8Array, cost: number | null];
  /** Propagation sync state (SyncState) and progress 0..1. */
  sync: [event: { state: number; progress: number }];
}

/** Minimal logger (the app passes a namespaced child). */
export interface RouterLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  /** Delivery trouble an operator wants to see (a link that did not come up, a proof that never came). */
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}
