// SPDX-License-Identifier: MIT
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas, migrate, schemaVersion } from '../db.js';

describe('migration 0003 lxmf router', () => {
  it('adds the outbound queue and ticket tables to a version 2 database, keeping its messages', () => {
    const db = new Database(':memory:');
    applyPragmas(db);
    migrate(db, ':memory:', 2);
    db.prepare('INSERT INTO conversations (peer_hash, last_activity_at) VALUES (?, 1)').run('c'.repeat(32));
    migrate(db, ':memory:', 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM conversations').pluck().get()).toBe(1);
    db.prepare('INSERT INTO lxmf_outbound (message_id, local_id, destination_hash, packed, method, state, attempts, created_at) VALUES (?, ?, ?, ?, 2, 1, 0, 1.5)')
      .run(Buffer.alloc(32, 1), 'local', Buffer.alloc(16, 2), Buffer.from([1, 2, 3]));
    expect(db.prepare('SELECT final FROM lxmf_outbound').pluck().get()).toBe(0);
    // STRICT tables refuse text where bytes belong, so a bug cannot store hex by mistake.
    expect(() => db.prepare("INSERT INTO lxmf_tickets VALUES ('x', 'inbound', x'00', 1)").run()).toThrow();
    expect(() => db.prepare("INSERT INTO lxmf_tickets VALUES (x'00', 'sideways', x'00', 1)").run()).toThrow();
    db.close();
  });
});
