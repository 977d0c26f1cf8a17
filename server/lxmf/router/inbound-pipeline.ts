// SPDX-License-Identifier: MIT
// The inbound path shared by every delivery method (LXMF/LXMRouter.py :: lxmf_delivery; protocol
// §11.6): size limit → unpack (signature checked when the source is known, flagged SOURCE_UNKNOWN
// otherwise, as the reference delivers such messages) → blocked source → tickets and stamp →
// dedup by message id → commit to the store → `message` event. The caller sends the delivery
// proof only after `accept` resolves, so a proof never names a message the store does not hold.
import type { KnownIdentities } from '../../reticulum/identity/index.js';
import { bytesEqual, toHex } from '../../reticulum/wire/index.js';
import type { MethodValue } from '../constants.js';
import { checkInboundStamp } from '../inbound.js';
import { LXMessage } from '../message.js';
import type { StampWorkerPool } from '../stamps/index.js';
import type { TicketBook } from '../tickets.js';
import type { DropReason, InboundInfo, MessageStore } from './types.js';

/** What the pipeline needs from the router. */
export interface InboundDeps {
  known: KnownIdentities;
  store: MessageStore;
  tickets: TicketBook;
  pool: StampWorkerPool;
  deliveryHash: Uint8Array;
  requiredCost(): number | null;
  enforceStamps: boolean;
  maxInboundSize: number;
  isBlocked(sourceHash: Uint8Array): boolean;
  delivered(message: LXMessage, info: InboundInfo): void;
  dropped(reason: DropReason, detail: { messageId?: Uint8Array; sourceHash?: Uint8Array }): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

/** Outcome of one inbound message. `prove` is false only when the store failed. */
export interface InboundOutcome {
  accepted: boolean;
  reason: DropReason | null;
  prove: boolean;
  message: LXMessage | null;
}

/** Runs inbound messages through the pipeline, one commit per message id even under retries. */
export class InboundPipeline {
  private readonly inFlight = new Map<string, Promise<InboundOutcome>>();

  constructor(private readonly deps: InboundDeps) {}

  /** Processes the full packed message (destination hash first). Never throws. */
  async accept(packed: Uint8Array, opts: { method: MethodValue; noStampEnforcement?: boolean }): Promise<InboundOutcome> {
    const d = this.deps;
    if (packed.length > d.maxInboundSize) return this.drop('too_large', {});
    let message: LXMessage;
    try {
      message = LXMessage.unpack(packed, { recall: (h) => d.known.recall(h) });
    } catch (error) {
      // Foreign bytes: nothing to deliver. The reference has already proved the packet by now.
      void error;
      return this.drop('undecodable', {});
    }
    if (!bytesEqual(message.destinationHash, d.deliveryHash)) return this.drop('wrong_destination', { messageId: message.hash });
    const key = toHex(message.hash);
    const running = this.inFlight.get(key);
    if (running) {
      await running;
      return this.drop('duplicate', { messageId: message.hash, sourceHash: message.sourceHash });
    }
    const work = this.run(message, opts);
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async run(message: LXMessage, opts: { method: MethodValue; noStampEnforcement?: boolean }): Promise<InboundOutcome> {
    const d = this.deps;
    const detail = { messageId: message.hash, sourceHash: message.sourceHash };
    if (d.isBlocked(message.sourceHash)) return this.drop('blocked', detail);
    const verdict = await checkInboundStamp({
      message,
      requiredCost: d.requiredCost(),
      tickets: d.tickets,
      pool: d.pool,
      enforceStamps: d.enforceStamps,
      noStampEnforcement: opts.noStampEnforcement ?? false,
    });
    if (!verdict.accept) return this.drop('stamp', detail);
    let info: InboundInfo;
    try {
      if (await d.store.hasInbound(message.hash)) return this.drop('duplicate', detail);
      info = { method: opts.method, receivedAt: Date.now() / 1000, stampValid: verdict.stamp ? verdict.stamp.valid : null };
      await d.store.commitInbound(message, info);
    } catch (error) {
      // Not stored means not proved: the sender retries and we get another chance.
      d.warn('lxmf: inbound message could not be stored', { error: String(error) });
      d.dropped('store_failed', detail);
      return { accepted: false, reason: 'store_failed', prove: false, message };
    }
    d.delivered(message, info);
    return { accepted: true, reason: null, prove: true, message };
  }

  private drop(reason: DropReason, detail: { messageId?: Uint8Array; sourceHash?: Uint8Array }): InboundOutcome {
    this.deps.dropped(reason, detail);
    // As the reference, which proves before looking: the sender stops retrying something we refuse.
    return { accepted: false, reason, prove: true, message: null };
  }
}
