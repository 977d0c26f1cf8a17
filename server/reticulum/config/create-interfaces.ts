// SPDX-License-Identifier: MIT
// Turns validated interface configs into interface instances (not started). One result per block:
// a block that cannot be built reports why and the others are still built.

import os from 'node:os';
import type { BaseInterfaceOptions } from '../interfaces/base.js';
import { AutoInterface } from '../interfaces/auto.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { UDPInterface } from '../interfaces/udp.js';
import type { InterfaceConfig, InterfaceConfigResult } from './interface-options.js';
import type { ConfigIssue } from './values.js';

export type CreatedInterface =
  | { name: string; status: 'created'; interface: NetworkInterface; config: InterfaceConfig }
  | { name: string; status: 'disabled'; config: InterfaceConfig }
  | { name: string; status: 'failed'; errors: ConfigIssue[] };

export interface CreateOptions {
  log?: BaseInterfaceOptions['log'];
  /** For tests: the host's network interfaces (defaults to os.networkInterfaces()). */
  networkInterfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

/** First address of a kernel interface (RNS `get_address_for_if`), IPv4 unless IPv6 is preferred. */
function deviceAddress(device: string, family: 'IPv4' | 'IPv6', nics: NodeJS.Dict<os.NetworkInterfaceInfo[]>): os.NetworkInterfaceInfo | undefined {
  const list = nics[device] ?? [];
  return list.find((a) => a.family === family) ?? list[0];
}

/** IPv4 broadcast address of an interface address: address | ~netmask. */
function broadcastOf(info: os.NetworkInterfaceInfo): string {
  const a = info.address.split('.').map(Number);
  const m = info.netmask.split('.').map(Number);
  return a.map((octet, i) => (octet | (~(m[i] ?? 0) & 0xff)) & 0xff).join('.');
}

function build(config: InterfaceConfig, options: CreateOptions): NetworkInterface {
  const base: BaseInterfaceOptions = { name: config.name, mode: config.mode, outgoing: config.outgoing };
  if (config.bitrate !== undefined) base.bitrate = config.bitrate;
  if (config.ifac) base.ifac = config.ifac;
  if (options.log) base.log = options.log;
  const nics = () => (options.networkInterfaces ?? os.networkInterfaces)();
  switch (config.type) {
    case 'TCPClientInterface':
      return new TCPClientInterface({
        ...base,
        targetHost: config.targetHost,
        targetPort: config.targetPort,
        kissFraming: config.kissFraming,
        i2pTunneled: config.i2pTunneled,
        ...(config.connectTimeoutMs !== undefined ? { connectTimeoutMs: config.connectTimeoutMs } : {}),
        maxReconnectTries: config.maxReconnectTries,
        fixedMtu: config.fixedMtu,
      });
    case 'TCPServerInterface': {
      let listenIp = config.listenIp;
      if (config.device !== undefined) {
        const info = deviceAddress(config.device, config.preferIpv6 ? 'IPv6' : 'IPv4', nics());
        if (!info) throw new Error(`interface '${config.name}': no addresses on device '${config.device}'`);
        listenIp = info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80:') ? `${info.address}%${config.device}` : info.address;
      }
      return new TCPServerInterface({ ...base, listenIp: listenIp ?? '', listenPort: config.listenPort, i2pTunneled: config.i2pTunneled });
    }
    case 'UDPInterface': {
      let { listenIp, forwardIp } = config;
      if (config.device !== undefined) {
        // RNS binds and sends to the device's broadcast address unless given explicitly.
        const info = deviceAddress(config.device, 'IPv4', nics());
        if (!info || info.family !== 'IPv4') throw new Error(`interface '${config.name}': no IPv4 address on device '${config.device}'`);
        listenIp ??= broadcastOf(info);
        forwardIp ??= broadcastOf(info);
      }
      return new UDPInterface({ ...base, listenIp, listenPort: config.listenPort, forwardIp, forwardPort: config.forwardPort });
    }
    case 'AutoInterface':
      return new AutoInterface({
        ...base,
        ...(config.groupId !== undefined ? { groupId: config.groupId } : {}),
        ...(config.discoveryScope !== undefined ? { discoveryScope: config.discoveryScope } : {}),
        ...(config.discoveryPort !== undefined ? { discoveryPort: config.discoveryPort } : {}),
        ...(config.dataPort !== undefined ? { dataPort: config.dataPort } : {}),
        ...(config.devices !== undefined ? { devices: config.devices } : {}),
        ...(config.ignoredDevices !== undefined ? { ignoredDevices: config.ignoredDevices } : {}),
        ...(config.multicastAddressType !== undefined ? { multicastAddressType: config.multicastAddressType } : {}),
        ...(options.networkInterfaces ? { networkInterfaces: options.networkInterfaces } : {}),
      });
  }
}

/**
 * Instantiates every enabled, valid interface. Disabled blocks are returned as `disabled`, invalid
 * or unbuildable ones as `failed` with issues naming the interface. Nothing is started.
 */
export function createInterfacesFromConfig(results: readonly InterfaceConfigResult[], options: CreateOptions = {}): CreatedInterface[] {
  return results.map((r): CreatedInterface => {
    if (!r.ok) return { name: r.name, status: 'failed', errors: r.errors };
    if (!r.config.enabled) return { name: r.name, status: 'disabled', config: r.config };
    try {
      return { name: r.name, status: 'created', interface: build(r.config, options), config: r.config };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { name: r.name, status: 'failed', errors: [{ code: 'create_failed', interface: r.name, message }] };
    }
  });
}
