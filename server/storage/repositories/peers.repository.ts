// SPDX-License-Identifier: MIT
// Contacts (names, blocking), announces by aspect (capped per aspect) and propagation nodes.
import type { Db } from '../db.js';

export interface ContactRow {
  hash: string;
  name: string | null;
  blocked: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AnnounceRow {
  aspect: string;
  destinationHash: string;
  identityHash: string | null;
  displayName: string | null;
  appData: Uint8Array | null;
  hops: number | null;
  receivedAt: number;
}

export interface PropagationNodeRow {
  destinationHash: string;
  displayName: string | null;
  enabled: boolean;
  transferLimitKb: number | null;
  lastHeardAt: number;
}

export class PeersRepository {
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly announceCapPerAspect = 1000,
  ) {
    this.stmts = {
      contacts: db.prepare('SELECT hash, name, blocked, created_at AS createdAt, updated_at AS updatedAt FROM contacts ORDER BY coalesce(name, hash)'),
      contact: db.prepare('SELECT hash, name, blocked, created_at AS createdAt, updated_at AS updatedAt FROM contacts WHERE hash = ?'),
      upsertContact: db.prepare(`INSERT INTO contacts (hash, name, blocked, created_at, updated_at) VALUES (@hash, @name, @blocked, @now, @now)
        ON CONFLICT (hash) DO UPDATE SET name = excluded.name, blocked = excluded.blocked, updated_at = excluded.updated_at`),
      deleteContact: db.prepare('DELETE FROM contacts WHERE hash = ?'),
      upsertAnnounce: db.prepare(`INSERT INTO announces (aspect, destination_hash, identity_hash, display_name, app_data, hops, received_at)
        VALUES (@aspect, @destinationHash, @identityHash, @displayName, @appData, @hops, @receivedAt)
        ON CONFLICT (aspect, destination_hash) DO UPDATE SET identity_hash = excluded.identity_hash, display_name = excluded.display_name,
          app_data = excluded.app_data, hops = excluded.hops, received_at = excluded.received_at`),
      trimAnnounces: db.prepare(`DELETE FROM announces WHERE aspect = @aspect AND destination_hash IN (
          SELECT destination_hash FROM announces WHERE aspect = @aspect ORDER BY received_at DESC LIMIT -1 OFFSET @cap)`),
      announces: db.prepare(`SELECT aspect, destination_hash AS destinationHash, identity_hash AS identityHash, display_name AS displayName,
          app_data AS appData, hops, received_at AS receivedAt FROM announces
        WHERE aspect = @aspect AND (@text IS NULL OR instr(lower(coalesce(display_name, '')), lower(@text)) > 0 OR instr(destination_hash, lower(@text)) > 0)
        ORDER BY received_at DESC LIMIT @limit`),
      nodes: db.prepare(`SELECT destination_hash AS destinationHash, display_name AS displayName, enabled, transfer_limit_kb AS transferLimitKb,
          last_heard_at AS lastHeardAt FROM propagation_nodes ORDER BY last_heard_at DESC`),
      upsertNode: db.prepare(`INSERT INTO propagation_nodes (destination_hash, display_name, enabled, transfer_limit_kb, last_heard_at)
        VALUES (@destinationHash, @displayName, @enabled, @transferLimitKb, @lastHeardAt)
        ON CONFLICT (destination_hash) DO UPDATE SET display_name = excluded.display_name, enabled = excluded.enabled,
          transfer_limit_kb = excluded.transfer_limit_kb, last_heard_at = excluded.last_heard_at`),
    };
  }

  contacts(): ContactRow[] {
    return (this.stmts.contacts.all() as (Omit<ContactRow, 'blocked'> & { blocked: number })[]).map((r) => ({ ...r, blocked: r.blocked === 1 }));
  }

  contact(hash: string): ContactRow | undefined {
    const r = this.stmts.contact.get(hash) as (Omit<ContactRow, 'blocked'> & { blocked: number }) | undefined;
    return r ? { ...r, blocked: r.blocked === 1 } : undefined;
  }

  upsertContact(hash: string, name: string | null, blocked: boolean, now: number): ContactRow {
    this.stmts.upsertContact.run({ hash, name, blocked: blocked ? 1 : 0, now });
    return this.contact(hash) as ContactRow;
  }

  deleteContact(hash: string): boolean {
    return this.stmts.deleteContact.run(hash).changes === 1;
  }

  /** Stores an announce, then trims the aspect to its cap (oldest first). */
  addAnnounce(row: AnnounceRow): void {
    this.db.transaction(() => {
      this.stmts.upsertAnnounce.run({ ...row, appData: row.appData ? Buffer.from(row.appData) : null });
      this.stmts.trimAnnounces.run({ aspect: row.aspect, cap: this.announceCapPerAspect });
    })();
  }

  announces(aspect: string, text: string | undefined, limit: number): AnnounceRow[] {
    return this.stmts.announces.all({ aspect, text: text ?? null, limit }) as AnnounceRow[];
  }

  propagationNodes(): PropagationNodeRow[] {
    return (this.stmts.nodes.all() as (Omit<PropagationNodeRow, 'enabled'> & { enabled: number })[]).map((r) => ({ ...r, enabled: r.enabled === 1 }));
  }

  upsertPropagationNode(row: PropagationNodeRow): void {
    this.stmts.upsertNode.run({ ...row, enabled: row.enabled ? 1 : 0 });
  }
}
