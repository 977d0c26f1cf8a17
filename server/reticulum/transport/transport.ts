// SPDX-License-Identifier: MIT
// Transport: the packet pipeline between interfaces and local destinations (RNS/Transport.py ::
// inbound, outbound, packet_filter, jobs; protocol §5, §6, §7). Endpoint behaviour is always on;
// forwarding for others lives in forwarding.ts and runs only with `transport: true`.
//
// Threat model: every interface may deliver garbage, floods, replays and forged announces. Each
// inbound packet costs at most one decode, one SHA-256 and (for announces/proofs) one signature
// check; every table is bounded; handler exceptions are contained; drops are counted by reason.
import type { Destination } from '../destination/index.js';
import { RnsError } from '../errors.js';
import { Identity } from '../identity/index.js';
import { Ed25519VerifyPool } from '../crypto/index.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { toHex } from '../wire/bytes.js';
import { Context, DestinationType, MTU, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { decodePacket, encodePacket, insertTransportHeader, packetHash } from '../wire/packet.js';
import { encodeProof } from '../wire/proof.js';
import { wantsReceipt } from '../wire/rules.js';
import { DEFAULT_RATE_POLICY } from './announce-control.js';
import { AnnounceIntake } from './announce-intake.js';
import { TUNNEL_SYNTHESIZE_DESTINATION, Tunnels, synthesizeTunnelPacket } from './tunnels.js';
import { announceEgress } from './announce-egress.js';
import { JOB_INTERVAL_MS, MAX_ANNOUNCES_IN_FLIGHT, PER_HOP_TIMEOUT_MS } from './constants.defaults.js';
import { Forwarder } from './forwarding.js';
import { localScope } from './local-scope.js';
import { InterfaceSet } from './interface-set.js';
import { PacketHashlist } from './packet-cache.js';
import { PathTable, blobEmitted } from './path-table.js';
import type { PathEntry } from './path-table.js';
import { PathRequests, PATH_REQUEST_DESTINATION } from './path-requests.js';
import { PacketReceipt, ReceiptTable } from './receipts.js';
import { DEDUP_EXEMPT, ReceivedPacket, packetFilter } from './received-packet.js';
import { SharedRoles, detectRole } from './shared-instance.js';
import type { SharedRole } from './shared-instance.js';
import type {
  AnnounceHandler,
  DestinationHandler,
  InboundPacket,
  LinkHandler,
  SendOptions,
  TransportClock,
  TransportComponents,
  TransportLogger,
  TransportOptions,
} from './types.js';

const SILENT: TransportLogger = { debug: () => undefined, warn: () => undefined };
const SYSTEM_CLOCK: TransportClock = { now: () => Date.now() };
interface LocalDestination {
  destination: Destination;
  handler: DestinationHandler;
}

/** The Reticulum transport of one node. Construct, then start(); stop() releases everything. */
export class Transport {
  readonly identity: Identity;
  readonly transportEnabled: boolean;
  /** @internal shared with forwarding.ts */
  readonly clock: TransportClock;
  /** @internal */
  readonly log: TransportLogger;
  /** @internal */
  readonly paths: PathTable;
  /** @internal */
  readonly known: TransportComponents['knownIdentities'];
  /** @internal */
  readonly interfaces: NetworkInterface[];
  private readonly hashlist: PacketHashlist;
  private readonly receipts: ReceiptTable;
  private readonly destinations = new Map<string, LocalDestination>();
  private readonly linkHandlers = new Map<string, LinkHandler>();
  private readonly announces: AnnounceIntake;
  private readonly ifaces: InterfaceSet;
  private readonly pathRequests: PathRequests;
  /** @internal Forwards for others (transport on) and for local clients (always, per the reference). */
  readonly forwarder: Forwarder;
  /** @internal Paths learned through TCP clients' tunnels, restored when they reconnect. */
  readonly tunnels: Tunnels;
  /** @internal */
  readonly shared = new SharedRoles();
  private readonly dropped: Record<string, number> = {};
  private readonly jobIntervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(components: TransportComponents, options: TransportOptions) {
    this.clock = components.clock ?? SYSTEM_CLOCK;
    this.log = components.logger ?? SILENT;
    this.known = components.knownIdentities;
    this.identity = components.transportIdentity ?? Identity.generate();
    this.transportEnabled = options.transport ?? false;
    this.interfaces = [...options.interfaces];
    this.hashlist = new PacketHashlist(options.hashlistMaxSize);
    this.paths = new PathTable(options.maxPaths);
    this.receipts = new ReceiptTable(options.maxReceipts, { now: () => this.clock.now(), refusedLate: () => this.drop('proof_unmatched') });
    this.jobIntervalMs = options.jobIntervalMs ?? JOB_INTERVAL_MS;
    this.pathRequests = new PathRequests(this);
    this.forwarder = new Forwarder(this);
    this.tunnels = new Tunnels(this.paths);
    this.announces = new AnnounceIntake(this, {
      // Transport nodes rate-limit rebroadcasts by default (Reticulum._synthesize_interface).
      ratePolicy: options.announceRate === undefined ? (this.transportEnabled ? DEFAULT_RATE_POLICY : null) : options.announceRate,
      isBlackholed: options.isBlackholed,
      forwarder: this.forwarder,
      onPath: (d: Uint8Array) => this.pathRequests.resolved(d),
      ingressControl: options.ingressControl ?? true,
      isRequested: (d: Uint8Array) => this.pathRequests.isPending(d),
      verifier: new Ed25519VerifyPool(),
      maxInFlight: options.maxAnnouncesInFlight ?? MAX_ANNOUNCES_IN_FLIGHT,
    });
    this.ifaces = new InterfaceSet(this.interfaces);
    for (const iface of this.interfaces) this.wire(iface, detectRole(iface));
  }

  private wire(iface: NetworkInterface, role: SharedRole): void {
    this.shared.set(iface, role);
    iface.attach({
      onPacket: (raw, from) => {
        if (!this.interfaces.includes(iface)) return;
        this.adoptSharedClient(from);
        this.ifaces.seen(iface, from);
        if (from !== iface) this.shared.child(iface, from, from.online);
        this.inbound(raw, from);
      },
      onStatus: (from, online) => {
        if (!this.interfaces.includes(iface)) return;
        // A (re)connected TCP client names its tunnel, so the node behind it can restore our paths.
        if (online && from.tunnelName !== undefined) this.send(synthesizeTunnelPacket(this.identity, from.tunnelName), { receipt: false, iface: from });
        this.adoptSharedClient(from);
        this.shared.child(iface, from, online);
        if (this.ifaces.status(iface, from, online)) this.paths.cull(this.clock.now(), this.ifaces.live());
        const change = this.shared.clientStatus(from, online);
        if (change === 'disappeared') this.sharedConnectionDisappeared();
        if (change === 'reappeared') this.sharedConnectionReappeared();
      },
    });
  }

  /** A shared-client interface reported through a relay (the stack's hub) counts as one too. */
  private adoptSharedClient(from: NetworkInterface): void {
    if (this.shared.roleOf(from) === 'none' && detectRole(from) === 'shared-client') this.shared.set(from, 'shared-client');
  }

  /**
   * Adds an interface while running (or before start): it is attached, and started when Transport
   * runs (a start failure is thrown; the interface stays registered and may come online later).
   * `role` overrides the shared-instance classification by class (see shared-instance.ts).
   */
  async addInterface(iface: NetworkInterface, opts: { role?: SharedRole } = {}): Promise<void> {
    if (this.interfaces.includes(iface)) return;
    this.interfaces.push(iface);
    this.wire(iface, opts.role ?? detectRole(iface));
    if (this.running) await iface.start();
  }

  /** Stops and withdraws an interface and every peer it spawned; paths over them are culled. */
  async removeInterface(iface: NetworkInterface): Promise<void> {
    const i = this.interfaces.indexOf(iface);
    if (i < 0) return;
    this.interfaces.splice(i, 1);
    for (const child of this.ifaces.removeParent(iface)) this.shared.child(iface, child, false);
    this.shared.forget(iface);
    this.paths.cull(this.clock.now(), this.ifaces.live());
    await iface.stop();
  }

  /** Whether a shared-client interface is configured (RNS is_connected_to_shared_instance). */
  get connectedToSharedInstance(): boolean {
    return this.shared.connectedToShared;
  }

  /** RNS shared_connection_disappeared: what we learned through the instance is stale. */
  private sharedConnectionDisappeared(): void {
    for (const entry of this.paths.entries()) this.paths.delete(entry.destinationHash);
    this.forwarder.stop();
  }

  /** RNS shared_connection_reappeared: re-announce local SINGLE destinations to the instance. */
  private sharedConnectionReappeared(): void {
    for (const { destination } of this.destinations.values()) {
      if (destination.type === DestinationType.SINGLE && destination.identity?.hasPrivateKey) this.announce(destination, { pathResponse: true });
    }
  }

  /**
   * Starts every interface and the job loop. Like the reference, an interface that fails to start
   * is logged and left out; the others run. Returns the interfaces that failed.
   */
  async start(): Promise<NetworkInterface[]> {
    if (this.running) return [];
    this.running = true;
    const results = await Promise.allSettled(this.interfaces.map((i) => i.start()));
    const failed: NetworkInterface[] = [];
    results.forEach((r, i) => {
      const iface = this.interfaces[i] as NetworkInterface;
      if (r.status === 'rejected') {
        failed.push(iface);
        this.log.warn('transport: interface failed to start', { iface: iface.name, error: String(r.reason) });
      }
    });
    this.timer = setInterval(() => this.jobs(), this.jobIntervalMs);
    this.timer.unref();
    return failed;
  }

  /** Stops the job loop and every interface; outstanding receipts fail; waiters resolve false. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.receipts.clear(this.clock.now());
    this.pathRequests.stop();
    const announcesStopped = this.announces.stop();
    this.forwarder.stop();
    this.ifaces.clear();
    this.shared.clear();
    await Promise.all([announcesStopped, ...this.interfaces.map((i) => i.stop())]);
  }

  // ───────────── registration ─────────────

  /** Delivers inbound packets for an IN destination to `handler`. Returns an unregister function. */
  registerDestination(destination: Destination, handler: DestinationHandler): () => void {
    const key = toHex(destination.hash);
    this.destinations.set(key, { destination, handler });
    return () => {
      if (this.destinations.get(key)?.destination === destination) this.destinations.delete(key);
    };
  }

  /** Packets addressed to `linkId` go to `handler` (the hook for the link module). */
  registerLinkHandler(linkId: Uint8Array, handler: LinkHandler): () => void {
    const key = toHex(linkId);
    this.linkHandlers.set(key, handler);
    return () => {
      if (this.linkHandlers.get(key) === handler) this.linkHandlers.delete(key);
    };
  }

  registerAnnounceHandler(handler: AnnounceHandler): () => void {
    return this.announces.register(handler);
  }

  /** Whether a destination hash is registered locally. */
  isLocal(destinationHash: Uint8Array): boolean {
    return this.destinations.has(toHex(destinationHash));
  }

  /** @internal */
  localDestination(destinationHash: Uint8Array): Destination | undefined {
    return this.destinations.get(toHex(destinationHash))?.destination;
  }

  // ───────────── paths ─────────────

  hasPath(destinationHash: Uint8Array): boolean {
    return this.paths.get(destinationHash) !== undefined;
  }

  /** Hops to a destination, or null when no path is known. */
  hopsTo(destinationHash: Uint8Array): number | null {
    return this.paths.get(destinationHash)?.hops ?? null;
  }

  /** A read-only view of one path entry. */
  path(destinationHash: Uint8Array): Readonly<PathEntry> | undefined {
    return this.paths.get(destinationHash);
  }

  /** Marks a path unresponsive so an equal-age announce over a longer route may replace it. */
  markPathUnresponsive(destinationHash: Uint8Array): void {
    this.paths.markUnresponsive(destinationHash);
  }

  /** Broadcasts a path request (RNS.Transport.request_path). */
  requestPath(destinationHash: Uint8Array, opts: { iface?: NetworkInterface } = {}): void {
    this.pathRequests.request(destinationHash, opts.iface);
  }

  /** Resolves true once a path is known, false after `timeoutMs` (default 15 s) or abort. */
  awaitPath(destinationHash: Uint8Array, opts: { timeoutMs?: number; signal?: AbortSignal; request?: boolean } = {}): Promise<boolean> {
    return this.pathRequests.await(destinationHash, opts);
  }

  // ───────────── outbound ─────────────

  /**
   * Sends a packet the caller built (payload already encrypted per rules.ts). Routing per
   * Transport.outbound: a known multi-hop path gets HEADER_2 to the next hop on the path's
   * interface; a one-hop path goes out HEADER_1 on that interface; otherwise broadcast.
   * Returns the receipt when one is created.
   */
  send(packet: Packet, opts: SendOptions = {}): PacketReceipt | null {
    const raw = opts.raw ?? encodePacket(packet);
    let receipt: PacketReceipt | null = null;
    // Link packets are proved with the link's keys, which only the link module holds: it asks for
    // receipts explicitly (with the proof identity) when it wants them.
    if (opts.receipt ?? (wantsReceipt(packet) && packet.destinationType !== DestinationType.LINK)) {
      const now = this.clock.now();
      const identity = opts.proofIdentity !== undefined ? opts.proofIdentity : this.known.recall(packet.destinationHash);
      receipt = new PacketReceipt(packetHash(raw), identity, now, now + this.receiptTimeout(packet.destinationHash));
      this.receipts.add(receipt, now);
    }
    if (!DEDUP_EXEMPT.has(packet.context)) this.hashlist.add(receipt?.hash ?? packetHash(raw));
    this.outbound(packet, raw, opts.iface);
    return receipt;
  }

  /** Builds, encrypts and sends a DATA packet to an OUT destination. */
  sendData(destination: Destination, plaintext: Uint8Array, opts: Omit<SendOptions, 'raw'> & { context?: number } = {}): PacketReceipt | null {
    const packet: Packet = {
      ifac: false,
      headerType: 1,
      contextFlag: false,
      propagationType: 0,
      destinationType: destination.type,
      packetType: PacketType.DATA,
      hops: 0,
      transportId: null,
      destinationHash: destination.hash,
      context: opts.context ?? Context.NONE,
      data: destination.type === DestinationType.PLAIN ? plaintext : destination.encrypt(plaintext),
    };
    const proofIdentity = opts.proofIdentity !== undefined ? opts.proofIdentity : destination.identity;
    return this.send(packet, { ...opts, proofIdentity });
  }

  /** Announces a local IN SINGLE destination (on one interface when `iface` is given). */
  announce(destination: Destination, opts: { appData?: Uint8Array | null; iface?: NetworkInterface; pathResponse?: boolean; tag?: Uint8Array } = {}): void {
    const packet = destination.announce({
      ...(opts.appData !== undefined ? { appData: opts.appData } : {}),
      pathResponse: opts.pathResponse ?? false,
      ...(opts.tag ? { tag: opts.tag } : {}),
      nowSeconds: this.clock.now() / 1000,
    });
    this.send(packet, { receipt: false, ...(opts.iface ? { iface: opts.iface } : {}) });
  }

  /** @internal Routes raw bytes out (Transport.outbound minus receipts). */
  outbound(packet: Packet, raw: Uint8Array, only?: NetworkInterface): void {
    if (packet.packetType !== PacketType.ANNOUNCE && packet.destinationType !== DestinationType.PLAIN && packet.destinationType !== DestinationType.GROUP) {
      const path = this.paths.get(packet.destinationHash);
      if (path && packet.headerType === 1 && (!only || only === path.iface)) {
        // Behind a shared instance a one-hop destination is reached through the instance's transport.
        const viaInstance = path.hops === 1 && this.shared.connectedToShared;
        const out = path.hops > 1 || viaInstance ? insertTransportHeader(raw, path.nextHop) : raw;
        this.transmit(path.iface, out);
        path.timestamp = this.clock.now();
        return;
      }
    }
    const announce = packet.packetType === PacketType.ANNOUNCE;
    // Hops 0: the announce starts here (a destination need not be registered to be announced).
    const local = announce && (packet.hops === 0 || this.isLocal(packet.destinationHash));
    const egress = announce ? { attached: only !== undefined, local, from: this.paths.get(packet.destinationHash)?.iface ?? null, hops: packet.hops } : null;
    for (const iface of this.ifaces.outbound()) {
      if (only && iface !== only) continue;
      if (!iface.online || !iface.canTransmit) continue;
      const verdict = egress ? announceEgress(iface, egress) : 'send';
      if (verdict === 'block') continue;
      if (verdict === 'cap') this.ifaces.capOf(iface).submit(packet.destinationHash, raw, packet.hops, emittedOf(packet), this.clock.now());
      else this.transmit(iface, raw);
    }
  }

  /**
   * @internal Transport.add_packet_hash for an inbound packet. Contexts the filter never
   * deduplicates are not remembered (their hashes decide nothing; see DEDUP_EXEMPT).
   */
  rememberPacket(inb: InboundPacket): void {
    // Behind a shared instance the instance filters duplicates (Transport.add_packet_hash).
    if (!this.shared.connectedToShared && !DEDUP_EXEMPT.has(inb.packet.context)) this.hashlist.add(inb.packetHash);
  }


  /** @internal Whether the network asked for a destination on a local client (and forgets it). */
  takePendingLocalPathRequest(destinationHash: Uint8Array): boolean {
    return this.pathRequests.takePendingLocal(destinationHash);
  }

  /** @internal Charges a recursive path request to `iface`'s announce cap; false when capped. */
  reservePathRequestBudget(iface: NetworkInterface, bytes: number, now: number): boolean {
    return this.ifaces.capOf(iface).reserve(bytes, now);
  }

  /** @internal Where broadcasts go (configured interfaces and spawned peers). */
  broadcastInterfaces(): NetworkInterface[] {
    return this.ifaces.outbound();
  }

  /** @internal */
  transmit(iface: NetworkInterface, raw: Uint8Array): void {
    if (iface.online) iface.send(raw);
  }

  private receiptTimeout(destinationHash: Uint8Array): number {
    const path = this.paths.get(destinationHash);
    const bitrate = path?.iface.bitrate ?? 0;
    const firstHop = (bitrate > 0 ? ((MTU * 8) / bitrate) * 1000 : 0) + PER_HOP_TIMEOUT_MS;
    return firstHop + PER_HOP_TIMEOUT_MS * (path?.hops ?? 128);
  }

  // ───────────── inbound ─────────────

  /** Counters of dropped inbound packets by reason (a copy). */
  drops(): Record<string, number> {
    return { ...this.dropped };
  }

  /** @internal */
  drop(reason: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  /** Entry point for every inbound packet (also usable by tests). Never throws. */
  inbound(raw: Uint8Array, iface: NetworkInterface): void {
    if (!this.running) return;
    try {
      this.process(raw, iface);
    } catch (e) {
      if (!(e instanceof RnsError)) {
        // A bug, not hostile input: log it loudly but keep the node running.
        this.log.warn('transport: unexpected error processing a packet', { error: String(e), iface: iface.name });
      }
      this.drop(e instanceof RnsError ? e.code : 'internal_error');
    }
  }

  private process(raw: Uint8Array, iface: NetworkInterface): void {
    if (raw.length <= 2) return this.drop('runt');
    // The interface removes IFAC; a packet that still carries the flag did not pass IFAC here.
    if (((raw[0] as number) & 0x80) !== 0) return this.drop('ifac_flag');
    const packet = decodePacket(raw);
    packet.hops += 1;
    // Local clients and the instance we attach to are not a hop: RNS shows their destinations at 0.
    if (this.shared.hasLocalClients()) {
      if (this.shared.isLocalClient(iface)) packet.hops -= 1;
    } else if (this.shared.isToShared(iface)) packet.hops -= 1;
    const inbound = new ReceivedPacket(packet, raw, iface, this.proveInbound);
    // Behind a shared instance the instance filters (Transport.packet_filter returns True).
    const reason = this.shared.connectedToShared ? null : packetFilter(inbound, this.hashlist, this.identity.hexHash);
    if (reason) return this.drop(reason);
    if (!this.forwarder.hasLink(packet.destinationHash) && !(packet.packetType === PacketType.PROOF && packet.context === Context.LRPROOF)) this.rememberPacket(inbound);
    if (packet.packetType !== PacketType.ANNOUNCE) {
      const scope = localScope(this, packet, iface);
      if (scope.plainBroadcast) this.forwarder.relayPlain(inbound, scope.fromLocal);
      const forwarded = this.forwarder.inbound(inbound, scope);
      if (forwarded && !this.isLocal(packet.destinationHash) && !this.linkHandlers.has(toHex(packet.destinationHash))) return;
      // In transport for someone else: forwarded or already counted (no_path) by the forwarder.
      if (scope.active && packet.transportId && !this.isLocal(packet.destinationHash)) return;
    }
    switch (packet.packetType) {
      case PacketType.ANNOUNCE:
        return this.announces.process(inbound);
      case PacketType.LINKREQUEST:
        return this.inboundLinkRequest(inbound);
      case PacketType.DATA:
        return this.inboundData(inbound);
      default:
        return this.inboundProof(inbound);
    }
  }

  private inboundLinkRequest(inb: InboundPacket): void {
    const { packet } = inb;
    if (packet.transportId && toHex(packet.transportId) !== this.identity.hexHash) return;
    const local = this.destinations.get(toHex(packet.destinationHash));
    if (!local) return this.drop('no_destination');
    if (local.destination.type !== packet.destinationType) return this.drop('wrong_destination_type');
    if (!local.handler.onLinkRequest) return this.drop('links_not_accepted');
    this.safely(() => local.handler.onLinkRequest?.(inb));
  }

  /** @internal */
  inboundData(inb: InboundPacket): void {
    const { packet } = inb;
    if (packet.destinationType === DestinationType.LINK) return this.deliverToLink(inb);
    if (packet.destinationType === DestinationType.PLAIN && toHex(packet.destinationHash) === PATH_REQUEST_DESTINATION) {
      return this.pathRequests.inbound(packet.data, inb.iface);
    }
    const local = this.destinations.get(toHex(packet.destinationHash));
    if (!local) {
      if (toHex(packet.destinationHash) !== TUNNEL_SYNTHESIZE_DESTINATION) return this.drop('no_destination');
      const { result, restored } = this.tunnels.handleSynthesize(packet.data, inb.iface, this.clock.now());
      if (result === 'invalid') return this.drop('tunnel_invalid');
      return this.log.debug(`tunnel ${result} on ${inb.iface.name}${restored > 0 ? `, ${restored} path(s) restored` : ''}`);
    }
    const { destination, handler } = local;
    if (destination.type !== packet.destinationType) return this.drop('wrong_destination_type');
    let plaintext: Uint8Array;
    try {
      plaintext = destination.decrypt(packet.data);
    } catch (e) {
      if (!(e instanceof RnsError)) throw e;
      return this.drop('decrypt_failed');
    }
    this.safely(() => handler.onPacket(plaintext, inb));
    const strategy = destination.proofStrategy;
    if (strategy === 0x23 || (strategy === 0x22 && this.safely(() => handler.proofRequested?.(inb)) === true)) inb.prove();
  }

  private deliverToLink(inb: InboundPacket): void {
    const handler = this.linkHandlers.get(toHex(inb.packet.destinationHash));
    if (!handler) return this.drop('no_link');
    if (handler.iface && handler.iface !== inb.iface) {
      // Heard via another path: forget the hash so the copy on the link's interface still counts.
      this.hashlist.delete(inb.packetHash);
      return this.drop('link_wrong_interface');
    }
    this.safely(() => handler.onPacket(inb));
  }

  private inboundProof(inb: InboundPacket): void {
    const { packet } = inb;
    if (packet.context === Context.LRPROOF || packet.destinationType === DestinationType.LINK) {
      if (this.linkHandlers.has(toHex(packet.destinationHash))) return this.deliverToLink(inb);
      return this.drop('no_link');
    }
    if (!this.receipts.prove(packet.destinationHash, packet.data)) this.drop('proof_unmatched');
  }

  /** Packet.prove for a non-link packet: implicit proof to TH(hash) on the receiving interface. */
  private readonly proveInbound = (inb: InboundPacket): void => this.prove(inb);

  private prove(inb: InboundPacket): void {
    const local = this.destinations.get(toHex(inb.packet.destinationHash));
    if (!local || !local.destination.identity?.hasPrivateKey) return;
    const proof: Packet = {
      ifac: false,
      headerType: 1,
      contextFlag: false,
      propagationType: 0,
      destinationType: DestinationType.SINGLE,
      packetType: PacketType.PROOF,
      hops: 0,
      transportId: null,
      destinationHash: inb.packetHash.slice(0, 16),
      context: Context.NONE,
      data: encodeProof(inb.packetHash, local.destination.identity.sign(inb.packetHash), true),
    };
    this.send(proof, { iface: inb.iface, receipt: false });
  }

  /** @internal Runs a callback, containing its failures. */
  safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.log.warn('transport: handler threw', { error: String(e) });
      this.drop('handler_error');
      return undefined;
    }
  }

  // ───────────── jobs ─────────────

  /** One job-loop pass (also callable by tests with a fake clock). */
  jobs(): void {
    const now = this.clock.now();
    this.receipts.expire(now);
    this.paths.cull(now, this.ifaces.live());
    this.pathRequests.jobs(now);
    this.tunnels.cull(now);
    this.forwarder.jobs(now);
    this.ifaces.processCaps(now);
    this.announces.releaseHeld(now);
  }

  /** Sizes of the bounded tables, for status pages and tests. */
  stats(): { paths: number; receipts: number; hashlist: number; queuedAnnounces: number; heldAnnounces: number; forwarding: Record<string, number> | null } {
    return {
      paths: this.paths.size,
      receipts: this.receipts.size,
      hashlist: this.hashlist.size,
      queuedAnnounces: this.ifaces.queued(),
      heldAnnounces: this.announces.heldCount(),
      forwarding: this.transportEnabled || this.shared.hasLocalClients() ? this.forwarder.stats() : null,
    };
  }
}

function emittedOf(packet: Packet): number {
  return packet.data.length >= 84 ? blobEmitted(packet.data.subarray(74, 84)) : 0;
}
