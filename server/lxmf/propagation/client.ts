// SPDX-License-Identifier: MIT
// The client side of propagation nodes (LXMF/LXMRouter.py :: set_outbound_propagation_node,
// request_messages_from_propagation_node, message_list_response, message_get_response,
// LXMessage.send PROPAGATED branch; protocol §11.8): one link to the chosen node carries uploads
// (msgpack([ts, [lxmf_data || pn_stamp]]) as a link packet or a resource, proved by the node) and
// downloads (/get with [None, None] for the list, [wants, haves, limit KB] for the messages, then
// [None, haves] so the node deletes what we stored). Progress and the final state are events.
import { Destination, DestinationType, Direction } from '../../reticulum/destination/index.js';
import type { Identity, KnownIdentities } from '../../reticulum/identity/index.js';
import type { Link } from '../../reticulum/link/index.js';
import { LinkStatus, openLink } from '../../reticulum/link/index.js';
import { ResourceStatus } from '../../reticulum/resource/index.js';
import type { AnnounceEvent, Transport } from '../../reticulum/transport/index.js';
import { bytesEqual, toHex } from '../../reticulum/wire/index.js';
import type { MsgpackValue } from '../../reticulum/wire/index.js';
import { sha256 } from '../../reticulum/crypto/index.js';
import { APP_NAME, Method, Representation, WORKBLOCK_EXPAND_ROUNDS_PN } from '../constants.js';
import { buildPropagated, planDelivery, propagationPack, withStamp } from '../delivery.js';
import { LxmfError } from '../errors.js';
import type { LXMessage } from '../message.js';
import type { StampWorkerPool } from '../stamps/index.js';
import { LINK_PROOF_TIMEOUT_S } from '../router/types.js';
import { PropagationNodes } from './nodes.js';
import type { PropagationNodeInfo } from './nodes.js';

/** Transfer states of a sync (LXMRouter.PR_*). */
export const SyncState = {
  IDLE: 0x00,
  PATH_REQUESTED: 0x01,
  LINK_ESTABLISHING: 0x02,
  LINK_ESTABLISHED: 0x03,
  REQUEST_SENT: 0x04,
  RECEIVING: 0x05,
  RESPONSE_RECEIVED: 0x06,
  COMPLETE: 0x07,
  NO_PATH: 0xf0,
  LINK_FAILED: 0xf1,
  TRANSFER_FAILED: 0xf2,
  NO_IDENTITY_RCVD: 0xf3,
  NO_ACCESS: 0xf4,
  FAILED: 0xfe,
} as const;
export type SyncStateValue = (typeof SyncState)[keyof typeof SyncState];

/** LXMPeer error codes a node answers /get with. */
const ERROR_NO_IDENTITY = 0xf0;
const ERROR_NO_ACCESS = 0xf1;
const GET_PATH = '/get';

/** What a finished sync reports. */
export interface SyncResult {
  state: SyncStateValue;
  /** Messages downloaded (including duplicates). */
  received: number;
  duplicates: number;
}

/** Collaborators of {@link PropagationClient}. */
export interface PropagationClientDeps {
  transport: Transport;
  known: KnownIdentities;
  /** Our delivery identity: identifies on the link before /get. */
  identity: Identity;
  pool: StampWorkerPool;
  /** Hands one downloaded lxmf_data (dest || ciphertext) to the inbound pipeline; true if new. */
  ingest(lxmfData: Uint8Array): Promise<'accepted' | 'duplicate' | 'dropped'>;
  /** Largest download per sync in KB (the client's delivery_per_transfer_limit). */
  transferLimitKb: number;
  pathWaitMs: number;
  onSyncState(state: SyncStateValue, progress: number): void;
}

/** Chosen propagation node, uploads and downloads. */
export class PropagationClient {
  readonly nodes = new PropagationNodes();
  private selected: Uint8Array | null = null;
  private auto = false;
  private link: Link | null = null;
  private linkReady: Promise<Link> | null = null;
  private identifiedOn: Link | null = null;
  private syncing: Promise<SyncResult> | null = null;
  private syncTimer: ReturnType<typeof setInterval> | null = null;
  private readonly downloaded = new Set<string>();
  state: SyncStateValue = SyncState.IDLE;
  progress = 0;

  constructor(private readonly deps: PropagationClientDeps) {}

  /** Feed lxmf.propagation announces here. */
  heard(e: AnnounceEvent): PropagationNodeInfo | null {
    const info = this.nodes.heard(e);
    if (info && this.auto) this.pickNearest();
    return info;
  }

  /** Uses `destinationHash` (manual choice) or, with null, nothing. Switching tears the old link down. */
  setNode(destinationHash: Uint8Array | null): void {
    this.auto = false;
    this.choose(destinationHash);
  }

  /** Automatic choice: the nearest active node, re-evaluated on every propagation announce. */
  useNearest(): void {
    this.auto = true;
    this.pickNearest();
  }

  /** The node in use, or null. */
  get node(): Uint8Array | null {
    return this.selected;
  }

  /** Syncs every `ms` (null turns periodic sync off). */
  setSyncInterval(ms: number | null): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
    if (ms === null) return;
    this.syncTimer = setInterval(() => void this.sync().catch(() => undefined), ms);
    this.syncTimer.unref();
  }

  /**
   * Uploads a message for `recipient` to the node; resolves once the node proved it (the
   * message is then SENT, as the reference marks propagated messages).
   * @throws LxmfError `LXMF_ERR_NO_PROPAGATION_NODE`, `LXMF_ERR_NO_PATH`, `LXMF_ERR_LINK_FAILED`,
   *   `LXMF_ERR_TRANSFER_FAILED`, `LXMF_ERR_REJECTED`.
   */
  async upload(message: LXMessage, recipient: Identity, onProgress: (p: number) => void): Promise<void> {
    const link = await this.connect();
    const info = this.selected ? this.nodes.get(this.selected) : undefined;
    const out = new Destination({ identity: recipient, direction: Direction.OUT, type: DestinationType.SINGLE, appName: APP_NAME, aspects: ['delivery'], ratchetSource: (h) => this.deps.known.currentRatchet(h) });
    const form = buildPropagated(message.packed, (pt) => out.encrypt(pt));
    const cost = info?.stampCost ?? 0;
    const stamp = cost > 0 ? (await this.deps.pool.generate(form.transientId, cost, { expandRounds: WORKBLOCK_EXPAND_ROUNDS_PN })).stamp : null;
    const upload = propagationPack([withStamp(form.lxmfData, stamp)]);
    const plan = planDelivery({ desiredMethod: Method.PROPAGATED, contentSize: 0, propagationPackedSize: upload.length });
    if (link.status !== LinkStatus.ACTIVE) throw new LxmfError('LXMF_ERR_LINK_FAILED', 'propagation link closed');
    if (plan.representation === Representation.PACKET) {
      // The node validates the stamp before proving; the link layer's rtt-based timeout is too short.
      const receipt = link.send(upload, Math.max(LINK_PROOF_TIMEOUT_S, (link.rtt ?? 0) * 6));
      onProgress(0.5);
      await new Promise<void>((resolve, reject) => {
        receipt.onDelivered = () => resolve();
        receipt.onTimeout = () => reject(new LxmfError('LXMF_ERR_TRANSFER_FAILED', 'the propagation node did not prove the upload'));
      });
      return;
    }
    onProgress(0.1);
    await new Promise<void>((resolve, reject) => {
      link
        .sendResource(upload, {
          onProgress: (r) => onProgress(0.1 + r.progress * 0.9),
          onConcluded: (r) => {
            if (r.status === ResourceStatus.COMPLETE) resolve();
            else if (r.status === ResourceStatus.REJECTED) reject(new LxmfError('LXMF_ERR_REJECTED', 'the propagation node rejected the upload'));
            else reject(new LxmfError('LXMF_ERR_TRANSFER_FAILED', 'upload to the propagation node failed'));
          },
        })
        .catch(reject);
    });
  }

  /** Downloads waiting messages from the node; one sync at a time (a second call joins the first). */
  sync(opts: { maxMessages?: number } = {}): Promise<SyncResult> {
    this.syncing ??= this.runSync(opts.maxMessages ?? 0).finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Stops periodic sync and closes the link. */
  stop(): void {
    this.setSyncInterval(null);
    if (this.link && this.link.status !== LinkStatus.CLOSED) this.link.teardown();
    this.link = null;
    this.linkReady = null;
  }

  private async runSync(maxMessages: number): Promise<SyncResult> {
    const fail = (state: SyncStateValue): SyncResult => {
      this.setState(state, 0);
      return { state, received: 0, duplicates: 0 };
    };
    if (!this.selected) return fail(SyncState.FAILED);
    let link: Link;
    try {
      link = await this.connect((s) => this.setState(s, 0));
    } catch (error) {
      return fail(error instanceof LxmfError && error.code === 'LXMF_ERR_NO_PATH' ? SyncState.NO_PATH : SyncState.LINK_FAILED);
    }
    this.setState(SyncState.LINK_ESTABLISHED, 0);
    if (this.identifiedOn !== link) {
      link.identify(this.deps.identity);
      this.identifiedOn = link;
    }
    try {
      this.setState(SyncState.REQUEST_SENT, 0);
      const list = await this.request(link, [null, null]);
      if (list === ERROR_NO_IDENTITY || list === ERROR_NO_ACCESS) {
        link.teardown();
        return fail(list === ERROR_NO_IDENTITY ? SyncState.NO_IDENTITY_RCVD : SyncState.NO_ACCESS);
      }
      if (!Array.isArray(list)) throw new LxmfError('LXMF_ERR_BAD_RESPONSE', 'invalid message list');
      const wants: Uint8Array[] = [];
      const haves: Uint8Array[] = [];
      for (const id of list) {
        if (!(id instanceof Uint8Array)) continue;
        if (this.downloaded.has(toHex(id))) haves.push(id);
        else if (maxMessages === 0 || wants.length < maxMessages) wants.push(id);
      }
      if (wants.length === 0) {
        if (haves.length > 0) this.request(link, [null, haves]).catch(() => undefined);
        this.setState(SyncState.COMPLETE, 1);
        return { state: SyncState.COMPLETE, received: 0, duplicates: 0 };
      }
      const messages = await this.request(link, [wants, haves, this.deps.transferLimitKb], (p) => this.setState(SyncState.RECEIVING, p));
      if (!Array.isArray(messages)) throw new LxmfError('LXMF_ERR_BAD_RESPONSE', 'invalid message download');
      this.setState(SyncState.RESPONSE_RECEIVED, 1);
      let duplicates = 0;
      const stored: Uint8Array[] = [];
      for (const lxmfData of messages) {
        if (!(lxmfData instanceof Uint8Array)) continue;
        const outcome = await this.deps.ingest(lxmfData);
        if (outcome === 'duplicate') duplicates++;
        const id = sha256(lxmfData);
        this.downloaded.add(toHex(id));
        stored.push(id);
      }
      // Tell the node what we now hold so it deletes it (the reference does not wait for this).
      this.request(link, [null, stored]).catch(() => undefined);
      this.setState(SyncState.COMPLETE, 1);
      return { state: SyncState.COMPLETE, received: messages.length, duplicates };
    } catch (error) {
      void error; // the state carries the outcome; the link is reset for the next sync
      if (link.status !== LinkStatus.CLOSED) link.teardown();
      return fail(SyncState.TRANSFER_FAILED);
    }
  }

  private request(link: Link, data: MsgpackValue, progress?: (p: number) => void): Promise<MsgpackValue | Uint8Array | null> {
    return new Promise((resolve, reject) => {
      link.request(GET_PATH, data, {
        response: (r) => resolve(r.response),
        failed: () => reject(new LxmfError('LXMF_ERR_TRANSFER_FAILED', '/get request failed')),
        ...(progress ? { progress: (r) => progress(r.progress) } : {}),
      });
    });
  }

  /** The active link to the selected node, opening it (after a path request if needed). */
  private async connect(onState?: (s: SyncStateValue) => void): Promise<Link> {
    const node = this.selected;
    if (!node) throw new LxmfError('LXMF_ERR_NO_PROPAGATION_NODE', 'no propagation node selected');
    if (this.link && this.link.status === LinkStatus.ACTIVE) return this.link;
    if (this.linkReady) return this.linkReady;
    const { transport, known } = this.deps;
    const ready = (async () => {
      if (!transport.hasPath(node) || !known.recall(node)) {
        onState?.(SyncState.PATH_REQUESTED);
        if (!(await transport.awaitPath(node, { timeoutMs: this.deps.pathWaitMs }))) throw new LxmfError('LXMF_ERR_NO_PATH', 'no path to the propagation node');
      }
      const identity = known.recall(node);
      if (!identity) throw new LxmfError('LXMF_ERR_NO_PATH', 'propagation node identity unknown');
      onState?.(SyncState.LINK_ESTABLISHING);
      return new Promise<Link>((resolve, reject) => {
        const link = openLink(transport, { hash: node, identity }, {
          callbacks: {
            established: (l) => resolve(l),
            closed: (l) => {
              if (this.link === l) this.link = null;
              reject(new LxmfError('LXMF_ERR_LINK_FAILED', 'propagation link closed'));
            },
          },
        });
        this.link = link;
      });
    })();
    this.linkReady = ready;
    try {
      return await ready;
    } finally {
      if (this.linkReady === ready) this.linkReady = null;
    }
  }

  private choose(destinationHash: Uint8Array | null): void {
    if (this.selected && destinationHash && bytesEqual(this.selected, destinationHash)) return;
    this.selected = destinationHash ? destinationHash.slice() : null;
    if (this.link && this.link.status !== LinkStatus.CLOSED) this.link.teardown();
    this.link = null;
  }

  private pickNearest(): void {
    const n = this.nodes.nearest();
    if (n) this.choose(n.destinationHash);
  }

  private setState(state: SyncStateValue, progress: number): void {
    this.state = state;
    this.progress = progress;
    this.deps.onSyncState(state, progress);
  }
}
