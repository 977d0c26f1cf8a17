// SPDX-License-Identifier: MIT
// UDPInterface: one packet per datagram, no framing. Listens on listen_ip:listen_port and sends
// to forward_ip:forward_port, which may be a broadcast address (SO_BROADCAST is always on).
// Reference: RNS/Interfaces/UDPInterface.py.

import dgram from 'node:dgram';
import net from 'node:net';
import { RnsArgumentError } from '../errors.js';
import { HEADER_MINSIZE } from '../framing/index.js';
import { IFAC_DEFAULT_SIZE } from '../ifac/index.js';
import type { BaseInterfaceOptions } from './base.js';
import { InterfaceBase, handlesReleased } from './base.js';
import { UDP_BITRATE_GUESS, UDP_HW_MTU } from './constants.defaults.js';

export interface UdpOptions extends BaseInterfaceOptions {
  /** Config `listen_ip`; receiving is off when it or the port is missing. */
  listenIp?: string | undefined;
  /** Config `listen_port` (defaults to `port`); 0 picks a free port (tests). */
  listenPort?: number | undefined;
  /** Config `forward_ip`; sending is off when it or the port is missing. */
  forwardIp?: string | undefined;
  /** Config `forward_port` (defaults to `port`). */
  forwardPort?: number | undefined;
}

function checkPort(name: string, option: string, port: number | undefined, allowZero: boolean): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${name}: ${option} must be a port number, got ${port}`);
  }
}

export class UDPInterface extends InterfaceBase {
  readonly hwMtu = UDP_HW_MTU;
  readonly listenIp: string | undefined;
  private readonly listenPortOption: number | undefined;
  readonly forwardIp: string | undefined;
  readonly forwardPort: number | undefined;
  private rx: dgram.Socket | null = null;
  private tx: dgram.Socket | null = null;
  private boundPort: number | undefined;
  private running = false;

  constructor(options: UdpOptions) {
    super(options, { bitrate: UDP_BITRATE_GUESS, ifacSize: IFAC_DEFAULT_SIZE });
    checkPort(options.name, 'listen_port', options.listenPort, true);
    checkPort(options.name, 'forward_port', options.forwardPort, false);
    for (const [option, ip] of [['listen_ip', options.listenIp], ['forward_ip', options.forwardIp]] as const) {
      if (ip !== undefined && net.isIP(ip) !== 4) {
        throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: ${option} must be an IPv4 address, got '${ip}'`);
      }
    }
    const listens = options.listenIp !== undefined && options.listenPort !== undefined;
    const forwards = options.forwardIp !== undefined && options.forwardPort !== undefined;
    if (!listens && !forwards) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: needs listen_ip/listen_port, forward_ip/forward_port, or both`);
    }
    this.listenIp = options.listenIp;
    this.listenPortOption = options.listenPort;
    this.forwardIp = options.forwardIp;
    this.forwardPort = options.forwardPort;
  }

  get online(): boolean {
    return this.running;
  }

  /** The bound listen port (useful with port 0), when listening. */
  get listenPort(): number | undefined {
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.listenIp !== undefined && this.listenPortOption !== undefined) {
      const rx = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      rx.on('message', (msg) => this.onDatagram(msg));
      await new Promise<void>((resolve, reject) => {
        rx.once('error', reject);
        rx.bind(this.listenPortOption, this.listenIp, () => {
          rx.off('error', reject);
          resolve();
        });
      }).catch(async (err: unknown) => {
        await new Promise<void>((r) => rx.close(() => r()));
        throw err;
      });
      rx.on('error', (err) => this.log('error', `${this.name}: ${err.message}`));
      this.boundPort = rx.address().port;
      this.rx = rx;
    }
    if (this.forwardIp !== undefined && this.forwardPort !== undefined) {
      const tx = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => tx.bind(0, () => resolve()));
      tx.setBroadcast(true);
      tx.on('error', (err) => this.log('error', `${this.name}: ${err.message}`));
      this.tx = tx;
    }
    this.running = true;
    this.notifyStatus(true);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const sockets = [this.rx, this.tx].filter((s): s is dgram.Socket => s !== null);
    this.rx = null;
    this.tx = null;
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await handlesReleased();
    this.notifyStatus(false);
  }

  send(packet: Uint8Array): void {
    if (!this.running || !this.tx || !this.canTransmit || this.forwardPort === undefined) return;
    const wire = this.seal(packet);
    this.tx.send(wire, this.forwardPort, this.forwardIp, (err) => {
      if (err) this.log('warn', `${this.name}: send failed: ${err.message}`);
    });
    this.countTx(wire.length);
  }

  private onDatagram(msg: Buffer): void {
    this.countRx(msg.length);
    if (msg.length <= HEADER_MINSIZE) {
      this.countDrop('runt');
      return;
    }
    if (msg.length > this.hwMtu + this.ifacSize) {
      this.countDrop('oversized');
      return;
    }
    this.deliver(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
  }
}
