// SPDX-License-Identifier: MIT
// The ticket and stamp steps of inbound delivery, in the reference's order (LXMF/LXMRouter.py ::
// lxmf_delivery; protocol §11.6 steps 2–3). The router does the rest around it: blackholed
// sources before, ignored sources, dedup by message id and the delivery callback after.
//
//   2. a message with a validated signature and a usable FIELD_TICKET → remember the ticket;
//   3. when our destination requires a stamp: a ticket stamp for one of our unexpired tickets
//      to that source, or a proof-of-work stamp of at least the cost (checked in a worker).
//      An invalid stamp drops the message only when stamps are enforced and the message is not
//      a paper message (paper ingest disables enforcement).
import { Field } from './fields.js';
import type { LXMessage } from './message.js';
import type { StampWorkerPool } from './stamps/pool.js';
import { validateMessageStampOffThread } from './stamps/message-stamps.js';
import type { StampCheck } from './stamps/workblock.js';
import type { TicketBook } from './tickets.js';

/** Inputs of {@link checkInboundStamp}. */
export interface InboundStampInput {
  message: LXMessage;
  /** Our delivery destination's inbound stamp cost; null when none is required. */
  requiredCost: number | null;
  tickets: TicketBook;
  pool: StampWorkerPool;
  /** Router setting (the reference defaults to accept-and-flag, i.e. false). */
  enforceStamps: boolean;
  /** True for paper messages (ingest_lxm_uri): never dropped for their stamp. */
  noStampEnforcement?: boolean;
  signal?: AbortSignal;
}

/** What the router should do with the message. */
export interface InboundStampVerdict {
  accept: boolean;
  /** Null when no stamp was required (the stamp was not checked). */
  stamp: StampCheck | null;
  /** True when the message's FIELD_TICKET was stored as our outbound ticket to its source. */
  ticketRemembered: boolean;
}

/** Steps 2 and 3 of lxmf_delivery. Never throws for anything about the message itself. */
export async function checkInboundStamp(input: InboundStampInput): Promise<InboundStampVerdict> {
  const { message, tickets } = input;
  const ticketRemembered = message.signatureValidated && message.fields.has(Field.TICKET) ? tickets.remember(message.sourceHash, message.fields.get(Field.TICKET)) : false;
  if (input.requiredCost === null) return { accept: true, stamp: null, ticketRemembered };
  const stamp = await validateMessageStampOffThread(input.pool, message.stamp, message.hash, input.requiredCost, tickets.inboundTickets(message.sourceHash));
  const accept = stamp.valid || !input.enforceStamps || input.noStampEnforcement === true;
  return { accept, stamp, ticketRemembered };
}
