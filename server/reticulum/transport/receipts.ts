// SPDX-License-Identifier: MIT
// Packet receipts (RNS/Packet.py :: PacketReceipt; RNS/Transport.py :: outbound receipt creation,
// inbound proof branch, jobs receipt timeouts; protocol §7).
import type { Identity } from '../identity/index.js';
import { toHex } from '../wire/bytes.js';
import { decodeProof } from '../wire/proof.js';
import { BurstGate } from './burst-gate.js';
import { MAX_PROOFS_IN_FLIGHT, MAX_RECEIPTS, PROOF_INLINE_BURST } from './constants.defaults.js';

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

  /**
   * validate_proof's first half: the signature a 64- or 96-byte proof carries for this receipt,
   * or null when it cannot prove it at all (no identity to check against, malformed, or naming
   * another packet). The signature is unchecked; ReceiptTable.prove checks it.
   */
  signatureOf(proof: Uint8Array): Uint8Array | null {
    if (!this.identity) return null;
    let parsed;
    try {
      parsed = decodeProof(proof);
    } catch {
      // A malformed proof simply does not prove this receipt; the caller counts the drop.
      return null;
    }
    if (parsed.packetHash !== null && toHex(parsed.packetHash) !== toHex(this.hash)) return null;
    return parsed.signature;
  }
}

/** How the table reaches the clock and reports proofs refused after an off-loop check. */
export interface ReceiptTableHooks {
  now(): number;
  /** A proof checked on the thread pool turned out forged (counted as proof_unmatched). */
  refusedLate(): void;
}

/**
 * Outstanding receipts, indexed by the truncated packet hash. The reference tries every receipt
 * for an implicit proof; a non-link proof is always addressed to TH(packet hash), so looking up
 * that one receipt proves the same packets while a flood of forged proofs costs one signature
 * check each instead of one per outstanding receipt.
 */
export class ReceiptTable {
  private readonly byTruncated = new Map<string, PacketReceipt>();
  private readonly gate = new BurstGate(PROOF_INLINE_BURST, MAX_PROOFS_IN_FLIGHT);

  constructor(
    private readonly max: number = MAX_RECEIPTS,
    private readonly hooks: ReceiptTableHooks = { now: () => Date.now(), refusedLate: () => undefined },
  ) {}

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

  /**
   * Applies a proof addressed to `proofDestination`. False when it proves nothing; true when it
   * proved its receipt, or (in a burst) when its signature is being checked on libuv's thread
   * pool: the receipt is then concluded when the check succeeds, and a forgery is reported
   * through `hooks.refusedLate`. A burst is more than PROOF_INLINE_BURST proofs in one turn of
   * the event loop (a socket read full of proofs after a burst of sends); single proofs are
   * checked inline, as are proofs past MAX_PROOFS_IN_FLIGHT (backpressure).
   */
  prove(proofDestination: Uint8Array, proof: Uint8Array): boolean {
    const key = toHex(proofDestination);
    const r = this.byTruncated.get(key);
    const signature = r?.signatureOf(proof);
    if (!r || !signature) return false;
    const identity = r.identity as Identity;
    if (!this.gate.offLoop()) {
      if (!identity.verify(signature, r.hash)) return false;
      this.concludeDelivered(key, r);
      return true;
    }
    void identity.verifyAsync(signature, r.hash).then((ok) => {
      this.gate.settled();
      if (ok) this.concludeDelivered(key, r);
      else this.hooks.refusedLate();
    });
    return true;
  }

  private concludeDelivered(key: string, r: PacketReceipt): void {
    // Culled, expired or cleared meanwhile (or proved twice): the table no longer holds it.
    if (this.byTruncated.get(key) !== r) return;
    this.byTruncated.delete(key);
    r.conclude(ReceiptStatus.DELIVERED, this.hooks.now());
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
