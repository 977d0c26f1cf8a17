// SPDX-License-Identifier: MIT
// LXMRouter core and OPPORTUNISTIC delivery between two Strand nodes over real TCP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../reticulum/identity/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { parseDeliveryAppData } from '../announce-data.js';
import { MessageState, Method } from '../constants.js';
import { deliveryDestinationHash } from '../message.js';
import type { RouterNode } from './testing.js';
import { tcpPair, until, waitState } from './testing.js';

const nodes: RouterNode[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop();
});

async function pair(...args: Parameters<typeof tcpPair>) {
  const p = await tcpPair(...args);
  nodes.push(p.b, p.a);
  return p;
}

describe('LXMRouter over TCP: core and OPPORTUNISTIC', () => {
  it('announces display name and stamp cost; the peer learns both', async () => {
    const { a, b } = await pair({ displayName: 'Alice' }, { displayName: 'Bob', inboundStampCost: 5 });
    b.router.announce();
    await until(() => a.router.stampCostOf(b.router.deliveryHash) === 5, 5000, 'A learns B stamp cost');
    expect(parseDeliveryAppData(a.known.recallAppData(b.router.deliveryHash)).displayName).toBe('Bob');
    expect(toHex(b.router.deliveryHash)).toBe(toHex(deliveryDestinationHash(b.identity)));
    // Ratchets are on: the announce carried one and A encrypts to it.
    expect(a.known.currentRatchet(b.router.deliveryHash)).not.toBeNull();
  });

  it('delivers both ways with proofs: OUTBOUND → SENT → DELIVERED, committed before the proof', async () => {
    const { a, b } = await pair();
    b.router.announce();
    a.router.announce();
    await until(() => a.transport.hasPath(b.router.deliveryHash) && b.transport.hasPath(a.router.deliveryHash), 5000, 'paths');
    let committedBeforeDelivered = false;
    a.router.on('state', (e) => {
      if (e.state === MessageState.DELIVERED) committedBeforeDelivered = b.store.inbound.size === 1;
    });
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, title: 'hi', content: 'hello bob', method: Method.OPPORTUNISTIC });
    await waitState(a, id, MessageState.DELIVERED);
    expect(a.states.get(toHex(id))).toEqual([MessageState.GENERATING, MessageState.OUTBOUND, MessageState.SENT, MessageState.DELIVERED]);
    expect(committedBeforeDelivered).toBe(true);
    const got = b.received[0];
    expect(got?.contentAsString()).toBe('hello bob');
    expect(got?.signatureValidated).toBe(true);
    expect(b.store.inbound.get(toHex(id))?.info.method).toBe(Method.OPPORTUNISTIC);
    expect(a.store.outboundRecord(id)?.state).toBe(MessageState.DELIVERED);
    const back = await b.router.send({ destinationHash: a.router.deliveryHash, content: 'hello alice', method: Method.OPPORTUNISTIC });
    await waitState(b, back, MessageState.DELIVERED);
    expect(a.received[0]?.contentAsString()).toBe('hello alice');
  });

  it('sends a burst in slices, letting I/O in between, and delivers every message', async () => {
    const { a, b } = await pair();
    b.router.announce();
    await until(() => a.transport.hasPath(b.router.deliveryHash), 5000, 'path');
    const sent = () => [...a.states.values()].filter((s) => s.includes(MessageState.SENT)).length;
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => a.router.send({ destinationHash: b.router.deliveryHash, content: `burst ${i}`, method: Method.OPPORTUNISTIC })));
    // Turn by turn of the event loop the burst goes out 16 at a time; proofs, inbound packets
    // and HTTP requests are handled between the slices (all at once would jump from 0 to 40).
    const seen = new Set<number>();
    for (let turn = 0; turn < 10_000 && sent() < 40; turn++) {
      seen.add(sent());
      await new Promise((r) => setImmediate(r));
    }
    expect([...seen].filter((n) => n > 0)).toEqual([16, 32]);
    for (const id of ids) await waitState(a, id, MessageState.DELIVERED);
    expect(b.received.map((m) => m.contentAsString()).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `burst ${i}`).sort());
  });

  it('requests the path of an unknown recipient and sends as soon as it arrives', async () => {
    const { a, b } = await pair();
    // A has never heard B: the identity comes with the path response.
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'who are you', method: Method.OPPORTUNISTIC });
    await waitState(a, id, MessageState.DELIVERED);
    expect(b.received.map((m) => m.contentAsString())).toEqual(['who are you']);
    expect(a.store.outboundRecord(id)?.attempts).toBe(2);
  });

  it('falls back to DIRECT when the content does not fit one packet', async () => {
    const { a, b } = await pair();
    b.router.announce();
    await until(() => a.transport.hasPath(b.router.deliveryHash), 5000, 'path');
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'x'.repeat(400), method: Method.OPPORTUNISTIC });
    await waitState(a, id, MessageState.DELIVERED);
    expect(a.store.outboundRecord(id)?.method).toBe(Method.DIRECT);
    expect(b.store.inbound.get(toHex(id))?.info.method).toBe(Method.DIRECT);
  });

  it('generates a stamp for the announced cost; a message without one is rejected', async () => {
    const { a, b } = await pair({}, { inboundStampCost: 4 });
    b.router.announce();
    await until(() => a.router.stampCostOf(b.router.deliveryHash) === 4, 5000, 'cost learned');
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'stamped', method: Method.OPPORTUNISTIC });
    await waitState(a, id, MessageState.DELIVERED);
    expect(b.store.inbound.get(toHex(id))?.info.stampValid).toBe(true);
    expect(b.received[0]?.stamp?.length).toBe(32);
    // Raise the cost without announcing it: A still stamps for 4, below B's new 20.
    b.router.configure({ inboundStampCost: 20 });
    const dropped: string[] = [];
    b.router.on('dropped', (reason) => dropped.push(reason));
    const low = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'cheap', method: Method.OPPORTUNISTIC });
    await until(() => dropped.length > 0, 10_000, 'drop');
    expect(dropped).toEqual(['stamp']);
    expect(b.store.hasInbound(low)).toBe(false);
    expect(b.received).toHaveLength(1);
  });

  it('a message cancelled while its stamp is made ends CANCELLED even when the store fails to save that', async () => {
    const { a, b } = await pair({}, { inboundStampCost: 16 });
    b.router.announce();
    await until(() => a.router.stampCostOf(b.router.deliveryHash) === 16, 5000, 'cost learned');
    const save = a.store.saveOutbound.bind(a.store);
    a.store.saveOutbound = (r) => {
      if (r.state === MessageState.CANCELLED) throw new Error('disk full');
      save(r);
    };
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'never mind', method: Method.OPPORTUNISTIC });
    expect(a.router.cancel(id)).toBe(true);
    // The failed save is logged, not thrown at nobody (vitest fails the run on an unhandled rejection).
    await waitState(a, id, MessageState.CANCELLED);
    expect(a.states.get(toHex(id))).toEqual([MessageState.GENERATING, MessageState.CANCELLED]);
  });

  it('a ticket sent along lets the recipient answer with a ticket stamp instead of proof-of-work', async () => {
    const { a, b } = await pair({ inboundStampCost: 12 });
    a.router.announce();
    b.router.announce();
    await until(() => b.router.stampCostOf(a.router.deliveryHash) === 12 && a.transport.hasPath(b.router.deliveryHash), 5000, 'announces');
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'here is a ticket', method: Method.OPPORTUNISTIC, includeTicket: true });
    await waitState(a, id, MessageState.DELIVERED);
    const reply = await b.router.send({ destinationHash: a.router.deliveryHash, content: 'paid by ticket', method: Method.OPPORTUNISTIC });
    await waitState(b, reply, MessageState.DELIVERED);
    expect(a.received[0]?.stamp?.length).toBe(16);
    expect(a.store.inbound.get(toHex(reply))?.info.stampValid).toBe(true);
  });

  it('drops blocked sources and duplicate message ids (paper URIs through the same pipeline)', async () => {
    const { a, b } = await pair();
    b.router.announce();
    await until(() => a.known.recall(b.router.deliveryHash) !== null, 5000, 'B known');
    const paper = a.router.paperUri({ destinationHash: b.router.deliveryHash, title: 'note', content: 'on paper' });
    expect(paper.uri.startsWith('lxm://')).toBe(true);
    const first = await b.router.ingestPaperUri(paper.uri);
    expect(first.accepted).toBe(true);
    expect(b.store.inbound.get(toHex(paper.messageId))?.info.method).toBe(Method.PAPER);
    const again = await b.router.ingestPaperUri(paper.uri);
    expect(again).toMatchObject({ accepted: false, reason: 'duplicate' });
    b.router.block(a.router.deliveryHash);
    const blocked = await b.router.ingestPaperUri(a.router.paperUri({ destinationHash: b.router.deliveryHash, content: 'again' }).uri);
    expect(blocked).toMatchObject({ accepted: false, reason: 'blocked' });
    expect(b.received).toHaveLength(1);
    await expect(a.router.ingestPaperUri(paper.uri)).rejects.toMatchObject({ code: 'LXMF_ERR_WRONG_DESTINATION' });
  });

  it('fails after the reference attempt count when no path ever comes, and cancels on request', async () => {
    const timing = { retryWaitMs: 20, pathRequestWaitMs: 20 };
    const { a } = await pair({ timing });
    const ghost = Identity.generate();
    const ghostHash = deliveryDestinationHash(ghost);
    a.known.remember({ destinationHash: ghostHash, publicKey: ghost.publicKey });
    const id = await a.router.send({ destinationHash: ghostHash, content: 'nobody home', method: Method.OPPORTUNISTIC });
    await waitState(a, id, MessageState.FAILED);
    await until(() => a.store.outboundRecord(id)?.state === MessageState.FAILED, 5000, 'failed');
    expect(a.store.outboundRecord(id)?.attempts).toBe(6);
    const slow = await tcpPair({ timing: { retryWaitMs: 60_000, pathRequestWaitMs: 60_000 } });
    nodes.push(slow.b, slow.a);
    const waiting = await slow.a.router.send({ destinationHash: ghostHash, content: 'cancel me', method: Method.DIRECT });
    await until(() => slow.a.router.outbound(waiting)?.state === MessageState.OUTBOUND, 5000, 'queued');
    expect(slow.a.router.cancel(waiting)).toBe(true);
    await until(() => slow.a.store.outboundRecord(waiting)?.state === MessageState.CANCELLED, 5000, 'cancelled');
  });
});
