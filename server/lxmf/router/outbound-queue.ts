// SPDX-License-Identifier: MIT
// The outbound queue (LXMF/LXMRouter.py :: process_outbound; LXMF/LXMessage.py :: send and its
// receipt/resource callbacks; protocol §11.9). Same attempt counts and waits as the reference,
// but event-driven: each message moves when something happens to it (queued, path learned, link
// established or closed, proof received, resource concluded) and timers exist only for real
// timeouts (PATH_REQUEST_WAIT, DELIVERY_RETRY_WAIT). There is no processing cycle to wait for.
import { Destination, DestinationType, Direction } from '../../reticulum/destination/index.js';
import type { Identity, KnownIdentities } from '../../reticulum/identity/index.js';
import type { Link } from '../../reticulum/link/index.js';
import { LinkStatus } from '../../reticulum/link/index.js';
import { ResourceStatus } from '../../reticulum/resource/index.js';
import type { OutgoingResource } from '../../reticulum/resource/index.js';
import type { Transport } from '../../reticulum/transport/index.js';
import { ReceiptStatus } from '../../reticulum/transport/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { APP_NAME, MessageState, Method, Representation } from '../constants.js';
import type { MessageStateValue } from '../constants.js';
import { compressionSupportFromAppData } from '../announce-data.js';
import { opportunisticPlaintext, planDelivery } from '../delivery.js';
import type { LXMessage } from '../message.js';
import type { DirectLinks } from './direct-links.js';
import { isFinal } from './memory-store.js';
import { TurnSlices } from './turn-slices.js';
import type { MessageStore, OutboundRecord, RouterLogger, RouterTiming } from './types.js';
import { LINK_PROOF_TIMEOUT_S, MAX_DELIVERY_ATTEMPTS, MAX_PATHLESS_TRIES } from './types.js';

/** One queued message and what it is waiting for. */
interface Pending {
  record: OutboundRecord;
  message: LXMessage;
  timer: ReturnType<typeof setTimeout> | null;
  progress: number;
  /** Opportunistic: the last attempt was a send while a path was known (enables rediscovery). */
  sentWithPath: boolean;
  /** Direct: the link this message waited on (a close then means "retry later"). */
  link: Link | null;
  resource: OutgoingResource | null;
  /** Waiting for the recipient's path/identity after a path request. */
  waitingPath: boolean;
  /** Saves of this record, chained so an async store never lands an older state last. */
  saving: Promise<void>;
}

/** Collaborators of the queue. */
export interface OutboundDeps {
  transport: Transport;
  known: KnownIdentities;
  links: DirectLinks;
  store: MessageStore;
  timing: RouterTiming;
  /** Our delivery identity: identifies on direct links after a delivery (backchannel). */
  identity: Identity;
  log: RouterLogger;
  state(record: OutboundRecord): void;
  progress(messageId: Uint8Array, progress: number): void;
  delivered(record: OutboundRecord, message: LXMessage): void;
  /** PROPAGATED uploads (the propagation client). */
  propagation?: {
    hasNode(): boolean;
    upload(message: LXMessage, recipient: Identity, onProgress: (p: number) => void): Promise<void>;
  };
}

/**
 * First attempts made per turn of the event loop. A burst (a thousand messages queued at once, or
 * the queue resumed after a restart) would otherwise encrypt and send everything before the node
 * reads a single proof, inbound message or HTTP request; in slices, delivery proofs are handled
 * while the burst is still going out, and the two ends of a transfer work at the same time.
 */
const ATTEMPTS_PER_TURN = 16;

/** Queued outbound messages by id. */
export class OutboundQueue {
  private readonly pending = new Map<string, Pending>();
  private stopped = false;
  private readonly firstAttempts = new TurnSlices(ATTEMPTS_PER_TURN);

  constructor(private readonly deps: OutboundDeps) {}

  /** Number of messages still in the queue. */
  get size(): number {
    return this.pending.size;
  }

  /** Queues `message` (already stamped); its first attempt is made in a later turn's share. */
  async enqueue(record: OutboundRecord, message: LXMessage): Promise<void> {
    const p: Pending = { record, message, timer: null, progress: 0, sentWithPath: false, link: null, resource: null, waitingPath: false, saving: Promise.resolve() };
    this.pending.set(toHex(record.messageId), p);
    await this.setState(p, MessageState.OUTBOUND);
    // Resolves once queued, as a restart's resume awaits each record in turn.
    void this.firstAttempts.later().then(() => this.attempt(p));
  }

  /** Current record of a queued message. */
  get(messageId: Uint8Array): OutboundRecord | undefined {
    return this.pending.get(toHex(messageId))?.record;
  }

  /** Cancels a queued message (LXMRouter.cancel_outbound). Returns false when it is not queued. */
  cancel(messageId: Uint8Array): boolean {
    const p = this.pending.get(toHex(messageId));
    if (!p) return false;
    p.resource?.cancel();
    void this.finish(p, MessageState.CANCELLED);
    return true;
  }

  /** Re-attempts every message to `destinationHash` that waits for a path (an announce arrived). */
  pathLearned(destinationHash: Uint8Array): void {
    const key = toHex(destinationHash);
    for (const p of this.pending.values()) {
      if (!p.waitingPath || toHex(p.record.destinationHash) !== key) continue;
      p.waitingPath = false;
      this.clearTimer(p);
      // After the announce handler returns, so Transport has stored the path and identity.
      setImmediate(() => this.attempt(p));
    }
  }

  /** Allows attempts again after {@link stop} (router restart). */
  start(): void {
    this.stopped = false;
  }

  /** Stops all timers and waits; records stay in the store to resume after a restart. */
  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) {
      this.clearTimer(p);
    }
    this.pending.clear();
  }

  private attempt(p: Pending): void {
    // The queue's own entry only: after a restart the same id may be queued again as another entry.
    if (this.stopped || isFinal(p.record) || this.pending.get(toHex(p.record.messageId)) !== p) return;
    this.clearTimer(p);
    p.waitingPath = false;
    if (p.record.attempts > MAX_DELIVERY_ATTEMPTS) return void this.finish(p, MessageState.FAILED);
    if (p.record.method === Method.OPPORTUNISTIC) this.opportunistic(p);
    else if (p.record.method === Method.DIRECT) this.direct(p);
    else if (p.record.method === Method.PROPAGATED) this.propagated(p);
    else void this.finish(p, MessageState.FAILED);
  }

  // ───────────── OPPORTUNISTIC ─────────────

  private opportunistic(p: Pending): void {
    const { transport, known, timing } = this.deps;
    const dest = p.record.destinationHash;
    const hasPath = transport.hasPath(dest);
    const identity = known.recall(dest);
    // Without the recipient's identity nothing can be encrypted; its announce brings both.
    if (!identity || (!hasPath && p.record.attempts >= MAX_PATHLESS_TRIES)) {
      p.record.attempts++;
      this.setProgress(p, 0.01);
      return this.waitForPath(p);
    }
    if (p.record.attempts === MAX_PATHLESS_TRIES + 1 && hasPath && p.sentWithPath) {
      // Still unproved with a known path: the path may be stale, ask the network again.
      p.record.attempts++;
      p.sentWithPath = false;
      transport.markPathUnresponsive(dest);
      transport.requestPath(dest);
      this.setProgress(p, 0.01);
      return this.retryIn(p, timing.pathRequestWaitMs);
    }
    p.record.attempts++;
    p.sentWithPath = hasPath;
    void this.persist(p);
    const out = new Destination({ identity, direction: Direction.OUT, type: DestinationType.SINGLE, appName: APP_NAME, aspects: ['delivery'], ratchetSource: (h) => known.currentRatchet(h) });
    const receipt = transport.sendData(out, opportunisticPlaintext(p.message.packed));
    this.setProgress(p, 0.5);
    void this.setState(p, MessageState.SENT);
    receipt?.done().then((status) => {
      if (status === ReceiptStatus.DELIVERED) void this.finish(p, MessageState.DELIVERED);
    }, (error: unknown) => this.deps.log.warn('lxmf: receipt failed', { error: String(error) }));
    this.retryIn(p, timing.retryWaitMs);
  }

  // ───────────── DIRECT ─────────────

  private direct(p: Pending): void {
    const { transport, known, links, timing } = this.deps;
    const dest = p.record.destinationHash;
    const link = links.get(dest);
    if (link) {
      if (link.status === LinkStatus.ACTIVE) {
        if (p.record.state !== MessageState.SENDING) this.sendOnLink(p, link);
        return;
      }
      if (link.status !== LinkStatus.CLOSED) {
        p.link = link;
        links.whenSettled(dest, () => this.attempt(p));
        return;
      }
      links.remove(dest, link);
    }
    if (p.link && p.link.status === LinkStatus.CLOSED) {
      // The link we waited on failed or closed: as the reference, ask for a path and retry later.
      if (p.link.activatedAt === null) this.deps.log.info('lxmf: the link for a direct delivery was not established; path requested, retrying', { destination: toHex(dest), retryInMs: timing.retryWaitMs });
      p.link = null;
      transport.requestPath(dest);
      return this.retryIn(p, timing.retryWaitMs);
    }
    p.record.attempts++;
    if (p.record.attempts >= MAX_DELIVERY_ATTEMPTS) return this.retryIn(p, timing.retryWaitMs);
    const identity = known.recall(dest);
    if (transport.hasPath(dest) && identity) {
      p.link = links.open(dest, identity);
      void this.persist(p);
      this.setProgress(p, 0.03);
      links.whenSettled(dest, () => this.attempt(p));
      return;
    }
    this.setProgress(p, 0.01);
    this.waitForPath(p);
  }

  private sendOnLink(p: Pending, link: Link): void {
    p.link = link;
    this.deps.links.touch(link);
    void this.setState(p, MessageState.SENDING);
    this.setProgress(p, 0.05);
    const packed = p.message.packed;
    const plan = planDelivery({ desiredMethod: Method.DIRECT, contentSize: p.message.contentSize });
    if (plan.representation === Representation.PACKET) {
      const receipt = link.send(packed, Math.max(LINK_PROOF_TIMEOUT_S, (link.rtt ?? 0) * 6));
      this.setProgress(p, 0.5);
      receipt.onDelivered = () => this.linkDelivered(p, link);
      receipt.onTimeout = () => this.linkFailed(p, link);
      return;
    }
    this.setProgress(p, 0.1);
    const autoCompress = compressionSupportFromAppData(this.deps.known.recallAppData(p.record.destinationHash));
    link
      .sendResource(packed, {
        autoCompress,
        onProgress: (r) => this.setProgress(p, 0.1 + r.progress * 0.9),
        onConcluded: (r) => {
          p.resource = null;
          if (r.status === ResourceStatus.COMPLETE) this.linkDelivered(p, link);
          else if (r.status === ResourceStatus.REJECTED) void this.finish(p, MessageState.REJECTED);
          else this.linkFailed(p, link);
        },
      })
      .then((r) => {
        p.resource = r;
        if (p.record.state === MessageState.CANCELLED) r.cancel();
      }, (error: unknown) => {
        this.deps.log.warn('lxmf: resource could not be sent', { error: String(error) });
        this.linkFailed(p, link);
      });
  }

  private linkDelivered(p: Pending, link: Link): void {
    void this.finish(p, MessageState.DELIVERED);
    this.deps.links.identifyOnce(link, this.deps.identity);
  }

  private linkFailed(p: Pending, link: Link): void {
    if (isFinal(p.record)) return;
    this.deps.log.info('lxmf: delivery over the link failed (no proof in time, or the transfer ended); closing the link and trying again', { messageId: toHex(p.record.messageId), destination: toHex(p.record.destinationHash) });
    // LXMessage.__link_packet_timed_out / __resource_concluded: tear down, back to OUTBOUND.
    void this.setState(p, MessageState.OUTBOUND);
    if (link.status !== LinkStatus.CLOSED) link.teardown();
    this.attempt(p);
  }

  // ───────────── PROPAGATED ─────────────

  private propagated(p: Pending): void {
    const { known, propagation, timing } = this.deps;
    // As the reference: without an outbound propagation node the message fails at once.
    if (!propagation?.hasNode()) return void this.finish(p, MessageState.FAILED);
    const recipient = known.recall(p.record.destinationHash);
    p.record.attempts++;
    if (!recipient) {
      this.setProgress(p, 0.01);
      return this.waitForPath(p);
    }
    if (p.record.attempts >= MAX_DELIVERY_ATTEMPTS) return this.retryIn(p, timing.retryWaitMs);
    void this.persist(p);
    void this.setState(p, MessageState.SENDING);
    this.setProgress(p, 0.05);
    propagation.upload(p.message, recipient, (x) => this.setProgress(p, x)).then(
      () => void this.finish(p, MessageState.SENT),
      (error: unknown) => {
        if (isFinal(p.record)) return;
        if (error instanceof Error && 'code' in error && error.code === 'LXMF_ERR_REJECTED') return void this.finish(p, MessageState.REJECTED);
        this.deps.log.debug('lxmf: propagation upload failed', { error: String(error) });
        void this.setState(p, MessageState.OUTBOUND);
        this.retryIn(p, timing.retryWaitMs);
      },
    );
  }

  // ───────────── shared ─────────────

  private waitForPath(p: Pending): void {
    // Woken by pathLearned() (the recipient's announce or path response) or by the timeout.
    p.waitingPath = true;
    this.deps.transport.requestPath(p.record.destinationHash);
    this.retryIn(p, this.deps.timing.pathRequestWaitMs);
  }

  private retryIn(p: Pending, ms: number): void {
    void this.persist(p);
    this.clearTimer(p);
    p.timer = setTimeout(() => {
      p.timer = null;
      this.attempt(p);
    }, ms);
  }

  private clearTimer(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
  }

  private setProgress(p: Pending, progress: number): void {
    p.progress = progress;
    this.deps.progress(p.record.messageId, progress);
  }

  private async setState(p: Pending, state: MessageStateValue): Promise<void> {
    if (p.record.state === state) return;
    p.record.state = state;
    const snapshot = { ...p.record };
    // Stored first, then announced: whoever reacts to the event reads the same state back.
    await this.persist(p, snapshot);
    this.deps.state(snapshot);
  }

  private async finish(p: Pending, state: MessageStateValue): Promise<void> {
    if (isFinal(p.record)) return;
    this.clearTimer(p);
    this.pending.delete(toHex(p.record.messageId));
    if (state === MessageState.DELIVERED || state === MessageState.SENT) this.setProgress(p, 1);
    else if (state === MessageState.FAILED) this.setProgress(p, 0);
    await this.setState(p, state);
    if (state === MessageState.DELIVERED) this.deps.delivered({ ...p.record }, p.message);
  }

  /** Saves `snapshot` (the record as it is now) after the record's earlier saves. */
  private persist(p: Pending, snapshot: OutboundRecord = { ...p.record }): Promise<void> {
    p.saving = p.saving.then(() => this.save(snapshot));
    return p.saving;
  }

  private async save(snapshot: OutboundRecord): Promise<void> {
    try {
      await this.deps.store.saveOutbound(snapshot);
    } catch (error) {
      this.deps.log.warn('lxmf: could not persist outbound message', { error: String(error) });
    }
  }
}
