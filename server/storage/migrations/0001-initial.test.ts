// SPDX-License-Identifier: MIT
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas, migrate, schemaVersion } from '../db.js';

function atVersion1() {
  const db = new Database(':memory:');
  applyPragmas(db);
  migrate(db, ':memory:', 1);
  return db;
}

describe('migration 0001 initial', () => {
  it('creates every table of the first schema and sets version 1', () => {
    const db = atVersion1();
    expect(schemaVersion(db)).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['identity', 'profile', 'contacts', 'conversations', 'messages', 'blobs', 'message_attachments', 'announces',
      'propagation_nodes', 'settings', 'auth', 'auth_lockout', 'auth_attempts', 'sessions', 'access_log', 'debug_log']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('enforces references and value checks', () => {
    const db = atVersion1();
    const insertMessage = db.prepare(`INSERT INTO messages (id, peer_hash, direction, state, method, created_at, updated_at)
      VALUES ('m1', ?, ?, 'outbound', 'direct', 1, 1)`);
    // No conversation row yet: the foreign key refuses the message.
    expect(() => insertMessage.run('a'.repeat(32), 'outbound')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO conversations (peer_hash, last_activity_at) VALUES (?, 1)").run('a'.repeat(32));
    expect(() => insertMessage.run('a'.repeat(32), 'sideways')).toThrow(/CHECK/);
    insertMessage.run('a'.repeat(32), 'outbound');
    expect(() => db.prepare("INSERT INTO identity (id, private_key, created_at) VALUES (1, x'00', 1)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO auth (id, password_hash, password_changed_at) VALUES (2, 'h', 1)").run()).toThrow(/CHECK/);
    // Deleting the conversation removes its messages.
    db.prepare('DELETE FROM conversations').run();
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    db.close();
  });
});
