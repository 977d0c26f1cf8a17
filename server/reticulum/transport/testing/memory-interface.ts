// SPDX-License-Identifier: MIT
// An in-memory NetworkInterface pair for Transport tests: what one end sends, the other receives on
// a later macrotask (so re-entrancy behaves like a socket). Not for production use.
import type { InterfaceHandlers, InterfaceMode, InterfaceStats, NetworkInterface } from '../../interfaces/interface.js';

export interface MemoryInterfaceOptions {
  mode?: InterfaceMode;
  bitrate?: number;
  hwMtu?: number;
}

export class MemoryInterface implements NetworkInterface {
  readonly mode: InterfaceMode;
  readonly bitrate: number;
  readonly hwMtu: number | undefined;
  readonly canTransmit = true;
  peer: MemoryInterface | null = null;
  /** Every packet sent, in order (tests inspect it). */
  readonly sent: Uint8Array[] = [];
  private handlers: InterfaceHandlers | null = null;
  private running = false;
  private readonly counters: InterfaceStats = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, dropped: {} };

  constructor(
    readonly name: string,
    opts: MemoryInterfaceOptions = {},
  ) {
    this.mode = opts.mode ?? 'full';
    this.bitrate = opts.bitrate ?? 10_000_000;
    this.hwMtu = opts.hwMtu;
  }

  /** Two connected interfaces. */
  static pair(a: string, b: string, opts: MemoryInterfaceOptions = {}): [MemoryInterface, MemoryInterface] {
    const x = new MemoryInterface(a, opts);
    const y = new MemoryInterface(b, opts);
    x.peer = y;
    y.peer = x;
    return [x, y];
  }

  get online(): boolean {
    return this.running;
  }

  attach(handlers: InterfaceHandlers): void {
    this.handlers = handlers;
  }

  async start(): Promise<void> {
    this.running = true;
    this.handlers?.onStatus?.(this, true);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.handlers?.onStatus?.(this, false);
  }

  send(packet: Uint8Array): void {
    if (!this.running) return;
    const copy = packet.slice();
    this.sent.push(copy);
    this.counters.txBytes += copy.length;
    this.counters.txPackets++;
    const peer = this.peer;
    if (peer) setImmediate(() => peer.inject(copy));
  }

  /** Delivers raw bytes as if they arrived from the medium (tests use it to inject garbage). */
  inject(packet: Uint8Array): void {
    if (!this.running || !this.handlers) return;
    this.counters.rxBytes += packet.length;
    this.counters.rxPackets++;
    this.handlers.onPacket(packet, this);
  }

  stats(): InterfaceStats {
    return { ...this.counters, dropped: { ...this.counters.dropped } };
  }
}
