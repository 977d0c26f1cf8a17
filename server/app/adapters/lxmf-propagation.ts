// SPDX-License-Identifier: MIT
// PropagationPort over the LXMF router's propagation client: choose a node, sync inbound
// messages, and report the router's fine-grained sync states in the five the UI shows.
import type { LXMRouter } from '../../lxmf/router/index.js';
import { SyncState } from '../../lxmf/propagation/index.js';
import { fromHex, toHex } from '../../reticulum/wire/index.js';
import { AppError } from '../errors.js';
import type { PortStatus, PropagationPort, SyncProgress, SyncState as AppSyncState } from '../ports.js';

export function appSyncState(state: number): AppSyncState {
  switch (state) {
    case SyncState.IDLE:
      return 'idle';
    case SyncState.PATH_REQUESTED:
      return 'path-requested';
    case SyncState.LINK_ESTABLISHING:
    case SyncState.LINK_ESTABLISHED:
    case SyncState.REQUEST_SENT:
      return 'link-establishing';
    case SyncState.RECEIVING:
    case SyncState.RESPONSE_RECEIVED:
      return 'receiving';
    case SyncState.COMPLETE:
      return 'complete';
    default:
      return 'failed';
  }
}

export class LxmfPropagation implements PropagationPort {
  private readonly listeners = new Set<(p: SyncProgress) => void>();
  private router: LXMRouter | null = null;
  private unsubscribe: (() => void) | null = null;
  private current: SyncProgress = { state: 'idle', progress: 0, messagesReceived: 0, nodeHash: null };

  constructor(private readonly running: () => PortStatus) {}

  attach(router: LXMRouter, autoSyncSeconds: number): void {
    this.router = router;
    this.unsubscribe = router.on('sync', (e) => this.update({ state: appSyncState(e.state), progress: e.progress }));
    if (autoSyncSeconds > 0) router.propagation.setSyncInterval(autoSyncSeconds * 1000);
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.router?.propagation.setSyncInterval(null);
    this.router = null;
  }

  status(): PortStatus {
    return this.router ? { available: true } : this.running();
  }

  /** Selects the node and starts a sync; resolves once started, progress follows through events. */
  syncNow(nodeHash: string): Promise<void> {
    const router = this.router;
    if (!router) return Promise.reject(new AppError('unavailable', 'RETICULUM_UNAVAILABLE', this.running().reason ?? 'Reticulum not running'));
    if (router.propagation.node === null || toHex(router.propagation.node) !== nodeHash) router.propagation.setNode(fromHex(nodeHash));
    this.update({ state: 'path-requested', progress: 0, messagesReceived: 0, nodeHash });
    void router.syncInbound().then(
      (r) => this.update({ state: appSyncState(r.state), progress: r.state === SyncState.COMPLETE ? 1 : this.current.progress, messagesReceived: r.received }),
      () => this.update({ state: 'failed' }),
    );
    return Promise.resolve();
  }

  syncState(): SyncProgress {
    return { ...this.current };
  }

  subscribe(listener: (progress: SyncProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<SyncProgress>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l({ ...this.current });
  }
}
