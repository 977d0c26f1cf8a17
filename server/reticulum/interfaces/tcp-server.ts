// SPDX-License-Identifier: MIT
// TCPServerInterface: listens for RNS peers; each accepted connection becomes a spawned interface
// with HDLC framing and the server's IFAC, mode and bitrate.
// Reference: RNS/Interfaces/TCPInterface.py :: TCPServerInterface, incoming_connection.
//
// How Transport sees it (our decision, mirroring RNS's spawned interfaces): Transport registers
// only the server. Each client shows up through the server's handlers: `onStatus(client, true)` on
// accept, `onPacket(packet, client)` for its traffic, `onStatus(client, false)` when it leaves.
// `client.send()` reaches that client only; `server.send()` reaches all of them (what RNS gets by
// transmitting on every spawned interface), and `server.broadcast(packet, except)` skips one.

import { RnsArgumentError } from '../errors.js';
import { IFAC_DEFAULT_SIZE } from '../ifac/index.js';
import type { BaseInterfaceOptions } from './base.js';
import { optimiseMtu } from './base.js';
import {
  I2P_PROBE_AFTER_MS,
  I2P_USER_TIMEOUT_MS,
  TCP_BITRATE_GUESS,
  TCP_HW_MTU_MAX,
  TCP_PROBE_AFTER_MS,
  TCP_USER_TIMEOUT_MS,
} from './constants.defaults.js';
import { StreamServerBase } from './stream-server.js';

export interface TcpServerOptions extends BaseInterfaceOptions {
  /** Config `listen_ip`; use `::` or `0.0.0.0` for all addresses. */
  listenIp: string;
  /** Config `listen_port` (or `port`); 0 picks a free port (tests). */
  listenPort: number;
  i2pTunneled?: boolean;
  /**
   * KISS framing for accepted clients. A Strand extension: RNS servers always speak HDLC and the
   * config mapping never sets this; it exists for KISS-over-TCP peers and for tests.
   */
  kissFraming?: boolean;
}

export class TCPServerInterface extends StreamServerBase {
  readonly listenIp: string;

  constructor(options: TcpServerOptions) {
    if (typeof options.listenIp !== 'string' || options.listenIp.length === 0) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: listen_ip is required`);
    }
    if (!Number.isInteger(options.listenPort) || options.listenPort < 0 || options.listenPort > 65535) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `${options.name}: listen_port must be 0..65535, got ${options.listenPort}`);
    }
    const bitrate = options.bitrate ?? TCP_BITRATE_GUESS;
    const name = options.name;
    super(options, {
      host: options.listenIp,
      port: options.listenPort,
      hwMtu: optimiseMtu(bitrate) ?? TCP_HW_MTU_MAX,
      bitrate: TCP_BITRATE_GUESS,
      ifacSize: IFAC_DEFAULT_SIZE,
      kissFraming: options.kissFraming ?? false,
      userTimeoutMs: options.i2pTunneled ? I2P_USER_TIMEOUT_MS : TCP_USER_TIMEOUT_MS,
      keepAliveMs: options.i2pTunneled ? I2P_PROBE_AFTER_MS : TCP_PROBE_AFTER_MS,
      childName: (address, port) => `Client on ${name} (${address}:${port})`,
    });
    this.listenIp = options.listenIp;
  }
}
