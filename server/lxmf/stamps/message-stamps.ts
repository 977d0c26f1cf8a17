// SPDX-License-Identifier: MIT
// The message-level stamp rules on top of the pool (LXMessage.get_stamp, validate_stamp,
// get_propagation_stamp; LXMRouter.lxmf_delivery): a ticket stamp when we hold a ticket, else
// proof-of-work for the announced cost, else no stamp; validation tries tickets before PoW.
import { COST_TICKET, WORKBLOCK_EXPAND_ROUNDS } from '../constants.js';
import type { StampWorkerPool } from './pool.js';
import type { StampCheck } from './workblock.js';
import { checkCost, matchTicketStamp, ticketStamp } from './workblock.js';

/** How {@link messageStampFor} obtained the stamp. */
export interface MessageStampSource {
  stamp: Uint8Array | null;
  /** COST_TICKET for a ticket stamp, the PoW value, or null without a stamp. */
  value: number | null;
  kind: 'ticket' | 'proof-of-work' | 'none';
}

/** Options of {@link messageStampFor} that decide whether a message gets a stamp at all. */
export interface StampSourceOptions {
  outboundTicket?: Uint8Array | null;
  stampCost?: number | null;
}

/** A 16-byte outbound ticket: the only kind messageStampFor stamps with. */
function usableTicket(ticket: Uint8Array | null | undefined): ticket is Uint8Array {
  return ticket !== null && ticket !== undefined && ticket.length === 16;
}

/** Whether {@link messageStampFor} makes a stamp (a usable ticket, or an announced cost) or answers 'none'. */
export function stampWanted(opts: StampSourceOptions): boolean {
  return usableTicket(opts.outboundTicket) || (opts.stampCost !== null && opts.stampCost !== undefined);
}

/**
 * The stamp to attach to a message (LXMessage.get_stamp): with an outbound ticket, the 16-byte
 * ticket stamp (used even if a cost is announced); with a cost, a PoW stamp from `pool`;
 * otherwise none.
 */
export async function messageStampFor(
  pool: StampWorkerPool,
  messageId: Uint8Array,
  opts: StampSourceOptions & { signal?: AbortSignal },
): Promise<MessageStampSource> {
  if (usableTicket(opts.outboundTicket)) {
    return { stamp: ticketStamp(opts.outboundTicket, messageId), value: COST_TICKET, kind: 'ticket' };
  }
  if (opts.stampCost === null || opts.stampCost === undefined) return { stamp: null, value: null, kind: 'none' };
  const generated = await pool.generate(messageId, opts.stampCost, { expandRounds: WORKBLOCK_EXPAND_ROUNDS, ...(opts.signal ? { signal: opts.signal } : {}) });
  return { stamp: generated.stamp, value: generated.value, kind: 'proof-of-work' };
}

/** LXMessage.validate_stamp with the PoW part in a worker. */
export async function validateMessageStampOffThread(
  pool: StampWorkerPool,
  stamp: Uint8Array | null,
  messageId: Uint8Array,
  cost: number,
  tickets: Iterable<Uint8Array> = [],
): Promise<StampCheck> {
  checkCost(cost);
  if (matchTicketStamp(stamp, messageId, tickets)) return { valid: true, value: COST_TICKET, byTicket: true };
  if (!stamp) return { valid: false, value: null, byTicket: false };
  const r = await pool.validate(messageId, stamp, cost, { expandRounds: WORKBLOCK_EXPAND_ROUNDS });
  return r.valid ? { valid: true, value: r.value, byTicket: false } : { valid: false, value: null, byTicket: false };
}
