// SPDX-License-Identifier: MIT
// Conversations and messages: what the UI does with them, and what the router reports back.
// A message is stored before it is handed to the router, so a crash can never lose a sent message,
// and an inbound message is stored before anyone (the router's delivery proof included) hears of it.
import { randomBytes } from 'node:crypto';
import type { MessagesRepository } from '../storage/repositories/messages.repository.js';
import type { PeersRepository } from '../storage/repositories/peers.repository.js';
import { AppError, notFound } from './errors.js';
import type { EventBus } from './events.js';
import type { DeliveryMethod, InboundMessage, MessageFields, MessagingEvent, MessagingPort, OutboundAttachment } from './ports.js';
import type { ConversationView, MessageView } from './views.js';
import { conversationView, messageView, parseFields } from './views.js';

/** What the composer offers: a delivery method, or `auto` (direct first, then the propagation node). */
export type SendMethod = DeliveryMethod | 'auto';

export interface SendInput {
  to: string;
  title: string;
  content: string;
  method: SendMethod;
  attachments: readonly OutboundAttachment[];
  /** Validated reply/reaction/renderer fields (see MessageFields). */
  fields?: MessageFields;
}

export interface MessagesComponents {
  messages: MessagesRepository;
  peers: PeersRepository;
  messaging: MessagingPort;
  events: EventBus;
  clock: () => number;
  /** Whether a propagation node is chosen (the `auto` method falls back to it). */
  hasPropagationNode?: () => boolean;
}

const RETRYABLE = new Set(['failed', 'cancelled', 'rejected']);
const CANCELLABLE = new Set(['generating', 'outbound', 'sending']);

export class MessagesService {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly c: MessagesComponents) {}

  /** Starts listening to the router. */
  start(): void {
    this.unsubscribe ??= this.c.messaging.subscribe((e) => this.onRouterEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  send(input: SendInput): MessageView {
    if (this.c.peers.contact(input.to)?.blocked) throw new AppError('conflict', 'PEER_BLOCKED', 'this peer is blocked: unblock it to send');
    const id = randomBytes(16).toString('hex');
    // `auto` is tried directly first; the propagation fallback is decided when direct delivery fails.
    const method: DeliveryMethod = input.method === 'auto' ? 'direct' : input.method;
    this.c.messages.insert({
      id, peerHash: input.to, direction: 'outbound', state: 'outbound', method,
      title: input.title, content: input.content, createdAt: this.c.clock(), attachments: input.attachments,
      fieldsJson: JSON.stringify(input.fields ?? {}),
    });
    if (input.method === 'auto') this.c.messages.markFallback(id);
    const view = this.view(id);
    this.c.events.emit('message.new', { message: view });
    this.c.messaging.submit({ id, to: input.to, title: input.title, content: input.content, method, attachments: input.attachments, fields: input.fields ?? {} });
    return view;
  }

  retry(id: string): MessageView {
    const row = this.c.messages.get(id);
    if (!row || row.direction !== 'outbound') throw notFound('outbound message');
    if (!RETRYABLE.has(row.state)) throw new AppError('conflict', 'MESSAGE_NOT_RETRYABLE', `a message in state ${row.state} cannot be retried`);
    this.resubmit(id, row.method);
    return this.view(id);
  }

  private resubmit(id: string, method: DeliveryMethod): void {
    const row = this.c.messages.get(id);
    if (!row) return;
    this.setState(id, row.peerHash, 'outbound');
    const attachments = this.c.messages.attachments(id).map((a) => ({
      kind: a.kind, name: a.name, mime: a.mime, data: this.c.messages.blob(a.sha256) ?? new Uint8Array(),
    }));
    this.c.messaging.submit({ id, to: row.peerHash, title: row.title, content: row.content, method, attachments, fields: parseFields(row.fieldsJson) });
  }

  cancel(id: string): MessageView {
    const row = this.c.messages.get(id);
    if (!row || row.direction !== 'outbound') throw notFound('outbound message');
    if (!CANCELLABLE.has(row.state)) throw new AppError('conflict', 'MESSAGE_NOT_CANCELLABLE', `a message in state ${row.state} cannot be cancelled`);
    if (!this.c.messaging.cancel(id)) throw new AppError('conflict', 'MESSAGE_NOT_CANCELLABLE', 'the message has already left the node');
    this.setState(id, row.peerHash, 'cancelled');
    return this.view(id);
  }

  delete(id: string): void {
    const row = this.c.messages.get(id);
    if (!row) throw notFound('message');
    if (row.direction === 'outbound' && CANCELLABLE.has(row.state)) this.c.messaging.cancel(id);
    this.c.messages.delete(id);
  }

  get(id: string): MessageView {
    return this.view(id);
  }

  /** Imports an `lxm://` paper message; resolves with the stored message. */
  async importPaper(uri: string): Promise<MessageView> {
    const { messageHash } = await this.c.messaging.ingestPaper(uri);
    const row = this.c.messages.getByHash(messageHash);
    // Accepted but not stored means the sender is blocked (the app drops those silently).
    if (!row) throw new AppError('conflict', 'PAPER_NOT_STORED', 'the paper message was read but not kept (is its sender blocked?)');
    return this.view(row.id);
  }

  list(peerHash: string, before: number | undefined, limit: number): MessageView[] {
    return this.c.messages.listByPeer(peerHash, before ?? Number.MAX_SAFE_INTEGER, limit).map((m) => messageView(m, this.c.messages.attachments(m.id)));
  }

  conversations(before: number | undefined, limit: number): ConversationView[] {
    return this.c.messages.listConversations(before ?? Number.MAX_SAFE_INTEGER, limit).map((r) => conversationView(r, (id) => this.c.messages.attachments(id)));
  }

  markRead(peerHash: string): void {
    if (!this.c.messages.markRead(peerHash, this.c.clock())) throw notFound('conversation');
  }

  deleteConversation(peerHash: string): void {
    for (const m of this.c.messages.listByPeer(peerHash, Number.MAX_SAFE_INTEGER, 10_000)) {
      if (m.direction === 'outbound' && CANCELLABLE.has(m.state)) this.c.messaging.cancel(m.id);
    }
    if (!this.c.messages.deleteConversation(peerHash)) throw notFound('conversation');
  }

  search(text: string, limit: number): MessageView[] {
    return this.c.messages.search(text, limit).map((m) => messageView(m, this.c.messages.attachments(m.id)));
  }

  /** The bytes and metadata of one attachment. */
  attachment(id: string, index: number): { name: string; mime: string; data: Uint8Array } {
    const a = this.c.messages.attachments(id).find((x) => x.idx === index);
    const data = a ? this.c.messages.blob(a.sha256) : undefined;
    if (!a || !data) throw notFound('attachment');
    return { name: a.name, mime: a.mime, data };
  }

  /** Stores a message delivered to us (unless the sender is blocked) and announces it. */
  receive(message: InboundMessage): MessageView | null {
    if (this.c.peers.contact(message.from)?.blocked) return null;
    if (this.c.messages.getByHash(message.hash)) return null; // a duplicate delivery of one we already hold
    const id = randomBytes(16).toString('hex');
    this.c.messages.insert({
      id, hash: message.hash, peerHash: message.from, direction: 'inbound', state: 'received', method: message.method,
      title: message.title, content: message.content, createdAt: message.timestamp, attachments: message.attachments,
      fieldsJson: JSON.stringify(message.fields ?? {}),
    });
    const view = this.view(id);
    this.c.events.emit('message.new', { message: view });
    return view;
  }

  private onRouterEvent(e: MessagingEvent): void {
    const now = this.c.clock();
    switch (e.type) {
      case 'inbound':
        this.receive(e.message);
        return;
      case 'state': {
        const row = this.c.messages.get(e.id);
        if (!row) return;
        if (e.hash) this.c.messages.setHash(e.id, e.hash, now);
        if (e.state === 'failed' && this.c.messages.takeFallback(e.id) && this.c.hasPropagationNode?.() === true) {
          // Direct delivery gave up: the `auto` message goes to the propagation node instead.
          this.c.messages.setMethod(e.id, 'propagated', now);
          this.resubmit(e.id, 'propagated');
          return;
        }
        this.setState(e.id, row.peerHash, e.state);
        return;
      }
      case 'progress': {
        const row = this.c.messages.get(e.id);
        if (!row) return;
        this.c.messages.setProgress(e.id, e.progress, now);
        this.c.events.emit('message.progress', { id: e.id, peerHash: row.peerHash, progress: Math.min(1, Math.max(0, e.progress)) });
        return;
      }
      case 'attempt':
        this.c.messages.countAttempt(e.id, e.nextAttemptAt, now);
        return;
      default:
        assertNever(e);
    }
  }

  private setState(id: string, peerHash: string, state: MessageView['state']): void {
    this.c.messages.setState(id, state, this.c.clock());
    this.c.events.emit('message.state', { id, peerHash, state });
  }

  private view(id: string): MessageView {
    const row = this.c.messages.get(id);
    if (!row) throw notFound('message');
    return messageView(row, this.c.messages.attachments(id));
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
