// SPDX-License-Identifier: MIT
// AutoInterface: zero-configuration peering over IPv6 link-local multicast.
// Every ANNOUNCE_INTERVAL each adopted NIC multicasts SHA-256(group_id || own link-local address);
// a datagram whose token matches its source address makes that source a peer, and each peer gets
// raw-datagram data exchange on the data port (no framing, optional IFAC).
// Reference: RNS/Interfaces/AutoInterface.py :: AutoInterface, AutoInterfacePeer.
//
// Transport sees it as it sees TCPServerInterface: only this interface is registered; each peer
// appears through `onStatus(peer, true|false)` and `onPacket(packet, peer)`; `send()` reaches every
// peer. Not done yet: following a NIC's link-local address when it changes (RNS rebinds).

import dgram from 'node:dgram';
import os from 'node:os';
import { sha256 } from '../crypto/index.js';
import { HEADER_MINSIZE } from '../framing/index.js';
import { IFAC_DEFAULT_SIZE } from '../ifac/index.js';
import type { AdoptedNic, DiscoveryScope } from './auto-discovery.js';
import {
  AUTO_ANNOUNCE_INTERVAL_MS,
  AUTO_BITRATE_GUESS,
  AUTO_DEDUP_ENTRIES,
  AUTO_DEDUP_TTL_MS,
  AUTO_DEFAULT_DATA_PORT,
  AUTO_DEFAULT_DISCOVERY_PORT,
  AUTO_DEFAULT_GROUP_ID,
  AUTO_HW_MTU,
  AUTO_MCAST_ECHO_TIMEOUT_MS,
  AUTO_PEER_JOB_INTERVAL_MS,
  AUTO_PEERING_TIMEOUT_MS,
  AUTO_PEERING_WAIT_FACTOR,
  AUTO_REVERSE_PEERING_FACTOR,
  descope,
  discoveryToken,
  multicastAddress,
  parseScope,
  selectNics,
} from './auto-discovery.js';
import type { BaseInterfaceOptions } from './base.js';
import { InterfaceBase, handlesReleased } from './base.js';

export interface AutoOptions extends BaseInterfaceOptions {
  groupId?: string;
  discoveryScope?: DiscoveryScope | string;
  discoveryPort?: number;
  dataPort?: number;
  /** Config `devices`: adopt only these NICs. */
  devices?: string[];
  /** Config `ignored_devices`. */
  ignoredDevices?: string[];
  multicastAddressType?: 'temporary' | 'permanent' | string;
  /** Timing overrides (tests); RNS values by default. */
  announceIntervalMs?: number;
  peerJobIntervalMs?: number;
  peeringTimeoutMs?: number;
  /** The host's NICs (tests); os.networkInterfaces() by default. */
  networkInterfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

interface NicState {
  nic: AdoptedNic;
  token: Uint8Array;
  sockets: dgram.Socket[];
  sender: dgram.Socket;
  data: dgram.Socket;
  lastEcho: number;
  echoSeen: boolean;
}

/**
 * Every address this interface binds or sends to is an IPv6 literal (from the NIC list or a
 * datagram's source), so name resolution is skipped. dgram's default lookup runs each one through
 * net.isIP, whose IPv6 pattern costs ~10 ms to compile on first use: in the node's startup path.
 */
function literalAddress(address: string, _options: unknown, callback: (err: null, address: string, family: number) => void): void {
  // Asynchronous like dns.lookup's answer for a literal: dgram expects the callback later.
  process.nextTick(callback, null, address, 6);
}

/** One discovered peer; sends go to its link-local address on the NIC it was found on. */
export class AutoPeerInterface extends InterfaceBase {
  readonly hwMtu = AUTO_HW_MTU;
  lastHeard = Date.now();
  lastOutbound = Date.now();
  private alive = true;

  constructor(
    private readonly parent: AutoInterface,
    readonly address: string,
    readonly nicName: string,
    options: BaseInterfaceOptions,
    parentState: { handlers: AutoPeerInterface['handlers']; stats: AutoPeerInterface['counters'] },
  ) {
    super({ ...options, name: `${options.name} peer ${address}%${nicName}` }, { bitrate: options.bitrate ?? AUTO_BITRATE_GUESS, ifacSize: IFAC_DEFAULT_SIZE });
    this.handlers = parentState.handlers;
    this.parentStats = parentState.stats;
  }

  get online(): boolean {
    return this.alive && this.parent.online;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** A peer owns no sockets; stopping it only marks it gone (the parent forgets it). */
  stop(): Promise<void> {
    this.alive = false;
    return Promise.resolve();
  }

  send(packet: Uint8Array): void {
    if (!this.online || !this.canTransmit) return;
    const wire = this.seal(packet);
    if (this.parent.sendData(this.nicName, this.address, wire)) this.countTx(wire.length);
  }

  /** Called by the parent for a datagram from this peer (after cross-NIC dedup). */
  receive(raw: Uint8Array): void {
    if (raw.length <= HEADER_MINSIZE) return this.countDrop('runt');
    if (raw.length > this.hwMtu + this.ifacSize) return this.countDrop('oversized');
    this.deliver(raw);
  }

  /** Counts receive bytes (the parent's total included). */
  received(bytes: number): void {
    this.countRx(bytes);
  }

  announce(online: boolean): void {
    if (!online) this.alive = false;
    this.notifyStatus(online);
  }
}

export class AutoInterface extends InterfaceBase {
  readonly hwMtu = AUTO_HW_MTU;
  readonly groupId: string;
  readonly multicastAddress: string;
  readonly discoveryPort: number;
  readonly dataPort: number;
  private readonly scope: DiscoveryScope;
  private readonly options: AutoOptions;
  private readonly announceMs: number;
  private readonly jobMs: number;
  private readonly timeoutMs: number;
  private readonly nics = new Map<string, NicState>();
  private readonly peers = new Map<string, AutoPeerInterface>();
  private readonly recent: Array<{ hash: string; at: number }> = [];
  private outbound: dgram.Socket | null = null;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private ready = false;

  constructor(options: AutoOptions) {
    super(options, { bitrate: AUTO_BITRATE_GUESS, ifacSize: IFAC_DEFAULT_SIZE });
    this.options = options;
    this.groupId = options.groupId ?? AUTO_DEFAULT_GROUP_ID;
    this.scope = parseScope(options.discoveryScope);
    this.multicastAddress = multicastAddress(this.groupId, this.scope, options.multicastAddressType?.toLowerCase() === 'permanent' ? 'permanent' : 'temporary');
    this.discoveryPort = options.discoveryPort ?? AUTO_DEFAULT_DISCOVERY_PORT;
    this.dataPort = options.dataPort ?? AUTO_DEFAULT_DATA_PORT;
    this.announceMs = options.announceIntervalMs ?? AUTO_ANNOUNCE_INTERVAL_MS;
    this.jobMs = options.peerJobIntervalMs ?? AUTO_PEER_JOB_INTERVAL_MS;
    this.timeoutMs = options.peeringTimeoutMs ?? AUTO_PEERING_TIMEOUT_MS;
  }

  /** Online once peering has had ANNOUNCE_INTERVAL × 1.2 to find neighbours, as in RNS. */
  get online(): boolean {
    return this.ready;
  }

  /** Names of the adopted NICs (empty: no link-local IPv6 anywhere, no connectivity). */
  get adopted(): string[] {
    return [...this.nics.keys()];
  }

  peerList(): readonly AutoPeerInterface[] {
    return [...this.peers.values()];
  }

  /** Whether our own multicast has come back on `nic` recently (RNS's carrier detection). */
  carrier(nic: string): boolean {
    const s = this.nics.get(nic);
    return s !== undefined && s.echoSeen && Date.now() - s.lastEcho <= AUTO_MCAST_ECHO_TIMEOUT_MS;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const selected = selectNics((this.options.networkInterfaces ?? os.networkInterfaces)(), this.options.devices ?? [], this.options.ignoredDevices ?? []);
    this.outbound = await this.bind({ port: 0, address: '::' });
    for (const nic of selected) {
      try {
        await this.adopt(nic);
      } catch (err) {
        // RNS skips a NIC it cannot configure and carries on with the others.
        this.log('error', `${this.name}: could not use ${nic.name}: ${String(err)}`);
      }
    }
    if (this.nics.size === 0) this.log('warn', `${this.name}: no usable link-local IPv6 interface; no connectivity`);
    for (const s of this.nics.values()) this.announceOn(s);
    this.timers.push(setInterval(() => this.nics.forEach((s) => this.announceOn(s)), this.announceMs));
    this.timers.push(setInterval(() => this.peerJobs(), this.jobMs));
    this.timers.push(
      setTimeout(() => {
        this.ready = true;
        this.notifyStatus(true);
      }, this.announceMs * AUTO_PEERING_WAIT_FACTOR),
    );
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const wasOnline = this.ready;
    this.ready = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    for (const peer of this.peers.values()) peer.announce(false);
    this.peers.clear();
    const sockets = [...this.nics.values()].flatMap((s) => s.sockets);
    if (this.outbound) sockets.push(this.outbound);
    this.nics.clear();
    this.outbound = null;
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await handlesReleased();
    if (wasOnline) this.notifyStatus(false);
  }

  send(packet: Uint8Array): void {
    if (!this.canTransmit) return;
    for (const peer of this.peers.values()) peer.send(packet);
  }

  /** Sends one datagram to a peer's data port; false if the NIC is gone. Used by peers. */
  sendData(nicName: string, address: string, wire: Uint8Array): boolean {
    if (!this.outbound || !this.nics.has(nicName)) return false;
    this.outbound.send(wire, this.dataPort, `${address}%${nicName}`, (err) => {
      if (err) this.log('warn', `${this.name}: send to ${address}%${nicName} failed: ${err.message}`);
    });
    return true;
  }

  private async bind(opts: { port: number; address: string }, setup?: (s: dgram.Socket) => void): Promise<dgram.Socket> {
    const socket = dgram.createSocket({ type: 'udp6', reuseAddr: true, lookup: literalAddress });
    socket.on('error', (err) => this.log('warn', `${this.name}: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(opts, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch(async (err: unknown) => {
      await new Promise<void>((r) => socket.close(() => r()));
      throw err;
    });
    setup?.(socket);
    return socket;
  }

  private async adopt(nic: AdoptedNic): Promise<void> {
    const scoped = `${nic.address}%${nic.name}`;
    const group = this.scope === 'link' ? `${this.multicastAddress}%${nic.name}` : this.multicastAddress;
    const sockets: dgram.Socket[] = [];
    try {
      const discovery = await this.bind({ port: this.discoveryPort, address: group }, (s) => s.addMembership(this.multicastAddress, `::%${nic.name}`));
      sockets.push(discovery);
      const unicast = await this.bind({ port: this.discoveryPort + 1, address: scoped });
      sockets.push(unicast);
      const sender = await this.bind({ port: 0, address: scoped }, (s) => s.setMulticastInterface(`::%${nic.name}`));
      sockets.push(sender);
      const data = await this.bind({ port: this.dataPort, address: scoped });
      sockets.push(data);
      const state: NicState = { nic, token: discoveryToken(this.groupId, nic.address), sockets, sender, data, lastEcho: 0, echoSeen: false };
      discovery.on('message', (msg, rinfo) => this.onDiscovery(state, msg, rinfo.address));
      unicast.on('message', (msg, rinfo) => this.onDiscovery(state, msg, rinfo.address));
      data.on('message', (msg, rinfo) => this.onData(msg, rinfo.address));
      this.nics.set(nic.name, state);
    } catch (err) {
      await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
      throw err;
    }
  }

  private announceOn(s: NicState): void {
    s.sender.send(s.token, this.discoveryPort, this.multicastAddress, (err) => {
      if (err) this.log('debug', `${this.name}: discovery send on ${s.nic.name} failed (carrier lost?): ${err.message}`);
    });
  }

  private onDiscovery(state: NicState, msg: Buffer, source: string): void {
    if (!this.running) return;
    const address = descope(source.toLowerCase());
    const expected = discoveryToken(this.groupId, address);
    if (msg.length < 32 || !Buffer.from(expected).equals(msg.subarray(0, 32))) {
      this.log('debug', `${this.name}: bad discovery token from ${address} on ${state.nic.name}`);
      return;
    }
    const own = [...this.nics.values()].find((s) => s.nic.address === address);
    if (own) {
      own.lastEcho = Date.now();
      own.echoSeen = true;
      return;
    }
    const known = this.peers.get(address);
    if (known) {
      known.lastHeard = Date.now();
      return;
    }
    const peer = new AutoPeerInterface(this, address, state.nic.name, { ...this.options, mode: this.mode, bitrate: this.bitrate, outgoing: this.canTransmit }, {
      handlers: this.handlers,
      stats: this.counters,
    });
    this.peers.set(address, peer);
    this.log('debug', `${this.name}: added peer ${address} on ${state.nic.name}`);
    peer.announce(true);
  }

  private onData(msg: Buffer, source: string): void {
    const peer = this.peers.get(descope(source.toLowerCase()));
    if (!peer || !this.ready) {
      this.countDrop(peer ? 'offline' : 'unknown_peer');
      return;
    }
    // The same datagram may arrive over several NICs; RNS keeps the first within 0.75 s.
    const now = Date.now();
    const hash = Buffer.from(sha256(msg)).toString('hex');
    if (this.recent.some((e) => e.hash === hash && now < e.at + AUTO_DEDUP_TTL_MS)) return;
    this.recent.push({ hash, at: now });
    if (this.recent.length > AUTO_DEDUP_ENTRIES) this.recent.shift();
    peer.lastHeard = now;
    peer.received(msg.length);
    peer.receive(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
  }

  private peerJobs(): void {
    const now = Date.now();
    for (const [address, peer] of this.peers) {
      if (now > peer.lastHeard + this.timeoutMs) {
        this.peers.delete(address);
        this.log('debug', `${this.name}: peer ${address} timed out`);
        peer.announce(false);
      }
    }
    const reverseMs = this.announceMs * AUTO_REVERSE_PEERING_FACTOR;
    for (const peer of this.peers.values()) {
      const nic = this.nics.get(peer.nicName);
      if (!nic || !this.outbound || now <= peer.lastOutbound + reverseMs) continue;
      this.outbound.send(nic.token, this.discoveryPort + 1, `${peer.address}%${peer.nicName}`, (err) => {
        if (err) this.log('debug', `${this.name}: reverse peering to ${peer.address} failed: ${err.message}`);
      });
      peer.lastOutbound = now;
    }
    for (const s of this.nics.values()) {
      if (!s.echoSeen) this.log('warn', `${this.name}: no multicast echoes on ${s.nic.name}; multicast may be blocked`);
    }
  }
}
