// SPDX-License-Identifier: MIT
// State of the LXMF router: its outbound queue (the packed message, so a restart resumes exactly
// what was signed and stamped) linked to our message id, and the ticket book (tickets peers gave
// us, tickets we issued, last ticket deliveries). Keys are raw bytes, as the router holds them.
import type { Migration } from './migration.js';

export const migration0003: Migration = {
  version: 3,
  name: 'lxmf-router',
  up(db) {
    db.exec(`
      CREATE TABLE lxmf_outbound (
        message_id BLOB PRIMARY KEY,
        local_id TEXT,
        destination_hash BLOB NOT NULL,
        packed BLOB NOT NULL,
        method INTEGER NOT NULL,
        state INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        created_at REAL NOT NULL,
        final INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX lxmf_outbound_pending ON lxmf_outbound (final, created_at);
      CREATE INDEX lxmf_outbound_local ON lxmf_outbound (local_id);
      CREATE TABLE lxmf_tickets (
        destination_hash BLOB NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
        ticket BLOB NOT NULL,
        expires REAL NOT NULL,
        PRIMARY KEY (destination_hash, direction, ticket)
      ) STRICT;
      CREATE TABLE lxmf_ticket_deliveries (
        destination_hash BLOB PRIMARY KEY,
        at REAL NOT NULL
      ) STRICT;
    `);
  },
};
