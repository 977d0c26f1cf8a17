// SPDX-License-Identifier: MIT
// Listening side shared by TCPServerInterface and LocalServerInterface: accepts connections and
// turns each into a SpawnedStreamInterface (see spawned.ts for how Transport sees them).

import net from 'node:net';
import type { BaseInterfaceOptions } from './base.js';
import { InterfaceBase, handlesReleased } from './base.js';
import type { NetworkInterface } from './interface.js';
import { SpawnedStreamInterface } from './spawned.js';

export interface StreamServerSettings {
  host: string;
  port: number;
  hwMtu: number;
  bitrate: number;
  ifacSize: number;
  kissFraming: boolean;
  userTimeoutMs: number;
  keepAliveMs: number;
  /** Name given to each accepted connection. */
  childName(remoteAddress: string, remotePort: number): string;
}

export abstract class StreamServerBase extends InterfaceBase {
  readonly hwMtu: number;
  private server: net.Server | null = null;
  private readonly children = new Set<SpawnedStreamInterface>();
  private listening = false;
  private boundPort: number;

  protected constructor(
    private readonly baseOptions: BaseInterfaceOptions,
    private readonly settings: StreamServerSettings,
  ) {
    super(baseOptions, { bitrate: settings.bitrate, ifacSize: settings.ifacSize });
    this.hwMtu = settings.hwMtu;
    this.boundPort = settings.port;
  }

  get online(): boolean {
    return this.listening;
  }

  /** The port actually bound (useful with port 0). */
  get port(): number {
    return this.boundPort;
  }

  /** The currently connected clients, each a NetworkInterface of its own. */
  clients(): readonly NetworkInterface[] {
    return [...this.children];
  }

  /** @throws the listen error (EADDRINUSE, EACCES, ...) as Node reports it. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        this.server = null;
        reject(err);
      };
      server.once('error', onError);
      server.listen({ host: this.settings.host, port: this.settings.port }, () => {
        server.off('error', onError);
        server.on('error', (err) => this.log('error', `${this.name}: ${err.message}`));
        const address = server.address();
        if (address && typeof address === 'object') this.boundPort = address.port;
        this.listening = true;
        resolve();
      });
    });
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

  /** Sends to every connected client, as RNS does by transmitting on each spawned interface. */
  send(packet: Uint8Array): void {
    this.broadcast(packet);
  }

  /** Sends to every client except `except` (e.g. the one a packet came from). */
  broadcast(packet: Uint8Array, except?: NetworkInterface): void {
    if (!this.canTransmit) return;
    for (const child of this.children) if (child !== except) child.send(packet);
  }

  private accept(socket: net.Socket): void {
    if (!this.listening) {
      socket.destroy();
      return;
    }
    const remoteAddress = socket.remoteAddress ?? '';
    const remotePort = socket.remotePort ?? 0;
    const child = new SpawnedStreamInterface(socket, {
      ...this.baseOptions,
      name: this.settings.childName(remoteAddress, remotePort),
      mode: this.mode,
      bitrate: this.bitrate,
      outgoing: this.canTransmit,
      hwMtu: this.hwMtu,
      kissFraming: this.settings.kissFraming,
      userTimeoutMs: this.settings.userTimeoutMs,
      keepAliveMs: this.settings.keepAliveMs,
      defaultIfacSize: this.settings.ifacSize,
      parentHandlers: this.handlers,
      parentStats: this.counters,
      remoteAddress,
      remotePort,
      onGone: (c) => this.children.delete(c),
    });
    this.children.add(child);
    this.log('debug', `${this.name}: accepted ${remoteAddress}:${remotePort}`);
    child.announce();
  }
}
