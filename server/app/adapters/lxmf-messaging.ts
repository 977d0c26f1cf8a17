// SPDX-License-Identifier: MIT
// MessagingPort over the LXMF router, and the router's MessageStore over SQLite. Our messages have
// their own ids (the storage key); the router's are LXMF message hashes. The outbound table links
// them, so state events that arrive after a restart still find the message they belong to.
// An inbound message is handed to the services (which write it to SQLite, synchronously) inside
// commitInbound, i.e. before the router sends the delivery proof.
import type { LXMRouter, MessageStore, OutboundRecord } from '../../lxmf/router/index.js';
import { isFinal } from '../../lxmf/router/index.js';
import { MessageState, Method } from '../../lxmf/constants.js';
import type { MessageStateValue, MethodValue } from '../../lxmf/constants.js';
import type { LXMessage } from '../../lxmf/message.js';
import { LxmfError } from '../../lxmf/errors.js';
import { AppError } from '../errors.js';
import { fromHex, toHex } from '../../reticulum/wire/index.js';
import type { LxmfOutboundRepository } from '../../storage/repositories/lxmf.repository.js';
import type { Logger } from '../../logging/logger.js';
import type { DeliveryMethod, MessageState as AppState, MessagingEvent, MessagingPort, OutboundMessage, PortStatus } from '../ports.js';
import { addConversationFields, attachmentsFromFields, conversationFieldsFrom, fieldsFromAttachments } from './lxmf-fields.js';

const STATES: Record<number, AppState> = {
  [MessageState.GENERATING]: 'generating',
  [MessageState.OUTBOUND]: 'outbound',
  [MessageState.SENDING]: 'sending',
  [MessageState.SENT]: 'sent',
  [MessageState.PAPER]: 'sent',
  [MessageState.DELIVERED]: 'delivered',
  [MessageState.REJECTED]: 'rejected',
  [MessageState.CANCELLED]: 'cancelled',
  [MessageState.FAILED]: 'failed',
};
const METHODS: Partial<Record<DeliveryMethod, MethodValue>> = { direct: Method.DIRECT, opportunistic: Method.OPPORTUNISTIC, propagated: Method.PROPAGATED };
const METHOD_NAMES: Record<number, DeliveryMethod> = { [Method.DIRECT]: 'direct', [Method.OPPORTUNISTIC]: 'opportunistic', [Method.PROPAGATED]: 'propagated', [Method.PAPER]: 'paper' };

export function appState(state: MessageStateValue): AppState {
  return STATES[state] ?? 'failed';
}

export class LxmfMessaging implements MessagingPort {
  private readonly listeners = new Set<(e: MessagingEvent) => void>();
  private router: LXMRouter | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly c: {
      outbound: LxmfOutboundRepository;
      /** Whether an inbound message with this LXMF hash (hex) is already stored. */
      inboundExists: (hash: string) => boolean;
      running: () => PortStatus;
      log: Logger;
    },
  ) {}

  /** The router's persistence port. */
  readonly store: MessageStore = {
    hasInbound: (messageId) => this.c.inboundExists(toHex(messageId)),
    commitInbound: (message, info) => this.commitInbound(message, info.method),
    // Our message id comes with the first save of a record (router.send's `ref`); later saves of
    // the same record keep the one stored.
    saveOutbound: (r: OutboundRecord) => this.c.outbound.save(r, r.ref ?? null, isFinal(r)),
    pendingOutbound: () => this.c.outbound.pending().map((r) => ({ ...r, method: r.method as MethodValue, state: r.state as MessageStateValue })),
  };

  attach(router: LXMRouter): void {
    this.router = router;
    this.cleanups.push(
      router.on('state', (e) => {
        const id = this.c.outbound.localIdOf(e.messageId);
        if (id) this.emit({ type: 'state', id, state: appState(e.state), hash: toHex(e.messageId) });
      }),
      router.on('progress', (e) => {
        const id = this.c.outbound.localIdOf(e.messageId);
        if (id) this.emit({ type: 'progress', id, progress: e.progress });
      }),
    );
  }

  detach(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.router = null;
  }

  status(): PortStatus {
    return this.router ? { available: true } : this.c.running();
  }

  submit(message: OutboundMessage): void {
    // Without a router the stored `outbound` row is the queue; it is submitted at the next start.
    if (this.router) void this.send(this.router, message);
  }

  /** Whether our message was ever handed to the router (resumed by the router itself on start). */
  known(id: string): boolean {
    return this.c.outbound.known(id);
  }

  cancel(id: string): boolean {
    const messageId = this.c.outbound.queuedMessageIdOf(id);
    if (messageId === null) return !this.c.outbound.known(id);
    if (this.router) return this.router.cancel(messageId);
    // The router is down: finish the record so the next start does not resume (and send) it.
    this.c.outbound.finish(messageId, MessageState.CANCELLED);
    return true;
  }

  subscribe(listener: (event: MessagingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ingestPaper(uri: string): Promise<{ messageHash: string }> {
    const router = this.router;
    if (!router) throw new AppError('unavailable', 'RETICULUM_UNAVAILABLE', 'Reticulum not running: try again once the node is connected');
    let outcome;
    try {
      outcome = await router.ingestPaperUri(uri);
    } catch (error) {
      if (error instanceof LxmfError && error.code === 'LXMF_ERR_WRONG_DESTINATION') throw new AppError('invalid', 'PAPER_NOT_FOR_US', 'this paper message is addressed to someone else');
      if (error instanceof LxmfError && error.code === 'LXMF_ERR_BAD_URI') throw new AppError('invalid', 'PAPER_MALFORMED', `not a paper message: ${error.message}`);
      // Decryption or container errors: the URI is well formed but cannot be opened with our key.
      this.c.log.debug(`paper message could not be opened: ${(error as Error).message}`);
      throw new AppError('invalid', 'PAPER_UNREADABLE', 'this paper message cannot be read with this node\'s identity');
    }
    if (outcome.accepted && outcome.message) return { messageHash: toHex(outcome.message.hash) };
    if (outcome.reason === 'duplicate') throw new AppError('conflict', 'PAPER_DUPLICATE', 'this paper message was already received');
    throw new AppError('invalid', 'PAPER_REFUSED', `the paper message was refused (${outcome.reason ?? 'unknown reason'})`);
  }

  private async send(router: LXMRouter, m: OutboundMessage): Promise<void> {
    const method = METHODS[m.method];
    if (method === undefined) {
      this.c.log.warn(`message ${m.id}: method ${m.method} is not sent through the router`);
      this.emit({ type: 'state', id: m.id, state: 'failed' });
      return;
    }
    try {
      await router.send({ destinationHash: fromHex(m.to), title: m.title, content: m.content, fields: addConversationFields(fieldsFromAttachments(m.attachments), m.fields), method, ref: m.id });
    } catch (error) {
      this.c.log.warn(`message ${m.id} could not be queued: ${(error as Error).message}`);
      this.emit({ type: 'state', id: m.id, state: 'failed' });
    }
  }

  private commitInbound(message: LXMessage, method: MethodValue): void {
    // No listener means the services are not started: refusing makes the router withhold the proof,
    // so the sender retries instead of believing we stored it.
    if (this.listeners.size === 0) throw new Error('the message store is not ready');
    this.emit({
      type: 'inbound',
      message: {
        hash: toHex(message.hash),
        from: toHex(message.sourceHash),
        title: message.titleAsString() ?? '',
        content: message.contentAsString() ?? '',
        method: METHOD_NAMES[method] ?? 'direct',
        timestamp: Math.round(message.timestamp * 1000),
        attachments: attachmentsFromFields(message.fields),
        fields: conversationFieldsFrom(message.fields),
      },
    });
  }

  private emit(e: MessagingEvent): void {
    for (const l of this.listeners) l(e);
  }
}
