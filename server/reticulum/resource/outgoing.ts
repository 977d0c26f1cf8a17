// SPDX-License-Identifier: MIT
// Sending side of a resource (RNS/Resource.py :: Resource.__init__ with data, advertise,
// request, validate_proof, cancel, the initiator branches of the watchdog). Protocol §9.1–9.5.
// The receiver drives the transfer: it asks for parts by map hash; this side answers, sends
// hashmap updates when asked, and waits for the proof. Inputs above one segment (1 MiB − 1) are
// sent as a chain of independent segment resources sharing the first segment's hash.
import { Context } from '../wire/constants.js';
import { packMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { encodePacket, packetHash } from '../wire/packet.js';
import { concatBytes } from '../crypto/index.js';
import { buildSegment } from './segment-builder.js';
import type { Part } from './segment-builder.js';
import { RnsArgumentError } from '../errors.js';
import type { TimerHandle } from '../link/scheduler.js';
import { bz2Compress } from './bz2.js';
import { advFlags, hashmapSegment, packAdvertisement } from './advertisement.js';
import type { ResourceAdvertisement } from './advertisement.js';
import type { ResourceLinkPort } from './port.js';
import * as C from './constants.js';
import { ResourceStatus } from './constants.js';
import { bytesEqual } from '../wire/bytes.js';

export interface OutgoingResourceOptions {
  /** Any msgpack value; carried (packed, length-prefixed) in the first segment. */
  metadata?: MsgpackValue;
  /** Compress with bz2 when it helps: true/false, or an input-size limit in bytes. Default true. */
  autoCompress?: boolean | number;
  /** Set for requests and responses sent as resources (advertisement `q`). */
  requestId?: Uint8Array | null;
  isResponse?: boolean;
  /** Advertisement timeout in seconds; default link rtt × 6. */
  timeout?: number;
  /** Called once when the whole resource (every segment) is proved, failed, cancelled or rejected. */
  onConcluded?: (r: OutgoingResource) => void;
  /** Called as parts are sent. */
  onProgress?: (r: OutgoingResource) => void;
}

export class OutgoingResource {
  readonly initiator = true;
  status: ResourceStatus = ResourceStatus.NONE;
  /** Resource hash (32) of this segment. */
  hash!: Uint8Array;
  randomHash!: Uint8Array;
  originalHash!: Uint8Array;
  /** SHA-256(data || resource hash): the proof the receiver must return. */
  expectedProof: Uint8Array = new Uint8Array(0);
  /** Transfer size: bytes of the encrypted stream. */
  size = 0;
  /** Whole data size including the metadata prefix (all segments). */
  totalSize = 0;
  compressed = false;
  split = false;
  hasMetadata = false;
  segmentIndex = 1;
  totalSegments = 1;
  sentParts = 0;
  readonly sdu: number;
  readonly requestId: Uint8Array | null;
  readonly isResponse: boolean;
  startedTransferring: number | null = null;
  rtt: number | null = null;
  /** The first segment of the chain this one belongs to (the object callers hold). */
  head: OutgoingResource = this;
  /** The segment currently in flight (head.current tracks the chain for progress/cancel). */
  current: OutgoingResource = this;
  /** Hash of every packet already seen as a part request (the link drops duplicates). */
  readonly reqHashlist = new Set<string>();

  private parts: Part[] = [];
  private hashmap: Uint8Array = new Uint8Array(0);
  private retriesLeft = C.MAX_RETRIES;
  private timeoutFactor: number;
  private readonly timeout: number;
  private advSent = 0;
  private lastActivity = 0;
  private lastPartSent = 0;
  private receiverMinConsecutiveHeight = 0;
  private timer: TimerHandle | null = null;
  private nextSegment: Promise<OutgoingResource> | null = null;
  private metadataSize = 0;

  private constructor(
    private readonly port: ResourceLinkPort,
    private readonly input: Uint8Array,
    private readonly opts: OutgoingResourceOptions,
  ) {
    this.sdu = port.mtu - C.PART_OVERHEAD;
    this.requestId = opts.requestId ?? null;
    this.isResponse = opts.isResponse ?? false;
    this.timeoutFactor = port.trafficTimeoutFactor;
    this.timeout = opts.timeout ?? (port.rtt ?? 0) * port.trafficTimeoutFactor;
  }

  /**
   * Prepares (compresses, encrypts, hashes, cuts) and, unless `advertise` is false, advertises a
   * resource. Throws RnsArgumentError RNS_ERR_RESOURCE_METADATA when the metadata is too large.
   */
  static async create(port: ResourceLinkPort, data: Uint8Array, opts: OutgoingResourceOptions = {}, advertise = true): Promise<OutgoingResource> {
    const r = await OutgoingResource.prepare(port, data, opts, 1, null, 0, null);
    if (advertise) r.advertise();
    return r;
  }

  private static async prepare(
    port: ResourceLinkPort,
    input: Uint8Array,
    opts: OutgoingResourceOptions,
    segmentIndex: number,
    originalHash: Uint8Array | null,
    sentMetadataSize: number,
    head: OutgoingResource | null,
  ): Promise<OutgoingResource> {
    const r = new OutgoingResource(port, input, opts);
    if (head) r.head = head;
    let prefix: Uint8Array = new Uint8Array(0);
    r.metadataSize = sentMetadataSize;
    if (opts.metadata !== undefined && segmentIndex === 1) {
      const packed = packMsgpack(opts.metadata);
      if (packed.length > C.METADATA_MAX_SIZE) throw new RnsArgumentError('RNS_ERR_RESOURCE_METADATA', 'resource metadata is too large');
      prefix = concatBytes(Uint8Array.of((packed.length >>> 16) & 0xff, (packed.length >>> 8) & 0xff, packed.length & 0xff), packed);
      r.metadataSize = prefix.length;
      r.hasMetadata = true;
    } else if (sentMetadataSize > 0) {
      r.hasMetadata = true;
    }
    const dataSize = input.length;
    r.totalSize = dataSize + r.metadataSize;
    let segment: Uint8Array;
    if (r.totalSize <= C.MAX_EFFICIENT_SIZE) {
      r.totalSegments = 1;
      r.segmentIndex = 1;
      r.split = false;
      segment = input;
    } else {
      r.totalSegments = Math.floor((r.totalSize - 1) / C.MAX_EFFICIENT_SIZE) + 1;
      r.segmentIndex = segmentIndex;
      r.split = true;
      const firstRead = C.MAX_EFFICIENT_SIZE - r.metadataSize;
      const seek = segmentIndex === 1 ? 0 : firstRead + (segmentIndex - 2) * C.MAX_EFFICIENT_SIZE;
      segment = input.subarray(seek, seek + (segmentIndex === 1 ? firstRead : C.MAX_EFFICIENT_SIZE));
    }
    const hashed = prefix.length > 0 ? concatBytes(prefix, segment) : segment;

    // Compression exactly as the reference decides: only below the limit (measured on the whole
    // input), and kept only when strictly smaller; an integer option of 0 is falsy there too.
    const option = opts.autoCompress ?? true;
    const limit = typeof option === 'number' ? option : C.AUTO_COMPRESS_MAX_SIZE;
    const autoCompress = typeof option === 'number' ? true : option;
    let payload = hashed;
    if (autoCompress && dataSize <= limit) {
      const c = await bz2Compress(hashed);
      if (c.length < hashed.length && option !== false && option !== 0) {
        payload = c;
        r.compressed = true;
      }
    }
    // Later segments are prepared while the one before is served, and stop when the transfer
    // ends; a first segment always completes (advertise() then reports a link that went down).
    const wanted = head ? (): boolean => port.isActive && head.status !== ResourceStatus.FAILED : undefined;
    const built = await buildSegment(port, hashed, payload, r.sdu, wanted);
    if (!built) throw new RnsArgumentError('RNS_ERR_RESOURCE_ABANDONED', 'the transfer ended while this segment was prepared');
    r.size = built.encrypted.length;
    r.randomHash = built.randomHash;
    r.hash = built.hash;
    r.expectedProof = built.proof;
    r.originalHash = originalHash ?? r.hash;
    r.parts = built.parts;
    r.hashmap = built.hashmap;
    return r;
  }

  /** Number of parts in this segment. */
  get totalParts(): number {
    return this.parts.length;
  }

  /** The advertisement this segment sends. */
  advertisement(): ResourceAdvertisement {
    return {
      t: this.size,
      d: this.totalSize,
      n: this.parts.length,
      h: this.hash,
      r: this.randomHash,
      o: this.originalHash,
      i: this.segmentIndex,
      l: this.totalSegments,
      q: this.requestId,
      f: advFlags({
        encrypted: true,
        compressed: this.compressed,
        split: this.split,
        isRequest: this.requestId !== null && !this.isResponse,
        isResponse: this.requestId !== null && this.isResponse,
        hasMetadata: this.hasMetadata,
      }),
      m: this.hashmap,
    };
  }

  /** The packed advertisement (msgpack map). */
  packedAdvertisement(): Uint8Array {
    return packAdvertisement(this.advertisement());
  }

  /** Encrypted-stream parts, for tests and vectors. */
  partData(): Uint8Array[] {
    return this.parts.map((p) => p.data);
  }

  get hashmapBytes(): Uint8Array {
    return this.hashmap;
  }

  /** Queues behind other outgoing resources on the link, then advertises. */
  advertise(): void {
    if (!this.port.isActive) return this.cancel();
    if (!this.port.readyForNewResource()) {
      this.status = ResourceStatus.QUEUED;
      this.arm(0.25, () => this.advertise());
      return;
    }
    if (!this.port.sendLinkPacket(Context.RESOURCE_ADV, this.packedAdvertisement())) return this.cancel();
    this.lastActivity = this.port.scheduler.now();
    this.startedTransferring = this.lastActivity;
    this.advSent = this.lastActivity;
    this.rtt = null;
    this.status = ResourceStatus.ADVERTISED;
    this.retriesLeft = C.MAX_ADV_RETRIES;
    this.port.registerOutgoing(this);
    this.watchdog();
    // The next segment is prepared in slices while this one is served (segment-builder.ts).
    if (this.segmentIndex < this.totalSegments) this.port.scheduler.defer(() => this.prepareNext());
  }

  private prepareNext(): void {
    if (this.nextSegment || this.head.status === ResourceStatus.FAILED || this.status === ResourceStatus.FAILED) return;
    this.nextSegment = OutgoingResource.prepare(this.port, this.input, this.opts, this.segmentIndex + 1, this.originalHash, this.metadataSize, this.head);
    // A failure is handled where the segment is awaited (validateProof); this only keeps an
    // abandoned preparation from counting as an unhandled rejection.
    this.nextSegment.catch(() => undefined);
  }

  private arm(seconds: number, fn: () => void): void {
    this.timer?.cancel();
    this.timer = this.port.scheduler.setTimer(seconds, fn);
  }

  private watchdog(): void {
    this.timer = null;
    if (this.status >= ResourceStatus.ASSEMBLING) return;
    const now = this.port.scheduler.now();
    let sleep: number;
    if (this.status === ResourceStatus.ADVERTISED) {
      sleep = this.advSent + this.timeout + C.PROCESSING_GRACE - now;
      if (sleep < 0) {
        if (this.retriesLeft <= 0) return this.cancel();
        this.retriesLeft--;
        if (!this.port.isActive || !this.port.sendLinkPacket(Context.RESOURCE_ADV, this.packedAdvertisement())) return this.cancel();
        this.lastActivity = this.port.scheduler.now();
        this.advSent = this.lastActivity;
        sleep = 0.001;
      }
    } else if (this.status === ResourceStatus.TRANSFERRING) {
      let maxExtraWait = 0;
      for (let r = 0; r < C.MAX_RETRIES; r++) maxExtraWait += (r + 1) * C.PER_RETRY_DELAY;
      const maxWait = (this.rtt ?? this.port.rtt ?? 0) * this.timeoutFactor * C.MAX_RETRIES + C.SENDER_GRACE_TIME + maxExtraWait;
      sleep = this.lastActivity + maxWait - now;
      if (sleep < 0) return this.cancel();
    } else if (this.status === ResourceStatus.AWAITING_PROOF) {
      this.timeoutFactor = C.PROOF_TIMEOUT_FACTOR;
      sleep = this.lastPartSent + ((this.rtt ?? this.port.rtt ?? 0) * this.timeoutFactor + C.SENDER_GRACE_TIME) - now;
      if (sleep < 0) {
        if (this.retriesLeft <= 0) return this.cancel();
        this.retriesLeft--;
        // Ask the receiver to resend its proof: the CACHE_REQUEST names the proof packet's hash.
        const proofRaw = this.expectedProofPacketRaw();
        this.port.sendLinkPacket(Context.CACHE_REQUEST, packetHash(proofRaw));
        this.lastPartSent = this.port.scheduler.now();
        sleep = 0.001;
      }
    } else {
      sleep = 0.25; // QUEUED: advertise() re-arms itself
    }
    this.arm(Math.max(0.001, Math.min(sleep, C.WATCHDOG_MAX_SLEEP)), () => this.watchdog());
  }

  private expectedProofPacketRaw(): Uint8Array {
    return encodePacket({
      ifac: false,
      headerType: 1,
      contextFlag: false,
      propagationType: 0,
      destinationType: 3,
      packetType: 3,
      hops: 0,
      transportId: null,
      destinationHash: this.port.linkId,
      context: Context.RESOURCE_PRF,
      data: concatBytes(this.hash, this.expectedProof),
    });
  }

  /** Handles a part request (RESOURCE_REQ plaintext). */
  request(req: Uint8Array): void {
    if (this.status === ResourceStatus.FAILED) return;
    const now = this.port.scheduler.now();
    this.rtt ??= now - this.advSent;
    if (this.status !== ResourceStatus.TRANSFERRING) {
      this.status = ResourceStatus.TRANSFERRING;
      this.arm(0, () => this.watchdog());
    }
    this.retriesLeft = C.MAX_RETRIES;
    const wantsMore = req[0] === C.HASHMAP_IS_EXHAUSTED;
    const pad = wantsMore ? 1 + C.MAPHASH_LEN : 1;
    const requested = req.subarray(pad + 32);
    const wanted = new Set<string>();
    for (let i = 0; i + C.MAPHASH_LEN <= requested.length; i += C.MAPHASH_LEN) {
      wanted.add(Buffer.from(requested.subarray(i, i + C.MAPHASH_LEN)).toString('hex'));
    }
    const start = this.receiverMinConsecutiveHeight;
    const end = Math.min(start + C.COLLISION_GUARD_SIZE, this.parts.length);
    for (let i = start; i < end && wanted.size > 0; i++) {
      const part = this.parts[i]!;
      if (!wanted.delete(part.key)) continue;
      if (!this.port.isActive || !this.port.sendLinkPacket(Context.RESOURCE, part.data)) return this.cancel();
      if (!part.sent) {
        part.sent = true;
        this.sentParts++;
      }
      this.lastActivity = this.port.scheduler.now();
      this.lastPartSent = this.lastActivity;
    }
    if (wantsMore && !this.sendHashmapUpdate(req.subarray(1, 1 + C.MAPHASH_LEN))) return;
    if (this.sentParts === this.parts.length) {
      this.status = ResourceStatus.AWAITING_PROOF;
      this.retriesLeft = 3;
    }
    this.opts.onProgress?.(this.head);
  }

  /** Answers an exhausted-hashmap request with the next 74 map hashes (an HMU). */
  private sendHashmapUpdate(lastMapHash: Uint8Array): boolean {
    let partIndex = this.receiverMinConsecutiveHeight;
    for (const part of this.parts.slice(partIndex, partIndex + C.COLLISION_GUARD_SIZE)) {
      partIndex++;
      if (bytesEqual(part.mapHash, lastMapHash)) break;
    }
    this.receiverMinConsecutiveHeight = Math.max(partIndex - 1 - C.WINDOW_MAX, 0);
    if (partIndex % C.HASHMAP_MAX_LEN !== 0) {
      this.cancel(); // the receiver's view of the hashmap does not match ours
      return false;
    }
    const segment = partIndex / C.HASHMAP_MAX_LEN;
    const slice = hashmapSegment(this.hashmap, this.parts.length, segment);
    if (slice.length === 0) {
      this.cancel();
      return false;
    }
    const hmu = concatBytes(this.hash, packMsgpack([segment, slice]));
    if (!this.port.isActive || !this.port.sendLinkPacket(Context.RESOURCE_HMU, hmu)) {
      this.cancel();
      return false;
    }
    this.lastActivity = this.port.scheduler.now();
    return true;
  }

  /** Handles the receiver's proof (RESOURCE_PRF data: hash || proof). */
  validateProof(proof: Uint8Array): void {
    if (this.status === ResourceStatus.FAILED || this.status === ResourceStatus.COMPLETE) return;
    if (proof.length !== 64 || !bytesEqual(proof.subarray(32), this.expectedProof)) return;
    this.status = ResourceStatus.COMPLETE;
    this.timer?.cancel();
    this.port.removeOutgoing(this);
    this.port.resourceConcluded(this, this.size, this.startedTransferring);
    if (this.segmentIndex === this.totalSegments) {
      this.opts.onConcluded?.(this.head);
      return;
    }
    // Normally under way since this segment's advertisement; a proof can also come back before
    // that turn ran (an in-memory link delivers synchronously), so start it here then.
    if (!this.nextSegment) this.prepareNext();
    const next = this.nextSegment as Promise<OutgoingResource> | null;
    if (!next) return;
    next.then(
      (seg) => {
        if (this.head.status === ResourceStatus.FAILED) return;
        this.head.current = seg;
        this.parts = [];
        seg.advertise();
      },
      () => this.fail(ResourceStatus.FAILED),
    );
  }

  private fail(status: ResourceStatus): void {
    this.status = status;
    this.timer?.cancel();
    this.port.removeOutgoing(this);
    if (this.head !== this) this.head.status = status;
    this.opts.onConcluded?.(this.head);
  }

  /** Cancels the transfer; tells the receiver (RESOURCE_ICL) while the link is up. */
  cancel(): void {
    if (this.head !== this && this.head.current === this) this.head.status = ResourceStatus.FAILED;
    if (this.current !== this) return this.current.cancel();
    if (this.status >= ResourceStatus.COMPLETE) return;
    this.timer?.cancel();
    const wasKnown = this.status >= ResourceStatus.ADVERTISED;
    this.status = ResourceStatus.FAILED;
    if (wasKnown && this.port.isActive) this.port.sendLinkPacket(Context.RESOURCE_ICL, this.hash);
    this.port.removeOutgoing(this);
    this.port.resourceConcluded(this, this.size, this.startedTransferring);
    this.opts.onConcluded?.(this.head);
  }

  /** The receiver rejected the advertisement (RESOURCE_RCL). */
  rejected(): void {
    if (this.status >= ResourceStatus.COMPLETE) return;
    this.timer?.cancel();
    this.status = ResourceStatus.REJECTED;
    if (this.head !== this) this.head.status = ResourceStatus.REJECTED;
    this.port.removeOutgoing(this);
    this.port.resourceConcluded(this, this.size, this.startedTransferring);
    this.opts.onConcluded?.(this.head);
  }

  /** Overall progress 0..1 across segments (Resource.get_progress, initiator branch). */
  get progress(): number {
    const seg = this.current;
    if (seg.status === ResourceStatus.COMPLETE && seg.segmentIndex === seg.totalSegments) return 1;
    if (!seg.split) return seg.parts.length === 0 ? 0 : Math.min(1, seg.sentParts / seg.parts.length);
    const maxParts = Math.ceil(C.MAX_EFFICIENT_SIZE / seg.sdu);
    const previous = (seg.segmentIndex - 1) * maxParts;
    const factor = seg.parts.length < maxParts && seg.parts.length > 0 ? maxParts / seg.parts.length : 1;
    return Math.min(1, (previous + seg.sentParts * factor) / (seg.totalSegments * maxParts));
  }
}
