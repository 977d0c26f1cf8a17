// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db.js';
import type { TempDb } from '../test-support/temp-db.js';
import { tempDb } from '../test-support/temp-db.js';
import { LxmfOutboundRepository, LxmfTicketsRepository } from './lxmf.repository.js';

let t: TempDb;
afterEach(() => t.cleanup());
const b = (n: number, len: number) => new Uint8Array(len).fill(n);
const record = (n: number, state = 1) => ({ messageId: b(n, 32), destinationHash: b(9, 16), packed: Uint8Array.of(n, n), method: 2, state, attempts: 0, createdAt: 1000 + n });

describe('LxmfOutboundRepository', () => {
  it('keeps pending records across a reopen, links them to our id, and drops finished ones from pending', () => {
    t = tempDb();
    const repo = new LxmfOutboundRepository(t.db);
    repo.save(record(1), 'msg-1', false);
    repo.save(record(2), 'msg-2', false);
    repo.save({ ...record(1), state: 2, attempts: 1 }, null, false);
    t.db.close();
    t.db = openDatabase(t.file);
    const again = new LxmfOutboundRepository(t.db);
    expect(again.pending().map((r) => [r.messageId[0], r.state, r.attempts])).toEqual([[1, 2, 1], [2, 1, 0]]);
    expect(again.localIdOf(b(1, 32))).toBe('msg-1');
    expect(again.queuedMessageIdOf('msg-2')).toEqual(b(2, 32));
    again.save({ ...record(2), state: 8 }, null, true);
    expect(again.pending().map((r) => r.messageId[0])).toEqual([1]);
    expect([again.queuedMessageIdOf('msg-2'), again.known('msg-2'), again.known('nope')]).toEqual([null, true, false]);
    again.finish(b(1, 32), 0xfe);
    expect(again.pending()).toEqual([]);
    expect(again.pruneFinished(5000)).toBe(2);
    expect(again.known('msg-2')).toBe(false);
    t.db.close();
  });
});

describe('LxmfTicketsRepository', () => {
  it('behaves as the router ticket store: one outbound ticket per peer, many inbound, last delivery', () => {
    t = tempDb();
    const repo = new LxmfTicketsRepository(t.db);
    const peer = b(7, 16);
    expect(repo.getOutbound(peer)).toBeNull();
    repo.setOutbound(peer, { ticket: b(1, 16), expires: 10 });
    repo.setOutbound(peer, { ticket: b(2, 16), expires: 20 });
    expect(repo.getOutbound(peer)).toEqual({ ticket: b(2, 16), expires: 20 });
    repo.addInbound(peer, { ticket: b(3, 16), expires: 30 });
    repo.addInbound(peer, { ticket: b(4, 16), expires: 40 });
    repo.deleteInbound(peer, b(3, 16));
    expect(repo.listInbound(peer)).toEqual([{ ticket: b(4, 16), expires: 40 }]);
    expect(repo.destinations()).toEqual([peer]);
    repo.deleteOutbound(peer);
    expect(repo.getOutbound(peer)).toBeNull();
    expect(repo.getLastDelivery(peer)).toBeNull();
    repo.setLastDelivery(peer, 123.5);
    expect(repo.getLastDelivery(peer)).toBe(123.5);
  });
});
