// SPDX-License-Identifier: MIT
// Link behaviour between two Strand engines wired back to back in memory on a manual clock:
// establishment, MTU discovery, teardown from either side, timeouts, keepalive/stale, identify,
// delivery proofs, and requests (policies, packet vs resource, timeouts, size limits).
import { describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import { truncatedHash } from '../crypto/index.js';
import { Float64, packMsgpack } from '../wire/msgpack.js';
import type { MsgpackValue } from '../wire/msgpack.js';
import { toHex } from '../wire/bytes.js';
import { ManualScheduler } from './scheduler.js';
import { createMemoryPair, destinationHashFor, pumpUntil } from './memory-pair.js';
import type { MemoryPairOptions } from './memory-pair.js';
import { LinkStatus, TeardownReason } from './constants.js';
import { PROOF_INLINE_BURST } from '../transport/constants.defaults.js';
import { Context, PacketType } from '../wire/constants.js';
import { ReceiptStatus } from './receipt.js';
import { RequestHandlers } from './request-handlers.js';
import { RequestStatus } from './request-receipt.js';
import type { RequestReceipt } from './request-receipt.js';
import type { Link } from './link.js';

function setup(opts: MemoryPairOptions = {}) {
  const scheduler = new ManualScheduler();
  const identity = Identity.generate();
  const handlers = new RequestHandlers();
  const owner = { hash: destinationHashFor(identity, 'strand.test'), identity, requestHandlers: handlers, ...opts.owner };
  const pair = createMemoryPair({ scheduler, ...opts, owner });
  pair.pump();
  const responder = pair.responder() as Link;
  return { scheduler, pair, handlers, initiator: pair.initiator, responder, owner };
}

/** Pumps packets and lets promises (resource preparation) run until `cond` holds. */
async function until(s: { pair: { pump(): void }; scheduler: ManualScheduler }, cond: () => boolean, step = 0.05, max = 20_000): Promise<void> {
  expect(await pumpUntil(s.pair, s.scheduler, cond, step, max)).toBe(true);
}

describe('link establishment and teardown', () => {
  it('establishes both ends with matching keys and fires the established callbacks', () => {
    let iUp = 0;
    let rUp = 0;
    const s = setup({ initiator: { callbacks: { established: () => iUp++ } }, responderCallbacks: { established: () => rUp++ } });
    expect(s.initiator.status).toBe(LinkStatus.ACTIVE);
    expect(s.responder.status).toBe(LinkStatus.ACTIVE);
    expect(toHex(s.initiator.linkId)).toBe(toHex(s.responder.linkId));
    expect(toHex(s.initiator.getDerivedKey() as Uint8Array)).toBe(toHex(s.responder.getDerivedKey() as Uint8Array));
    expect([iUp, rUp]).toEqual([1, 1]);
    expect(s.initiator.mtu).toBe(500);
    expect(s.initiator.mdu).toBe(431);
  });

  it('answers before deriving the key, and a low-order initiator key ends only that link', () => {
    let proofs = 0;
    const s = setup({
      tap: (p, direction) => {
        if (direction === 'toInitiator' && p.context === Context.LRPROOF) proofs++;
        // A hostile initiator: its X25519 key is the point u = 0 (no shared secret exists).
        if (p.packetType === PacketType.LINKREQUEST) return { ...p, data: Uint8Array.from([...new Uint8Array(32), ...p.data.subarray(32)]) };
        return p;
      },
    });
    // The proof went out (it needs no link key); pumping did not throw as deriving the key would.
    expect(proofs).toBe(1);
    expect(s.responder.status).toBe(LinkStatus.HANDSHAKE);
    // The request was altered in flight, so the initiator's link id differs and it stays pending.
    expect(s.initiator.status).toBe(LinkStatus.PENDING);
    // First use of the key finds no shared secret: that link closes, nothing throws.
    expect(s.responder.getDerivedKey()).toBeNull();
    expect(s.responder.status).toBe(LinkStatus.CLOSED);
  });

  it('negotiates the MTU: 8192 over TCP-like interfaces, clamped by the responder, 500 without HW MTU', () => {
    const big = setup({ mtu: 8192 });
    expect([big.initiator.mtu, big.responder.mtu, big.initiator.mdu]).toEqual([8192, 8192, 8111]);
    const clamped = setup({ initiator: { mtu: 8192 }, mtu: 4000 });
    expect([clamped.initiator.mtu, clamped.responder.mtu]).toEqual([4000, 4000]);
    const none = setup({ initiator: { mtu: 8192 } });
    expect([none.initiator.mtu, none.responder.mtu]).toEqual([500, 500]);
  });

  it('tears down from the initiator and from the responder, with the right reasons', () => {
    const a = setup();
    let closed = 0;
    a.responder.callbacks.closed = () => closed++;
    a.initiator.teardown();
    a.pair.pump();
    expect([a.initiator.status, a.responder.status, closed]).toEqual([LinkStatus.CLOSED, LinkStatus.CLOSED, 1]);
    expect(a.initiator.teardownReason).toBe(TeardownReason.INITIATOR_CLOSED);
    expect(a.responder.teardownReason).toBe(TeardownReason.INITIATOR_CLOSED);
    const b = setup();
    b.responder.teardown();
    b.pair.pump();
    expect(b.initiator.status).toBe(LinkStatus.CLOSED);
    expect(b.initiator.teardownReason).toBe(TeardownReason.DESTINATION_CLOSED);
    expect(b.responder.teardownReason).toBe(TeardownReason.DESTINATION_CLOSED);
    expect(b.scheduler.pending).toBe(0);
  });

  it('ignores a LINKCLOSE that does not decrypt to the link id', () => {
    const s = setup();
    s.responder.receive({ ...s.pair.initiator, ifac: false, headerType: 1, contextFlag: false, propagationType: 0, destinationType: 3, packetType: 0, hops: 0, transportId: null, destinationHash: s.responder.linkId, context: 0xfc, data: s.initiator.encrypt(new Uint8Array(16)) });
    expect(s.responder.status).toBe(LinkStatus.ACTIVE);
  });

  it('times out a link request nobody answers (establishment timeout 6 s + 6 s per hop)', () => {
    const scheduler = new ManualScheduler();
    const pair = createMemoryPair({ scheduler, tap: () => null });
    pair.pump();
    scheduler.advance(11.9);
    expect(pair.initiator.status).toBe(LinkStatus.PENDING);
    scheduler.advance(0.2);
    expect(pair.initiator.status).toBe(LinkStatus.CLOSED);
    expect(pair.initiator.teardownReason).toBe(TeardownReason.TIMEOUT);
  });

  it('sends keepalives (initiator FF, responder FE), then goes stale and closes when the peer vanishes', () => {
    const seen: number[] = [];
    const s = setup({ tap: (p) => (p.context === 0xfa && seen.push(p.data[0] as number), p) });
    s.scheduler.advance(5.01);
    s.pair.pump();
    expect(seen).toEqual([0xff, 0xfe]);
    expect(s.initiator.status).toBe(LinkStatus.ACTIVE);
    s.pair.cut();
    // The watchdog wakes at most every 5 s, so staleness is seen on the first wake after 10 s.
    s.scheduler.advance(15);
    expect(s.initiator.status).toBe(LinkStatus.STALE);
    s.scheduler.advance(5.1);
    expect(s.initiator.status).toBe(LinkStatus.CLOSED);
    expect(s.initiator.teardownReason).toBe(TeardownReason.TIMEOUT);
    expect(s.responder.status).toBe(LinkStatus.CLOSED);
    expect(s.scheduler.pending).toBe(0);
  });

  it('identifies the initiator to the responder', () => {
    const s = setup();
    const me = Identity.generate();
    let seen: Identity | null = null;
    s.responder.callbacks.remoteIdentified = (_l, id) => (seen = id);
    expect(s.responder.getRemoteIdentity()).toBeNull();
    s.initiator.identify(me);
    s.pair.pump();
    expect(toHex((seen as Identity | null)?.hash as Uint8Array)).toBe(me.hexHash);
  });

  it('tears down on LINKIDENTIFY from a blackholed identity', () => {
    const bad = Identity.generate();
    const scheduler = new ManualScheduler();
    const identity = Identity.generate();
    const owner = { hash: destinationHashFor(identity, 'strand.test'), identity };
    const pair = createMemoryPair({ scheduler, owner });
    pair.pump();
    const responder = pair.responder() as Link;
    (responder as unknown as { components: { isBlackholed: (h: Uint8Array) => boolean } }).components.isBlackholed = (h) => toHex(h) === bad.hexHash;
    pair.initiator.identify(bad);
    pair.pump();
    expect(responder.status).toBe(LinkStatus.CLOSED);
  });

  it('delivers data with proofs when the destination proves all, and times receipts out otherwise', () => {
    const s = setup({ owner: { proofStrategy: 'all' } as never });
    const got: string[] = [];
    s.responder.callbacks.packet = (pt) => got.push(new TextDecoder().decode(pt));
    const receipt = s.initiator.send(new TextEncoder().encode('hello'));
    let delivered = 0;
    receipt.onDelivered = () => delivered++;
    s.pair.pump();
    expect(got).toEqual(['hello']);
    expect(receipt.status).toBe(ReceiptStatus.DELIVERED);
    expect(delivered).toBe(1);

    const quiet = setup();
    const r2 = quiet.initiator.send(new Uint8Array([1]));
    quiet.pair.pump();
    quiet.scheduler.advance(0.01);
    expect(r2.status).toBe(ReceiptStatus.FAILED);

    // A timeout given to send() replaces the default one from the start.
    const r3 = quiet.initiator.send(new Uint8Array([2]), 2);
    quiet.pair.pump();
    quiet.scheduler.advance(1.9);
    expect(r3.status).toBe(ReceiptStatus.SENT);
    quiet.scheduler.advance(0.2);
    expect(r3.status).toBe(ReceiptStatus.FAILED);
  });

  it('checks a burst of proofs on the thread pool: every proof delivers, a tampered one never', async () => {
    let proofs = 0;
    const s = setup({
      owner: { proofStrategy: 'all' } as never,
      tap: (packet, direction) => {
        if (direction !== 'toInitiator' || packet.packetType !== PacketType.PROOF || packet.context !== Context.NONE || ++proofs !== 20) return packet;
        const data = packet.data.slice();
        data[40] = (data[40] as number) ^ 0x01; // inside the signature
        return { ...packet, data };
      },
    });
    const receipts = Array.from({ length: 30 }, (_, i) => s.initiator.send(Uint8Array.of(i)));
    s.pair.pump(); // every proof reaches the initiator in this one synchronous turn
    expect(receipts.slice(0, PROOF_INLINE_BURST).every((r) => r.status === ReceiptStatus.DELIVERED)).toBe(true);
    expect(receipts.slice(PROOF_INLINE_BURST).every((r) => r.status === ReceiptStatus.SENT)).toBe(true);
    for (let i = 0; i < 500 && receipts.filter((r) => r.status === ReceiptStatus.DELIVERED).length < 29; i++) await new Promise((r) => setTimeout(r, 2));
    receipts.forEach((r, i) => expect(r.status, `receipt ${i}`).toBe(i === 19 ? ReceiptStatus.SENT : ReceiptStatus.DELIVERED));
  });

  it('refuses to send more than the link MTU in one packet', () => {
    const s = setup();
    expect(() => s.initiator.send(new Uint8Array(s.initiator.mdu + 1))).toThrow(/MTU/);
    expect(() => s.initiator.send(new Uint8Array(s.initiator.mdu))).not.toThrow();
  });
});

describe('requests and responses', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('answers 1000 sequential requests; the request id is the truncated hash of the request packet', async () => {
    const s = setup();
    s.handlers.register('/echo', ({ data }) => data, { policy: 'all' });
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      let response: MsgpackValue | Uint8Array | null = null;
      const r = s.initiator.request('/echo', i, { response: (x) => (response = x.response) });
      ids.add(toHex(r.requestId));
      s.pair.pump();
      expect(response).toBe(i);
    }
    expect(ids.size).toBe(1000);
    expect(s.initiator.pendingRequests.size).toBe(0);
  });

  it('enforces allow policies: none, all and list (list needs identify)', () => {
    const s = setup();
    const friend = Identity.generate();
    s.handlers.register('/none', () => 'x');
    s.handlers.register('/list', () => 'ok', { policy: 'list', allowed: [friend.hash] });
    const none = s.initiator.request('/none', null, { timeout: 5 });
    const early = s.initiator.request('/list', null, { timeout: 5 });
    s.pair.pump();
    s.scheduler.advance(5.1);
    expect([none.status, early.status]).toEqual([RequestStatus.FAILED, RequestStatus.FAILED]);
    s.initiator.identify(friend);
    const later = s.initiator.request('/list');
    s.pair.pump();
    expect(later.status).toBe(RequestStatus.READY);
    expect(later.response).toBe('ok');
  });

  it('sends large requests and responses as resources, with progress, and file responses with metadata', async () => {
    const s = setup();
    const big = enc('z'.repeat(20_000));
    let sawRequestId: string | null = null;
    s.handlers.register('/big', ({ data, requestId }) => ((sawRequestId = toHex(requestId)), data), { policy: 'all' });
    s.handlers.register('/file', () => ({ file: big, metadata: { name: enc('f.txt') } }), { policy: 'all' });
    const progress: number[] = [];
    const r = s.initiator.request('/big', big, { progress: (x) => progress.push(x.progress) });
    await until(s, () => r.concluded);
    expect(r.status).toBe(RequestStatus.READY);
    expect(toHex(r.response as Uint8Array)).toBe(toHex(big));
    // A request sent as a resource is identified by TH(packed request).
    expect(sawRequestId).toBe(toHex(r.requestId));
    expect(progress.at(-1)).toBe(1);
    const f = s.initiator.request('/file');
    await until(s, () => f.concluded);
    expect(toHex(f.response as Uint8Array)).toBe(toHex(big));
    expect((f.metadata as Map<string, Uint8Array>).get('name')).toEqual(enc('f.txt'));
  });

  it('supports async handlers and sends nothing for a null response', async () => {
    const s = setup();
    s.handlers.register('/later', async ({ data }) => `got ${String(data)}`, { policy: 'all' });
    s.handlers.register('/silent', () => null, { policy: 'all' });
    const r = s.initiator.request('/later', 7);
    await until(s, () => r.concluded);
    expect(r.response).toBe('got 7');
    const q = s.initiator.request('/silent', null, { timeout: 2 });
    s.pair.pump();
    s.scheduler.advance(2.1);
    expect(q.status).toBe(RequestStatus.FAILED);
  });

  it('fails a request whose response exceeds maxResponseSize, and fails pending requests on close', async () => {
    const s = setup();
    s.handlers.register('/big', () => new Uint8Array(50_000), { policy: 'all' });
    s.handlers.register('/never', () => undefined, { policy: 'all' });
    const r = s.initiator.request('/big', null, { maxResponseSize: 1000 });
    await until(s, () => r.concluded);
    expect(r.status).toBe(RequestStatus.FAILED);
    const p = s.initiator.request('/never');
    s.initiator.teardown();
    expect(p.status).toBe(RequestStatus.FAILED);
  });

  it('builds the request plaintext as the reference: [float64 time, TH(path), data]', () => {
    const s = setup();
    const sent: Uint8Array[] = [];
    const orig = s.initiator.encrypt.bind(s.initiator);
    s.initiator.encrypt = (pt) => (sent.push(pt), orig(pt));
    s.initiator.request('/get');
    expect(toHex(truncatedHash(enc('/get')))).toBe('9dc1a72883468f57fed571e796e9ce98');
    expect(toHex(sent[0] as Uint8Array)).toBe(toHex(packMsgpack([new Float64(s.scheduler.now()), truncatedHash(enc('/get')), null])));
  });

  it('refuses requests larger than the destination allows', () => {
    const s = setup({ owner: { maxRequestSize: 50 } as never });
    let calls = 0;
    s.handlers.register('/x', () => (calls++, 1), { policy: 'all' });
    const r: RequestReceipt = s.initiator.request('/x', new Uint8Array(100), { timeout: 1 });
    s.pair.pump();
    s.scheduler.advance(1.1);
    expect([calls, r.status]).toEqual([0, RequestStatus.FAILED]);
  });
});
