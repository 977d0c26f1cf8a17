// SPDX-License-Identifier: MIT
// Network interfaces as the UI edits them: blocks of the Reticulum config file in the data dir,
// validated by the Reticulum config loader, with a port-conflict check before anything is saved.
// The running stack (when there is one) is told to reload through InterfacesPort.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import type { ConfigValue, InterfaceConfig } from '../reticulum/config/index.js';
import { DEFAULT_CONFIG_TEXT, loadReticulumConfig, removeInterfaceBlock, upsertInterfaceBlock } from '../reticulum/config/index.js';
import { AppError, notFound } from './errors.js';
import type { EventBus } from './events.js';
import type { PortStatus } from './ports.js';

export interface InterfaceStats {
  online: boolean;
  rxBytes: number;
  txBytes: number;
}

/** The running Reticulum stack's view of its interfaces. */
export interface InterfacesPort {
  status(): PortStatus;
  /** Live counters by interface name (empty when not running). */
  stats(): Map<string, InterfaceStats>;
  /** Re-reads the config file and restarts changed interfaces. */
  reload(): Promise<void>;
}

export interface InterfaceView {
  name: string;
  type: string;
  enabled: boolean;
  valid: boolean;
  errors: string[];
  options: Record<string, ConfigValue>;
  stats: InterfaceStats | null;
}

interface Claimed {
  proto: 'tcp' | 'udp';
  host: string;
  port: number;
}

/** Ports an interface would listen on once enabled. */
function claimedPorts(c: InterfaceConfig): Claimed[] {
  switch (c.type) {
    case 'TCPServerInterface':
      return [{ proto: 'tcp', host: c.listenIp ?? '0.0.0.0', port: c.listenPort }];
    case 'UDPInterface':
      return c.listenPort !== undefined ? [{ proto: 'udp', host: c.listenIp ?? '0.0.0.0', port: c.listenPort }] : [];
    case 'AutoInterface':
      return [
        { proto: 'udp' as const, host: '::', port: c.discoveryPort ?? 29716 },
        { proto: 'udp' as const, host: '::', port: c.dataPort ?? 42671 },
      ];
    default:
      return [];
  }
}

/** Whether the port can be bound right now (EADDRINUSE means someone else holds it). */
async function portFree(p: Claimed): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (free: boolean, close: () => void) => {
      close();
      resolve(free);
    };
    if (p.proto === 'tcp') {
      const s = net.createServer();
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRINUSE'));
      s.listen(p.port, p.host, () => done(true, () => s.close()));
    } else {
      const s = dgram.createSocket(p.host.includes(':') ? 'udp6' : 'udp4');
      s.once('error', (e: NodeJS.ErrnoException) => {
        s.close();
        resolve(e.code !== 'EADDRINUSE');
      });
      s.bind(p.port, p.host, () => done(true, () => s.close()));
    }
  });
}

export class InterfacesService {
  constructor(
    private readonly c: { port: InterfacesPort; events: EventBus; configFile: string },
  ) {}

  list(): InterfaceView[] {
    const stats = this.c.port.stats();
    return loadReticulumConfig(this.read()).interfaces.map((r) => ({
      name: r.name,
      type: String(r.options.type ?? ''),
      enabled: r.ok ? r.config.enabled : /^(yes|true|1|on)$/i.test(String(r.options.enabled ?? r.options.interface_enabled ?? '')),
      valid: r.ok,
      errors: r.ok ? [] : r.errors.map((e) => e.message),
      options: r.options,
      stats: stats.get(r.name) ?? null,
    }));
  }

  async add(name: string, options: Record<string, ConfigValue>): Promise<InterfaceView> {
    if (this.list().some((i) => i.name === name)) throw new AppError('conflict', 'INTERFACE_EXISTS', `an interface named '${name}' already exists`);
    return this.save(name, options);
  }

  async update(name: string, options: Record<string, ConfigValue>): Promise<InterfaceView> {
    if (!this.list().some((i) => i.name === name)) throw notFound('interface');
    return this.save(name, options);
  }

  async setEnabled(name: string, enabled: boolean): Promise<InterfaceView> {
    const current = this.list().find((i) => i.name === name);
    if (!current) throw notFound('interface');
    const { interface_enabled: _old, ...rest } = current.options;
    const view = await this.save(name, { ...rest, enabled: enabled ? 'yes' : 'no' });
    this.c.events.emit('interface.state', { name, enabled, online: view.stats?.online ?? false });
    return view;
  }

  remove(name: string): void {
    const text = this.read();
    const next = removeInterfaceBlock(text, name);
    if (next === text) throw notFound('interface');
    this.write(next);
  }

  async reload(): Promise<void> {
    if (!this.c.port.status().available) {
      throw new AppError('unavailable', 'RETICULUM_UNAVAILABLE', `${this.c.port.status().reason ?? 'Reticulum not running'}: the saved configuration is used at the next start`);
    }
    await this.c.port.reload();
  }

  private async save(name: string, options: Record<string, ConfigValue>): Promise<InterfaceView> {
    let next: string;
    try {
      next = upsertInterfaceBlock(this.read(), name, options);
    } catch (error) {
      throw new AppError('invalid', 'INTERFACE_INVALID', (error as Error).message, undefined, { cause: error });
    }
    const parsed = loadReticulumConfig(next);
    const result = parsed.interfaces.find((r) => r.name === name);
    if (!result) throw new AppError('invalid', 'INTERFACE_INVALID', 'the interface block could not be read back');
    if (!result.ok) throw new AppError('invalid', 'INTERFACE_INVALID', result.errors.map((e) => e.message).join('; '));
    if (result.config.enabled) await this.checkPorts(name, result.config, parsed.interfaces);
    this.write(next);
    const view = this.list().find((i) => i.name === name);
    if (!view) throw new AppError('invalid', 'INTERFACE_INVALID', 'the interface vanished after saving');
    return view;
  }

  private async checkPorts(name: string, config: InterfaceConfig, all: ReturnType<typeof loadReticulumConfig>['interfaces']): Promise<void> {
    const mine = claimedPorts(config);
    for (const other of all) {
      if (other.name === name || !other.ok || !other.config.enabled) continue;
      const clash = claimedPorts(other.config).find((p) => mine.some((m) => m.proto === p.proto && m.port === p.port));
      if (clash) throw new AppError('conflict', 'PORT_IN_USE', `${clash.proto.toUpperCase()} port ${clash.port} is already used by interface '${other.name}'`);
    }
    // The running stack holds the ports of interfaces it already runs; only probe new claims.
    const running = this.c.port.stats().has(name);
    if (running) return;
    for (const p of mine) {
      if (!(await portFree(p))) throw new AppError('conflict', 'PORT_IN_USE', `${p.proto.toUpperCase()} port ${p.port} on ${p.host} is in use by another program`);
    }
  }

  private read(): string {
    return existsSync(this.c.configFile) ? readFileSync(this.c.configFile, 'utf8') : DEFAULT_CONFIG_TEXT;
  }

  /** Write-then-rename, so a crash never leaves half a config file. */
  private write(text: string): void {
    mkdirSync(path.dirname(this.c.configFile), { recursive: true, mode: 0o700 });
    const tmp = `${this.c.configFile}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, this.c.configFile);
  }
}

/** The stack is not running: no live stats, reload is refused with a clear reason. */
export class UnavailableInterfaces implements InterfacesPort {
  status(): PortStatus {
    return { available: false, reason: 'Reticulum not running' };
  }
  stats(): Map<string, InterfaceStats> {
    return new Map();
  }
  reload(): Promise<void> {
    return Promise.reject(new AppError('unavailable', 'RETICULUM_UNAVAILABLE', 'Reticulum not running'));
  }
}
