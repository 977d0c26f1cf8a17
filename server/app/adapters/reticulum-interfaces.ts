// SPDX-License-Identifier: MIT
// InterfacesPort over the running Reticulum stack: live counters for the interface list, reload of
// the config file, and `interface.state` events whenever an interface starts, stops or changes
// its online state (the stack reports every change; we forward only rows that really changed, so
// a reload that restarts one interface does not flood every browser tab).
import type { InterfaceStatus, ReticulumStack } from '../../reticulum/stack/index.js';
import { AppError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { InterfacesPort, InterfaceStats } from '../interfaces.service.js';
import type { PortStatus } from '../ports.js';

/** What the adapter needs from the stack (the real ReticulumStack satisfies it). */
export type InterfacesStack = Pick<ReticulumStack, 'interfaces' | 'onStatusChange' | 'reloadInterfaces'>;

export class ReticulumInterfaces implements InterfacesPort {
  private readonly last = new Map<string, { enabled: boolean; online: boolean }>();
  private unsubscribe: (() => void) | null = null;

  /** `status` is the stack's own running state (a stack that failed to start has no interfaces). */
  constructor(
    private readonly stack: InterfacesStack,
    private readonly running: () => PortStatus,
  ) {}

  status(): PortStatus {
    return this.running();
  }

  stats(): Map<string, InterfaceStats> {
    const out = new Map<string, InterfaceStats>();
    if (!this.running().available) return out;
    for (const row of this.stack.interfaces()) out.set(row.name, { online: row.online, rxBytes: row.rxBytes, txBytes: row.txBytes });
    return out;
  }

  async reload(): Promise<void> {
    if (!this.running().available) throw new AppError('unavailable', 'RETICULUM_UNAVAILABLE', this.running().reason ?? 'Reticulum not running');
    await this.stack.reloadInterfaces();
  }

  /** Forwards interface state changes to the event bus until {@link unwatch}. */
  watch(events: EventBus): void {
    this.unwatch();
    this.remember(this.stack.interfaces(), null);
    this.unsubscribe = this.stack.onStatusChange((list) => this.remember(list, events));
  }

  unwatch(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private remember(list: InterfaceStatus[], events: EventBus | null): void {
    const seen = new Set<string>();
    for (const row of list) {
      seen.add(row.name);
      const now = { enabled: row.state !== 'disabled', online: row.online && row.state === 'running' };
      const before = this.last.get(row.name);
      this.last.set(row.name, now);
      if (events && (!before || before.enabled !== now.enabled || before.online !== now.online)) events.emit('interface.state', { name: row.name, ...now });
    }
    for (const name of [...this.last.keys()]) {
      if (seen.has(name)) continue;
      this.last.delete(name);
      events?.emit('interface.state', { name, enabled: false, online: false });
    }
  }
}
