// SPDX-License-Identifier: MIT
// Receiving side of a resource (RNS/Resource.py :: Resource.accept, hashmap_update,
// receive_part, request_next, assemble, prove, cancel and the receiver branch of the watchdog).
// The receiver drives the transfer: it requests up to `window` parts at a time by map hash,
// grows the window when a round completes and shrinks it on a timeout, as the reference does,
// except that on a link proven fast the window doubles and the next request leaves while half
// of the current one is still in flight (see `doubling`).
import { Context } from '../wire/constants.js';
import { unpackMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { sha256Parts, concatBytes } from '../crypto/index.js';
import { bytesEqual } from '../wire/bytes.js';
import type { TimerHandle } from '../link/scheduler.js';
import { bz2Decompress } from './bz2.js';
import { AdvFlags, hasFlag } from './advertisement.js';
import type { ResourceAdvertisement } from './advertisement.js';
import type { ResourceLinkPort } from './port.js';
import * as C from './constants.js';
import { StreamedAssembly } from './streamed-assembly.js';
import { ResourceStatus } from './constants.js';

export interface IncomingResourceOptions {
  requestId?: Uint8Array | null;
  /** Cap on decompressed bytes per segment (default and maximum: 64 MiB, as the reference). */
  maxDecompressedSize?: number;
  /**
   * Called once when the last segment completes or the transfer fails. For a completed resource
   * the final proof (which tells the sender "delivered") waits for a returned promise, so an
   * application can commit the data first; resolving `false` or rejecting withholds the proof.
   */
  onConcluded?: (r: IncomingResource) => unknown;
  onProgress?: (r: IncomingResource) => void;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** `inFlight` marks (0: not asked for, or arrived). */
const REQUESTED = 1;
const REQUESTED_AFTER_HMU = 2;

export class IncomingResource {
  readonly initiator = false;
  status: ResourceStatus = ResourceStatus.TRANSFERRING;
  readonly hash: Uint8Array;
  readonly originalHash: Uint8Array;
  readonly randomHash: Uint8Array;
  readonly requestId: Uint8Array | null;
  /** Transfer size (encrypted stream bytes). */
  readonly size: number;
  /** Total data size (all segments, metadata prefix included). */
  readonly totalSize: number;
  readonly compressed: boolean;
  readonly split: boolean;
  readonly hasMetadata: boolean;
  readonly segmentIndex: number;
  readonly totalSegments: number;
  readonly totalParts: number;
  readonly sdu: number;
  receivedCount = 0;
  window: number = C.WINDOW;
  eifr: number | null = null;
  startedTransferring: number;
  /** Assembled data (metadata removed), set on the last segment once COMPLETE. */
  data: Uint8Array | null = null;
  /** Unpacked metadata, when the sender attached some. */
  metadata: MsgpackValue | null = null;

  private windowMax: number = C.WINDOW_MAX_SLOW;
  private windowMin: number = C.WINDOW_MIN;
  private readonly windowFlexibility = C.WINDOW_FLEXIBILITY;
  private readonly parts: (Uint8Array | null)[];
  private readonly hashmap: (string | null)[];
  private hashmapHeight = 0;
  /** The window reached a part whose map hash is not known yet: no request until the update. */
  private waitingForHmu = false;
  /** A request flagged the hashmap exhausted and its update has not arrived. */
  private hmuRequested = false;
  private consecutiveCompletedHeight = -1;
  /**
   * Parts requested and not yet received. `inFlight` marks them by index: REQUESTED, or
   * REQUESTED_AFTER_HMU for those asked for after the request that is waiting for a hashmap update.
   */
  private outstandingParts = 0;
  private readonly inFlight: Uint8Array;
  private retriesLeft = C.MAX_RETRIES;
  private lastActivity: number;
  private reqSent = 0;
  private reqSentBytes = 0;
  private reqResp: number | null = null;
  private rtt: number | null = null;
  private rttRxdBytes = 0;
  private rttRxdBytesAtPartReq = 0;
  private reqRespRttRate = 0;
  private reqDataRttRate = 0;
  private previousEifr: number | null = null;
  private fastRateRounds = 0;
  /**
   * The reference grows the window by one part per completed round (its own comment asks for a
   * better rule): on a TCP link a 1 MiB transfer then takes 14 request rounds, 7 with doubling.
   * Once the link has proven fast (FAST_RATE_THRESHOLD fast rounds raised windowMax to
   * WINDOW_MAX_FAST), the window doubles per round instead, up to that maximum; the first part
   * that times out ends the doubling for this resource (the reference's one-part steps from
   * then on). Slow and very slow links never reach it, so a radio link is paced as before. Only
   * the number of parts asked for changes: any sender, the reference included, serves up to
   * WINDOW_MAX_FAST per request.
   *
   * In the same mode the receiver asks ahead: once half of the parts in flight have arrived it
   * requests the next ones (up to `window` in flight), so the sender is not left idle between
   * rounds (timed on a two-process TCP loopback: ~0.4 ms from a request to its first part, six
   * rounds per MiB, while a round of 20 parts takes ~0.7 ms to arrive). A request only names
   * parts that are neither received nor in flight, and a sender answers each request on its own
   * (the reference's Resource.request keeps no per-request state), so nothing is sent twice; a
   * timeout forgets what was in flight and asks for all missing parts again.
   */
  private doubling = false;
  private verySlowRateRounds = 0;
  private partTimeoutFactor = C.PART_TIMEOUT_FACTOR;
  private timer: TimerHandle | null = null;
  private readonly maxDecompressed: number;
  private readonly streamed: StreamedAssembly | null;
  private feedQueued = false;

  private constructor(
    private readonly port: ResourceLinkPort,
    adv: ResourceAdvertisement,
    private readonly opts: IncomingResourceOptions,
  ) {
    this.requestId = opts.requestId ?? null;
    this.size = adv.t;
    this.totalSize = adv.d;
    this.hash = adv.h;
    this.originalHash = adv.o;
    this.randomHash = adv.r;
    this.compressed = hasFlag(adv, AdvFlags.compressed);
    this.hasMetadata = hasFlag(adv, AdvFlags.hasMetadata);
    this.segmentIndex = adv.i;
    this.totalSegments = adv.l;
    this.split = adv.l > 1;
    this.sdu = port.mtu - C.PART_OVERHEAD;
    this.totalParts = Math.ceil(this.size / this.sdu);
    this.parts = new Array<Uint8Array | null>(this.totalParts).fill(null);
    this.hashmap = new Array<string | null>(this.totalParts).fill(null);
    this.inFlight = new Uint8Array(this.totalParts);
    this.lastActivity = port.scheduler.now();
    this.startedTransferring = this.lastActivity;
    this.maxDecompressed = Math.min(opts.maxDecompressedSize ?? C.AUTO_COMPRESS_MAX_SIZE, C.AUTO_COMPRESS_MAX_SIZE);
    const decryptor = port.decryptor(this.size);
    // A split resource's segments are decrypted into one buffer; compressed data is not (its
    // decompressed form is what gets kept).
    const room = decryptor && this.split && !this.compressed ? port.segmentRoom(this.originalHash, this.totalSize) : null;
    this.streamed = decryptor ? new StreamedAssembly(decryptor, this.size, !this.compressed, room) : null;
    if (port.lastResourceWindow) this.window = port.lastResourceWindow;
    if (port.lastResourceEifr) this.previousEifr = port.lastResourceEifr;
  }

  /** Accepts an advertisement and starts requesting parts. */
  static accept(port: ResourceLinkPort, adv: ResourceAdvertisement, opts: IncomingResourceOptions = {}): IncomingResource {
    const r = new IncomingResource(port, adv, opts);
    port.registerIncoming(r);
    r.hashmapUpdate(0, adv.m);
    if (r.status !== ResourceStatus.FAILED) r.armWatchdog(0);
    return r;
  }

  /** Handles an HMU plaintext: resource hash(32) || msgpack([segment, hashmap]). */
  hashmapUpdatePacket(plaintext: Uint8Array): void {
    if (this.status === ResourceStatus.FAILED || !this.hmuRequested) return;
    this.lastActivity = this.port.scheduler.now();
    this.retriesLeft = C.MAX_RETRIES;
    const update = unpackMsgpack(plaintext.subarray(32), { maxInputSize: 8192 });
    if (!Array.isArray(update) || typeof update[0] !== 'number' || !(update[1] instanceof Uint8Array)) return;
    this.hashmapUpdate(update[0], update[1]);
  }

  private hashmapUpdate(segment: number, hashmap: Uint8Array): void {
    if (this.status === ResourceStatus.FAILED) return;
    this.status = ResourceStatus.TRANSFERRING;
    const count = Math.floor(hashmap.length / C.MAPHASH_LEN);
    for (let i = 0; i < count; i++) {
      const idx = i + segment * C.HASHMAP_MAX_LEN;
      if (idx >= this.totalParts) break; // a hostile update must not grow the hashmap
      if (this.hashmap[idx] === null) this.hashmapHeight++;
      this.hashmap[idx] = hex(hashmap.subarray(i * C.MAPHASH_LEN, (i + 1) * C.MAPHASH_LEN));
    }
    if (count < 1) return this.cancel();
    this.waitingForHmu = false;
    this.hmuRequested = false;
    // The update follows every part requested before it, so a part still missing now was lost:
    // it is asked for again at once, as the reference does. Parts asked for after the flagged
    // request are still on their way.
    this.forgetRequestedBeforeUpdate();
    this.requestNext();
  }

  private forgetRequestedBeforeUpdate(): void {
    for (let i = 0; i < this.totalParts; i++) {
      if (this.inFlight[i] === REQUESTED) {
        this.inFlight[i] = 0;
        this.outstandingParts--;
      } else if (this.inFlight[i] === REQUESTED_AFTER_HMU) {
        this.inFlight[i] = REQUESTED;
      }
    }
  }

  /** Treats every part in flight as lost, so the next request names it again. */
  private forgetInFlight(): void {
    this.inFlight.fill(0);
    this.outstandingParts = 0;
  }

  /**
   * Requests (RESOURCE_REQ) the missing parts of the window that are not already in flight,
   * flagging an exhausted hashmap when it reaches a part whose map hash is not known yet.
   */
  private requestNext(): void {
    if (this.status === ResourceStatus.FAILED || this.waitingForHmu) return;
    let unknown = false;
    const requested: Uint8Array[] = [];
    const askingAhead = this.outstandingParts > 0;
    const free = this.window - this.outstandingParts;
    const start = this.consecutiveCompletedHeight + 1;
    const end = Math.min(start + this.window, this.totalParts);
    const mark = this.hmuRequested ? REQUESTED_AFTER_HMU : REQUESTED;
    let idx = start;
    for (; idx < end && requested.length < free; idx++) {
      if (this.parts[idx] !== null || this.inFlight[idx] !== 0) continue;
      const mh = this.hashmap[idx];
      if (mh === null || mh === undefined) {
        unknown = true;
        break;
      }
      requested.push(Buffer.from(mh, 'hex'));
      this.inFlight[idx] = mark;
      this.outstandingParts++;
    }
    if (unknown) this.waitingForHmu = true;
    const exhausted = !this.hmuRequested && (unknown || this.wantsHashmapEarly(idx));
    if (requested.length === 0 && !exhausted) return;
    let head: Uint8Array = Uint8Array.of(exhausted ? C.HASHMAP_IS_EXHAUSTED : C.HASHMAP_IS_NOT_EXHAUSTED);
    if (exhausted) {
      const last = this.hashmap[this.hashmapHeight - 1];
      if (!last) return this.cancel();
      head = concatBytes(head, Buffer.from(last, 'hex'));
      this.hmuRequested = true;
    }
    const sent = this.port.isActive ? this.port.sendLinkPacket(Context.RESOURCE_REQ, concatBytes(head, this.hash, ...requested)) : null;
    if (!sent) return this.cancel();
    this.lastActivity = this.port.scheduler.now();
    this.reqSent = this.lastActivity;
    this.reqSentBytes = sent.raw.length;
    this.rttRxdBytesAtPartReq = this.rttRxdBytes;
    // The round trip is timed from a request to its first part; asking ahead, the next part to
    // arrive answers an earlier request, so it would time nothing.
    if (!askingAhead) this.reqResp = null;
    this.queueFeed();
  }

  /**
   * Decrypts and hashes the parts received in order once the request is out (idle time), through
   * the link's scheduler so that Transport contains what runs there. Parts that overrun the
   * advertised token make the resource corrupt at once.
   */
  private queueFeed(): void {
    if (!this.streamed || this.feedQueued) return;
    this.feedQueued = true;
    this.port.scheduler.defer(() => {
      this.feedQueued = false;
      if (this.status !== ResourceStatus.TRANSFERRING || !this.streamed) return;
      if (!this.streamed.feed(this.parts, this.consecutiveCompletedHeight + 1)) this.corrupt();
    });
  }

  /** Handles one RESOURCE part (the packet's data, still encrypted as part of the stream). */
  receivePart(partData: Uint8Array, rawLength: number): void {
    if (this.status === ResourceStatus.FAILED || this.status >= ResourceStatus.ASSEMBLING) return;
    const now = this.port.scheduler.now();
    this.lastActivity = now;
    this.retriesLeft = C.MAX_RETRIES;
    if (this.reqResp === null) {
      this.reqResp = now;
      const rtt = now - this.reqSent;
      this.partTimeoutFactor = C.PART_TIMEOUT_FACTOR_AFTER_RTT;
      if (this.rtt === null) {
        this.rtt = this.port.rtt ?? 0;
        this.armWatchdog(0);
      } else if (rtt < this.rtt) this.rtt = Math.max(this.rtt - this.rtt * 0.05, rtt);
      else if (rtt > this.rtt) this.rtt = Math.min(this.rtt + this.rtt * 0.05, rtt);
      if (rtt > 0) {
        this.reqRespRttRate = (rawLength + this.reqSentBytes) / rtt;
        this.countFastRound(this.reqRespRttRate);
      }
    }
    this.status = ResourceStatus.TRANSFERRING;
    const partHash = hex(sha256Parts(partData, this.randomHash).subarray(0, C.MAPHASH_LEN));
    // The window requestNext() asks from (one past the consecutive height) is searched whole.
    const start = Math.max(this.consecutiveCompletedHeight, 0);
    const end = Math.min(this.consecutiveCompletedHeight + 1 + this.window, this.totalParts);
    for (let i = start; i < end; i++) {
      if (this.hashmap[i] !== partHash || this.parts[i] !== null) continue;
      this.parts[i] = partData;
      this.rttRxdBytes += partData.length;
      this.receivedCount++;
      if (this.inFlight[i] !== 0) {
        this.inFlight[i] = 0;
        this.outstandingParts--;
      }
      if (i === this.consecutiveCompletedHeight + 1) this.consecutiveCompletedHeight = i;
      let cp = this.consecutiveCompletedHeight + 1;
      while (cp < this.parts.length && this.parts[cp] !== null) this.consecutiveCompletedHeight = cp++;
      this.opts.onProgress?.(this);
    }
    if (this.receivedCount === this.totalParts) {
      this.assemble();
    } else if (this.outstandingParts === 0 || (this.doubling && this.shouldAskAhead())) {
      // The round's rate is counted before the window grows (the reference grows first): the
      // round that proves the link fast already doubles, one request round sooner. Asking
      // ahead, the rate is that of the data received since the previous request.
      if (this.reqSent !== 0) {
        const rtt = this.port.scheduler.now() - this.reqSent;
        const transferred = this.rttRxdBytes - this.rttRxdBytesAtPartReq;
        if (rtt !== 0) {
          this.reqDataRttRate = transferred / rtt;
          this.updateEifr();
          this.rttRxdBytesAtPartReq = this.rttRxdBytes;
          this.countFastRound(this.reqDataRttRate);
          if (this.fastRateRounds === 0 && this.reqDataRttRate < C.RATE_VERY_SLOW && this.verySlowRateRounds < C.VERY_SLOW_RATE_THRESHOLD) {
            this.verySlowRateRounds++;
            if (this.verySlowRateRounds === C.VERY_SLOW_RATE_THRESHOLD) this.windowMax = C.WINDOW_MAX_VERY_SLOW;
          }
        }
      }
      if (this.window < this.windowMax) {
        this.window = this.doubling ? Math.min(this.window * 2, this.windowMax) : this.window + 1;
        if (this.window - this.windowMin > this.windowFlexibility - 1) this.windowMin++;
      }
      this.requestNext();
    }
  }

  /**
   * On a link proven fast, the next hashmap segment is asked for as soon as the requests could
   * reach its first part within the window as it would grow (`next` is where this request stopped),
   * rather than when the window runs into it: the update then arrives behind the parts of this
   * request, and the requests that follow go on past the segment's end without a round trip
   * spent waiting for it (one per 74 parts). Any sender serves it, the reference included: it
   * answers an exhausted flag in any request. Only while every part that may still be missing
   * lies where the sender looks for requested parts after the update (it looks from WINDOW_MAX
   * parts before the segment's end); slow and very slow links wait for the window, as before.
   */
  private wantsHashmapEarly(next: number): boolean {
    if (!this.doubling || this.hashmapHeight >= this.totalParts) return false;
    if (this.consecutiveCompletedHeight + 1 < this.hashmapHeight - 1 - C.WINDOW_MAX) return false;
    return next + this.reach >= this.hashmapHeight;
  }

  /** The window as it would be after the next round grows it (doubling mode). */
  private get reach(): number {
    return Math.max(this.window, Math.min(this.window * 2, this.windowMax));
  }

  /**
   * Half the window has arrived, and the window as it would grow holds a part that is neither
   * here nor asked for (behind a lost part the window cannot move on, and it must not grow).
   */
  private shouldAskAhead(): boolean {
    if (this.waitingForHmu || this.outstandingParts > this.window >> 1) return false;
    const start = this.consecutiveCompletedHeight + 1;
    const end = Math.min(start + this.reach, this.totalParts);
    for (let i = start; i < end; i++) if (this.parts[i] === null && this.inFlight[i] === 0) return true;
    return false;
  }

  private countFastRound(rate: number): void {
    if (rate > C.RATE_FAST && this.fastRateRounds < C.FAST_RATE_THRESHOLD) {
      this.fastRateRounds++;
      if (this.fastRateRounds === C.FAST_RATE_THRESHOLD) {
        this.windowMax = C.WINDOW_MAX_FAST;
        this.doubling = true;
      }
    }
  }

  private updateEifr(): void {
    const rtt = this.rtt ?? this.port.rtt ?? 0;
    if (this.reqDataRttRate !== 0) this.eifr = this.reqDataRttRate * 8;
    else if (this.previousEifr !== null) this.eifr = this.previousEifr;
    else this.eifr = (this.port.establishmentCost * 8) / Math.max(rtt, 1e-6);
    this.port.expectedRate = this.eifr;
  }

  private armWatchdog(seconds: number): void {
    this.timer?.cancel();
    this.timer = this.port.scheduler.setTimer(seconds, () => this.watchdog());
  }

  private watchdog(): void {
    this.timer = null;
    if (this.status >= ResourceStatus.ASSEMBLING) return;
    const retriesUsed = C.MAX_RETRIES - this.retriesLeft;
    const extraWait = retriesUsed * C.PER_RETRY_DELAY;
    this.updateEifr();
    const eifr = Math.max(this.eifr ?? 1, 1e-6);
    const hmuWait = this.waitingForHmu || this.outstandingParts === 0 ? (this.sdu * 8 * C.HMU_WAIT_FACTOR) / eifr : 0;
    const tofRemaining = (this.outstandingParts * this.sdu * 8) / eifr;
    const now = this.port.scheduler.now();
    let sleep =
      this.reqRespRttRate !== 0
        ? this.lastActivity + this.partTimeoutFactor * tofRemaining + hmuWait + C.RETRY_GRACE_TIME + extraWait - now
        : this.lastActivity + this.partTimeoutFactor * ((3 * this.sdu) / eifr) + C.RETRY_GRACE_TIME + extraWait - now;
    if (sleep < 0) {
      if (this.retriesLeft <= 0) return this.cancel();
      this.doubling = false;
      if (this.window > this.windowMin) {
        this.window--;
        if (this.windowMax > this.windowMin) {
          this.windowMax--;
          if (this.windowMax - this.window > this.windowFlexibility - 1) this.windowMax--;
        }
      }
      this.retriesLeft--;
      this.waitingForHmu = false;
      this.hmuRequested = false;
      this.forgetInFlight();
      this.requestNext();
      if (this.status === ResourceStatus.FAILED) return;
      sleep = 0.001;
    }
    // Never re-arm at zero: on a manual clock that would spin without time passing.
    this.armWatchdog(Math.max(0.001, Math.min(sleep, C.WATCHDOG_MAX_SLEEP)));
  }

  /** Joins, decrypts, decompresses and verifies the segment; proves it on success. */
  private assemble(): void {
    this.status = ResourceStatus.ASSEMBLING;
    this.timer?.cancel();
    let data: Uint8Array | null = null;
    let hash: Uint8Array | null = null;
    let proof: Uint8Array | null = null;
    try {
      let body: Uint8Array | null = null;
      if (this.streamed) {
        this.streamed.feed(this.parts, this.totalParts);
        const done = this.streamed.finish(this.randomHash, this.hash);
        body = done?.data ?? null;
        hash = done?.hash ?? null;
        proof = done?.proof ?? null;
      } else {
        const stream = this.port.decrypt(concatBytes(...(this.parts as Uint8Array[])));
        body = stream && stream.length >= C.RANDOM_HASH_SIZE ? stream.subarray(C.RANDOM_HASH_SIZE) : null;
      }
      if (body) data = this.compressed ? bz2Decompress(body, this.maxDecompressed) : body;
    } catch (err) {
      // A part that decrypts but does not decompress is corrupt data from the sender; the
      // resource is marked CORRUPT below and the link torn down, as the reference does.
      void err;
      data = null;
    }
    if (!data || !bytesEqual(hash ?? sha256Parts(data, this.randomHash), this.hash)) return this.corrupt();
    let packedMetadata: Uint8Array | null = null;
    let payload = data;
    if (this.hasMetadata && this.segmentIndex === 1) {
      const size = ((data[0] ?? 0) << 16) | ((data[1] ?? 0) << 8) | (data[2] ?? 0);
      packedMetadata = data.slice(3, 3 + size);
      payload = data.subarray(3 + size);
    }
    this.port.appendSegment(this.originalHash, payload, packedMetadata);
    this.status = ResourceStatus.COMPLETE;
    const last = this.segmentIndex === this.totalSegments;
    const proofHash = proof ?? sha256Parts(data, this.hash);
    // Earlier segments are proved at once (the sender then advertises the next one).
    if (!last) this.prove(proofHash);
    this.parts.fill(null);
    this.port.removeIncoming(this);
    this.port.resourceConcluded(this, this.size, this.startedTransferring, this.window, this.eifr);
    if (!last) return;
    const all = this.port.takeSegments(this.originalHash);
    this.data = all.data;
    try {
      this.metadata = all.packedMetadata ? unpackMsgpack(all.packedMetadata) : null;
    } catch (err) {
      void err; // undecodable metadata is delivered as absent rather than failing a proved resource
      this.metadata = null;
    }
    // The final proof is the sender's delivery receipt: when the application returns a promise
    // (e.g. a database commit), prove only once it has the data, never before.
    const decision = this.opts.onConcluded?.(this);
    if (decision instanceof Promise) {
      decision.then(
        (ok) => {
          if (ok !== false && this.port.isActive) this.prove(proofHash);
        },
        (err: unknown) => {
          void err; // not committed: no proof, so the sender's receipt times out and it retries
        },
      );
    } else {
      this.prove(proofHash);
    }
  }

  /** The sender's data cannot assemble: rejected and the link torn down (see cancel()). */
  private corrupt(): void {
    this.status = ResourceStatus.CORRUPT;
    this.parts.fill(null);
    this.cancel();
  }

  /** Sends RESOURCE_PRF: resource hash || SHA-256(data || resource hash). */
  private prove(proofHash: Uint8Array): void {
    const proof = concatBytes(this.hash, proofHash);
    const sent = this.port.sendLinkPacket(Context.RESOURCE_PRF, proof, true);
    if (sent) this.port.cacheProofPacket(sent.raw);
  }

  /** Cancels (RESOURCE_RCL to the sender); a CORRUPT resource also tears the link down. */
  cancel(): void {
    this.timer?.cancel();
    if (this.status === ResourceStatus.CORRUPT) {
      this.port.removeIncoming(this);
      if (this.port.isActive) this.port.sendLinkPacket(Context.RESOURCE_RCL, this.hash);
      this.port.takeSegments(this.originalHash);
      this.opts.onConcluded?.(this);
      this.port.teardown();
      return;
    }
    if (this.status >= ResourceStatus.COMPLETE) return;
    this.status = ResourceStatus.FAILED;
    this.parts.fill(null);
    if (this.port.isActive) this.port.sendLinkPacket(Context.RESOURCE_RCL, this.hash);
    this.port.removeIncoming(this);
    this.port.takeSegments(this.originalHash);
    this.port.resourceConcluded(this, this.size, this.startedTransferring, this.window, this.eifr);
    this.opts.onConcluded?.(this);
  }

  /** The sender cancelled (RESOURCE_ICL). */
  senderCancelled(): void {
    if (this.status >= ResourceStatus.COMPLETE) return;
    this.timer?.cancel();
    this.status = ResourceStatus.FAILED;
    this.parts.fill(null);
    this.port.removeIncoming(this);
    this.port.takeSegments(this.originalHash);
    this.opts.onConcluded?.(this);
  }

  /** Progress 0..1 across segments (Resource.get_progress, receiver branch). */
  get progress(): number {
    if (this.status === ResourceStatus.COMPLETE && this.segmentIndex === this.totalSegments) return 1;
    if (!this.split) return this.totalParts === 0 ? 0 : Math.min(1, this.receivedCount / this.totalParts);
    const maxParts = Math.ceil(C.MAX_EFFICIENT_SIZE / this.sdu);
    const previous = (this.segmentIndex - 1) * maxParts;
    const factor = this.totalParts < maxParts && this.totalParts > 0 ? maxParts / this.totalParts : 1;
    return Math.min(1, (previous + this.receivedCount * factor) / (this.totalSegments * maxParts));
  }
}
