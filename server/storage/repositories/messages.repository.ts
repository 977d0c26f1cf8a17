// SPDX-License-Identifier: MIT
// Messages, the conversations they form, and their attachments. Every write that touches more than
// one table runs in one transaction, so a crash never leaves a message without its conversation row
// or an attachment row without its bytes.
import { createHash } from 'node:crypto';
import type { Db } from '../db.js';

export type MessageDirection = 'inbound' | 'outbound';
export type MessageState = 'generating' | 'outbound' | 'sending' | 'sent' | 'delivered' | 'rejected' | 'cancelled' | 'failed' | 'received';
export type DeliveryMethod = 'direct' | 'opportunistic' | 'propagated' | 'paper';
export type AttachmentKind = 'file' | 'image' | 'audio';

export interface MessageRow {
  id: string;
  hash: string | null;
  peerHash: string;
  direction: MessageDirection;
  state: MessageState;
  method: DeliveryMethod;
  title: string;
  content: string;
  fieldsJson: string;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  attempts: number;
  nextAttemptAt: number | null;
  progress: number;
}

export interface AttachmentRow {
  messageId: string;
  idx: number;
  kind: AttachmentKind;
  name: string;
  mime: string;
  sha256: string;
  size: number;
}

export interface NewAttachment {
  kind: AttachmentKind;
  name: string;
  mime: string;
  data: Uint8Array;
}

export interface NewMessage {
  id: string;
  hash?: string | null;
  peerHash: string;
  direction: MessageDirection;
  state: MessageState;
  method: DeliveryMethod;
  title: string;
  content: string;
  fieldsJson?: string;
  createdAt: number;
  attachments?: readonly NewAttachment[];
}

export interface ConversationRow {
  peerHash: string;
  unreadCount: number;
  lastActivityAt: number;
  lastReadAt: number | null;
  lastMessage: MessageRow | null;
  contactName: string | null;
  blocked: boolean;
}

const MESSAGE_COLUMNS = `m.id, m.hash, m.peer_hash AS peerHash, m.direction, m.state, m.method, m.title, m.content,
  m.fields_json AS fieldsJson, m.created_at AS createdAt, m.updated_at AS updatedAt, m.sent_at AS sentAt,
  m.delivered_at AS deliveredAt, m.attempts, m.next_attempt_at AS nextAttemptAt, m.progress`;

/** SHA-256 of attachment bytes as lowercase hex: the key under which the bytes are stored once. */
export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Typed access to messages, conversations and attachments. */
export class MessagesRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      upsertConversation: db.prepare(`INSERT INTO conversations (peer_hash, last_message_id, last_activity_at, unread_count)
        VALUES (@peerHash, @id, @createdAt, @unread)
        ON CONFLICT (peer_hash) DO UPDATE SET
          last_message_id = CASE WHEN excluded.last_activity_at >= last_activity_at THEN excluded.last_message_id ELSE last_message_id END,
          last_activity_at = max(last_activity_at, excluded.last_activity_at),
          unread_count = unread_count + excluded.unread_count`),
      insertMessage: db.prepare(`INSERT INTO messages (id, hash, peer_hash, direction, state, method, title, content, fields_json, created_at, updated_at)
        VALUES (@id, @hash, @peerHash, @direction, @state, @method, @title, @content, @fieldsJson, @createdAt, @createdAt)`),
      insertBlob: db.prepare('INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING'),
      insertAttachment: db.prepare('INSERT INTO message_attachments (message_id, idx, kind, name, mime, sha256) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`),
      getByHash: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.hash = ?`),
      byPeer: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.peer_hash = @peerHash AND m.created_at < @before
        ORDER BY m.created_at DESC, m.rowid DESC LIMIT @limit`),
      attachments: db.prepare(`SELECT a.message_id AS messageId, a.idx, a.kind, a.name, a.mime, a.sha256, b.size
        FROM message_attachments a JOIN blobs b ON b.sha256 = a.sha256 WHERE a.message_id = ? ORDER BY a.idx`),
      blob: db.prepare('SELECT data FROM blobs WHERE sha256 = ?'),
      deleteMessage: db.prepare('DELETE FROM messages WHERE id = ?'),
      orphanBlobs: db.prepare('DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM message_attachments)'),
      refreshConversation: db.prepare(`UPDATE conversations SET
          last_message_id = (SELECT id FROM messages WHERE peer_hash = @peerHash ORDER BY created_at DESC, rowid DESC LIMIT 1),
          unread_count = (SELECT count(*) FROM messages WHERE peer_hash = @peerHash AND direction = 'inbound'
            AND created_at > coalesce(last_read_at, 0))
        WHERE peer_hash = @peerHash`),
      dropEmptyConversation: db.prepare('DELETE FROM conversations WHERE peer_hash = ? AND last_message_id IS NULL'),
      conversations: db.prepare(`SELECT c.peer_hash AS peerHash, c.unread_count AS unreadCount, c.last_activity_at AS lastActivityAt,
          c.last_read_at AS lastReadAt, c.last_message_id AS lastMessageId, coalesce(ct.name, an.display_name) AS contactName,
          coalesce(ct.blocked, 0) AS blocked
        FROM conversations c LEFT JOIN contacts ct ON ct.hash = c.peer_hash
          LEFT JOIN announces an ON an.aspect = 'lxmf.delivery' AND an.destination_hash = c.peer_hash
        WHERE c.last_activity_at < @before ORDER BY c.last_activity_at DESC LIMIT @limit`),
      markRead: db.prepare('UPDATE conversations SET unread_count = 0, last_read_at = @now WHERE peer_hash = @peerHash'),
      deleteConversation: db.prepare('DELETE FROM conversations WHERE peer_hash = ?'),
      setState: db.prepare(`UPDATE messages SET state = @state, updated_at = @now,
          sent_at = CASE WHEN @state = 'sent' THEN @now ELSE sent_at END,
          delivered_at = CASE WHEN @state = 'delivered' THEN @now ELSE delivered_at END,
          progress = CASE WHEN @state IN ('sent', 'delivered') THEN 1 ELSE progress END
        WHERE id = @id`),
      setProgress: db.prepare('UPDATE messages SET progress = @progress, updated_at = @now WHERE id = @id'),
      countAttempt: db.prepare('UPDATE messages SET attempts = attempts + 1, next_attempt_at = @next, updated_at = @now WHERE id = @id'),
      setHash: db.prepare('UPDATE messages SET hash = @hash, updated_at = @now WHERE id = @id'),
      setMethod: db.prepare('UPDATE messages SET method = @method, updated_at = @now WHERE id = @id'),
      markFallback: db.prepare('INSERT OR IGNORE INTO message_fallbacks (message_id) VALUES (?)'),
      takeFallback: db.prepare('DELETE FROM message_fallbacks WHERE message_id = ?'),
      pending: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.state IN ('outbound', 'sending') ORDER BY m.created_at LIMIT ?`),
      // Newest matches first: FTS5 walks its index in rowid order and stops at the limit, where
      // ORDER BY rank would score every match (hundreds of thousands for a common word).
      search: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.rowid IN (
          SELECT rowid FROM messages_fts WHERE messages_fts MATCH @query ORDER BY rowid DESC LIMIT @limit)
        ORDER BY m.rowid DESC`),
      count: db.prepare('SELECT count(*) AS n FROM messages'),
    };
  }

  /** Stores a message (and its attachments, each byte string once) and updates its conversation. */
  insert(message: NewMessage): MessageRow {
    this.db.transaction(() => {
      const row = { hash: null, fieldsJson: '{}', ...message, unread: message.direction === 'inbound' ? 1 : 0 };
      // The conversation row must exist before the message that references it.
      this.stmts.upsertConversation.run({ ...row, id: null });
      this.stmts.insertMessage.run(row);
      this.stmts.upsertConversation.run({ ...row, unread: 0 });
      (message.attachments ?? []).forEach((a, idx) => {
        const sha = contentHash(a.data);
        this.stmts.insertBlob.run(sha, a.data.byteLength, a.data);
        this.stmts.insertAttachment.run(message.id, idx, a.kind, a.name, a.mime, sha);
      });
    })();
    return this.get(message.id) as MessageRow;
  }

  get(id: string): MessageRow | undefined {
    return this.stmts.get.get(id) as MessageRow | undefined;
  }

  getByHash(hash: string): MessageRow | undefined {
    return this.stmts.getByHash.get(hash) as MessageRow | undefined;
  }

  /** Newest first, `limit` messages strictly older than `before` (ms). */
  listByPeer(peerHash: string, before: number, limit: number): MessageRow[] {
    return this.stmts.byPeer.all({ peerHash, before, limit }) as MessageRow[];
  }

  attachments(messageId: string): AttachmentRow[] {
    return this.stmts.attachments.all(messageId) as AttachmentRow[];
  }

  /** The bytes stored under a content hash, or undefined. */
  blob(sha256: string): Uint8Array | undefined {
    const row = this.stmts.blob.get(sha256) as { data: Buffer } | undefined;
    return row?.data;
  }

  /** Deletes a message, the bytes no other message shares, and a conversation left empty. */
  delete(id: string): boolean {
    return this.db.transaction(() => {
      const message = this.get(id);
      if (!message) return false;
      this.stmts.deleteMessage.run(id);
      this.stmts.orphanBlobs.run();
      this.stmts.refreshConversation.run({ peerHash: message.peerHash });
      this.stmts.dropEmptyConversation.run(message.peerHash);
      return true;
    })();
  }

  /** Newest activity first; `before` pages by last activity time (ms). */
  listConversations(before: number, limit: number): ConversationRow[] {
    const rows = this.stmts.conversations.all({ before, limit }) as (Omit<ConversationRow, 'lastMessage' | 'blocked'> & {
      lastMessageId: string | null;
      blocked: number;
    })[];
    return rows.map(({ lastMessageId, blocked, ...c }) => ({
      ...c,
      blocked: blocked === 1,
      lastMessage: lastMessageId ? (this.get(lastMessageId) ?? null) : null,
    }));
  }

  markRead(peerHash: string, now: number): boolean {
    return this.stmts.markRead.run({ peerHash, now }).changes === 1;
  }

  /** Deletes a conversation with every message in it. */
  deleteConversation(peerHash: string): boolean {
    return this.db.transaction(() => {
      const changed = this.stmts.deleteConversation.run(peerHash).changes === 1;
      if (changed) this.stmts.orphanBlobs.run();
      return changed;
    })();
  }

  setState(id: string, state: MessageState, now: number): boolean {
    return this.stmts.setState.run({ id, state, now }).changes === 1;
  }

  setProgress(id: string, progress: number, now: number): boolean {
    return this.stmts.setProgress.run({ id, progress: Math.min(1, Math.max(0, progress)), now }).changes === 1;
  }

  countAttempt(id: string, nextAttemptAt: number | null, now: number): void {
    this.stmts.countAttempt.run({ id, next: nextAttemptAt, now });
  }

  setHash(id: string, hash: string, now: number): void {
    this.stmts.setHash.run({ id, hash, now });
  }

  setMethod(id: string, method: MessageRow['method'], now: number): void {
    this.stmts.setMethod.run({ id, method, now });
  }

  /** Marks an outbound message to go via the propagation node if direct delivery fails. */
  markFallback(id: string): void {
    this.stmts.markFallback.run(id);
  }

  /** True (once) when the message was marked for the propagation fallback. */
  takeFallback(id: string): boolean {
    return this.stmts.takeFallback.run(id).changes === 1;
  }

  /** Outbound messages still waiting for (or in) delivery, oldest first. */
  pending(limit: number): MessageRow[] {
    return this.stmts.pending.all(limit) as MessageRow[];
  }

  /**
   * Full-text search, newest first. The user's words are quoted one by one, so FTS5 operators in the input are
   * matched as text and cannot produce a syntax error.
   */
  search(text: string, limit: number): MessageRow[] {
    const terms = text.split(/\s+/).filter((t) => t.length > 0).map((t) => `"${t.replaceAll('"', '""')}"`);
    if (terms.length === 0) return [];
    return this.stmts.search.all({ query: terms.join(' '), limit }) as MessageRow[];
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }
}
