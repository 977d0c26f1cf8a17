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
  const { fieldsJson: _fields, ...rest } = row;
  return {
    ...rest,
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
