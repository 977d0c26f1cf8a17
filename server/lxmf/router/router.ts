// SPDX-License-Identifier: MIT
// LXMRouter: the node's LXMF endpoint (LXMF/LXMRouter.py; protocol §11). It owns the
// `lxmf.delivery` destination (ratchets on), announces it with display name and stamp cost,
// learns peers' stamp costs from their announces, runs inbound messages through the pipeline,
// and queues outbound messages (OPPORTUNISTIC, DIRECT) and paper URIs. Persistence is the
// injected MessageStore; nothing here touches disk.
import { Destination, DestinationType, Direction, ProofStrategy } from '../../reticulum/destination/index.js';
import type { Identity, KnownIdentities } from '../../reticulum/identity/index.js';
import { RatchetRing } from '../../reticulum/identity/index.js';
import type { Transport } from '../../reticulum/transport/index.js';
import { bytesEqual, toHex } from '../../reticulum/wire/index.js';
import { buildDeliveryAppData, stampCostFromAppData } from '../announce-data.js';
import { APP_NAME, MessageState, Method } from '../constants.js';
import type { MethodValue } from '../constants.js';
import { openEncryptedContainer, packedFromOpportunistic, planDelivery } from '../delivery.js';
import { LxmfArgumentError, LxmfDecodeError } from '../errors.js';
import { Field } from '../fields.js';
import { LXMessage } from '../message.js';
import type { LxmFields } from '../message.js';
import { buildPaper, decodePaperUri } from '../paper.js';
import { messageStampFor, stampWanted } from '../stamps/index.js';
import type { StampWorkerPool } from '../stamps/index.js';
import { MemoryTicketStore, TicketBook, ticketFieldValue } from '../tickets.js';
import { PropagationClient } from '../propagation/index.js';
import type { SyncResult } from '../propagation/index.js';
import { DirectLinks } from './direct-links.js';
import { TypedEmitter } from './emitter.js';
import { InboundPipeline } from './inbound-pipeline.js';
import type { InboundOutcome } from './inbound-pipeline.js';
import { OutboundQueue } from './outbound-queue.js';
import { TurnSlices } from './turn-slices.js';
import { DEFAULT_MAX_INBOUND_SIZE, DEFAULT_TIMING } from './types.js';
import type { MessageStore, OutboundRecord, RouterEvents, RouterLogger, RouterOptions, RouterTiming } from './types.js';

/** Messages {@link LXMRouter.send} builds and signs per turn of the event loop. */
const BUILDS_PER_TURN = 16;

/** Collaborators of {@link LXMRouter}, injected by the composition root. */
export interface RouterComponents {
  transport: Transport;
  knownIdentities: KnownIdentities;
  /** The delivery identity (with private key). */
  identity: Identity;
  store: MessageStore;
  stampPool: StampWorkerPool;
  /** Ticket book; an in-memory one by default. */
  tickets?: TicketBook;
  /** Persisted ratchets of the delivery destination; a fresh ring by default. */
  ratchets?: RatchetRing;
  logger?: RouterLogger;
}

/** What {@link LXMRouter.send} takes. */
export interface SendInput {
  destinationHash: Uint8Array;
  title?: Uint8Array | string;
  content?: Uint8Array | string;
  fields?: LxmFields | null;
  /** OPPORTUNISTIC or DIRECT (default DIRECT, as the reference). */
  method?: MethodValue;
  /** Include a ticket so the recipient can answer without proof-of-work. */
  includeTicket?: boolean;
  /**
   * An id of the caller's own, handed to the store with the message's first record
   * ({@link OutboundRecord.ref}): a burst of sends is built over several turns of the event loop,
   * so the caller cannot rely on the store being called before send() returns.
   */
  ref?: string;
}

const silent: RouterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** The LXMF router of one delivery identity. */
export class LXMRouter {
  readonly deliveryDestination: Destination;
  private readonly events: TypedEmitter<RouterEvents>;
  private readonly log: RouterLogger;
  private readonly tickets: TicketBook;
  private readonly links: DirectLinks;
  private readonly inbound: InboundPipeline;
  private readonly queue: OutboundQueue;
  /** Propagation nodes heard, the chosen one, uploads and inbound sync. */
  readonly propagation: PropagationClient;
  private readonly timing: RouterTiming;
  private readonly blocked = new Set<string>();
  private readonly stampCosts = new Map<string, number | null>();
  private readonly generating = new Map<string, AbortController>();
  /** Messages built (and signed) per turn of the event loop, as the queue's first attempts are. */
  private readonly builds = new TurnSlices(BUILDS_PER_TURN);
  private displayName: string | null;
  private inboundStampCost: number | null;
  private readonly cleanups: Array<() => void> = [];
  private started = false;

  constructor(
    private readonly components: RouterComponents,
    options: RouterOptions = {},
  ) {
    const { transport, knownIdentities: known, identity, store, stampPool } = components;
    if (!identity.hasPrivateKey) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'the delivery identity must hold its private key');
    this.log = components.logger ?? silent;
    this.events = new TypedEmitter((error) => this.log.warn('lxmf: event listener threw', { error: String(error) }));
    this.tickets = components.tickets ?? new TicketBook({ store: new MemoryTicketStore() });
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.displayName = options.displayName ?? null;
    this.inboundStampCost = options.inboundStampCost ?? null;
    const dest = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: APP_NAME, aspects: ['delivery'] });
    // Proofs are sent by the router after the store commits, never by Transport on arrival.
    dest.proofStrategy = ProofStrategy.PROVE_NONE;
    if (options.ratchets ?? true) dest.enableRatchets(components.ratchets ?? new RatchetRing());
    dest.defaultAppData = () => this.announceAppData();
    this.deliveryDestination = dest;
    const maxInboundSize = options.maxInboundSize ?? DEFAULT_MAX_INBOUND_SIZE;
    this.inbound = new InboundPipeline({
      known,
      store,
      tickets: this.tickets,
      pool: stampPool,
      deliveryHash: dest.hash,
      requiredCost: () => this.inboundStampCost,
      enforceStamps: options.enforceStamps ?? true,
      maxInboundSize,
      isBlocked: (h) => this.blocked.has(toHex(h)),
      delivered: (m, info) => this.events.emit('message', m, info),
      dropped: (reason, detail) => {
        this.log.debug('lxmf: inbound message dropped', { reason });
        this.events.emit('dropped', reason, detail);
      },
      warn: (message, ctx) => this.log.warn(message, ctx),
    });
    this.links = new DirectLinks(transport, {
      packet: (data, packet, link) => void this.inbound.accept(data, { method: Method.DIRECT }).then((o) => o.prove && link.prove(packet)),
      maxResourceSize: () => maxInboundSize,
      resource: (data) => this.inbound.accept(data, { method: Method.DIRECT }).then((o) => o.prove),
      identified: (hash, id) => {
        if (!known.recall(hash)) known.remember({ destinationHash: hash, publicKey: id.publicKey });
      },
    }, this.timing.linkMaxInactivityMs);
    this.propagation = new PropagationClient({
      transport,
      known,
      identity,
      pool: stampPool,
      ingest: (data) => this.ingestPropagated(data),
      transferLimitKb: maxInboundSize / 1000,
      pathWaitMs: this.timing.pathRequestWaitMs,
      onSyncState: (state, progress) => this.events.emit('sync', { state, progress }),
    });
    this.queue = new OutboundQueue({
      transport,
      known,
      links: this.links,
      store,
      timing: this.timing,
      identity,
      log: this.log,
      state: (r) => this.events.emit('state', { messageId: r.messageId, destinationHash: r.destinationHash, state: r.state, method: r.method }),
      progress: (messageId, progress) => this.events.emit('progress', { messageId, progress }),
      delivered: (r, m) => {
        if (m.fields.has(Field.TICKET)) this.tickets.markDelivered(r.destinationHash);
      },
      propagation: {
        hasNode: () => this.propagation.node !== null,
        upload: (m, recipient, onProgress) => this.propagation.upload(m, recipient, onProgress),
      },
    });
  }

  /** Our lxmf.delivery destination hash (what others address messages to). */
  get deliveryHash(): Uint8Array {
    return this.deliveryDestination.hash;
  }

  /** Subscribes to router events; returns the unsubscribe function. */
  on<K extends keyof RouterEvents>(event: K, fn: (...args: RouterEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  /** Registers the destination and announce handler, then resumes stored outbound messages. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.queue.start();
    const { transport, knownIdentities: known } = this.components;
    const dest = this.deliveryDestination;
    this.cleanups.push(
      transport.registerDestination(dest, {
        onPacket: (data, inb) => void this.accept(packedFromOpportunistic(dest.hash, data), Method.OPPORTUNISTIC).then((o) => o.prove && inb.prove()),
        onLinkRequest: this.links.acceptor({ hash: dest.hash, identity: this.components.identity }),
      }),
      transport.registerAnnounceHandler({
        aspectFilter: `${APP_NAME}.delivery`,
        receivePathResponses: true,
        onAnnounce: (e) => {
          const cost = stampCostFromAppData(e.appData);
          this.stampCosts.set(toHex(e.destinationHash), cost);
          this.events.emit('stampCost', e.destinationHash, cost);
          this.queue.pathLearned(e.destinationHash);
        },
      }),
      transport.registerAnnounceHandler({
        aspectFilter: `${APP_NAME}.propagation`,
        receivePathResponses: true,
        onAnnounce: (e) => void this.propagation.heard(e),
      }),
    );
    for (const record of await this.components.store.pendingOutbound()) {
      try {
        const message = LXMessage.unpack(record.packed, { recall: (h) => known.recall(h) });
        if (record.state === MessageState.GENERATING) this.prepare(record, message, null);
        else await this.queue.enqueue({ ...record }, message);
      } catch (error) {
        this.log.warn('lxmf: stored outbound message could not be resumed', { error: String(error) });
      }
    }
  }

  /** Stops queues and links; queued messages stay in the store and resume on the next start(). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const c of this.generating.values()) c.abort();
    this.generating.clear();
    this.queue.stop();
    this.propagation.stop();
    this.links.closeAll();
    for (const c of this.cleanups.splice(0)) c();
  }

  /** Announces lxmf.delivery with display name and inbound stamp cost. */
  announce(): void {
    this.components.transport.announce(this.deliveryDestination, { appData: this.announceAppData() });
  }

  /** Changes the display name / inbound stamp cost (takes effect in the next announce). */
  configure(settings: { displayName?: string | null; inboundStampCost?: number | null }): void {
    if (settings.displayName !== undefined) this.displayName = settings.displayName;
    if (settings.inboundStampCost !== undefined) this.inboundStampCost = settings.inboundStampCost;
  }

  /** The stamp cost a destination announced, or null. */
  stampCostOf(destinationHash: Uint8Array): number | null {
    const key = toHex(destinationHash);
    if (this.stampCosts.has(key)) return this.stampCosts.get(key) ?? null;
    return stampCostFromAppData(this.components.knownIdentities.recallAppData(destinationHash));
  }

  /** Drops every future message from this source (LXMRouter.ignore_destination). */
  block(sourceHash: Uint8Array): void {
    this.blocked.add(toHex(sourceHash));
  }

  unblock(sourceHash: Uint8Array): void {
    this.blocked.delete(toHex(sourceHash));
  }

  /**
   * Creates, signs and queues a message; returns its id once the record is stored. Stamp
   * generation (GENERATING) runs in worker threads; the message then goes OUTBOUND at once.
   */
  async send(input: SendInput): Promise<Uint8Array> {
    const method = input.method ?? Method.DIRECT;
    if (method !== Method.OPPORTUNISTIC && method !== Method.DIRECT && method !== Method.PROPAGATED) {
      throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'send() takes OPPORTUNISTIC, DIRECT or PROPAGATED; use paperUri() for paper');
    }
    // A burst of sends is built in slices: between them the node reads its I/O (the proofs for
    // the first messages, which are on their way meanwhile), as it does between queue attempts.
    const turn = this.builds.slot();
    if (turn) await turn;
    const fields: LxmFields = new Map(input.fields ?? []);
    if (input.includeTicket) {
      const ticket = this.tickets.issue(input.destinationHash);
      if (ticket) fields.set(Field.TICKET, ticketFieldValue(ticket));
    }
    const message = LXMessage.create({
      destinationHash: input.destinationHash,
      source: this.components.identity,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      fields,
    });
    const record: OutboundRecord = {
      messageId: message.hash,
      destinationHash: message.destinationHash,
      packed: message.packed,
      method,
      state: MessageState.GENERATING,
      attempts: 0,
      createdAt: Date.now() / 1000,
    };
    await this.components.store.saveOutbound(input.ref !== undefined ? { ...record, ref: input.ref } : { ...record });
    this.events.emit('state', { messageId: record.messageId, destinationHash: record.destinationHash, state: record.state, method });
    this.prepare(record, message, method);
    return message.hash.slice();
  }

  /** Cancels a queued message (or its stamp generation). False when it is not pending. */
  cancel(messageId: Uint8Array): boolean {
    const gen = this.generating.get(toHex(messageId));
    if (gen) {
      gen.abort();
      return true;
    }
    return this.queue.cancel(messageId);
  }

  /** Status (LinkStatus) of the delivery link to a destination, null when there is none. */
  directLinkStatus(destinationHash: Uint8Array): number | null {
    return this.links.get(destinationHash)?.status ?? null;
  }

  /** The queued record of a message, while it is in the queue. */
  outbound(messageId: Uint8Array): OutboundRecord | undefined {
    return this.queue.get(messageId);
  }

  /**
   * A paper message as an `lxm://` URI (no stamp, as the reference). The recipient must be known.
   * @throws LxmfArgumentError `LXMF_ERR_UNKNOWN_DESTINATION`, `LXMF_ERR_TOO_LARGE`.
   */
  paperUri(input: Omit<SendInput, 'method'>): { messageId: Uint8Array; uri: string } {
    const identity = this.components.knownIdentities.recall(input.destinationHash);
    if (!identity) throw new LxmfArgumentError('LXMF_ERR_UNKNOWN_DESTINATION', 'the recipient identity is not known');
    const message = LXMessage.create({
      destinationHash: input.destinationHash,
      source: this.components.identity,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      fields: input.fields ?? null,
    });
    const out = new Destination({ identity, direction: Direction.OUT, type: DestinationType.SINGLE, appName: APP_NAME, aspects: ['delivery'], ratchetSource: (h) => this.components.knownIdentities.currentRatchet(h) });
    return { messageId: message.hash, uri: buildPaper(message.packed, (pt) => out.encrypt(pt)).uri };
  }

  /**
   * Ingests an `lxm://` URI through the inbound pipeline (stamps not enforced, as ingest_lxm_uri).
   * @throws LxmfDecodeError `LXMF_ERR_BAD_URI`, `LXMF_ERR_TRUNCATED`; LxmfArgumentError
   *   `LXMF_ERR_WRONG_DESTINATION` for a message to someone else.
   */
  async ingestPaperUri(uri: string): Promise<InboundOutcome> {
    const data = decodePaperUri(uri);
    if (data.length < 16) throw new LxmfDecodeError('LXMF_ERR_BAD_URI', 'too short to be a paper message');
    if (!bytesEqual(data.subarray(0, 16), this.deliveryHash)) {
      throw new LxmfArgumentError('LXMF_ERR_WRONG_DESTINATION', 'the paper message is not addressed to this node');
    }
    const { packed } = openEncryptedContainer(data, (ct) => this.deliveryDestination.decrypt(ct));
    return this.inbound.accept(packed, { method: Method.PAPER, noStampEnforcement: true });
  }

  /** Downloads waiting messages from the selected propagation node (see PropagationClient.sync). */
  syncInbound(opts: { maxMessages?: number } = {}): Promise<SyncResult> {
    return this.propagation.sync(opts);
  }

  /** One message from a propagation node: dest || encrypt(packed[16:]) (LXMRouter.lxmf_propagation). */
  private async ingestPropagated(lxmfData: Uint8Array): Promise<'accepted' | 'duplicate' | 'dropped'> {
    if (lxmfData.length < 16 || !bytesEqual(lxmfData.subarray(0, 16), this.deliveryHash)) return 'dropped';
    let packed: Uint8Array;
    try {
      packed = openEncryptedContainer(lxmfData, (ct) => this.deliveryDestination.decrypt(ct)).packed;
    } catch (error) {
      this.log.debug('lxmf: propagated message could not be opened', { error: String(error) });
      return 'dropped';
    }
    const outcome = await this.inbound.accept(packed, { method: Method.PROPAGATED });
    return outcome.accepted ? 'accepted' : outcome.reason === 'duplicate' ? 'duplicate' : 'dropped';
  }

  private accept(packed: Uint8Array, method: MethodValue): Promise<InboundOutcome> {
    return this.inbound.accept(packed, { method });
  }

  private announceAppData(): Uint8Array {
    return buildDeliveryAppData({ displayName: this.displayName, stampCost: this.inboundStampCost });
  }

  /** GENERATING → stamp (ticket or proof-of-work for the recipient's cost) → method → queue. */
  private prepare(record: OutboundRecord, message: LXMessage, desired: MethodValue | null): void {
    const ticket = this.tickets.outboundTicket(record.destinationHash)?.ticket ?? null;
    const cost = this.stampCostOf(record.destinationHash);
    if (!stampWanted({ outboundTicket: ticket, stampCost: cost })) {
      // No stamp to make: queued at once, without a worker
      // round trip or an AbortController, which cost more than the rest of send() together.
      try {
        this.queueStamped(record, message, desired).catch((error: unknown) => this.prepareFailed(record, error, 'queue'));
      } catch (error) {
        void this.prepareFailed(record, error, 'queue');
      }
      return;
    }
    const key = toHex(record.messageId);
    const abort = new AbortController();
    this.generating.set(key, abort);
    messageStampFor(this.components.stampPool, message.hash, { outboundTicket: ticket, stampCost: cost, signal: abort.signal })
      .then((stamp) => {
        this.generating.delete(key);
        return this.queueStamped(record, stamp.stamp ? message.withStamp(stamp.stamp) : message, desired);
      })
      .catch((error: unknown) => {
        this.generating.delete(key);
        return this.prepareFailed(record, error, abort.signal.aborted ? 'cancelled' : 'stamp');
      });
  }

  private queueStamped(record: OutboundRecord, stamped: LXMessage, desired: MethodValue | null): Promise<void> {
    const wanted = desired ?? record.method;
    // PROPAGATED keeps its method; the upload form is sized by the propagation client.
    const method = wanted === Method.PROPAGATED ? wanted : planDelivery({ desiredMethod: wanted, contentSize: stamped.contentSize }).method;
    return this.queue.enqueue({ ...record, packed: stamped.packed, method }, stamped);
  }

  /** Ends a message that never reached the queue: cancelled while stamping, or failed. Never rejects. */
  private async prepareFailed(record: OutboundRecord, error: unknown, stage: 'cancelled' | 'stamp' | 'queue'): Promise<void> {
    if (!this.started) return;
    const state = stage === 'cancelled' ? MessageState.CANCELLED : MessageState.FAILED;
    if (stage === 'stamp') this.log.warn('lxmf: stamp generation failed', { error: String(error) });
    if (stage === 'queue') this.log.warn('lxmf: message could not be queued', { error: String(error) });
    const final = { ...record, state };
    try {
      await this.components.store.saveOutbound(final);
    } catch (saveError) {
      // Nobody awaits this: a store that fails here must not become an unhandled rejection.
      this.log.warn('lxmf: could not persist outbound message', { error: String(saveError) });
    }
    this.events.emit('state', { messageId: final.messageId, destinationHash: final.destinationHash, state, method: final.method });
  }
}
