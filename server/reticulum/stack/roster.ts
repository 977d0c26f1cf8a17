// SPDX-License-Identifier: MIT
// The configured interfaces of a running stack: one entry per `[[block]]`, created from the config,
// started one by one (a failure is recorded on that entry only, as RNS logs and skips it), and
// reconciled against a new config on reload.
import { RnsError } from '../errors.js';
import type { ConfigIssue, InterfaceConfigResult } from '../config/index.js';
import { createInterfacesFromConfig } from '../config/index.js';
import type { BaseInterfaceOptions } from '../interfaces/base.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import type { InterfaceStatus, ReloadResult, SharedInstanceRole, StackLogger } from './types.js';

interface Entry {
  name: string;
  type: string;
  /** Identity of the block's settings; a change restarts the interface on reload. */
  fingerprint: string;
  state: InterfaceStatus['state'];
  iface: NetworkInterface | null;
  error?: string;
  issues: ConfigIssue[];
}

/** What the roster needs of Transport (null before Transport is built or after a failed start). */
export interface InterfaceHost {
  addInterface(iface: NetworkInterface): Promise<void>;
  removeInterface(iface: NetworkInterface): Promise<void>;
}

/**
 * Chains `onStatus` after the handlers Transport attaches to `iface` (its own and its spawned peers'
 * on/offline). A wrapper object would not do: Transport tells shared-instance interfaces by class
 * and spawned peers by object identity, so it must be handed the interface itself.
 */
export function watchStatus(iface: NetworkInterface, onStatus: () => void): void {
  const attach = iface.attach.bind(iface);
  iface.attach = (handlers) =>
    attach({
      ...handlers,
      onStatus: (from, online) => {
        handlers.onStatus?.(from, online);
        onStatus();
      },
    });
}

const ZERO = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, dropped: {} as Record<string, number> };

function fingerprint(r: InterfaceConfigResult): string {
  // The raw options are what the user wrote; equal text means an equal interface.
  return JSON.stringify(r.options, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

function typeOf(r: InterfaceConfigResult): string {
  if (r.ok) return r.config.configuredType;
  const t = r.options['type'];
  return typeof t === 'string' ? t : 'unknown';
}

export class InterfaceRoster {
  private entries: Entry[] = [];

  constructor(
    private readonly host: () => InterfaceHost | null,
    private readonly log: StackLogger,
    private readonly ifaceLog: NonNullable<BaseInterfaceOptions['log']>,
    private readonly changed: () => void,
  ) {}

  names(): string[] {
    return this.entries.filter((e) => e.state === 'running').map((e) => e.name);
  }

  /** Creates and (when `run`) starts every block; returns the names that failed. */
  async apply(results: readonly InterfaceConfigResult[], run: boolean): Promise<string[]> {
    const entries = await Promise.all(results.map((r) => this.build(r, run)));
    this.entries = entries;
    return entries.filter((e) => e.state === 'failed').map((e) => e.name);
  }

  /** Reconciles the running set with `results` (matched by block name). */
  async reload(results: readonly InterfaceConfigResult[], run: boolean): Promise<ReloadResult> {
    const out: ReloadResult = { added: [], removed: [], restarted: [], failed: [] };
    const old = new Map(this.entries.map((e) => [e.name, e]));
    const next: Entry[] = [];
    const wanted = new Set(results.map((r) => r.name));
    for (const e of this.entries) {
      if (wanted.has(e.name)) continue;
      await this.stopEntry(e);
      out.removed.push(e.name);
    }
    for (const r of results) {
      const prev = old.get(r.name);
      if (prev && prev.fingerprint === fingerprint(r) && (prev.state !== 'inactive' || !run)) {
        next.push(prev);
        continue;
      }
      if (prev) await this.stopEntry(prev);
      const entry = await this.build(r, run);
      next.push(entry);
      if (entry.state === 'failed') out.failed.push(entry.name);
      else if (prev) out.restarted.push(entry.name);
      else out.added.push(entry.name);
    }
    this.entries = next;
    return out;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.entries.map((e) => this.stopEntry(e)));
  }

  list(shared: NetworkInterface | null, role: SharedInstanceRole, kind: 'tcp' | 'unix' | null): InterfaceStatus[] {
    const rows: InterfaceStatus[] = [];
    if (shared) {
      rows.push({
        ...this.stats(shared),
        name: shared.name,
        type: `${role === 'server' ? 'LocalServerInterface' : 'LocalClientInterface'}${kind === 'unix' ? ' (unix)' : ''}`,
        mode: shared.mode,
        state: 'running',
        online: shared.online,
        issues: [],
        sharedInstance: true,
      });
    }
    for (const e of this.entries) {
      rows.push({
        ...(e.iface && e.state === 'running' ? this.stats(e.iface) : { ...ZERO, dropped: {} }),
        name: e.name,
        type: e.type,
        mode: e.iface?.mode ?? null,
        state: e.state,
        online: e.state === 'running' && (e.iface?.online ?? false),
        ...(e.error !== undefined ? { error: e.error } : {}),
        issues: e.issues,
        sharedInstance: false,
      });
    }
    return rows;
  }

  private stats(iface: NetworkInterface): typeof ZERO {
    const s = iface.stats();
    return { rxBytes: s.rxBytes, txBytes: s.txBytes, rxPackets: s.rxPackets, txPackets: s.txPackets, dropped: { ...s.dropped } };
  }

  private async build(r: InterfaceConfigResult, run: boolean): Promise<Entry> {
    const base = { name: r.name, type: typeOf(r), fingerprint: fingerprint(r), iface: null, issues: [...(r.ok ? [] : r.errors), ...r.warnings] };
    const [created] = createInterfacesFromConfig([r], { log: this.ifaceLog });
    if (!created || created.status === 'failed') {
      const error = created?.status === 'failed' ? created.errors.map((i) => i.message).join('; ') : 'not created';
      this.log.error(`reticulum: interface '${r.name}' not started: ${error}`);
      return { ...base, state: 'failed', error };
    }
    if (created.status === 'disabled') return { ...base, state: 'disabled' };
    if (!run) return { ...base, state: 'inactive' };
    const iface = created.interface;
    const host = this.host();
    if (!host) throw new RnsError('RNS_ERR_STACK_STATE', 'interfaces started before Transport was built');
    watchStatus(iface, this.changed);
    try {
      await host.addInterface(iface);
    } catch (e) {
      // removeInterface stops it (idempotent), releasing whatever a half-done start() opened.
      await host.removeInterface(iface).catch((stopErr: unknown) => this.log.debug('reticulum: stop after failed start', { error: String(stopErr) }));
      const error = e instanceof Error ? e.message : String(e);
      this.log.error(`reticulum: interface '${r.name}' failed to start: ${error}`);
      return { ...base, state: 'failed', error };
    }
    this.log.info(`reticulum: interface '${r.name}' started`, { type: base.type });
    this.changed();
    return { ...base, state: 'running', iface };
  }

  private async stopEntry(e: Entry): Promise<void> {
    const iface = e.iface;
    if (!iface) return;
    e.iface = null;
    const host = this.host();
    if (host) await host.removeInterface(iface);
    else await iface.stop();
    if (e.state === 'running') e.state = 'inactive';
    this.changed();
  }
}
