// SPDX-License-Identifier: MIT
// Delivery receipts for link packets (RNS/Packet.py :: PacketReceipt, link branch). A link DATA
// packet is proved by the peer with an explicit proof `packet_hash(32) || signature(64)` signed
// by the peer's link key; the receipt times out after max(rtt × 6, 5 ms) unless overridden.
import type { Scheduler, TimerHandle } from './scheduler.js';

export const ReceiptStatus = { FAILED: 0x00, SENT: 0x01, DELIVERED: 0x02, CULLED: 0xff } as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** Tracks one sent link packet until it is proved or times out. */
export class LinkPacketReceipt {
  status: ReceiptStatus = ReceiptStatus.SENT;
  readonly sentAt: number;
  concludedAt: number | null = null;
  /** Called once when the proof arrives. */
  onDelivered: ((r: LinkPacketReceipt) => void) | null = null;
  /** Called once on timeout. */
  onTimeout: ((r: LinkPacketReceipt) => void) | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    /** Full 32-byte packet hash. */
    readonly hash: Uint8Array,
    private readonly scheduler: Scheduler,
    timeoutSeconds: number,
    private readonly release: (r: LinkPacketReceipt) => void,
  ) {
    this.sentAt = scheduler.now();
    this.setTimeout(timeoutSeconds);
  }

  get truncatedHash(): Uint8Array {
    return this.hash.slice(0, 16);
  }

  /** Replaces the timeout (seconds from now). */
  setTimeout(seconds: number): void {
    this.timer?.cancel();
    this.timer = this.scheduler.setTimer(seconds, () => this.conclude(ReceiptStatus.FAILED));
  }

  /** Marks the receipt delivered (a valid proof) and fires the callback. */
  delivered(): void {
    this.conclude(ReceiptStatus.DELIVERED);
  }

  /** Ends tracking without firing callbacks (link closed or receipt set full). */
  cull(): void {
    if (this.status !== ReceiptStatus.SENT) return;
    this.status = ReceiptStatus.CULLED;
    this.timer?.cancel();
    this.release(this);
  }

  private conclude(status: ReceiptStatus): void {
    if (this.status !== ReceiptStatus.SENT) return;
    this.status = status;
    this.concludedAt = this.scheduler.now();
    this.timer?.cancel();
    this.release(this);
    if (status === ReceiptStatus.DELIVERED) this.onDelivered?.(this);
    else this.onTimeout?.(this);
  }
}
