// SPDX-License-Identifier: MIT
// The shared-instance protocol: plain HDLC frames over TCP on 127.0.0.1:37428 (no IFAC, no
// handshake, no runts). LocalServerInterface lets RNS programs attach to Strand as their shared
// instance; LocalClientInterface attaches Strand to a running rnsd.
// Reference: RNS/Interfaces/LocalInterface.py; RNS/Reticulum.py :: __start_local_interface.
//
// Only the TCP variant (`shared_instance_type = tcp`) exists so far. The Linux default, an abstract
// unix socket `\0rns/<instance_name>`, cannot be reached with node:net, which pads abstract names
// to the full sun_path length; it needs a native helper and is a later step.

import { RnsArgumentError } from '../errors.js';
import type { BaseInterfaceOptions } from './base.js';
import type { InterfaceHandlers } from './interface.js';
import { LOCAL_BITRATE, LOCAL_HW_MTU, LOCAL_RECONNECT_WAIT_MS, LOCAL_SHARED_INSTANCE_PORT } from './constants.defaults.js';
import { StreamServerBase } from './stream-server.js';
import { TCPClientInterface } from './tcp-client.js';

const LOOPBACK = '127.0.0.1';

export interface LocalServerOptions extends Omit<BaseInterfaceOptions, 'ifac' | 'name'> {
  /** RNS names the shared-instance interface "Reticulum". */
  name?: string;
  /** Config `shared_instance_port`; 0 picks a free port (tests). */
  port?: number;
}

/** Offers a shared instance to local RNS programs (RNS: "Shared Instance[37428]"). */
export class LocalServerInterface extends StreamServerBase {
  constructor(options: LocalServerOptions = {}) {
    const port = options.port ?? LOCAL_SHARED_INSTANCE_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RnsArgumentError('RNS_ERR_INTERFACE_OPTIONS', `shared_instance_port must be 0..65535, got ${port}`);
    }
    super(
      { ...options, name: options.name ?? 'Reticulum', bitrate: options.bitrate ?? LOCAL_BITRATE },
      {
        host: LOOPBACK,
        port,
        hwMtu: LOCAL_HW_MTU,
        bitrate: LOCAL_BITRATE,
        ifacSize: 0,
        kissFraming: false,
        // Loopback peers do not vanish silently; RNS sets no keepalive or user timeout here.
        userTimeoutMs: 0,
        keepAliveMs: 0,
        childName: (_address, remotePort) => String(remotePort),
      },
    );
  }
}

export interface LocalClientOptions extends Omit<BaseInterfaceOptions, 'ifac' | 'name'> {
  /** RNS calls it "Local shared instance". */
  name?: string;
  /** Config `shared_instance_port`. */
  port?: number;
  /** RNS waits a fixed 8 s between attempts; tests shorten it. */
  reconnectWaitMs?: number;
}

/**
 * Attaches to a running shared instance. After a reconnect RNS re-announces local destinations
 * (Transport.shared_connection_reappeared); Transport gets the cue from `onStatus(this, true)`.
 */
export class LocalClientInterface extends TCPClientInterface {
  constructor(options: LocalClientOptions = {}) {
    super({
      ...options,
      name: options.name ?? 'Local shared instance',
      targetHost: LOOPBACK,
      targetPort: options.port ?? LOCAL_SHARED_INSTANCE_PORT,
      bitrate: options.bitrate ?? LOCAL_BITRATE,
      fixedMtu: LOCAL_HW_MTU,
      reconnectWaitMs: options.reconnectWaitMs ?? LOCAL_RECONNECT_WAIT_MS,
    });
  }
}

/** What {@link openSharedInstance} ended up doing. */
export type SharedInstance =
  | { role: 'server'; interface: LocalServerInterface }
  | { role: 'client'; interface: LocalClientInterface };

/**
 * RNS's startup rule (Reticulum.__start_local_interface): try to become the shared instance; if the
 * port is taken, another instance runs there, so attach to it as a client instead. The returned
 * interface is started and attached to `handlers`. Other errors are thrown.
 */
export async function openSharedInstance(
  handlers: InterfaceHandlers,
  options: { port?: number; log?: BaseInterfaceOptions['log']; reconnectWaitMs?: number } = {},
): Promise<SharedInstance> {
  const server = new LocalServerInterface({ ...(options.port !== undefined ? { port: options.port } : {}), ...(options.log ? { log: options.log } : {}) });
  server.attach(handlers);
  try {
    await server.start();
    return { role: 'server', interface: server };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  }
  const client = new LocalClientInterface({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.reconnectWaitMs !== undefined ? { reconnectWaitMs: options.reconnectWaitMs } : {}),
  });
  client.attach(handlers);
  await client.start();
  return { role: 'client', interface: client };
}
