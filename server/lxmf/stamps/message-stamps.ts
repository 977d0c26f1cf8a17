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

/**
 * The stamp to attach to a message (LXMessage.get_stamp): with an outbound ticket, the 16-byte
 * ticket stamp (used even if a cost is announced); with a cost, a PoW stamp from `pool`;
 * otherwise none.
 */
export async function messageStampFor(
  pool: StampWorkerPool,
  messageId: Uint8Array,
  opts: { outboundTicket?: Uint8Array | null; stampCost?: number | null; signal?: AbortSignal },
): Promise<MessageStampSource> {
  if (opts.outboundTicket && opts.outboundTicket.length === 16) {
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
