// SPDX-License-Identifier: MIT
// In-memory MessageStore for tests and ephemeral nodes. Records are copied in and out so callers
// cannot mutate what the "database" holds.
import { toHex } from '../../reticulum/wire/index.js';
import type { LXMessage } from '../message.js';
import { MessageState, Method } from '../constants.js';
import type { InboundInfo, MessageStore, OutboundRecord } from './types.js';

/** A MessageStore in a Map; `inbound` is public for assertions. */
export class MemoryMessageStore implements MessageStore {
  readonly inbound = new Map<string, { message: LXMessage; info: InboundInfo }>();
  private readonly outbound = new Map<string, OutboundRecord>();

  hasInbound(messageId: Uint8Array): boolean {
    return this.inbound.has(toHex(messageId));
  }

  commitInbound(message: LXMessage, info: InboundInfo): void {
    this.inbound.set(toHex(message.hash), { message, info: { ...info } });
  }

  saveOutbound(record: OutboundRecord): void {
    this.outbound.set(toHex(record.messageId), { ...record });
  }

  pendingOutbound(): OutboundRecord[] {
    return [...this.outbound.values()].filter((r) => !isFinal(r)).map((r) => ({ ...r }));
  }

  /** The stored record of a message (tests). */
  outboundRecord(messageId: Uint8Array): OutboundRecord | undefined {
    const r = this.outbound.get(toHex(messageId));
    return r ? { ...r } : undefined;
  }
}

/** Whether an outbound record needs no more work. */
export function isFinal(r: Pick<OutboundRecord, 'state' | 'method'>): boolean {
  const s = r.state;
  if (s === MessageState.DELIVERED || s === MessageState.FAILED || s === MessageState.CANCELLED || s === MessageState.REJECTED) return true;
  return r.method === Method.PROPAGATED && s === MessageState.SENT;
}
