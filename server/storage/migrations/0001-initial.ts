// SPDX-License-Identifier: MIT
// The first schema. Times are integer milliseconds since the epoch; hashes are lowercase hex.
import type { Migration } from './migration.js';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_key BLOB NOT NULL CHECK (length(private_key) = 64),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        display_name TEXT NOT NULL,
        auto_announce_interval_s INTEGER NOT NULL DEFAULT 0 CHECK (auto_announce_interval_s >= 0),
        last_announced_at INTEGER
      );
      CREATE TABLE contacts (
        hash TEXT PRIMARY KEY CHECK (length(hash) = 32),
        name TEXT,
        blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE conversations (
        peer_hash TEXT PRIMARY KEY CHECK (length(peer_hash) = 32),
        last_message_id TEXT,
        last_activity_at INTEGER NOT NULL,
        unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
        last_read_at INTEGER
      );
      CREATE INDEX conversations_by_activity ON conversations (last_activity_at DESC);
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        hash TEXT UNIQUE,
        peer_hash TEXT NOT NULL REFERENCES conversations (peer_hash) ON DELETE CASCADE,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        state TEXT NOT NULL CHECK (state IN ('generating', 'outbound', 'sending', 'sent', 'delivered',
          'rejected', 'cancelled', 'failed', 'received')),
        method TEXT NOT NULL CHECK (method IN ('direct', 'opportunistic', 'propagated', 'paper')),
        title TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        fields_json TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        sent_at INTEGER,
        delivered_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1)
      );
      CREATE INDEX messages_by_peer_time ON messages (peer_hash, created_at DESC);
      CREATE INDEX messages_pending ON messages (state) WHERE state IN ('outbound', 'sending');
      -- Attachment bytes are stored once per content hash, whatever number of messages carry them.
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE TABLE message_attachments (
        message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'image', 'audio')),
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        PRIMARY KEY (message_id, idx)
      );
      CREATE INDEX message_attachments_by_blob ON message_attachments (sha256);
      CREATE TABLE announces (
        aspect TEXT NOT NULL,
        destination_hash TEXT NOT NULL CHECK (length(destination_hash) = 32),
        identity_hash TEXT,
        display_name TEXT,
        app_data BLOB,
        hops INTEGER,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (aspect, destination_hash)
      );
      CREATE INDEX announces_by_aspect_time ON announces (aspect, received_at DESC);
      CREATE TABLE propagation_nodes (
        destination_hash TEXT PRIMARY KEY CHECK (length(destination_hash) = 32),
        display_name TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        transfer_limit_kb INTEGER,
        last_heard_at INTEGER NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE auth (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        password_hash TEXT NOT NULL,
        password_changed_at INTEGER NOT NULL
      );
      CREATE TABLE auth_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        level INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE auth_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failed')),
        client TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        client_ip TEXT NOT NULL,
        user_agent TEXT NOT NULL
      );
      CREATE TABLE access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('request', 'auth')),
        client_ip TEXT NOT NULL,
        method TEXT,
        path TEXT,
        status INTEGER,
        duration_ms REAL,
        user_agent TEXT,
        session TEXT,
        event TEXT,
        outcome TEXT
      );
      CREATE TABLE debug_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        namespace TEXT NOT NULL,
        message TEXT NOT NULL
      );
    `);
  },
};
