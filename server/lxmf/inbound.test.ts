// SPDX-License-Identifier: MIT
// The inbound ticket/stamp steps with real messages, tickets and worker stamps.
import { afterAll, describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { COST_TICKET } from './constants.js';
import { Field } from './fields.js';
import { checkInboundStamp } from './inbound.js';
import { LXMessage, deliveryDestinationHash } from './message.js';
import { StampWorkerPool } from './stamps/pool.js';
import { MemoryTicketStore, TicketBook, ticketFieldValue } from './tickets.js';

const pool = new StampWorkerPool({ workers: 2 });
afterAll(() => pool.stop());
const alice = Identity.generate();
const bob = Identity.generate();
const bobHash = deliveryDestinationHash(bob);
const recall = (): Identity => alice;

describe('checkInboundStamp', () => {
  it('accepts without checking when no cost is required, and remembers a signed ticket', async () => {
    const tickets = new TicketBook({ store: new MemoryTicketStore() });
    const sent = LXMessage.create({ destinationHash: bobHash, source: alice, fields: new Map([[Field.TICKET, ticketFieldValue({ ticket: new Uint8Array(16).fill(4), expires: Date.now() / 1000 + 100 })]]) });
    const v = await checkInboundStamp({ message: LXMessage.unpack(sent.packed, { recall }), requiredCost: null, tickets, pool, enforceStamps: true });
    expect(v).toEqual({ accept: true, stamp: null, ticketRemembered: true });
    expect(tickets.outboundTicket(deliveryDestinationHash(alice))?.ticket).toEqual(new Uint8Array(16).fill(4));
    // An unsigned (unknown-source) copy must not plant a ticket.
    const other = new TicketBook({ store: new MemoryTicketStore() });
    expect((await checkInboundStamp({ message: LXMessage.unpack(sent.packed), requiredCost: null, tickets: other, pool, enforceStamps: true })).ticketRemembered).toBe(false);
  });

  it('rejects a missing stamp only when enforcing, and never for paper', async () => {
    const tickets = new TicketBook({ store: new MemoryTicketStore() });
    const message = LXMessage.unpack(LXMessage.create({ destinationHash: bobHash, source: alice }).packed, { recall });
    expect((await checkInboundStamp({ message, requiredCost: 8, tickets, pool, enforceStamps: true })).accept).toBe(false);
    expect((await checkInboundStamp({ message, requiredCost: 8, tickets, pool, enforceStamps: false })).accept).toBe(true);
    expect((await checkInboundStamp({ message, requiredCost: 8, tickets, pool, enforceStamps: true, noStampEnforcement: true })).accept).toBe(true);
  });

  it('accepts a proof-of-work stamp of the cost, and a ticket stamp in place of any cost', async () => {
    const bobTickets = new TicketBook({ store: new MemoryTicketStore() });
    const base = LXMessage.create({ destinationHash: bobHash, source: alice, content: 'pow' });
    const pow = await pool.generate(base.hash, 6);
    const v = await checkInboundStamp({ message: LXMessage.unpack(base.withStamp(pow.stamp).packed, { recall }), requiredCost: 6, tickets: bobTickets, pool, enforceStamps: true });
    expect(v).toMatchObject({ accept: true, stamp: { valid: true, value: pow.value, byTicket: false } });

    const issued = bobTickets.issue(deliveryDestinationHash(alice));
    const aliceTickets = new TicketBook({ store: new MemoryTicketStore() });
    aliceTickets.remember(bobHash, ticketFieldValue(issued ?? { ticket: new Uint8Array(16), expires: 0 }));
    const m = LXMessage.create({ destinationHash: bobHash, source: alice, content: 'ticket' });
    const stamped = m.withStamp(aliceTickets.stampFor(bobHash, m.hash));
    const t = await checkInboundStamp({ message: LXMessage.unpack(stamped.packed, { recall }), requiredCost: 250, tickets: bobTickets, pool, enforceStamps: true });
    expect(t).toMatchObject({ accept: true, stamp: { valid: true, value: COST_TICKET, byTicket: true } });
  });
});
