// SPDX-License-Identifier: MIT
// The protocol side of a running node: the Reticulum stack started on `<data>/reticulum`, the
// delivery identity, and the ports the services use (interfaces, announces). A stack that cannot
// start (e.g. an unreachable unix-socket shared instance) does not stop the node: the web UI keeps
// running and shows the reason, and messages stay queued in storage.
import type { Logger } from '../logging/logger.js';
import { LXMRouter } from '../lxmf/router/index.js';
import { StampWorkerPool } from '../lxmf/stamps/index.js';
import { TicketBook } from '../lxmf/tickets.js';
import type { MessageRow } from '../storage/repositories/messages.repository.js';
import { LxmfOutboundRepository, LxmfTicketsRepository } from '../storage/repositories/lxmf.repository.js';
import type { Db } from '../storage/db.js';
import { createReticulumStack } from '../reticulum/stack/index.js';
import type { ReticulumStack, SharedInstanceState, StackLogger } from '../reticulum/stack/index.js';
import { LxmfAnnounces } from './adapters/lxmf-announces.js';
import { LxmfMessaging } from './adapters/lxmf-messaging.js';
import { LxmfPropagation } from './adapters/lxmf-propagation.js';
import { parsePropagationAppData } from '../lxmf/announce-data.js';
import type { PeersRepository } from '../storage/repositories/peers.repository.js';
import { ReticulumInterfaces } from './adapters/reticulum-interfaces.js';
import { AppError } from './errors.js';
import { DeliveryIdentityService, deliveryIdentityPath, loadOrCreateDeliveryIdentity } from './delivery-identity.js';
import { RETICULUM_NOT_RUNNING } from './unavailable.js';
import type { EventBus } from './events.js';
import type { OutboundAttachment, PortStatus } from './ports.js';
import { parseFields } from './views.js';
import { deliveryRatchetsPath, loadDeliveryRatchets, saveDeliveryRatchets } from './delivery-ratchets.js';

/** How often the auto-announce interval is checked against the last announce. */
const AUTO_ANNOUNCE_CHECK_MS = 15_000;
/** Finished router records only map late events to our ids; a month is plenty. */
const FINISHED_KEPT_S = 30 * 24 * 3600;

export interface RuntimeStatus {
  running: boolean;
  sharedInstance: SharedInstanceState | null;
  error?: { code: string; message: string };
}

/** What the runtime needs from the profile (NodeService satisfies it). */
export interface AnnounceProfile {
  profile(): { displayName: string; autoAnnounceIntervalS: number; lastAnnouncedAt: number | null };
  announceNow(): Promise<void>;
}

/** Messages stored before the router ran (MessagesRepository satisfies it). */
export interface QueuedMessages {
  pending(limit: number): MessageRow[];
  attachments(id: string): { kind: OutboundAttachment['kind']; name: string; mime: string; sha256: string }[];
  blob(sha256: string): Uint8Array | undefined;
  getByHash(hash: string): unknown;
}

export interface RuntimeComponents {
  dataDir: string;
  db: Db;
  messages: QueuedMessages;
  log: Logger;
  events: EventBus;
  clock: () => number;
  /** Largest inbound message (the incomingSizeLimitBytes setting), read at start. */
  maxInboundSize: () => number;
  /** Periodic propagation sync (the autoSyncIntervalSeconds setting; 0 = off), read at start. */
  autoSyncSeconds: () => number;
  /** The inboundStampCost setting (0 = none); re-read at every announce so edits apply. */
  inboundStampCost: () => number;
  /** Where heard propagation nodes are listed. */
  peers: Pick<PeersRepository, 'upsertPropagationNode'>;
}

const line = (m: string, c?: Record<string, unknown>) => (c && Object.keys(c).length > 0 ? `${m} ${JSON.stringify(c)}` : m);

/** Adapts the app logger to the stack's (message, context) logger. */
export function stackLogger(log: Logger): StackLogger {
  return {
    debug: (m, c) => log.debug(line(m, c)),
    info: (m, c) => log.info(line(m, c)),
    warn: (m, c) => log.warn(line(m, c)),
    error: (m, c) => log.error(line(m, c)),
  };
}

export class NodeRuntime {
  readonly stack: ReticulumStack;
  readonly interfaces: ReticulumInterfaces;
  readonly announces: LxmfAnnounces;
  readonly messaging: LxmfMessaging;
  readonly propagation: LxmfPropagation;
  readonly identityService: DeliveryIdentityService;
  private readonly outbound: LxmfOutboundRepository;
  private router: LXMRouter | null = null;
  private stamps: StampWorkerPool | null = null;
  private error: { code: string; message: string } | null = null;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  /** Persists the delivery ratchet ring; a no-op until start() loaded it. */
  private saveRatchets: () => Promise<void> = async () => undefined;

  constructor(private readonly c: RuntimeComponents) {
    this.stack = createReticulumStack({ dataDir: c.dataDir, logger: stackLogger(c.log.child('reticulum')) });
    this.interfaces = new ReticulumInterfaces(this.stack, () => this.portStatus());
    this.announces = new LxmfAnnounces(() => this.portStatus(), (name) => this.announceDelivery(name));
    this.outbound = new LxmfOutboundRepository(c.db);
    this.messaging = new LxmfMessaging({
      outbound: this.outbound,
      inboundExists: (hash) => c.messages.getByHash(hash) !== undefined,
      running: () => this.portStatus(),
      log: c.log.child('lxmf'),
    });
    this.propagation = new LxmfPropagation(() => this.portStatus());
    this.identityService = new DeliveryIdentityService(deliveryIdentityPath(c.dataDir));
    this.announces.subscribe((a) => {
      if (a.aspect !== 'lxmf.propagation') return;
      const pn = parsePropagationAppData(a.appData);
      if (!pn) return;
      c.peers.upsertPropagationNode({ destinationHash: a.destinationHash, displayName: a.displayName, enabled: pn.nodeState, transferLimitKb: pn.perTransferLimit, lastHeardAt: c.clock() });
    });
  }

  /**
   * Starts the stack and the LXMF router; never throws for stack failures (they are reported by
   * {@link status}). `displayName` goes into the delivery announce.
   */
  async start(displayName: string): Promise<void> {
    const { identity, created } = await loadOrCreateDeliveryIdentity(deliveryIdentityPath(this.c.dataDir));
    if (created) this.c.log.info(`created the delivery identity ${identity.hexHash}`);
    const ratchetsFile = deliveryRatchetsPath(deliveryIdentityPath(this.c.dataDir));
    const ratchets = await loadDeliveryRatchets(ratchetsFile, identity, (m) => this.c.log.warn(m));
    // Announces rotate the ring; it is written after each one and at stop (see saveRatchets).
    this.saveRatchets = () => saveDeliveryRatchets(ratchetsFile, ratchets, identity).catch((error: Error) => this.c.log.warn(`cannot save ratchets: ${error.message}`));
    try {
      await this.stack.start();
    } catch (error) {
      const e = error as Error & { code?: string };
      this.error = { code: e.code ?? 'RNS_ERR_START', message: e.message };
      this.c.log.error(`Reticulum did not start: ${e.message}`);
      return;
    }
    this.running = true;
    this.interfaces.watch(this.c.events);
    this.announces.attach(this.stack.transport);
    const log = this.c.log.child('lxmf');
    this.stamps = new StampWorkerPool();
    this.router = new LXMRouter(
      {
        transport: this.stack.transport,
        knownIdentities: this.stack.knownIdentities,
        identity,
        store: this.messaging.store,
        stampPool: this.stamps,
        ratchets,
        tickets: new TicketBook({ store: new LxmfTicketsRepository(this.c.db) }),
        logger: stackLogger(log),
      },
      { displayName, maxInboundSize: this.c.maxInboundSize(), inboundStampCost: this.c.inboundStampCost() || null },
    );
    this.messaging.attach(this.router);
    this.propagation.attach(this.router, this.c.autoSyncSeconds());
    this.outbound.pruneFinished(this.c.clock() / 1000 - FINISHED_KEPT_S);
    await this.router.start();
    await this.saveRatchets();
  }

  /** Hands messages queued while the router was not running to it (call after the services started). */
  submitQueued(): void {
    if (!this.router) return;
    for (const row of this.c.messages.pending(10_000)) {
      if (row.direction !== 'outbound' || this.messaging.known(row.id)) continue;
      const attachments = this.c.messages.attachments(row.id).map((a) => ({ kind: a.kind, name: a.name, mime: a.mime, data: this.c.messages.blob(a.sha256) ?? new Uint8Array() }));
      this.messaging.submit({ id: row.id, to: row.peerHash, title: row.title, content: row.content, method: row.method, attachments, fields: parseFields(row.fieldsJson) });
    }
  }

  /** Runs the auto-announce interval of the profile (re-read at every check, so edits apply). */
  startAutoAnnounce(profile: AnnounceProfile): void {
    const check = () => {
      const p = profile.profile();
      if (!this.running || p.autoAnnounceIntervalS <= 0) return;
      if (p.lastAnnouncedAt !== null && this.c.clock() - p.lastAnnouncedAt < p.autoAnnounceIntervalS * 1000) return;
      profile.announceNow().catch((error: Error) => this.c.log.warn(`auto-announce failed: ${error.message}`));
    };
    this.timer = setInterval(check, AUTO_ANNOUNCE_CHECK_MS);
    this.timer.unref();
    check();
  }

  /** Our lxmf.delivery destination hash (hex), once started. */
  deliveryHash(): string | null {
    return this.router ? Buffer.from(this.router.deliveryHash).toString('hex') : null;
  }

  status(): RuntimeStatus {
    return { running: this.running, sharedInstance: this.running ? this.stack.sharedInstance() : null, ...(this.error ? { error: this.error } : {}) };
  }

  portStatus(): PortStatus {
    if (this.running) return { available: true, sharedInstance: this.stack.sharedInstance() };
    return { available: false, reason: this.error ? `${RETICULUM_NOT_RUNNING}: ${this.error.message}` : RETICULUM_NOT_RUNNING };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.interfaces.unwatch();
    this.announces.detach();
    this.messaging.detach();
    this.propagation.detach();
    this.running = false;
    await this.router?.stop();
    this.router = null;
    await this.saveRatchets();
    await this.stamps?.stop();
    this.stamps = null;
    await this.stack.stop();
  }

  private announceDelivery(displayName: string): void {
    if (!this.router) throw new AppError('unavailable', 'RETICULUM_UNAVAILABLE', this.portStatus().reason ?? RETICULUM_NOT_RUNNING);
    this.router.configure({ displayName, inboundStampCost: this.c.inboundStampCost() || null });
    this.router.announce();
    void this.saveRatchets();
  }
}
