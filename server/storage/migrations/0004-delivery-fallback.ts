// SPDX-License-Identifier: MIT
// Messages sent with the "automatic" method: tried directly first, and handed to the propagation
// node if direct delivery fails. The row lives until that decision is made once.
import type { Migration } from './migration.js';

export const migration0004: Migration = {
  version: 4,
  name: 'delivery-fallback',
  up(db) {
    db.exec(`
      CREATE TABLE message_fallbacks (
        message_id TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE
      ) STRICT;
    `);
  },
};
