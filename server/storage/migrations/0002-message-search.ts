// SPDX-License-Identifier: MIT
// Full-text search over message titles and bodies: an external-content FTS5 index kept in step by
// triggers, so the text is stored once (in `messages`) and the index cannot drift from it.
import type { Migration } from './migration.js';

export const migration0002: Migration = {
  version: 2,
  name: 'message-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        title, content, content = 'messages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO messages_fts (rowid, title, content) SELECT rowid, title, content FROM messages;
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, title, content) VALUES (new.rowid, new.title, new.content);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF title, content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content);
        INSERT INTO messages_fts (rowid, title, content) VALUES (new.rowid, new.title, new.content);
      END;
    `);
  },
};
