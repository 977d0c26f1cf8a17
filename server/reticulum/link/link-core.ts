// SPDX-License-Identifier: MIT
// State, encryption and packet dispatch shared by both link roles (RNS/Link.py :: receive,
// encrypt, decrypt, link_closed, the resource bookkeeping). `Link` (link.ts) adds the handshake,
// teardown and watchdog; requests are in link-requests.ts.
import type { Ed25519PrivateKey, TokenStreamDecryptor, TokenStreamEncryptor, X25519PrivateKey } from '../crypto/index.js';
import { concatBytes, hkdf, randomBytes, Token } from '../crypto/index.js';
import { RnsArgumentError, RnsCryptoError } from '../errors.js';
import { Identity } from '../identity/index.js';
import { Context, DestinationType, MTU, PacketType } from '../wire/constants.js';
import { unpackMsgpack } from '../wire/msgpack.js';
import { encodePacket, packetHash, truncatedPacketHash } from '../wire/packet.js';
import type { Packet } from '../wire/packet.js';
import { bytesEqual, toHex } from '../wire/bytes.js';
import { ResourceStatus } from '../resource/constants.js';
import type { ResourceLinkPort, SentLinkPacket } from '../resource/port.js';
import type { IncomingResource } from '../resource/incoming.js';
import type { OutgoingResource } from '../resource/outgoing.js';
import * as K from './constants.js';
import { LinkStatus, linkMdu } from './constants.js';
import type { TeardownReason } from './constants.js';
import type { LinkPacketReceipt } from './receipt.js';
import type { RequestReceipt } from './request-receipt.js';
import { realScheduler } from './scheduler.js';
import { BurstGate } from '../transport/burst-gate.js';
import { MAX_PROOFS_IN_FLIGHT, PROOF_INLINE_BURST } from '../transport/constants.defaults.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import type { LinkComponents, LinkOwner, LinkPeer, ProofStrategy } from './types.js';
import type { LinkCallbacks } from './link.js';
import { LinkResources } from './link-resources.js';
import type { ResourceStrategy } from './link-resources.js';
import { handleRequestPacket, handleResponsePacket } from './link-requests.js';

export abstract class LinkCore implements ResourceLinkPort {
  linkId: Uint8Array = new Uint8Array(16);
  status: LinkStatus = LinkStatus.PENDING;
  mode: number = K.MODE_DEFAULT;
  mtu: number = MTU;
  /** Round-trip time in seconds, once known. */
  rtt: number | null = null;
  keepalive: number = K.KEEPALIVE;
  staleTime: number = K.STALE_TIME;
  teardownReason: TeardownReason | null = null;
  establishmentCost = 0;
  establishmentTimeout = 0;
  activatedAt: number | null = null;
  expectedRate: number | null = null;
  lastResourceWindow: number | null = null;
  lastResourceEifr: number | null = null;
  readonly trafficTimeoutFactor = K.TRAFFIC_TIMEOUT_FACTOR;
  /** Packets and bytes received / sent. */
  rx = 0;
  tx = 0;
  rxBytes = 0;
  txBytes = 0;
  readonly scheduler: Scheduler;
  readonly resources: LinkResources;
  /** Pending requests sent on this link. */
  readonly pendingRequests = new Set<RequestReceipt>();

  protected owner: LinkOwner | null = null;
  protected peerDestination: LinkPeer | null = null;
  protected proofStrategy: ProofStrategy = 'none';
  protected remoteIdentity: Identity | null = null;
  protected prv: X25519PrivateKey | null = null;
  protected pubBytes: Uint8Array | null = null;
  protected sigKey: Ed25519PrivateKey | null = null;
  protected sigPubBytes: Uint8Array | null = null;
  protected peerPubBytes: Uint8Array | null = null;
  protected peerSigPubBytes: Uint8Array | null = null;
  protected derivedKey: Uint8Array | null = null;
  protected token: Token | null = null;
  protected requestTime = 0;
  protected lastInbound = 0;
  protected lastOutbound = 0;
  protected lastKeepalive = 0;
  protected lastProof = 0;
  private readonly proofGate = new BurstGate(PROOF_INLINE_BURST, MAX_PROOFS_IN_FLIGHT);
  protected lastData = 0;
  protected watchdogTimer: TimerHandle | null = null;
  protected readonly receipts = new Map<string, LinkPacketReceipt>();

  protected constructor(
    protected readonly components: LinkComponents,
    readonly initiator: boolean,
    readonly callbacks: LinkCallbacks,
  ) {
    this.scheduler = components.scheduler ?? realScheduler;
    this.resources = new LinkResources(this);
  }

  protected abstract validateProof(packet: Packet): void;
  protected abstract teardownPacket(packet: Packet): void;
  protected abstract armWatchdog(seconds: number): void;
  abstract prove(packet: Packet): void;
  abstract teardown(): void;
  protected abstract trackReceipt(raw: Uint8Array, timeoutSeconds?: number): LinkPacketReceipt;

  /** Plaintext bytes that fit one encrypted link packet at the negotiated MTU (431 at 500). */
  get mdu(): number {
    return linkMdu(this.mtu);
  }

  get isActive(): boolean {
    return this.status === LinkStatus.ACTIVE;
  }

  /** The initiator's identity once it identified (responder), or the destination's (initiator). */
  getRemoteIdentity(): Identity | null {
    return this.remoteIdentity;
  }

  /** The local destination a responder link belongs to. */
  getOwner(): LinkOwner | null {
    return this.owner;
  }

  /** The derived 64-byte link key (tests and vectors). */
  getDerivedKey(): Uint8Array | null {
    this.linkToken();
    return this.derivedKey;
  }

  random(n: number): Uint8Array {
    return (this.components.random ?? randomBytes)(n);
  }

  /**
   * The link's Token. The responder derives it on first use (or in idle time after its proof is
   * out), so the X25519 exchange and HKDF are not between the link request and the proof.
   */
  protected linkToken(): Token | null {
    if (this.token || !this.prv || !this.peerPubBytes) return this.token;
    try {
      this.deriveKeys();
    } catch (err) {
      // A low-order ephemeral key from the initiator: no shared secret exists, so the link cannot
      // carry anything. Only the peer that chose the key is affected; the link ends quietly.
      if (!(err instanceof RnsCryptoError)) throw err;
      this.status = LinkStatus.CLOSED;
      this.linkClosed();
    }
    return this.token;
  }

  /**
   * Sets the link key, HKDF(X25519(ours, peer's), salt = link id), 32 bytes (AES-128 mode) or 64,
   * and its Token. @throws RnsCryptoError for a low-order peer key (no shared secret).
   */
  protected deriveKeys(): void {
    if (!this.prv || !this.peerPubBytes) throw new RnsArgumentError('RNS_ERR_LINK_CLOSED', 'link keys are gone');
    const length = this.mode === K.LinkMode.AES128_CBC ? 32 : 64;
    this.derivedKey = hkdf({ length, deriveFrom: this.prv.exchange(this.peerPubBytes), salt: this.linkId, context: null });
    this.token = new Token(this.derivedKey);
  }

  /** Token-encrypts with the link key (fresh IV from `random`). */
  encrypt(plaintext: Uint8Array): Uint8Array {
    return this.requireToken().encrypt(plaintext, this.random(16));
  }

  encryptor(plaintextLength: number): TokenStreamEncryptor {
    return this.requireToken().encryptor(plaintextLength, this.random(16));
  }

  private requireToken(): Token {
    const token = this.linkToken();
    if (!token) throw new RnsArgumentError('RNS_ERR_LINK_NOT_READY', 'link has no key yet');
    return token;
  }

  decrypt(ciphertext: Uint8Array): Uint8Array | null {
    const token = this.linkToken();
    if (!token) return null;
    try {
      return token.decrypt(ciphertext);
    } catch (err) {
      void err; // a packet that does not authenticate under the link key is dropped, as the reference
      return null;
    }
  }

  decryptor(length: number): TokenStreamDecryptor | null {
    const token = this.linkToken();
    if (!token) return null;
    try {
      return token.decryptor(length);
    } catch (err) {
      void err; // an advertised size no token can have: the segment is assembled whole and fails there
      return null;
    }
  }

  protected requireActive(): void {
    if (this.status !== LinkStatus.ACTIVE) throw new RnsArgumentError('RNS_ERR_LINK_NOT_ACTIVE', 'link is not active');
  }

  /**
   * Builds and sends one link packet. Encryption follows Packet.pack: PROOFs, RESOURCE parts,
   * KEEPALIVE and CACHE_REQUEST stay in clear, every other DATA context is link-encrypted.
   * Throws RNS_ERR_LINK_MTU when the packet would exceed the link MTU.
   */
  sendRaw(context: number, payload: Uint8Array, packetType: number = PacketType.DATA): Uint8Array {
    const clear =
      packetType === PacketType.PROOF || context === Context.RESOURCE || context === Context.KEEPALIVE || context === Context.CACHE_REQUEST;
    const packet: Packet = {
      ifac: false,
      headerType: 1,
      contextFlag: false,
      propagationType: 0,
      destinationType: DestinationType.LINK,
      packetType,
      hops: 0,
      transportId: null,
      destinationHash: this.linkId,
      context,
      data: clear ? payload : this.encrypt(payload),
    };
    const raw = encodePacket(packet);
    if (raw.length > this.mtu) throw new RnsArgumentError('RNS_ERR_LINK_MTU', `link packet of ${raw.length} bytes exceeds the link MTU ${this.mtu}`);
    this.tx++;
    this.txBytes += packet.data.length;
    this.components.send(packet, raw);
    return raw;
  }

  sendLinkPacket(context: number, payload: Uint8Array, proof = false): SentLinkPacket | null {
    if (this.status === LinkStatus.CLOSED) return null;
    const raw = this.sendRaw(context, payload, proof ? PacketType.PROOF : PacketType.DATA);
    this.hadOutbound(false);
    return { raw };
  }

  protected hadOutbound(isKeepalive: boolean): void {
    this.lastOutbound = this.scheduler.now();
    if (isKeepalive) this.lastKeepalive = this.lastOutbound;
    else this.lastData = this.lastOutbound;
  }

  protected updateKeepalive(): void {
    const rtt = this.rtt ?? 0;
    this.keepalive = Math.max(Math.min(rtt * (K.KEEPALIVE_MAX / K.KEEPALIVE_MAX_RTT), K.KEEPALIVE_MAX), K.KEEPALIVE_MIN);
    this.staleTime = this.keepalive * K.STALE_FACTOR;
  }

  /** Releases keys, timers, resources, receipts and pending requests; fires `closed`. */
  protected linkClosed(): void {
    this.watchdogTimer?.cancel();
    this.watchdogTimer = null;
    this.resources.closeAll();
    for (const r of [...this.receipts.values()]) r.cull();
    for (const r of [...this.pendingRequests]) r.fail();
    this.prv = null;
    this.pubBytes = null;
    this.sigKey = null;
    this.derivedKey = null;
    this.token = null;
    this.callbacks.closed?.(this as never);
  }

  /** Feeds one packet addressed to this link id (Transport's link hook, or a peer in memory). */
  receive(packet: Packet): void {
    if (this.status === LinkStatus.CLOSED) return;
    // Our own keepalive echoed back (same hash on every initiator keepalive) is ignored.
    if (this.initiator && packet.context === Context.KEEPALIVE && packet.data.length === 1 && packet.data[0] === 0xff) return;
    if (packet.packetType === PacketType.PROOF && packet.context === Context.LRPROOF) {
      this.validateProof(packet);
      return;
    }
    if (this.status === LinkStatus.PENDING) return;
    this.lastInbound = this.scheduler.now();
    if (packet.context !== Context.KEEPALIVE) this.lastData = this.lastInbound;
    this.rx++;
    this.rxBytes += packet.data.length;
    if (this.status === LinkStatus.STALE) this.status = LinkStatus.ACTIVE;
    if (packet.packetType === PacketType.DATA) this.receiveData(packet);
    else if (packet.packetType === PacketType.PROOF) this.receiveProof(packet);
  }

  private receiveData(packet: Packet): void {
    switch (packet.context) {
      case Context.NONE: {
        const pt = this.decrypt(packet.data);
        if (!pt) return;
        this.callbacks.packet?.(pt, packet, this as never);
        const owner = this.owner;
        if (this.proofStrategy === 'all') this.prove(packet);
        else if (this.proofStrategy === 'app' && owner?.proofRequested?.(pt, packet)) this.prove(packet);
        return;
      }
      case Context.LINKIDENTIFY:
        return this.receiveIdentify(packet);
      case Context.REQUEST:
        return handleRequestPacket(this, packet, truncatedPacketHash(encodePacket(packet)));
      case Context.RESPONSE:
        return handleResponsePacket(this, packet);
      case Context.LRRTT:
        if (!this.initiator) this.receiveRtt(packet);
        return;
      case Context.LINKCLOSE:
        return this.teardownPacket(packet);
      case Context.KEEPALIVE:
        if (!this.initiator && packet.data.length === 1 && packet.data[0] === 0xff && this.scheduler.now() >= this.lastOutbound + this.keepalive) {
          this.sendRaw(Context.KEEPALIVE, Uint8Array.of(0xfe));
          this.hadOutbound(true);
        }
        return;
      case Context.CACHE_REQUEST:
        return this.resources.cacheRequest(packet.data);
      default:
        this.resources.receive(packet);
    }
  }

  private receiveProof(packet: Packet): void {
    if (packet.context === Context.RESOURCE_PRF) {
      this.resources.receiveProof(packet.data);
      return;
    }
    if (packet.context !== Context.NONE || packet.data.length !== 96) return;
    const hash = packet.data.subarray(0, 32);
    const receipt = this.receipts.get(toHex(hash));
    if (!receipt) return;
    const signature = packet.data.subarray(32);
    if (!this.proofGate.offLoop()) {
      if (this.validate(signature, hash)) this.proved(receipt);
      return;
    }
    void this.validateAsync(signature.slice(), hash.slice()).then((ok) => {
      this.proofGate.settled();
      // A receipt that timed out meanwhile stays failed: delivered() only concludes SENT ones.
      if (ok) this.proved(receipt);
    });
  }

  private proved(receipt: LinkPacketReceipt): void {
    this.lastProof = this.scheduler.now();
    receipt.delivered();
  }


  abstract validate(signature: Uint8Array, message: Uint8Array): boolean;
  /** {@link validate} with the signature checked on libuv's thread pool. */
  abstract validateAsync(signature: Uint8Array, message: Uint8Array): Promise<boolean>;

  private receiveIdentify(packet: Packet): void {
    const pt = this.decrypt(packet.data);
    if (!pt || this.initiator || pt.length !== 128) return;
    const pub = pt.subarray(0, 64);
    let identity: Identity;
    try {
      identity = Identity.fromPublicBytes(pub);
    } catch (err) {
      void err; // an invalid public key cannot identify anyone; ignore the packet
      return;
    }
    if (!identity.verify(pt.subarray(64, 128), concatBytes(this.linkId, pub))) return;
    if (this.components.isBlackholed?.(identity.hash)) {
      this.teardown();
      return;
    }
    if (this.remoteIdentity === null) {
      this.remoteIdentity = identity;
      this.callbacks.remoteIdentified?.(this as never, identity);
    }
  }

  /** Responder: the initiator's LRRTT makes the link ACTIVE. */
  private receiveRtt(packet: Packet): void {
    if (this.status !== LinkStatus.HANDSHAKE) return;
    const pt = this.decrypt(packet.data);
    if (!pt) return;
    let rtt: unknown;
    try {
      rtt = unpackMsgpack(pt);
    } catch (err) {
      void err; // a malformed RTT report closes the link, as the reference's exception path does
      this.teardown();
      return;
    }
    const measured = this.scheduler.now() - this.requestTime;
    this.rtt = Math.max(measured, typeof rtt === 'number' ? rtt : 0);
    this.status = LinkStatus.ACTIVE;
    this.activatedAt = this.scheduler.now();
    this.updateKeepalive();
    this.armWatchdog(0);
    this.callbacks.established?.(this as never);
  }

  // --- ResourceLinkPort -------------------------------------------------------------------

  cacheProofPacket(raw: Uint8Array): void {
    this.resources.cacheProof(packetHash(raw), raw);
  }

  readyForNewResource(): boolean {
    return this.resources.outgoing.size === 0;
  }

  registerOutgoing(r: object): void {
    this.resources.outgoing.add(r as OutgoingResource);
  }

  registerIncoming(r: object): void {
    this.resources.incoming.add(r as IncomingResource);
  }

  removeOutgoing(r: object): void {
    this.resources.outgoing.delete(r as OutgoingResource);
  }

  removeIncoming(r: object): void {
    this.resources.incoming.delete(r as IncomingResource);
  }

  resourceConcluded(r: object, size: number, startedAt: number | null, window?: number, eifr?: number | null): void {
    const res = r as { initiator: boolean; status: number };
    if (!res.initiator && window !== undefined) {
      this.lastResourceWindow = window;
      this.lastResourceEifr = eifr ?? null;
    }
    if (startedAt !== null && res.status === ResourceStatus.COMPLETE) {
      this.expectedRate = (size * 8) / Math.max(this.scheduler.now() - startedAt, 0.0001);
    }
  }

  segmentRoom(originalHash: Uint8Array, totalSize: number): Uint8Array | null {
    return this.resources.segmentRoom(originalHash, totalSize);
  }

  appendSegment(originalHash: Uint8Array, data: Uint8Array, packedMetadata: Uint8Array | null): void {
    this.resources.appendSegment(originalHash, data, packedMetadata);
  }

  takeSegments(originalHash: Uint8Array): { data: Uint8Array; packedMetadata: Uint8Array | null } {
    return this.resources.takeSegments(originalHash);
  }

  /** Sets how advertised resources are handled ('none' | 'all' | 'app'). */
  setResourceStrategy(strategy: ResourceStrategy): void {
    this.resources.strategy = strategy;
  }

  /** Compares a link id. */
  hasId(id: Uint8Array): boolean {
    return bytesEqual(id, this.linkId);
  }
}
