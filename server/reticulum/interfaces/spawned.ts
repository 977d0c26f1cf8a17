// SPDX-License-Identifier: MIT
// A connection accepted by a server interface (TCP or Local). RNS models each as its own
// interface ("spawned interface", registered with Transport separately); we do the same, except
// that Transport learns about it through the parent's handlers: packets arrive with `from` set to
// the spawned interface, and `onStatus(spawned, true|false)` announces its arrival and departure.

import type { Socket } from 'node:net';
import type { BaseInterfaceOptions } from './base.js';
import { InterfaceBase } from './base.js';
import type { InterfaceHandlers, InterfaceStats } from './interface.js';
import { StreamConnection } from './stream-connection.js';

export interface SpawnedOptions extends BaseInterfaceOptions {
  hwMtu: number;
  kissFraming: boolean;
  userTimeoutMs: number;
  keepAliveMs: number;
  defaultIfacSize: number;
  /** The parent's handlers at accept time (Transport registers the parent only). */
  parentHandlers: InterfaceHandlers | null;
  /** The parent's counters, so the parent's stats() include its clients'. */
  parentStats: InterfaceStats;
  remoteAddress: string;
  remotePort: number;
  onGone(child: SpawnedStreamInterface): void;
}

export class SpawnedStreamInterface extends InterfaceBase {
  readonly hwMtu: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  private readonly connection: StreamConnection;
  private open = true;

  constructor(socket: Socket, options: SpawnedOptions) {
    super(options, { bitrate: options.bitrate ?? 0, ifacSize: options.defaultIfacSize });
    this.hwMtu = options.hwMtu;
    this.remoteAddress = options.remoteAddress;
    this.remotePort = options.remotePort;
    this.handlers = options.parentHandlers;
    this.parentStats = options.parentStats;
    this.connection = new StreamConnection(socket, {
      kissFraming: options.kissFraming,
      maxFrameSize: this.hwMtu + this.ifacSize,
      userTimeoutMs: options.userTimeoutMs,
      keepAliveMs: options.keepAliveMs,
      onFrame: (frame) => this.deliver(frame),
      onDrop: (reason) => this.countDrop(reason),
      onBytes: (n) => this.countRx(n),
      onClose: (err) => {
        this.open = false;
        if (err) this.log('debug', `${this.name}: ${err.message}`);
        this.notifyStatus(false);
        options.onGone(this);
      },
    });
  }

  get online(): boolean {
    return this.open && this.connection.isOpen;
  }

  /** Spawned interfaces start live; `start()` exists for the contract only. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.connection.close();
  }

  send(packet: Uint8Array): void {
    if (!this.online || !this.canTransmit) return;
    const n = this.connection.write(this.seal(packet));
    if (n > 0) this.countTx(n);
  }

  /** Called by the parent right after construction, once the child is in its client list. */
  announce(): void {
    this.notifyStatus(true);
  }
}
