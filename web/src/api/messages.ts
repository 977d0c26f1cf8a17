// SPDX-License-Identifier: MIT
// Conversations and messages: list, send, retry, cancel, mark read. Shapes follow
// server/http/contract (MessageInfo); rows are checked for their id at the boundary.
import { ResponseShapeError } from './errors.js';
import type { HttpClient } from './http.js';
import { isRecord, list, record } from './parse.js';

export type MessageState = 'generating' | 'outbound' | 'sending' | 'sent' | 'delivered' | 'rejected' | 'cancelled' | 'failed' | 'received';
export type DeliveryMethod = 'direct' | 'opportunistic' | 'propagated';
/** What a send may ask for: a method, or `auto` (direct, then via the propagation node on failure). */
export type SendMethod = DeliveryMethod | 'auto';

export interface AttachmentInfo {
  index: number;
  kind: 'file' | 'image' | 'audio';
  name: string;
  mime: string;
  size: number;
}

/** An attachment as the send request carries it (server/http/contract sendMessageRequest). */
export interface OutgoingAttachment {
  kind: AttachmentInfo['kind'];
  name: string;
  mime: string;
  /** Base64 of the file's bytes. */
  data: string;
}

/** LXMF FIELD_RENDERER (0x0F) values; absent means the client's default (we render Markdown). */
export type TextRenderer = 'plain' | 'micron' | 'markdown' | 'bbcode';
const RENDERERS: Record<number, TextRenderer> = { 0: 'plain', 1: 'micron', 2: 'markdown', 3: 'bbcode' };

/** The reply/reaction/renderer fields a client may send (server/http/contract sendMessageFields). */
export interface OutgoingFields {
  /** REPLY_TO: the LXMF hash (hex) of the message answered. */
  '48'?: string;
  /** REPLY_QUOTE: a short excerpt of it, ≤ 500 chars. */
  '49'?: string;
  /** REACTION: an emoji (≤ 16 chars) on the message with LXMF hash `to`. */
  '64'?: { to: string; content: string };
  '15'?: number;
}

export interface Reaction {
  to: string;
  content: string;
}

export interface Message {
  id: string;
  /** LXMF message hash; null until the router has packed an outbound message. */
  hash: string | null;
  peerHash: string;
  direction: 'inbound' | 'outbound';
  state: MessageState;
  method: DeliveryMethod | 'paper';
  title: string;
  content: string;
  createdAt: number;
  /** 0..1 while a large message is being transferred. */
  progress: number;
  attempts: number;
  attachments: AttachmentInfo[];
  renderer: TextRenderer;
  replyTo: string | null;
  replyQuote: string | null;
  reaction: Reaction | null;
}

/** Reads FIELD_RENDERER when the server exposes LXMF fields (keyed by their decimal number). */
function rendererOf(fields: unknown): TextRenderer {
  if (!isRecord(fields)) return 'markdown';
  const r = fields['15'];
  return (typeof r === 'number' && RENDERERS[r]) || 'markdown';
}

const HASH = /^[0-9a-f]{64}$/;
const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length <= max ? v : null);

/** Fields come from any peer: anything not shaped as expected is ignored, never trusted. */
function replyOf(fields: unknown): Pick<Message, 'replyTo' | 'replyQuote' | 'reaction'> {
  if (!isRecord(fields)) return { replyTo: null, replyQuote: null, reaction: null };
  const to = str(fields['48'], 64);
  const r = fields['64'];
  const reaction = isRecord(r) && typeof r['to'] === 'string' && HASH.test(r['to']) && str(r['content'], 16) ? { to: r['to'], content: r['content'] as string } : null;
  return { replyTo: to && HASH.test(to) ? to : null, replyQuote: str(fields['49'], 500), reaction };
}

export function parseMessage(v: unknown): Message {
  const o = record(v, 'message');
  if (typeof o['id'] !== 'string' || typeof o['peerHash'] !== 'string') throw new ResponseShapeError('message: id and peerHash required');
  return { attachments: [], progress: 0, attempts: 0, title: '', hash: null, ...o, renderer: rendererOf(o['fields']), ...replyOf(o['fields']) } as unknown as Message;
}

function one(v: unknown): Message {
  return parseMessage(isRecord(v) ? v['message'] : v);
}

export function createMessagesApi(http: HttpClient) {
  const peer = (hash: string) => `/api/v1/conversations/${encodeURIComponent(hash)}`;
  const msg = (id: string) => `/api/v1/messages/${encodeURIComponent(id)}`;
  return {
    /** Newest first, as the server pages them; `before` is a createdAt timestamp. */
    async list(peerHash: string, before?: number, limit = 50): Promise<Message[]> {
      const q = new URLSearchParams({ limit: String(limit) });
      if (before !== undefined) q.set('before', String(before));
      return list(await http.get(`${peer(peerHash)}/messages?${q}`), 'messages', 'messages').map(parseMessage);
    },
    /** Attachments travel base64-encoded inside the JSON body (the server has no multipart route). */
    async send(to: string, content: string, method: SendMethod, attachments: OutgoingAttachment[] = [], fields?: OutgoingFields): Promise<Message> {
      const body: Record<string, unknown> = attachments.length ? { to, content, method, attachments } : { to, content, method };
      if (fields && Object.keys(fields).length > 0) body['fields'] = fields;
      return one(await http.send('POST', '/api/v1/messages', body));
    },
    /** Imports an lxm:// paper message addressed to this node; answers the stored message. */
    async importPaper(uri: string): Promise<Message> {
      return one(await http.send('POST', '/api/v1/messages/paper', { uri }));
    },
    async retry(id: string): Promise<Message> {
      return one(await http.send('POST', `${msg(id)}/retry`));
    },
    async cancel(id: string): Promise<Message> {
      return one(await http.send('POST', `${msg(id)}/cancel`));
    },
    async markRead(peerHash: string): Promise<void> {
      await http.send('POST', `${peer(peerHash)}/read`);
    },
    attachmentUrl(id: string, index: number): string {
      return `${msg(id)}/attachments/${index}`;
    },
  };
}

export type MessagesApi = ReturnType<typeof createMessagesApi>;
