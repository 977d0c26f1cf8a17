// SPDX-License-Identifier: MIT
// Client side of a link request (RNS/Link.py :: RequestReceipt). Unlike the reference, a
// single-packet request whose response never comes does fail after its timeout (the reference
// only fails requests in DELIVERED state, gotcha §12.22), and every pending request fails when
// the link closes, so nothing waits forever.
import type { MsgpackValue } from '../wire/msgpack.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

export const RequestStatus = { FAILED: 0x00, SENT: 0x01, DELIVERED: 0x02, RECEIVING: 0x03, READY: 0x04 } as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

export interface RequestCallbacks {
  response?: (r: RequestReceipt) => void;
  failed?: (r: RequestReceipt) => void;
  progress?: (r: RequestReceipt) => void;
}

export class RequestReceipt {
  status: RequestStatus = RequestStatus.SENT;
  response: MsgpackValue | Uint8Array | null = null;
  /** Metadata of a file response. */
  metadata: MsgpackValue | null = null;
  /** 0..1 while a resource response arrives. */
  progress = 0;
  responseSize: number | null = null;
  responseTransferSize: number | null = null;
  readonly sentAt: number;
  startedAt: number | null;
  concludedAt: number | null = null;
  responseConcludedAt: number | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    readonly requestId: Uint8Array,
    private readonly scheduler: Scheduler,
    readonly timeout: number,
    readonly requestSize: number,
    readonly maxResponseSize: number | null,
    private readonly callbacks: RequestCallbacks,
    private readonly release: (r: RequestReceipt) => void,
    sentAsPacket: boolean,
  ) {
    this.sentAt = scheduler.now();
    this.startedAt = sentAsPacket ? this.sentAt : null;
    // A request sent as a resource is bounded by the resource's own watchdog until it is
    // delivered; only then does the response timeout start (RequestReceipt in the reference).
    if (sentAsPacket) this.timer = scheduler.setTimer(timeout, () => this.fail());
  }

  /** The request (sent as a resource) was delivered: the response timeout restarts. */
  requestDelivered(): void {
    if (this.status !== RequestStatus.SENT) return;
    this.startedAt ??= this.scheduler.now();
    this.status = RequestStatus.DELIVERED;
    this.timer?.cancel();
    this.timer = this.scheduler.setTimer(this.timeout, () => this.fail());
  }

  /** A response resource is arriving; `progress` is its 0..1 progress. */
  receiving(progress: number): void {
    if (this.status === RequestStatus.FAILED || this.status === RequestStatus.READY) return;
    this.status = RequestStatus.RECEIVING;
    this.progress = progress;
    // A response resource may legitimately take longer than the request timeout; the resource's
    // own watchdog bounds it from here on.
    this.timer?.cancel();
    this.timer = null;
    this.callbacks.progress?.(this);
  }

  /** The response arrived. */
  responseReceived(response: MsgpackValue | Uint8Array, metadata: MsgpackValue | null = null): void {
    if (this.status === RequestStatus.FAILED || this.status === RequestStatus.READY) return;
    this.timer?.cancel();
    this.progress = 1;
    this.response = response;
    this.metadata = metadata;
    this.status = RequestStatus.READY;
    this.responseConcludedAt = this.scheduler.now();
    this.concludedAt = this.responseConcludedAt;
    this.release(this);
    this.callbacks.progress?.(this);
    this.callbacks.response?.(this);
  }

  /** Fails the request (timeout, rejected or failed resource, link closed). */
  fail(): void {
    if (this.status === RequestStatus.FAILED || this.status === RequestStatus.READY) return;
    this.timer?.cancel();
    this.status = RequestStatus.FAILED;
    this.concludedAt = this.scheduler.now();
    this.release(this);
    this.callbacks.failed?.(this);
  }

  /** Seconds from sending to the response, once READY. */
  get responseTime(): number | null {
    return this.status === RequestStatus.READY && this.responseConcludedAt !== null && this.startedAt !== null
      ? this.responseConcludedAt - this.startedAt
      : null;
  }

  get concluded(): boolean {
    return this.status === RequestStatus.READY || this.status === RequestStatus.FAILED;
  }
}
