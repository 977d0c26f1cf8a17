// SPDX-License-Identifier: MIT
// The worker pool: real stamps at a small cost across several workers (checked on this thread
// with the OpenSSL path), cancellation, stop, message-level rules (ticket vs proof-of-work) and
// that the event loop keeps running while a search is under way.
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from '../../reticulum/crypto/index.js';
import { COST_TICKET, WORKBLOCK_EXPAND_ROUNDS_PN } from '../constants.js';
import { LxmfArgumentError, LxmfStampError } from '../errors.js';
import { messageStampFor, validateMessageStampOffThread } from './message-stamps.js';
import { StampWorkerPool } from './pool.js';
import { stampValid, stampValue, stampWorkblock, ticketStamp, validateMessageStamp } from './workblock.js';

const pool = new StampWorkerPool({ workers: 2 });
afterAll(() => pool.stop());

describe('StampWorkerPool', () => {
  it('generates a valid cost-8 message stamp with two workers, without blocking the event loop', async () => {
    const id = randomBytes(32);
    const order: string[] = [];
    const pending = pool.generate(id, 8).then((r) => {
      order.push('stamp');
      return r;
    });
    // If the work ran on this thread, the stamp would be settled before any macrotask runs.
    await new Promise<void>((r) => setImmediate(() => (order.push('immediate'), r())));
    const result = await pending;
    expect(order).toEqual(['immediate', 'stamp']);
    expect(pool.workerCount).toBe(2);
    expect(result.value).toBeGreaterThanOrEqual(8);
    expect(validateMessageStamp(result.stamp, id, 8)).toEqual({ valid: true, value: result.value, byTicket: false });
  });

  it('generates propagation stamps on the 1000-round workblock', async () => {
    const tid = randomBytes(32);
    const r = await pool.generate(tid, 6, { expandRounds: WORKBLOCK_EXPAND_ROUNDS_PN });
    const wb = stampWorkblock(tid, WORKBLOCK_EXPAND_ROUNDS_PN);
    expect(stampValid(r.stamp, 6, wb)).toBe(true);
    expect(stampValue(wb, r.stamp)).toBe(r.value);
  });

  it('cancels a search through its AbortSignal, and the next job still runs', async () => {
    const ac = new AbortController();
    const pending = pool.generate(randomBytes(32), 200, { expandRounds: 2, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'LXMF_ERR_STAMP_CANCELLED' });
    const pre = new AbortController();
    pre.abort();
    await expect(pool.generate(randomBytes(32), 1, { signal: pre.signal })).rejects.toBeInstanceOf(LxmfStampError);
    const ok = await pool.generate(randomBytes(32), 4, { expandRounds: 2 });
    expect(ok.value).toBeGreaterThanOrEqual(4);
  });

  it('validates off the event loop and rejects bad arguments', async () => {
    const id = randomBytes(32);
    const r = await pool.generate(id, 5, { expandRounds: 3 });
    expect(await pool.validate(id, r.stamp, 5, { expandRounds: 3 })).toEqual({ valid: true, value: r.value });
    expect(() => pool.generate(id, 257)).toThrow(LxmfArgumentError);
    expect(() => pool.generate(new Uint8Array(0), 1)).toThrow(LxmfArgumentError);
  });

  it('fails a search whose worker dies, releases its siblings, and recovers with a fresh worker', async () => {
    const own = new StampWorkerPool({ workers: 2 });
    const pending = own.generate(randomBytes(32), 200, { expandRounds: 2 });
    await new Promise((r) => setTimeout(r, 50));
    const slots = (own as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
    await slots[0]?.worker.terminate();
    await expect(pending).rejects.toMatchObject({ code: 'LXMF_ERR_STAMP_WORKER' });
    const next = await own.generate(randomBytes(32), 3, { expandRounds: 2 });
    expect(next.value).toBeGreaterThanOrEqual(3);
    await own.stop();
  });

  it('stops: pending and later jobs fail with LXMF_ERR_STAMP_STOPPED', async () => {
    const own = new StampWorkerPool({ workers: 1 });
    const pending = own.generate(randomBytes(32), 200, { expandRounds: 2 });
    await new Promise((r) => setTimeout(r, 20));
    await own.stop();
    await expect(pending).rejects.toMatchObject({ code: 'LXMF_ERR_STAMP_STOPPED' });
    await expect(own.generate(randomBytes(32), 1)).rejects.toMatchObject({ code: 'LXMF_ERR_STAMP_STOPPED' });
  });
});

describe('message stamps', () => {
  it('uses a ticket instead of proof-of-work when one is held, PoW for a cost, nothing otherwise', async () => {
    const id = randomBytes(32);
    const ticket = randomBytes(16);
    const t = await messageStampFor(pool, id, { outboundTicket: ticket, stampCost: 30 });
    expect(t).toEqual({ stamp: ticketStamp(ticket, id), value: COST_TICKET, kind: 'ticket' });
    expect(await messageStampFor(pool, id, { stampCost: null })).toEqual({ stamp: null, value: null, kind: 'none' });
    const pow = await messageStampFor(pool, id, { stampCost: 6 });
    expect(pow.kind).toBe('proof-of-work');
    expect(await validateMessageStampOffThread(pool, pow.stamp, id, 6)).toEqual({ valid: true, value: pow.value, byTicket: false });
    expect(await validateMessageStampOffThread(pool, t.stamp, id, 6, [ticket])).toEqual({ valid: true, value: COST_TICKET, byTicket: true });
    expect(await validateMessageStampOffThread(pool, null, id, 6)).toEqual({ valid: false, value: null, byTicket: false });
  });
});
