// SPDX-License-Identifier: MIT
// What every interface implementation shares: identity fields, the Transport handlers, counters,
// and the IFAC step between the wire and Transport (RNS does the latter in Transport.transmit and
// Transport.inbound; our contract puts it in the interface, so it lives here once).

import type { IfacDropReason } from '../ifac/index.js';
import { Ifac, ifacEnabled, openInbound } from '../ifac/index.js';
import { RnsArgumentError } from '../errors.js';
import type { InterfaceHandlers, InterfaceMode, InterfaceStats, NetworkInterface } from './interface.js';

/** IFAC settings as the config file gives them; `size` is in bytes (config `ifac_size` / 8). */
export interface IfacSettings {
  networkName?: string | undefined;
  passphrase?: string | undefined;
  /** Bytes; the interface type's default when omitted. */
  size?: number | undefined;
}

/** Options every interface accepts. */
export interface BaseInterfaceOptions {
  name: string;
  mode?: InterfaceMode;
  /** Overrides the type's bitrate guess, in bits/s (config `bitrate`). */
  bitrate?: number;
  /** Config `outgoing = no` makes an interface receive-only (RNS `OUT = False`). */
  outgoing?: boolean;
  ifac?: IfacSettings;
  /** Diagnostic sink; interfaces never throw from socket callbacks, they report here. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Why inbound bytes were discarded; the keys of `stats().dropped`. */
export type DropReason = IfacDropReason | 'oversized' | 'runt' | 'garbage' | 'command' | 'offline' | 'unknown_peer';

/**
 * RNS `Interface.optimise_mtu`: the hardware MTU an auto-configuring interface picks for a bitrate.
 * Over TCP at the 10 Mbit/s guess this gives 8192, which is what links negotiate.
 */
export function optimiseMtu(bitrate: number): number | undefined {
  if (bitrate >= 1_000_000_000) return 524288;
  if (bitrate > 750_000_000) return 262144;
  if (bitrate > 400_000_000) return 131072;
  if (bitrate > 200_000_000) return 65536;
  if (bitrate > 100_000_000) return 32768;
  if (bitrate > 10_000_000) return 16384;
  if (bitrate > 5_000_000) return 8192;
  if (bitrate > 2_000_000) return 4096;
  if (bitrate > 1_000_000) return 2048;
  if (bitrate > 62_500) return 1024;
  return undefined;
}

/** Builds the IFAC state for an interface, or null when no name/passphrase is configured. */
export function makeIfac(settings: IfacSettings | undefined, defaultSize: number): Ifac | null {
  if (!settings || !ifacEnabled(settings)) return null;
  return new Ifac({ networkName: settings.networkName, passphrase: settings.passphrase, size: settings.size ?? defaultSize });
}

/** Common state and helpers; subclasses implement the transport (sockets) and lifecycle. */
export abstract class InterfaceBase implements NetworkInterface {
  readonly name: string;
  readonly mode: InterfaceMode;
  readonly bitrate: number;
  abstract readonly hwMtu: number | undefined;
  protected handlers: InterfaceHandlers | null = null;
  protected readonly ifac: Ifac | null;
  protected readonly log: NonNullable<BaseInterfaceOptions['log']>;
  private readonly outgoing: boolean;
  protected counters: InterfaceStats = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, dropped: {} };
  /** Set by a parent (TCP/Local server) so its totals include its clients'. */
  protected parentStats: InterfaceStats | null = null;

  constructor(options: BaseInterfaceOptions, defaults: { bitrate: number; ifacSize: number }) {
    if (typeof options.name !== 'string' || options.name.length === 0) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', 'an interface needs a non-empty name');
    }
    this.name = options.name;
    this.mode = options.mode ?? 'full';
    this.bitrate = options.bitrate ?? defaults.bitrate;
    this.outgoing = options.outgoing ?? true;
    this.ifac = makeIfac(options.ifac, defaults.ifacSize);
    this.log = options.log ?? (() => {});
  }

  abstract readonly online: boolean;

  get canTransmit(): boolean {
    return this.outgoing;
  }

  /** IFAC code size in bytes, 0 without IFAC (frames may be this much longer than hwMtu). */
  get ifacSize(): number {
    return this.ifac?.size ?? 0;
  }

  attach(handlers: InterfaceHandlers): void {
    this.handlers = handlers;
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract send(packet: Uint8Array): void;

  stats(): InterfaceStats {
    return { ...this.counters, dropped: { ...this.counters.dropped } };
  }

  protected countDrop(reason: DropReason): void {
    this.counters.dropped[reason] = (this.counters.dropped[reason] ?? 0) + 1;
    if (this.parentStats) this.parentStats.dropped[reason] = (this.parentStats.dropped[reason] ?? 0) + 1;
  }

  protected countRx(bytes: number): void {
    this.counters.rxBytes += bytes;
    if (this.parentStats) this.parentStats.rxBytes += bytes;
  }

  protected countTx(bytes: number): void {
    this.counters.txBytes += bytes;
    this.counters.txPackets++;
    if (this.parentStats) {
      this.parentStats.txBytes += bytes;
      this.parentStats.txPackets++;
    }
  }

  /** Applies IFAC to an outbound packet (or passes it through without IFAC). */
  protected seal(packet: Uint8Array): Uint8Array {
    return this.ifac ? this.ifac.seal(packet) : packet;
  }

  /**
   * Hands one deframed (or datagram) packet to Transport after the IFAC check, counting drops.
   * `from` is the interface Transport should see as the receiver (a spawned client, or this).
   */
  protected deliver(raw: Uint8Array, from: NetworkInterface = this, handlers = this.handlers): void {
    const result = openInbound(this.ifac, raw);
    if (!result.ok) {
      this.countDrop(result.reason);
      return;
    }
    this.counters.rxPackets++;
    if (this.parentStats) this.parentStats.rxPackets++;
    if (!handlers) return;
    try {
      handlers.onPacket(result.packet, from);
    } catch (err) {
      // A Transport bug must not kill the socket read loop; report it and keep reading.
      this.log('error', `${this.name}: packet handler threw: ${String(err)}`);
    }
  }

  protected notifyStatus(online: boolean, from: NetworkInterface = this, handlers = this.handlers): void {
    try {
      handlers?.onStatus?.(from, online);
    } catch (err) {
      this.log('error', `${this.name}: status handler threw: ${String(err)}`);
    }
  }
}

/**
 * Resolves once libuv has really released handles whose close callbacks have run: Node reports
 * them in process.getActiveResourcesInfo() for two more event-loop turns (observed on Node 20).
 * stop() methods await this so "resolved" means "nothing left".
 */
export async function handlesReleased(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}
