// SPDX-License-Identifier: MIT
// Resources on one link (RNS/Link.py :: receive, RESOURCE_* branches; resource bookkeeping).
// Advertisements are routed: requests to the destination's handlers, responses to the pending
// request with that id, anything else by the link's strategy (none / all / app). A receiver
// limit (`maxResourceSize`) refuses advertisements whose total size exceeds it, so a remote
// cannot make us hold more than we agreed to.
import { truncatedHash } from '../crypto/index.js';
import { Context } from '../wire/constants.js';
import { unpackMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import type { Packet } from '../wire/packet.js';
import { toHex } from '../wire/bytes.js';
import { AdvFlags, hasFlag, unpackAdvertisement } from '../resource/advertisement.js';
import type { ResourceAdvertisement } from '../resource/advertisement.js';
import { AUTO_COMPRESS_MAX_SIZE, MAX_EFFICIENT_SIZE, ResourceStatus } from '../resource/constants.js';
import { IncomingResource } from '../resource/incoming.js';
import type { IncomingResourceOptions } from '../resource/incoming.js';
import { OutgoingResource } from '../resource/outgoing.js';
import type { OutgoingResourceOptions } from '../resource/outgoing.js';
import type { LinkCore } from './link-core.js';
import { handleRequest, handleResponse } from './link-requests.js';
import { SegmentStore } from './segment-store.js';

/** What to do with advertised resources that are neither requests nor responses. */
export type ResourceStrategy = 'none' | 'all' | 'app';

/** Proof packets kept for CACHE_REQUEST answers. */
const PROOF_CACHE_SIZE = 64;
/** Default receiver limit: the reference's decompression ceiling. */
export const DEFAULT_MAX_RESOURCE_SIZE = AUTO_COMPRESS_MAX_SIZE;

export class LinkResources {
  strategy: ResourceStrategy = 'none';
  /** Largest total resource size (bytes, all segments) this side accepts. */
  maxResourceSize: number = DEFAULT_MAX_RESOURCE_SIZE;
  /** Under the 'app' strategy: return true to accept. */
  onAdvertised: ((adv: ResourceAdvertisement) => boolean) | null = null;
  onStarted: ((r: IncomingResource) => void) | null = null;
  /** See IncomingResourceOptions.onConcluded: a returned promise defers the final proof. */
  onConcluded: ((r: IncomingResource) => unknown) | null = null;
  onProgress: ((r: IncomingResource) => void) | null = null;
  readonly incoming = new Set<IncomingResource>();
  readonly outgoing = new Set<OutgoingResource>();
  private readonly proofCache = new Map<string, Uint8Array>();
  private readonly segments = new Map<string, SegmentStore>();
  /** Accept options of split resources in progress, keyed by original hash (later segments). */
  private readonly continuations = new Map<string, IncomingResourceOptions>();

  constructor(private readonly link: LinkCore) {}

  /** Sends `data` as a resource over the link (advertised once prepared). */
  send(data: Uint8Array, opts: OutgoingResourceOptions = {}): Promise<OutgoingResource> {
    return OutgoingResource.create(this.link, data, opts);
  }

  receive(packet: Packet): void {
    switch (packet.context) {
      case Context.RESOURCE_ADV: {
        const pt = this.link.decrypt(packet.data);
        if (pt) this.advertised(pt);
        return;
      }
      case Context.RESOURCE_REQ: {
        const pt = this.link.decrypt(packet.data);
        if (!pt || pt.length < 33) return;
        const hash = pt[0] === 0xff ? pt.subarray(5, 37) : pt.subarray(1, 33);
        const key = toHex(hash);
        for (const r of this.outgoing) {
          if (toHex(r.hash) !== key) continue;
          r.request(pt);
        }
        return;
      }
      case Context.RESOURCE_HMU: {
        const pt = this.link.decrypt(packet.data);
        if (!pt || pt.length < 32) return;
        const key = toHex(pt.subarray(0, 32));
        for (const r of this.incoming) if (toHex(r.hash) === key) r.hashmapUpdatePacket(pt);
        return;
      }
      case Context.RESOURCE_ICL: {
        const pt = this.link.decrypt(packet.data);
        if (!pt) return;
        const key = toHex(pt.subarray(0, 32));
        for (const r of [...this.incoming]) if (toHex(r.hash) === key) r.senderCancelled();
        return;
      }
      case Context.RESOURCE_RCL: {
        const pt = this.link.decrypt(packet.data);
        if (!pt) return;
        const key = toHex(pt.subarray(0, 32));
        for (const r of [...this.outgoing]) if (toHex(r.hash) === key) r.rejected();
        return;
      }
      case Context.RESOURCE:
        for (const r of [...this.incoming]) r.receivePart(packet.data, packet.data.length + 19);
        return;
      default:
        return; // CHANNEL and unknown contexts: not supported on Strand links (LXMF needs neither)
    }
  }

  receiveProof(data: Uint8Array): void {
    if (data.length < 32) return;
    const key = toHex(data.subarray(0, 32));
    for (const r of [...this.outgoing]) if (toHex(r.hash) === key) r.validateProof(data);
  }

  cacheProof(hash: Uint8Array, raw: Uint8Array): void {
    this.proofCache.set(toHex(hash), raw);
    if (this.proofCache.size > PROOF_CACHE_SIZE) this.proofCache.delete(this.proofCache.keys().next().value as string);
  }

  /** A CACHE_REQUEST names a proof packet we sent; resend it unchanged (lost proof recovery). */
  cacheRequest(data: Uint8Array): void {
    const raw = this.proofCache.get(toHex(data));
    if (!raw) return;
    this.link.sendLinkPacket(Context.RESOURCE_PRF, raw.subarray(19), true);
  }

  private reject(adv: ResourceAdvertisement): void {
    this.link.sendLinkPacket(Context.RESOURCE_RCL, adv.h);
  }

  private advertised(plaintext: Uint8Array): void {
    let adv: ResourceAdvertisement;
    try {
      adv = unpackAdvertisement(plaintext);
    } catch (err) {
      void err; // a malformed advertisement ends the link, as the reference's exception path
      this.link.teardown();
      return;
    }
    if (adv.d > this.maxResourceSize || adv.t > 3 * MAX_EFFICIENT_SIZE) return this.reject(adv);
    for (const r of this.incoming) if (toHex(r.hash) === toHex(adv.h)) return; // already receiving
    const continuation = adv.i > 1 ? this.continuations.get(toHex(adv.o)) : undefined;
    if (continuation) {
      this.start(adv, continuation);
      return;
    }
    if (adv.i > 1) return this.reject(adv); // a later segment of nothing we accepted
    const isRequest = adv.q !== null && hasFlag(adv, AdvFlags.isRequest);
    const isResponse = adv.q !== null && hasFlag(adv, AdvFlags.isResponse);
    if (isRequest) return this.acceptRequest(adv);
    if (isResponse) return this.acceptResponse(adv);
    if (this.strategy === 'none') return;
    if (this.strategy === 'app' && !(this.onAdvertised?.(adv) ?? false)) return this.reject(adv);
    const r = this.start(adv, {
      onConcluded: (res) => this.onConcluded?.(res),
      onProgress: (res) => this.onProgress?.(res),
    });
    this.onStarted?.(r);
  }

  private start(adv: ResourceAdvertisement, opts: IncomingResourceOptions): IncomingResource {
    if (adv.l > 1) this.continuations.set(toHex(adv.o), opts);
    return IncomingResource.accept(this.link, adv, {
      ...opts,
      onConcluded: (r) => {
        if (r.segmentIndex === r.totalSegments || r.status !== ResourceStatus.COMPLETE) this.continuations.delete(toHex(r.originalHash));
        return opts.onConcluded?.(r);
      },
    });
  }

  private acceptRequest(adv: ResourceAdvertisement): void {
    const owner = this.link.getOwner();
    if (!owner?.requestHandlers || owner.requestHandlers.size === 0) return;
    if (owner.maxRequestSize != null && adv.d > owner.maxRequestSize) return this.reject(adv);
    this.start(adv, {
      onConcluded: (r) => {
        if (r.status !== ResourceStatus.COMPLETE || !r.data) return;
        let unpacked: MsgpackValue;
        try {
          unpacked = unpackMsgpack(r.data);
        } catch (err) {
          void err; // an undecodable request gets no response, as the reference's failed unpack
          return;
        }
        handleRequest(this.link, truncatedHash(r.data), unpacked);
      },
    });
  }

  private acceptResponse(adv: ResourceAdvertisement): void {
    const id = toHex(adv.q as Uint8Array);
    const pending = [...this.link.pendingRequests].find((p) => toHex(p.requestId) === id);
    if (!pending) return;
    if (pending.maxResponseSize !== null && adv.d > pending.maxResponseSize) {
      this.reject(adv);
      pending.fail();
      return;
    }
    pending.responseSize ??= adv.d;
    pending.responseTransferSize = (pending.responseTransferSize ?? 0) + adv.t;
    pending.startedAt ??= this.link.scheduler.now();
    const r = this.start(adv, {
      requestId: adv.q,
      onProgress: (res) => pending.receiving(res.progress),
      onConcluded: (res) => {
        if (res.status !== ResourceStatus.COMPLETE || !res.data) return pending.fail();
        if (res.hasMetadata) return pending.responseReceived(res.data, res.metadata);
        handleResponse(this.link, res.data);
      },
    });
    pending.receiving(r.progress);
  }

  /** See ResourceLinkPort.segmentRoom; null past this side's limit (never allocated for). */
  segmentRoom(originalHash: Uint8Array, totalSize: number): Uint8Array | null {
    if (!Number.isSafeInteger(totalSize) || totalSize < 0 || totalSize > this.maxResourceSize) return null;
    return this.store(originalHash).room(totalSize);
  }

  appendSegment(originalHash: Uint8Array, data: Uint8Array, packedMetadata: Uint8Array | null): void {
    const store = this.store(originalHash);
    store.append(data);
    if (packedMetadata) store.packedMetadata = packedMetadata;
  }

  takeSegments(originalHash: Uint8Array): { data: Uint8Array; packedMetadata: Uint8Array | null } {
    const key = toHex(originalHash);
    const store = this.segments.get(key);
    this.segments.delete(key);
    if (!store) return { data: new Uint8Array(0), packedMetadata: null };
    return { data: store.take(), packedMetadata: store.packedMetadata };
  }

  private store(originalHash: Uint8Array): SegmentStore {
    const key = toHex(originalHash);
    let store = this.segments.get(key);
    if (!store) {
      store = new SegmentStore();
      this.segments.set(key, store);
    }
    return store;
  }

  /** Bytes held for split resources still in progress (leak checks). */
  get heldBytes(): number {
    let n = 0;
    for (const s of this.segments.values()) n += s.bytes;
    return n;
  }

  /** Link closed: cancel everything and drop what was held. */
  closeAll(): void {
    for (const r of [...this.incoming]) r.cancel();
    for (const r of [...this.outgoing]) r.cancel();
    this.incoming.clear();
    this.outgoing.clear();
    this.segments.clear();
    this.continuations.clear();
    this.proofCache.clear();
  }
}
