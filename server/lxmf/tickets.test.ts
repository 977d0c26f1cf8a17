// SPDX-License-Identifier: MIT
// Tickets with the reference's timing: issue/reuse/renew, the one-per-day rule, remembering,
// ticket stamps instead of proof-of-work, validation and cleanup; and the full A↔B flow through
// real packed messages.
import { describe, expect, it } from 'vitest';
import { Identity } from '../reticulum/identity/index.js';
import { TICKET_EXPIRY, TICKET_GRACE, TICKET_INTERVAL, TICKET_RENEW } from './constants.js';
import { Field } from './fields.js';
import { LXMessage, deliveryDestinationHash } from './message.js';
import { ticketStamp, validateMessageStamp } from './stamps/workblock.js';
import { MemoryTicketStore, TicketBook, ticketFieldValue } from './tickets.js';

const DAY = 24 * 3600;

function book(start = 1_700_000_000): { book: TicketBook; clock: { t: number }; store: MemoryTicketStore } {
  const clock = { t: start };
  const store = new MemoryTicketStore();
  let n = 0;
  const random = (len: number): Uint8Array => new Uint8Array(len).fill(++n);
  return { book: new TicketBook({ store, now: () => clock.t, randomBytes: random }), clock, store };
}

const peer = new Uint8Array(16).fill(0xaa);

describe('TicketBook', () => {
  it('issues a 21-day ticket, reuses it while > 14 days remain, then renews', () => {
    const { book: tb, clock } = book();
    const first = tb.issue(peer);
    expect(first?.expires).toBe(clock.t + TICKET_EXPIRY);
    clock.t += TICKET_EXPIRY - TICKET_RENEW - 1;
    expect(tb.issue(peer)).toEqual(first);
    clock.t += 2;
    const renewed = tb.issue(peer);
    expect(renewed?.ticket).not.toEqual(first?.ticket);
    // Both stay valid for stamps until they expire.
    expect(tb.inboundTickets(peer).length).toBe(2);
  });

  it('sends at most one ticket per day per destination once one was delivered', () => {
    const { book: tb, clock } = book();
    expect(tb.issue(peer)).not.toBeNull();
    tb.markDelivered(peer);
    clock.t += TICKET_INTERVAL - 1;
    expect(tb.issue(peer)).toBeNull();
    clock.t += 2;
    expect(tb.issue(peer)).not.toBeNull();
  });

  it('remembers only usable, unexpired tickets and stamps with them', () => {
    const { book: tb, clock } = book();
    expect(tb.remember(peer, [clock.t - 1, new Uint8Array(16)])).toBe(false);
    expect(tb.remember(peer, [clock.t + 10, new Uint8Array(15)])).toBe(false);
    expect(tb.remember(peer, 'nonsense')).toBe(false);
    const ticket = new Uint8Array(16).fill(9);
    expect(tb.remember(peer, ticketFieldValue({ ticket, expires: clock.t + 100 }))).toBe(true);
    const id = new Uint8Array(32).fill(1);
    expect(tb.stampFor(peer, id)).toEqual(ticketStamp(ticket, id));
    clock.t += 101;
    expect(tb.stampFor(peer, id)).toBeNull();
  });

  it('validates ticket stamps until expiry and cleans after the grace period', () => {
    const { book: tb, clock, store } = book();
    const issued = tb.issue(peer);
    const id = new Uint8Array(32).fill(2);
    const stamp = ticketStamp(issued?.ticket ?? new Uint8Array(16), id);
    expect(tb.validateStamp(stamp, id, peer)).toBe(true);
    expect(tb.validateStamp(stamp, id, new Uint8Array(16))).toBe(false);
    expect(tb.validateStamp(new Uint8Array(32), id, peer)).toBe(false);
    clock.t += TICKET_EXPIRY;
    expect(tb.validateStamp(stamp, id, peer)).toBe(false);
    tb.clean();
    expect(store.listInbound(peer).length).toBe(1);
    clock.t += TICKET_GRACE + 1;
    tb.clean();
    expect(store.listInbound(peer).length).toBe(0);
    expect(store.destinations().length).toBe(0);
  });

  it('lets B skip proof-of-work after A sent B a ticket (the reference flow, through packed messages)', () => {
    const alice = Identity.generate();
    const bob = Identity.generate();
    const aliceHash = deliveryDestinationHash(alice);
    const bobHash = deliveryDestinationHash(bob);
    const aliceBook = book().book;
    const bobBook = book().book;
    const ticket = aliceBook.issue(bobHash);
    expect(ticket).not.toBeNull();
    const toBob = LXMessage.create({ destinationHash: bobHash, source: alice, content: 'here is a ticket', fields: new Map([[Field.TICKET, ticketFieldValue(ticket ?? { ticket: new Uint8Array(16), expires: 0 })]]) });
    const atBob = LXMessage.unpack(toBob.packed, { recall: () => alice });
    expect(atBob.signatureValidated).toBe(true);
    expect(bobBook.remember(atBob.sourceHash, atBob.fields.get(Field.TICKET))).toBe(true);
    const reply = LXMessage.create({ destinationHash: aliceHash, source: bob, content: 'thanks' });
    const stamp = bobBook.stampFor(aliceHash, reply.hash);
    expect(stamp?.length).toBe(16);
    const atAlice = LXMessage.unpack(reply.withStamp(stamp).packed, { recall: () => bob });
    expect(atAlice.signatureValidated).toBe(true);
    // A cost far too high for proof-of-work is still met by the ticket (COST_TICKET = 256).
    expect(validateMessageStamp(atAlice.stamp, atAlice.hash, 200, aliceBook.inboundTickets(atAlice.sourceHash))).toEqual({ valid: true, value: 256, byTicket: true });
    expect(aliceBook.validateStamp(atAlice.stamp, atAlice.hash, atAlice.sourceHash)).toBe(true);
    void DAY;
  });
});
