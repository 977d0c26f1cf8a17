// SPDX-License-Identifier: MIT
// The receipt table on its own: proofs checked inline one at a time, and on the thread pool when a
// burst of them arrives in one turn of the event loop (a socket read after a burst of sends).
import { describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import { randomBytes } from '../crypto/index.js';
import { encodeProof } from '../wire/proof.js';
import { PROOF_INLINE_BURST } from './constants.defaults.js';
import { PacketReceipt, ReceiptStatus, ReceiptTable } from './receipts.js';

function setup(count: number) {
  const signer = Identity.generate();
  const late: number[] = [];
  const table = new ReceiptTable(1024, { now: () => 5, refusedLate: () => late.push(1) });
  const receipts = Array.from({ length: count }, () => {
    const r = new PacketReceipt(randomBytes(32), Identity.fromPublicBytes(signer.publicKey), 0, 60_000);
    table.add(r, 0);
    return r;
  });
  return { signer, table, receipts, late };
}

const settle = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('ReceiptTable', () => {
  it('proves a single proof inline, before prove() returns', () => {
    const { signer, table, receipts } = setup(1);
    const r = receipts[0] as PacketReceipt;
    expect(table.prove(r.hash.subarray(0, 16), encodeProof(r.hash, signer.sign(r.hash), true))).toBe(true);
    expect(r.status).toBe(ReceiptStatus.DELIVERED);
    expect(r.concludedAt).toBe(5);
    expect(table.size).toBe(0);
  });

  it('checks a burst of proofs off the event loop: all delivered, a forgery refused late', async () => {
    const { signer, table, receipts, late } = setup(40);
    const forger = Identity.generate();
    const accepted: boolean[] = [];
    receipts.forEach((r, i) => {
      // Receipt 30 gets a well-formed proof signed by the wrong key.
      const signature = i === 30 ? forger.sign(r.hash) : signer.sign(r.hash);
      accepted.push(table.prove(r.hash.subarray(0, 16), encodeProof(r.hash, signature, i % 2 === 0)));
    });
    // Inline for the first PROOF_INLINE_BURST; the rest are being checked, so not yet delivered.
    expect(receipts.slice(0, PROOF_INLINE_BURST).every((r) => r.status === ReceiptStatus.DELIVERED)).toBe(true);
    expect(receipts.slice(PROOF_INLINE_BURST).every((r) => r.status === ReceiptStatus.SENT)).toBe(true);
    expect(accepted.every(Boolean)).toBe(true);
    await settle(() => late.length === 1 && table.size === 1);
    receipts.forEach((r, i) => expect(r.status, `receipt ${i}`).toBe(i === 30 ? ReceiptStatus.SENT : ReceiptStatus.DELIVERED));
    expect(late).toHaveLength(1);
    expect(table.size).toBe(1);
  });

  it('refuses at once what cannot prove anything, burst or not', () => {
    const { signer, table, receipts } = setup(20);
    for (const r of receipts) {
      // Names another packet: refused without a signature check.
      const other = randomBytes(32);
      expect(table.prove(r.hash.subarray(0, 16), encodeProof(other, signer.sign(other), false))).toBe(false);
      expect(table.prove(r.hash.subarray(0, 16), Uint8Array.of(1, 2, 3))).toBe(false);
    }
    expect(table.prove(randomBytes(16), randomBytes(64))).toBe(false);
    expect(receipts.every((r) => r.status === ReceiptStatus.SENT)).toBe(true);
  });

  it('leaves a receipt failed when it expired while its proof was being checked', async () => {
    const { signer, table, receipts } = setup(PROOF_INLINE_BURST + 1);
    for (const r of receipts) table.prove(r.hash.subarray(0, 16), encodeProof(r.hash, signer.sign(r.hash), true));
    const last = receipts[PROOF_INLINE_BURST] as PacketReceipt;
    expect(last.status).toBe(ReceiptStatus.SENT);
    table.expire(Number.MAX_SAFE_INTEGER);
    expect(last.status).toBe(ReceiptStatus.FAILED);
    await new Promise((r) => setTimeout(r, 50));
    expect(last.status).toBe(ReceiptStatus.FAILED);
  });
});
