// SPDX-License-Identifier: MIT
// TCPClientInterface: an outgoing TCP connection carrying HDLC (or KISS) framed packets, reconnecting
// forever (or `maxReconnectTries` times) with RNS's fixed 5 s pause.
// Reference: RNS/Interfaces/TCPInterface.py :: TCPClientInterface.

import net from 'node:net';
import { RnsArgumentError } from '../errors.js';
import { IFAC_DEFAULT_SIZE } from '../ifac/index.js';
import type { BaseInterfaceOptions } from './base.js';
import { InterfaceBase, optimiseMtu } from './base.js';
import {
  I2P_PROBE_AFTER_MS,
  I2P_USER_TIMEOUT_MS,
  TCP_BITRATE_GUESS,
  TCP_CONNECT_TIMEOUT_MS,
  TCP_HW_MTU_MAX,
  TCP_PROBE_AFTER_MS,
  TCP_RECONNECT_WAIT_MS,
  TCP_USER_TIMEOUT_MS,
} from './constants.defaults.js';
import { StreamConnection } from './stream-connection.js';

export interface TcpClientOptions extends BaseInterfaceOptions {
  targetHost: string;
  targetPort: number;
  /** KISS instead of HDLC framing (config `kiss_framing`). */
  kissFraming?: boolean;
  /** Longer TCP timeouts for I2P tunnels (config `i2p_tunneled`). */
  i2pTunneled?: boolean;
  /** Config `connect_timeout` (the file gives seconds). */
  connectTimeoutMs?: number;
  /** Pause between attempts; RNS uses a fixed 5 s. Tests shorten it. */
  reconnectWaitMs?: number;
  /** Config `max_reconnect_tries`; unlimited when undefined. */
  maxReconnectTries?: number | undefined;
  /** Config `fixed_mtu`: disables MTU autoconfiguration. */
  fixedMtu?: number | undefined;
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting' | 'failed' | 'stopped';

/** Minimum MTU RNS accepts for `fixed_mtu` (Reticulum.MTU). */
const RNS_MTU = 500;

/**
 * Outgoing TCP interface. `start()` resolves after the first connection attempt, whether or not it
 * succeeded (RNS's SYNCHRONOUS_START); a failed attempt leaves the interface offline and retrying.
 * `onStatus(this, true)` fires on every (re)connect: that is where Transport sends RNS's tunnel
 * synthesis packet if it implements tunnels (RNS does so for HDLC, not KISS, clients).
 */
export class TCPClientInterface extends InterfaceBase {
  readonly hwMtu: number;
  readonly targetHost: string;
  readonly targetPort: number;
  readonly kissFraming: boolean;
  readonly tunnelName: string | undefined;
  private readonly connectTimeoutMs: number;
  private readonly reconnectWaitMs: number;
  private readonly maxReconnectTries: number | undefined;
  private readonly userTimeoutMs: number;
  private readonly keepAliveMs: number;
  private state: State = 'idle';
  private connection: StreamConnection | null = null;
  private pending: net.Socket | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private firstAttempt: (() => void) | null = null;

  constructor(options: TcpClientOptions) {
    super(options, { bitrate: TCP_BITRATE_GUESS, ifacSize: IFAC_DEFAULT_SIZE });
    if (typeof options.targetHost !== 'string' || options.targetHost.length === 0) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: target_host is required`);
    }
    if (!Number.isInteger(options.targetPort) || options.targetPort < 1 || options.targetPort > 65535) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: target_port must be 1..65535, got ${options.targetPort}`);
    }
    if (options.fixedMtu !== undefined && (!Number.isInteger(options.fixedMtu) || options.fixedMtu < RNS_MTU)) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: fixed_mtu must be an integer >= ${RNS_MTU}`);
    }
    this.targetHost = options.targetHost;
    this.targetPort = options.targetPort;
    this.kissFraming = options.kissFraming ?? false;
    // The reference synthesizes tunnels from HDLC TCP clients only; the name is its str(interface).
    const host = this.targetHost.includes(':') ? `[${this.targetHost}]` : this.targetHost;
    this.tunnelName = this.kissFraming ? undefined : `TCPInterface[${this.name}/${host}:${this.targetPort}]`;
    this.hwMtu = options.fixedMtu ?? optimiseMtu(this.bitrate) ?? TCP_HW_MTU_MAX;
    this.connectTimeoutMs = options.connectTimeoutMs ?? TCP_CONNECT_TIMEOUT_MS;
    this.reconnectWaitMs = options.reconnectWaitMs ?? TCP_RECONNECT_WAIT_MS;
    this.maxReconnectTries = options.maxReconnectTries;
    this.userTimeoutMs = options.i2pTunneled ? I2P_USER_TIMEOUT_MS : TCP_USER_TIMEOUT_MS;
    this.keepAliveMs = options.i2pTunneled ? I2P_PROBE_AFTER_MS : TCP_PROBE_AFTER_MS;
  }

  get online(): boolean {
    return this.state === 'connected';
  }

  /** Connection state, for status displays. `failed` means max_reconnect_tries ran out. */
  get status(): State {
    return this.state;
  }

  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve();
    return new Promise((resolve) => {
      this.firstAttempt = resolve;
      this.connect();
    });
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasOnline = this.online;
    this.state = 'stopped';
    this.clearTimers();
    this.resolveFirstAttempt();
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      const closed = new Promise<void>((r) => pending.once('close', () => r()));
      pending.destroy();
      await closed;
    }
    const connection = this.connection;
    this.connection = null;
    if (connection) await connection.close();
    if (wasOnline) this.notifyStatus(false);
  }

  send(packet: Uint8Array): void {
    if (this.state !== 'connected' || !this.connection || !this.canTransmit) return;
    const n = this.connection.write(this.seal(packet));
    if (n > 0) this.countTx(n);
  }

  private connect(): void {
    this.state = 'connecting';
    const socket = net.connect({ host: this.targetHost, port: this.targetPort });
    this.pending = socket;
    const onEarlyError = (err: Error) => this.log('debug', `${this.name}: connect to ${this.targetHost}:${this.targetPort} failed: ${err.message}`);
    socket.on('error', onEarlyError);
    const onEarlyClose = () => {
      if (this.pending !== socket) return;
      this.pending = null;
      this.clearConnectTimer();
      this.scheduleReconnect();
    };
    socket.once('close', onEarlyClose);
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      socket.destroy(new Error('connect timeout'));
    }, this.connectTimeoutMs);
    socket.once('connect', () => {
      this.clearConnectTimer();
      socket.off('error', onEarlyError);
      socket.off('close', onEarlyClose);
      this.pending = null;
      if (this.state === 'stopped') {
        socket.destroy();
        return;
      }
      this.attempts = 0;
      this.connection = new StreamConnection(socket, {
        kissFraming: this.kissFraming,
        maxFrameSize: this.hwMtu + this.ifacSize,
        userTimeoutMs: this.userTimeoutMs,
        keepAliveMs: this.keepAliveMs,
        onFrame: (frame) => this.deliver(frame),
        onDrop: (reason) => this.countDrop(reason),
        onBytes: (n) => this.countRx(n),
        onClose: (err) => this.onConnectionClosed(err),
      });
      this.state = 'connected';
      this.log('info', `${this.name}: connected to ${this.targetHost}:${this.targetPort}`);
      this.resolveFirstAttempt();
      this.notifyStatus(true);
    });
  }

  private onConnectionClosed(err: Error | undefined): void {
    if (this.state === 'stopped') return;
    this.connection = null;
    this.log('warn', `${this.name}: connection lost${err ? `: ${err.message}` : ''}, reconnecting`);
    this.state = 'waiting';
    this.notifyStatus(false);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.resolveFirstAttempt();
    if (this.state === 'stopped') return;
    this.attempts++;
    if (this.maxReconnectTries !== undefined && this.attempts > this.maxReconnectTries) {
      this.state = 'failed';
      this.log('error', `${this.name}: giving up after ${this.maxReconnectTries} reconnect attempts`);
      return;
    }
    this.state = 'waiting';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'waiting') this.connect();
    }, this.reconnectWaitMs);
  }

  private resolveFirstAttempt(): void {
    const resolve = this.firstAttempt;
    this.firstAttempt = null;
    resolve?.();
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
