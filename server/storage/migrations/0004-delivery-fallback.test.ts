// SPDX-License-Identifier: MIT
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyPragmas, migrate, schemaVersion } from '../db.js';

describe('migration 0004 delivery fallback', () => {
  it('adds the fallback table to a version 3 database; rows go with their message', () => {
    const db = new Database(':memory:');
    applyPragmas(db);
    migrate(db, ':memory:', 3);
    db.prepare('INSERT INTO conversations (peer_hash, last_activity_at) VALUES (?, 1)').run('c'.repeat(32));
    db.prepare(`INSERT INTO messages (id, peer_hash, direction, state, method, created_at, updated_at) VALUES ('m1', ?, 'outbound', 'outbound', 'direct', 1, 1)`).run('c'.repeat(32));
    migrate(db, ':memory:', 4);
    expect(schemaVersion(db)).toBe(4);
    db.prepare("INSERT INTO message_fallbacks VALUES ('m1')").run();
    expect(() => db.prepare("INSERT INTO message_fallbacks VALUES ('nope')").run()).toThrow();
    db.prepare("DELETE FROM messages WHERE id = 'm1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM message_fallbacks').pluck().get()).toBe(0);
    db.close();
  });
});
