// SPDX-License-Identifier: MIT
// Public types of the Reticulum stack (the running node: config, identity, interfaces, Transport).
import type { ConfigIssue } from '../config/index.js';
import type { InterfaceMode } from '../interfaces/interface.js';
import type { TransportClock } from '../transport/index.js';
import type { AbstractSocketAddon } from '../interfaces/unix/native.js';

/** The logger the stack needs; the app passes a namespaced child logger. */
export interface StackLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Options of {@link createReticulumStack}. Give `configDir`, or `dataDir` (then `<dataDir>/reticulum`). */
export interface ReticulumStackOptions {
  dataDir?: string;
  configDir?: string;
  logger: StackLogger;
  clock?: TransportClock;
  /** Overrides `enable_transport` of the config file. Ignored while attached to a shared instance. */
  transportEnabled?: boolean;
  /** How often known identities are saved when they changed (default 5 min). */
  saveIntervalMs?: number;
  /** Wait between attempts to re-attach to a lost shared instance (default 8 s, as RNS). */
  sharedInstanceReconnectWaitMs?: number;
  /**
   * The abstract-socket addon for `shared_instance_type = unix`; default: the built one, if any.
   * null forces the fallback (TCP shared instance, detection of an unreachable unix instance).
   */
  abstractSockets?: AbstractSocketAddon | null;
  /** For tests: where listening unix sockets are listed (default /proc/net/unix). */
  procNetUnixPath?: string;
}

/** What the shared-instance logic decided at start(). */
export type SharedInstanceRole =
  /** We offer the shared instance; local RNS programs may attach to us. */
  | 'server'
  /** Another program (rnsd, NomadNet, Sideband, Strand) is the shared instance; we attached to it. */
  | 'client'
  /** `share_instance = No`: our own interfaces, nothing offered. */
  | 'standalone';

export interface SharedInstanceState {
  role: SharedInstanceRole;
  /** How the shared instance is reached: TCP on 127.0.0.1:`port`, or the abstract unix socket `@socketName`. */
  type: 'tcp' | 'unix' | null;
  port: number | null;
  socketName: string | null;
  /** Human-readable caveat, e.g. that unix-socket programs cannot see us. */
  note?: string;
}

/** One row of the interface status list (for the UI). */
export interface InterfaceStatus {
  name: string;
  /** The configured `type` (or `LocalServerInterface`/`LocalClientInterface` for the shared instance, over TCP or unix). */
  type: string;
  mode: InterfaceMode | null;
  /** `running`: created and started; `disabled`: enabled = no; `failed`: see `error`; `inactive`: not started because we are attached to a shared instance. */
  state: 'running' | 'disabled' | 'failed' | 'inactive';
  online: boolean;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  /** Inbound data discarded by the interface, by reason. */
  dropped: Record<string, number>;
  error?: string;
  issues: ConfigIssue[];
  /** Whether this row is the shared-instance interface rather than a `[[block]]` of the config. */
  sharedInstance: boolean;
}

/** What {@link ReticulumStack.reloadInterfaces} changed. */
export interface ReloadResult {
  added: string[];
  removed: string[];
  restarted: string[];
  failed: string[];
}
