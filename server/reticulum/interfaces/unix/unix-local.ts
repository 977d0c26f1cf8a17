// SPDX-License-Identifier: MIT
// The shared-instance interfaces over RNS's Linux default transport, the abstract unix socket
// `\0rns/<instance_name>` (RNS/Interfaces/LocalInterface.py with socket_path set). The wire is the
// same as over TCP: plain HDLC frames, no IFAC, no handshake. The native addon creates the socket
// with the exact address length; Node then runs the descriptor as an ordinary pipe.
import net from 'node:net';
import { RnsArgumentError } from '../../errors.js';
import type { BaseInterfaceOptions } from '../base.js';
import { InterfaceBase, handlesReleased } from '../base.js';
import { LOCAL_BITRATE, LOCAL_HW_MTU, LOCAL_RECONNECT_WAIT_MS } from '../constants.defaults.js';
import type { NetworkInterface } from '../interface.js';
import { SpawnedStreamInterface } from '../spawned.js';
import { StreamConnection } from '../stream-connection.js';
import type { AbstractSocketAddon } from './native.js';
import { abstractSockets } from './native.js';

/** RNS LocalServerInterface listens with a backlog of 5 (socketserver default). */
const BACKLOG = 5;

export interface UnixLocalOptions extends Omit<BaseInterfaceOptions, 'ifac' | 'name'> {
  name?: string;
  /** Abstract name without the leading NUL, e.g. `rns/default`. */
  socketName: string;
  /** Client only: wait between attempts (RNS: 8 s). */
  reconnectWaitMs?: number;
  /** For tests; defaults to the built addon. */
  addon?: AbstractSocketAddon;
}

function addonOf(options: UnixLocalOptions): AbstractSocketAddon {
  const addon = options.addon ?? abstractSockets();
  if (!addon) throw new RnsArgumentError('RNS_ERR_NO_ABSTRACT_SOCKETS', 'the abstract unix socket addon is not available on this system');
  return addon;
}

/** Offers the shared instance on `\0<socketName>` (RNS: "Shared Instance[rns/default]"). */
export class UnixLocalServerInterface extends InterfaceBase {
  readonly hwMtu = LOCAL_HW_MTU;
  readonly socketName: string;
  private readonly addon: AbstractSocketAddon;
  private server: net.Server | null = null;
  private listening = false;
  private readonly children = new Set<SpawnedStreamInterface>();
  private accepted = 0;

  constructor(private readonly options: UnixLocalOptions) {
    super({ ...options, name: options.name ?? 'Reticulum', bitrate: options.bitrate ?? LOCAL_BITRATE }, { bitrate: LOCAL_BITRATE, ifacSize: 0 });
    this.addon = addonOf(options);
    this.socketName = options.socketName;
  }

  get online(): boolean {
    return this.listening;
  }

  clients(): readonly NetworkInterface[] {
    return [...this.children];
  }

  /** @throws an Error with code EADDRINUSE when another instance owns the name. */
  async start(): Promise<void> {
    if (this.server) return;
    const fd = this.addon.listen(this.socketName, BACKLOG);
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ fd }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      this.server = null;
      this.addon.close(fd);
      throw e;
    }
    server.on('error', (err) => this.log('error', `${this.name}: ${err.message}`));
    this.listening = true;
    this.notifyStatus(true);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.children].map((c) => c.stop()));
    await closed;
    await handlesReleased();
    this.notifyStatus(false);
  }

  send(packet: Uint8Array): void {
    if (!this.canTransmit) return;
    for (const child of this.children) child.send(packet);
  }

  private accept(socket: net.Socket): void {
    if (!this.listening) {
      socket.destroy();
      return;
    }
    // Unix peers have no address; RNS names them by a counter too.
    const id = ++this.accepted;
    const child = new SpawnedStreamInterface(socket, {
      ...this.options,
      name: `${this.socketName}#${id}`,
      mode: this.mode,
      bitrate: this.bitrate,
      outgoing: this.canTransmit,
      hwMtu: this.hwMtu,
      kissFraming: false,
      userTimeoutMs: 0,
      keepAliveMs: 0,
      defaultIfacSize: 0,
      parentHandlers: this.handlers,
      parentStats: this.counters,
      remoteAddress: '',
      remotePort: id,
      onGone: (c) => this.children.delete(c),
    });
    this.children.add(child);
    child.announce();
  }
}

/** Attaches to a shared instance on `\0<socketName>`, reconnecting like RNS's LocalClientInterface. */
export class UnixLocalClientInterface extends InterfaceBase {
  readonly hwMtu = LOCAL_HW_MTU;
  readonly socketName: string;
  private readonly addon: AbstractSocketAddon;
  private readonly reconnectWaitMs: number;
  private connection: StreamConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private started = false;

  constructor(options: UnixLocalOptions) {
    super({ ...options, name: options.name ?? 'Local shared instance', bitrate: options.bitrate ?? LOCAL_BITRATE }, { bitrate: LOCAL_BITRATE, ifacSize: 0 });
    this.addon = addonOf(options);
    this.socketName = options.socketName;
    this.reconnectWaitMs = options.reconnectWaitMs ?? LOCAL_RECONNECT_WAIT_MS;
  }

  get online(): boolean {
    return this.connection?.isOpen ?? false;
  }

  /** Resolves after the first attempt; when it failed the interface stays offline and retries. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const connection = this.connection;
    this.connection = null;
    if (connection) {
      await connection.close();
      this.notifyStatus(false);
    }
  }

  send(packet: Uint8Array): void {
    if (!this.connection || !this.canTransmit) return;
    const n = this.connection.write(this.seal(packet));
    if (n > 0) this.countTx(n);
  }

  private connect(): void {
    if (this.stopped) return;
    let fd: number;
    try {
      fd = this.addon.connect(this.socketName);
    } catch (e) {
      this.log('debug', `${this.name}: connect to @${this.socketName} failed: ${String(e)}`);
      return this.retry();
    }
    const socket = new net.Socket({ fd, readable: true, writable: true });
    this.connection = new StreamConnection(socket, {
      kissFraming: false,
      maxFrameSize: this.hwMtu,
      userTimeoutMs: 0,
      keepAliveMs: 0,
      onFrame: (frame) => this.deliver(frame),
      onDrop: (reason) => this.countDrop(reason),
      onBytes: (n) => this.countRx(n),
      onClose: (err) => {
        if (this.stopped) return;
        this.connection = null;
        this.log('warn', `${this.name}: shared instance connection lost${err ? `: ${err.message}` : ''}, reconnecting`);
        this.notifyStatus(false);
        this.retry();
      },
    });
    this.log('info', `${this.name}: connected to @${this.socketName}`);
    this.notifyStatus(true);
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, this.reconnectWaitMs);
  }
}
