// SPDX-License-Identifier: MIT
// The LXMF router's persistent state: the outbound queue and the ticket book. The app layer adapts
// these to the router's MessageStore and TicketStore ports (storage does not import lxmf).
import type { Db } from '../db.js';

/** An outbound record of the router, as stored. */
export interface LxmfOutboundRow {
  messageId: Uint8Array;
  destinationHash: Uint8Array;
  packed: Uint8Array;
  method: number;
  state: number;
  attempts: number;
  /** Unix seconds. */
  createdAt: number;
}

interface OutboundDbRow {
  message_id: Buffer;
  destination_hash: Buffer;
  packed: Buffer;
  method: number;
  state: number;
  attempts: number;
  created_at: number;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export class LxmfOutboundRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      upsert: db.prepare(`INSERT INTO lxmf_outbound (message_id, local_id, destination_hash, packed, method, state, attempts, created_at, final)
        VALUES (@messageId, @localId, @destinationHash, @packed, @method, @state, @attempts, @createdAt, @final)
        ON CONFLICT (message_id) DO UPDATE SET packed = excluded.packed, method = excluded.method, state = excluded.state,
          attempts = excluded.attempts, final = excluded.final, local_id = COALESCE(lxmf_outbound.local_id, excluded.local_id)`),
      pending: db.prepare('SELECT message_id, destination_hash, packed, method, state, attempts, created_at FROM lxmf_outbound WHERE final = 0 ORDER BY created_at'),
      localId: db.prepare('SELECT local_id FROM lxmf_outbound WHERE message_id = ?').pluck(),
      byLocal: db.prepare('SELECT message_id FROM lxmf_outbound WHERE local_id = ? AND final = 0 ORDER BY created_at DESC LIMIT 1').pluck(),
      anyLocal: db.prepare('SELECT 1 FROM lxmf_outbound WHERE local_id = ? LIMIT 1').pluck(),
      prune: db.prepare('DELETE FROM lxmf_outbound WHERE final = 1 AND created_at < ?'),
      finish: db.prepare('UPDATE lxmf_outbound SET state = ?, final = 1 WHERE message_id = ?'),
    };
  }

  /** Inserts or updates a record; `localId` (our message id) is kept from the first save. */
  save(row: LxmfOutboundRow, localId: string | null, final: boolean): void {
    this.stmts.upsert.run({
      ...row, messageId: buf(row.messageId), destinationHash: buf(row.destinationHash), packed: buf(row.packed), localId, final: final ? 1 : 0,
    });
  }

  pending(): LxmfOutboundRow[] {
    return (this.stmts.pending.all() as OutboundDbRow[]).map((r) => ({
      messageId: bytes(r.message_id), destinationHash: bytes(r.destination_hash), packed: bytes(r.packed),
      method: r.method, state: r.state, attempts: r.attempts, createdAt: r.created_at,
    }));
  }

  /** Our message id for a router message id, or null. */
  localIdOf(messageId: Uint8Array): string | null {
    return (this.stmts.localId.get(buf(messageId)) as string | null | undefined) ?? null;
  }

  /** The router message id of our message while it is still queued, or null. */
  queuedMessageIdOf(localId: string): Uint8Array | null {
    const b = this.stmts.byLocal.get(localId) as Buffer | undefined;
    return b ? bytes(b) : null;
  }

  /** Whether our message was ever handed to the router. */
  known(localId: string): boolean {
    return this.stmts.anyLocal.get(localId) !== undefined;
  }

  /** Marks a record finished with `state` (e.g. cancelled while the router was not running). */
  finish(messageId: Uint8Array, state: number): void {
    this.stmts.finish.run(state, buf(messageId));
  }

  /** Deletes finished records older than `beforeSeconds` (they only map ids for late events). */
  pruneFinished(beforeSeconds: number): number {
    return this.stmts.prune.run(beforeSeconds).changes;
  }
}

/** A ticket with its expiry (Unix seconds); the shape of the router's TicketEntry. */
export interface TicketRow {
  ticket: Uint8Array;
  expires: number;
}

/** The router's ticket book in SQLite (the shape of its TicketStore port). */
export class LxmfTicketsRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare("SELECT ticket, expires FROM lxmf_tickets WHERE destination_hash = ? AND direction = ? ORDER BY expires DESC"),
      delDir: db.prepare('DELETE FROM lxmf_tickets WHERE destination_hash = ? AND direction = ?'),
      add: db.prepare('INSERT OR REPLACE INTO lxmf_tickets (destination_hash, direction, ticket, expires) VALUES (?, ?, ?, ?)'),
      delOne: db.prepare("DELETE FROM lxmf_tickets WHERE destination_hash = ? AND direction = 'inbound' AND ticket = ?"),
      lastGet: db.prepare('SELECT at FROM lxmf_ticket_deliveries WHERE destination_hash = ?').pluck(),
      lastSet: db.prepare('INSERT OR REPLACE INTO lxmf_ticket_deliveries (destination_hash, at) VALUES (?, ?)'),
      destinations: db.prepare('SELECT DISTINCT destination_hash FROM lxmf_tickets').pluck(),
    };
  }

  getOutbound(d: Uint8Array): TicketRow | null {
    const r = this.stmts.get.get(buf(d), 'outbound') as { ticket: Buffer; expires: number } | undefined;
    return r ? { ticket: bytes(r.ticket), expires: r.expires } : null;
  }

  /** A destination has one outbound ticket: the newest replaces the previous. */
  setOutbound(d: Uint8Array, entry: TicketRow): void {
    this.db.transaction(() => {
      this.stmts.delDir.run(buf(d), 'outbound');
      this.stmts.add.run(buf(d), 'outbound', buf(entry.ticket), entry.expires);
    })();
  }

  deleteOutbound(d: Uint8Array): void {
    this.stmts.delDir.run(buf(d), 'outbound');
  }

  listInbound(d: Uint8Array): TicketRow[] {
    return (this.stmts.get.all(buf(d), 'inbound') as { ticket: Buffer; expires: number }[]).map((r) => ({ ticket: bytes(r.ticket), expires: r.expires }));
  }

  addInbound(d: Uint8Array, entry: TicketRow): void {
    this.stmts.add.run(buf(d), 'inbound', buf(entry.ticket), entry.expires);
  }

  deleteInbound(d: Uint8Array, ticket: Uint8Array): void {
    this.stmts.delOne.run(buf(d), buf(ticket));
  }

  getLastDelivery(d: Uint8Array): number | null {
    return (this.stmts.lastGet.get(buf(d)) as number | undefined) ?? null;
  }

  setLastDelivery(d: Uint8Array, at: number): void {
    this.stmts.lastSet.run(buf(d), at);
  }

  destinations(): Uint8Array[] {
    return (this.stmts.destinations.all() as Buffer[]).map(bytes);
  }
}
