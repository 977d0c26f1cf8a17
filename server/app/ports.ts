// SPDX-License-Identifier: MIT
// What the services need from the Reticulum/LXMF stack, as narrow interfaces. The composition root
// plugs in the real router once it exists; until then `unavailable.ts` reports honestly that it is
// not running, and messages stay queued in storage.
import type { AttachmentKind, DeliveryMethod, MessageState } from '../storage/repositories/messages.repository.js';

export type { AttachmentKind, DeliveryMethod, MessageState };

/** Whether a port's backing component is running, and why not. */
export interface PortStatus {
  available: boolean;
  reason?: string;
  /**
   * How this node shares Reticulum with other programs on the machine: `server` (it offers the
   * shared instance), `client` (attached to rnsd/NomadNet/Sideband's), or `standalone`.
   */
  sharedInstance?: { role: string; type: 'tcp' | 'unix' | null; port: number | null; socketName: string | null; note?: string };
}

export interface OutboundAttachment {
  kind: AttachmentKind;
  name: string;
  mime: string;
  data: Uint8Array;
}

/**
 * LXMF fields other than attachments, keyed by decimal field id, JSON-safe: bytes as lowercase hex,
 * maps as objects, lists as arrays. Stored as `messages.fields_json`.
 */
export type MessageFields = Record<string, unknown>;

/** A message handed to the router. `id` is ours (storage key); the router reports its LXMF hash. */
export interface OutboundMessage {
  id: string;
  to: string;
  title: string;
  content: string;
  method: DeliveryMethod;
  attachments: readonly OutboundAttachment[];
  /** Extra fields to encode (48 REPLY_TO hex, 49 REPLY_QUOTE, 64 REACTION {to: hex, content}, 15 RENDERER). */
  fields?: MessageFields;
}

export interface InboundMessage {
  hash: string;
  from: string;
  title: string;
  content: string;
  method: DeliveryMethod;
  /** Sender's timestamp, ms. */
  timestamp: number;
  attachments: readonly OutboundAttachment[];
  /** Decoded non-attachment fields, JSON-safe (see MessageFields). */
  fields?: MessageFields;
}

export type MessagingEvent =
  | { type: 'state'; id: string; state: MessageState; hash?: string }
  | { type: 'progress'; id: string; progress: number }
  | { type: 'attempt'; id: string; nextAttemptAt: number | null }
  | { type: 'inbound'; message: InboundMessage };

/** The LXMF router as the services see it. */
export interface MessagingPort {
  status(): PortStatus;
  /** Takes a stored message into the outbound queue; delivery is reported through events. */
  submit(message: OutboundMessage): void;
  /** Stops delivery of a queued message; false when the router no longer holds it. */
  cancel(id: string): boolean;
  /** Subscribes to router events; returns the unsubscribe function. */
  subscribe(listener: (event: MessagingEvent) => void): () => void;
  /**
   * Reads an `lxm://` paper message addressed to this node and stores it like any inbound message
   * (through the `inbound` event). Resolves with its LXMF hash.
   * @throws AppError: invalid (malformed, not for us, unreadable, refused), conflict (already
   * received), unavailable (no router).
   */
  ingestPaper(uri: string): Promise<{ messageHash: string }>;
}

export interface AnnounceHeard {
  aspect: string;
  destinationHash: string;
  identityHash: string | null;
  displayName: string | null;
  appData: Uint8Array | null;
  hops: number | null;
}

export interface AnnouncePort {
  status(): PortStatus;
  /** Announces our delivery destination with this display name. */
  announce(displayName: string): Promise<void>;
  subscribe(listener: (announce: AnnounceHeard) => void): () => void;
}

export type SyncState = 'idle' | 'path-requested' | 'link-establishing' | 'receiving' | 'complete' | 'failed';

export interface SyncProgress {
  state: SyncState;
  progress: number;
  messagesReceived: number;
  nodeHash: string | null;
}

export interface PropagationPort {
  status(): PortStatus;
  /** Starts a sync with the selected node; progress is reported through `subscribe`. */
  syncNow(nodeHash: string): Promise<void>;
  syncState(): SyncProgress;
  subscribe(listener: (progress: SyncProgress) => void): () => void;
}

/** The backend integrity report produced at startup by integrity/ (shown in status and about). */
export type { IntegrityReport, SupplyChainInfo } from '../../integrity/index.js';
