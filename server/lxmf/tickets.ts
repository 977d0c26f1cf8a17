// SPDX-License-Identifier: MIT
// Tickets: a recipient lets a correspondent skip proof-of-work (LXMF/LXMRouter.py :: generate_ticket,
// remember_ticket, get_outbound_ticket, get_inbound_tickets, clean_available_tickets, lxmf_delivery;
// LXMessage.get_stamp, validate_stamp; protocol §11.8).
//
// - We *issue* a ticket to a destination inside FIELD_TICKET = [expires f64, ticket bin16] of a
//   message to it ("inbound" tickets: they will come back to us as stamps).
// - We *remember* a ticket we received from a source with a valid signature ("outbound": we use
//   it when we send to them): stamp = TH(ticket ‖ message_id), 16 bytes, no proof-of-work.
// Persistence goes through the injected TicketStore; the server's SQLite layer implements it.
import { randomBytes } from '../reticulum/crypto/index.js';
import { Float64 } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import { TICKET_EXPIRY, TICKET_GRACE, TICKET_INTERVAL, TICKET_LENGTH, TICKET_RENEW } from './constants.js';
import { matchTicketStamp, ticketStamp } from './stamps/workblock.js';

/** One ticket and its expiry (Unix seconds). */
export interface TicketEntry {
  ticket: Uint8Array;
  expires: number;
}

/**
 * Where tickets live. Synchronous on purpose (better-sqlite3 is). Keys are 16-byte
 * lxmf.delivery destination hashes; implementations compare them by value.
 */
export interface TicketStore {
  /** The ticket a destination gave us (to stamp messages to it), if any. */
  getOutbound(destinationHash: Uint8Array): TicketEntry | null;
  setOutbound(destinationHash: Uint8Array, entry: TicketEntry): void;
  deleteOutbound(destinationHash: Uint8Array): void;
  /** Tickets we issued to a destination (it stamps messages to us with them). */
  listInbound(destinationHash: Uint8Array): TicketEntry[];
  addInbound(destinationHash: Uint8Array, entry: TicketEntry): void;
  deleteInbound(destinationHash: Uint8Array, ticket: Uint8Array): void;
  /** When a message carrying one of our tickets was last delivered to a destination. */
  getLastDelivery(destinationHash: Uint8Array): number | null;
  setLastDelivery(destinationHash: Uint8Array, at: number): void;
  /** Every destination hash that has outbound or inbound entries (for cleanup). */
  destinations(): Uint8Array[];
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** A TicketStore in memory, for tests and for nodes without persistence. */
export class MemoryTicketStore implements TicketStore {
  private readonly outbound = new Map<string, TicketEntry>();
  private readonly inbound = new Map<string, Map<string, TicketEntry>>();
  private readonly lastDeliveries = new Map<string, number>();

  getOutbound(d: Uint8Array): TicketEntry | null {
    return this.outbound.get(hex(d)) ?? null;
  }
  setOutbound(d: Uint8Array, entry: TicketEntry): void {
    this.outbound.set(hex(d), { ticket: entry.ticket.slice(), expires: entry.expires });
  }
  deleteOutbound(d: Uint8Array): void {
    this.outbound.delete(hex(d));
  }
  listInbound(d: Uint8Array): TicketEntry[] {
    return [...(this.inbound.get(hex(d))?.values() ?? [])];
  }
  addInbound(d: Uint8Array, entry: TicketEntry): void {
    const key = hex(d);
    let m = this.inbound.get(key);
    if (!m) this.inbound.set(key, (m = new Map()));
    m.set(hex(entry.ticket), { ticket: entry.ticket.slice(), expires: entry.expires });
  }
  deleteInbound(d: Uint8Array, ticket: Uint8Array): void {
    const key = hex(d);
    const m = this.inbound.get(key);
    m?.delete(hex(ticket));
    if (m && m.size === 0) this.inbound.delete(key);
  }
  getLastDelivery(d: Uint8Array): number | null {
    return this.lastDeliveries.get(hex(d)) ?? null;
  }
  setLastDelivery(d: Uint8Array, at: number): void {
    this.lastDeliveries.set(hex(d), at);
  }
  destinations(): Uint8Array[] {
    const keys = new Set([...this.outbound.keys(), ...this.inbound.keys()]);
    return [...keys].map((k) => new Uint8Array(Buffer.from(k, 'hex')));
  }
}

/** The FIELD_TICKET value: [expires (float64), ticket (bin16)]. */
export function ticketFieldValue(entry: TicketEntry): MsgpackValue {
  return [new Float64(entry.expires), entry.ticket];
}

/** Parses a FIELD_TICKET value as lxmf_delivery accepts it; null for anything else. */
export function parseTicketField(value: MsgpackValue | undefined): TicketEntry | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  const [rawExpires, ticket] = value;
  const expires = rawExpires instanceof Float64 ? rawExpires.value : rawExpires;
  if (typeof expires !== 'number' || !Number.isFinite(expires)) return null;
  if (!(ticket instanceof Uint8Array) || ticket.length !== TICKET_LENGTH) return null;
  return { ticket, expires };
}

/** Collaborators of {@link TicketBook}. */
export interface TicketBookComponents {
  store: TicketStore;
  /** Unix seconds (default Date.now()/1000). */
  now?: () => number;
  /** Randomness for new tickets (default crypto randomBytes). */
  randomBytes?: (n: number) => Uint8Array;
}

/** Issues, remembers, uses and validates tickets, with the reference's timing rules. */
export class TicketBook {
  private readonly store: TicketStore;
  private readonly now: () => number;
  private readonly random: (n: number) => Uint8Array;

  constructor(components: TicketBookComponents) {
    this.store = components.store;
    this.now = components.now ?? (() => Date.now() / 1000);
    this.random = components.randomBytes ?? randomBytes;
  }

  /**
   * A ticket to include in a message to `destinationHash` (generate_ticket), or null when one was
   * delivered to it less than TICKET_INTERVAL (1 day) ago. Reuses an issued ticket with more than
   * TICKET_RENEW (14 days) of validity left; otherwise issues a new one valid for `expiry` seconds.
   */
  issue(destinationHash: Uint8Array, expiry: number = TICKET_EXPIRY): TicketEntry | null {
    const now = this.now();
    const last = this.store.getLastDelivery(destinationHash);
    if (last !== null && now - last < TICKET_INTERVAL) return null;
    for (const entry of this.store.listInbound(destinationHash)) {
      if (entry.expires - now > TICKET_RENEW) return entry;
    }
    const entry = { ticket: this.random(TICKET_LENGTH), expires: now + expiry };
    this.store.addInbound(destinationHash, entry);
    return entry;
  }

  /** Call when a message that carried one of our tickets was delivered (limits re-sending to once a day). */
  markDelivered(destinationHash: Uint8Array): void {
    this.store.setLastDelivery(destinationHash, this.now());
  }

  /**
   * Remembers a ticket received in FIELD_TICKET from `sourceHash` (lxmf_delivery). Only call it
   * for messages whose signature validated. Returns false when the field is unusable or expired.
   */
  remember(sourceHash: Uint8Array, fieldValue: MsgpackValue | undefined): boolean {
    const entry = parseTicketField(fieldValue);
    if (!entry || this.now() >= entry.expires) return false;
    this.store.setOutbound(sourceHash, { ticket: entry.ticket.slice(), expires: entry.expires });
    return true;
  }

  /** The unexpired ticket `destinationHash` gave us, or null (get_outbound_ticket). */
  outboundTicket(destinationHash: Uint8Array): TicketEntry | null {
    const entry = this.store.getOutbound(destinationHash);
    return entry && entry.expires > this.now() ? entry : null;
  }

  /** A 16-byte ticket stamp for a message to `destinationHash`, or null when we hold no ticket. */
  stampFor(destinationHash: Uint8Array, messageId: Uint8Array): Uint8Array | null {
    const entry = this.outboundTicket(destinationHash);
    return entry ? ticketStamp(entry.ticket, messageId) : null;
  }

  /** Unexpired tickets we issued to `sourceHash` (get_inbound_tickets). */
  inboundTickets(sourceHash: Uint8Array): Uint8Array[] {
    const now = this.now();
    return this.store.listInbound(sourceHash).filter((e) => now < e.expires).map((e) => e.ticket);
  }

  /** True when `stamp` is a ticket stamp made with one of our unexpired tickets for `sourceHash`. */
  validateStamp(stamp: Uint8Array | null, messageId: Uint8Array, sourceHash: Uint8Array): boolean {
    return matchTicketStamp(stamp, messageId, this.inboundTickets(sourceHash));
  }

  /** clean_available_tickets: expired outbound tickets, and inbound ones past expiry + grace. */
  clean(): void {
    const now = this.now();
    for (const d of this.store.destinations()) {
      const out = this.store.getOutbound(d);
      if (out && now > out.expires) this.store.deleteOutbound(d);
      for (const entry of this.store.listInbound(d)) {
        if (now > entry.expires + TICKET_GRACE) this.store.deleteInbound(d, entry.ticket);
      }
    }
  }
}
