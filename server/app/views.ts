// SPDX-License-Identifier: MIT
// What services return: plain JSON-safe objects (no bytes, no storage row quirks).
import type { MessageRow, AttachmentRow, ConversationRow } from '../storage/repositories/messages.repository.js';

export interface AttachmentView {
  index: number;
  kind: AttachmentRow['kind'];
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

export interface MessageView {
  id: string;
  hash: string | null;
  peerHash: string;
  direction: MessageRow['direction'];
  state: MessageRow['state'];
  method: MessageRow['method'];
  title: string;
  content: string;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  attempts: number;
  nextAttemptAt: number | null;
  progress: number;
  attachments: AttachmentView[];
  /** LXMF fields other than attachments, keyed by decimal field id (JSON-safe). */
  fields: Record<string, unknown>;
}

export interface ConversationView {
  peerHash: string;
  name: string | null;
  blocked: boolean;
  unreadCount: number;
  lastActivityAt: number;
  lastMessage: MessageView | null;
}

export function messageView(row: MessageRow, attachments: AttachmentRow[]): MessageView {
  const { fieldsJson, ...rest } = row;
  return {
    ...rest,
    fields: parseFields(fieldsJson),
    attachments: attachments.map((a) => ({ index: a.idx, kind: a.kind, name: a.name, mime: a.mime, size: a.size, sha256: a.sha256 })),
  };
}

export function conversationView(row: ConversationRow, attachments: (id: string) => AttachmentRow[]): ConversationView {
  return {
    peerHash: row.peerHash,
    name: row.contactName,
    blocked: row.blocked,
    unreadCount: row.unreadCount,
    lastActivityAt: row.lastActivityAt,
    lastMessage: row.lastMessage ? messageView(row.lastMessage, attachments(row.lastMessage.id)) : null,
  };
}

/** The stored fields object; a damaged row yields no fields rather than failing the whole list. */
export function parseFields(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch (error) {
    // fields_json is written only by us; treat corruption as "no fields" and keep the message readable.
    void error;
    return {};
  }
}
