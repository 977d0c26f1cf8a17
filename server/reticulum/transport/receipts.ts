// SPDX-License-Identifier: MIT
// Packet receipts (RNS/Packet.py :: PacketReceipt; RNS/Transport.py :: outbound receipt creation,
// inbound proof branch, jobs receipt timeouts; protocol §7).
import type { Identity } from '../identity/index.js';
import { toHex } from '../wire/bytes.js';
import { decodeProof } from '../wire/proof.js';
import { MAX_RECEIPTS } from './constants.defaults.js';

/** Receipt status values, as the reference numbers them. */
export const ReceiptStatus = { FAILED: 0x00, SENT: 0x01, DELIVERED: 0x02, CULLED: 0xff } as const;
export type ReceiptStatusValue = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** Tracks one sent packet until a valid proof arrives or it times out. */
export class PacketReceipt {
  status: ReceiptStatusValue = ReceiptStatus.SENT;
  /** Clock time (ms) of the proof, once delivered. */
  concludedAt: number | null = null;
  private readonly settled: Promise<ReceiptStatusValue>;
  private resolve!: (s: ReceiptStatusValue) => void;

  constructor(
    /** Full 32-byte hash of the sent packet. */
    readonly hash: Uint8Array,
    /** Who must sign the proof (the destination's identity); null for unknown (never provable). */
    readonly identity: Identity | null,
    readonly sentAt: number,
    /** Absolute deadline in clock ms. */
    public deadline: number,
  ) {
    this.settled = new Promise((r) => (this.resolve = r));
  }

  /** Resolves with DELIVERED, FAILED or CULLED. */
  done(): Promise<ReceiptStatusValue> {
    return this.settled;
  }

  /** Changes the timeout (RNS set_timeout), in ms from `now`. */
  setTimeout(ms: number, now: number): void {
    this.deadline = now + ms;
  }

  /** Round-trip time in ms once delivered. */
  get rtt(): number | null {
    return this.concludedAt === null ? null : this.concludedAt - this.sentAt;
  }

  /** @internal */
  conclude(status: ReceiptStatusValue, now: number): void {
    if (this.status !== ReceiptStatus.SENT) return;
    this.status = status;
    this.concludedAt = now;
    this.resolve(status);
  }

  /** Checks a 64- or 96-byte proof payload against this receipt (validate_proof). */
  validate(proof: Uint8Array): boolean {
    if (!this.identity) return false;
    let parsed;
    try {
      parsed = decodeProof(proof);
    } catch {
      // A malformed proof simply does not prove this receipt; the caller counts the drop.
      return false;
    }
    if (parsed.packetHash !== null && toHex(parsed.packetHash) !== toHex(this.hash)) return false;
    return this.identity.verify(parsed.signature, this.hash);
  }
}

/**
 * Outstanding receipts, indexed by the truncated packet hash. The reference tries every receipt
 * for an implicit proof; a non-link proof is always addressed to TH(packet hash), so looking up
 * that one receipt proves the same packets while a flood of forged proofs costs one signature
 * check each instead of one per outstanding receipt.
 */
export class ReceiptTable {
  private readonly byTruncated = new Map<string, PacketReceipt>();

  constructor(private readonly max: number = MAX_RECEIPTS) {}

  get size(): number {
    return this.byTruncated.size;
  }

  add(r: PacketReceipt, now: number): void {
    this.byTruncated.set(toHex(r.hash.subarray(0, 16)), r);
    while (this.byTruncated.size > this.max) {
      const oldest = this.byTruncated.entries().next();
      if (oldest.done) break;
      this.byTruncated.delete(oldest.value[0]);
      oldest.value[1].conclude(ReceiptStatus.CULLED, now);
    }
  }

  /** Applies a proof addressed to `proofDestination`; returns the receipt it proved, if any. */
  prove(proofDestination: Uint8Array, proof: Uint8Array, now: number): PacketReceipt | null {
    const key = toHex(proofDestination);
    const r = this.byTruncated.get(key);
    if (!r || !r.validate(proof)) return null;
    this.byTruncated.delete(key);
    r.conclude(ReceiptStatus.DELIVERED, now);
    return r;
  }

  /** Fails receipts past their deadline. */
  expire(now: number): number {
    let n = 0;
    for (const [k, r] of [...this.byTruncated]) {
      if (now > r.deadline) {
        this.byTruncated.delete(k);
        r.conclude(ReceiptStatus.FAILED, now);
        n++;
      }
    }
    return n;
  }

  /** Fails everything (stop()). */
  clear(now: number): void {
    for (const r of this.byTruncated.values()) r.conclude(ReceiptStatus.FAILED, now);
    this.byTruncated.clear();
  }
}
