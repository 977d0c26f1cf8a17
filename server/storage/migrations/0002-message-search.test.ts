// SPDX-License-Identifier: MIT
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas, migrate, schemaVersion } from '../db.js';

const PEER = 'b'.repeat(32);
const match = (db: Database.Database, q: string) =>
  (db.prepare('SELECT m.id FROM messages_fts f JOIN messages m ON m.rowid = f.rowid WHERE messages_fts MATCH ? ORDER BY m.id').all(q) as { id: string }[]).map((r) => r.id);

describe('migration 0002 message search', () => {
  it('indexes messages written before the migration, then follows inserts, updates and deletes', () => {
    const db = new Database(':memory:');
    applyPragmas(db);
    migrate(db, ':memory:', 1);
    db.prepare('INSERT INTO conversations (peer_hash, last_activity_at) VALUES (?, 1)').run(PEER);
    const insert = db.prepare(`INSERT INTO messages (id, peer_hash, direction, state, method, title, content, created_at, updated_at)
      VALUES (?, ?, 'inbound', 'received', 'direct', ?, ?, 1, 1)`);
    insert.run('old', PEER, 'Greetings', 'the ferry leaves at noon');
    migrate(db, ':memory:', 2);
    expect(schemaVersion(db)).toBe(2);
    expect(match(db, 'ferry')).toEqual(['old']);
    insert.run('new', PEER, '', 'Café au lait');
    expect(match(db, 'cafe')).toEqual(['new']);
    db.prepare("UPDATE messages SET content = 'bus instead' WHERE id = 'old'").run();
    expect(match(db, 'ferry')).toEqual([]);
    expect(match(db, 'bus')).toEqual(['old']);
    db.prepare("DELETE FROM messages WHERE id = 'old'").run();
    expect(match(db, 'bus')).toEqual([]);
    db.close();
  });
});
