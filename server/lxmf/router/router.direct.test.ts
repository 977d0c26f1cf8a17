// SPDX-License-Identifier: MIT
// DIRECT delivery over links between two Strand nodes over real TCP on 127.0.0.1: link packets,
// resources with progress (a 5 MiB attachment), link reuse, the inbound size limit (REJECTED),
// backchannel replies and resuming the outbound queue after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes, sha256 } from '../../reticulum/crypto/index.js';
import { LinkStatus } from '../../reticulum/link/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { MessageState, Method } from '../constants.js';
import { Field, decodeAttachments, encodeAttachments } from '../fields.js';
import { LXMRouter } from './router.js';
import type { RouterNode } from './testing.js';
import { tcpPair, until, waitState } from './testing.js';

const nodes: RouterNode[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop();
});

async function pair(...args: Parameters<typeof tcpPair>) {
  const p = await tcpPair(...args);
  nodes.push(p.b, p.a);
  p.b.router.announce();
  await until(() => p.a.transport.hasPath(p.b.router.deliveryHash), 5000, 'path to B');
  return p;
}

describe('LXMRouter over TCP: DIRECT', () => {
  it('sends small messages as link packets over one reused link, and B answers over the backchannel', async () => {
    const { a, b } = await pair();
    const ids = await Promise.all([1, 2, 3].map((i) => a.router.send({ destinationHash: b.router.deliveryHash, content: `direct ${i}`, method: Method.DIRECT })));
    for (const id of ids) await waitState(a, id, MessageState.DELIVERED);
    for (const id of ids) expect(a.states.get(toHex(id))).toEqual([MessageState.GENERATING, MessageState.OUTBOUND, MessageState.SENDING, MessageState.DELIVERED]);
    expect(b.received.map((m) => m.contentAsString()).sort()).toEqual(['direct 1', 'direct 2', 'direct 3']);
    expect(b.store.inbound.get(toHex(ids[0] as Uint8Array))?.info.method).toBe(Method.DIRECT);
    // A identified itself on the link after the first delivery: B reaches A without any path or announce.
    await until(() => b.known.recall(a.router.deliveryHash) !== null, 5000, 'A identified');
    expect(b.transport.hasPath(a.router.deliveryHash)).toBe(false);
    const reply = await b.router.send({ destinationHash: a.router.deliveryHash, content: 'over the backchannel', method: Method.DIRECT });
    await waitState(b, reply, MessageState.DELIVERED);
    expect(a.received.map((m) => m.contentAsString())).toEqual(['over the backchannel']);
  });

  it('sends a 5 MiB attachment as a resource with progress, delivered by the resource proof', async () => {
    const { a, b } = await pair({}, { maxInboundSize: 6 * 1024 * 1024 });
    const data = randomBytes(5 * 1024 * 1024);
    const progress: number[] = [];
    const id = await a.router.send({
      destinationHash: b.router.deliveryHash,
      content: 'a file',
      fields: new Map([[Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'big.bin', data }])]]),
      method: Method.DIRECT,
    });
    a.router.on('progress', (e) => {
      if (toHex(e.messageId) === toHex(id)) progress.push(e.progress);
    });
    await waitState(a, id, MessageState.DELIVERED, 30_000);
    const files = decodeAttachments(b.received[0]?.fields ?? new Map());
    expect(files.ok && files.value[0]?.name).toBe('big.bin');
    expect(files.ok && toHex(sha256(files.value[0]?.data as Uint8Array))).toBe(toHex(sha256(data)));
    expect(progress.some((p) => p > 0.1 && p < 1)).toBe(true);
    expect(progress.at(-1)).toBe(1);
  }, 30_000);

  it('a message over the recipient inbound limit ends REJECTED', async () => {
    const { a, b } = await pair({}, { maxInboundSize: 10_000 });
    const id = await a.router.send({
      destinationHash: b.router.deliveryHash,
      fields: new Map([[Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'x', data: randomBytes(50_000) }])]]),
      method: Method.DIRECT,
    });
    await waitState(a, id, MessageState.REJECTED);
    expect(b.received).toHaveLength(0);
  });

  it('closes a delivery link after the inactivity limit', async () => {
    const { a, b } = await pair({ timing: { linkMaxInactivityMs: 300 } });
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'then silence', method: Method.DIRECT });
    await waitState(a, id, MessageState.DELIVERED);
    expect(a.router.directLinkStatus(b.router.deliveryHash)).toBe(LinkStatus.ACTIVE);
    await until(() => a.router.directLinkStatus(b.router.deliveryHash) === null, 5000, 'idle link closed');
  });

  it('resumes stored outbound messages after a restart', async () => {
    const { a, b, client } = await pair({ timing: { retryWaitMs: 100, pathRequestWaitMs: 100 } });
    // B goes silent for A: no packets get through while A queues.
    const send = client.send.bind(client);
    client.send = () => undefined;
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'survives', method: Method.DIRECT });
    await until(() => (a.store.outboundRecord(id)?.attempts ?? 0) >= 1, 5000, 'first attempt');
    await a.router.stop();
    client.send = send;
    const restarted = new LXMRouter({ transport: a.transport, knownIdentities: a.known, identity: a.identity, store: a.store, stampPool: a.pool }, { timing: { retryWaitMs: 100, pathRequestWaitMs: 100 } });
    const delivered: string[] = [];
    restarted.on('state', (e) => e.state === MessageState.DELIVERED && delivered.push(toHex(e.messageId)));
    await restarted.start();
    try {
      await until(() => delivered.includes(toHex(id)), 10_000, 'resumed delivery');
      expect(b.received.map((m) => m.contentAsString())).toEqual(['survives']);
      expect(a.store.pendingOutbound()).toHaveLength(0);
    } finally {
      await restarted.stop();
    }
  });
});
