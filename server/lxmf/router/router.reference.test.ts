// SPDX-License-Identifier: MIT
// Strand LXMRouter ↔ the Python reference LXMRouter over real TCP on 127.0.0.1: opportunistic and
// direct both ways (with a 1 MiB attachment), stamps required by each side, paper URIs both ways,
// and propagated delivery through the reference's propagation node. Skipped without
// RNS_REFERENCE_PATH / LXMF_REFERENCE_PATH.
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../reticulum/crypto/index.js';
import { fromHex, toHex } from '../../reticulum/wire/index.js';
import { MessageState, Method } from '../constants.js';
import { Field, decodeAttachments, encodeAttachments } from '../fields.js';
import { SyncState } from '../propagation/index.js';
import { HAVE_REFERENCE, ReferenceNode, freePort } from './reference-node-driver.js';
import type { RouterNode } from './testing.js';
import { tcpClientNode, until, waitState } from './testing.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function referenceWithStrand(refArgs: string[], strandOpts: Parameters<typeof tcpClientNode>[1] = {}) {
  const port = await freePort();
  const ref = new ReferenceNode(['--tcp-server', String(port), ...refArgs]);
  cleanups.push(() => ref.stop());
  const ready = await ref.waitFor((e) => e.event === 'ready', 30_000, 'ready');
  const { node } = await tcpClientNode(port, strandOpts);
  cleanups.push(() => node.stop());
  await ref.waitFor((e) => e.event === 'interface' && e.online === true && String(e.name).includes('Client'), 10_000, 'Strand connected');
  return { ref, ready, node };
}

async function meet(ref: ReferenceNode, node: RouterNode, refHash: Uint8Array): Promise<void> {
  node.router.announce();
  ref.cmd({ cmd: 'announce' });
  await until(() => node.known.recall(refHash) !== null, 15_000, 'reference announce heard');
  await ref.waitFor((e) => e.event === 'announce' && e.destination === toHex(node.router.deliveryHash), 15_000, 'Strand announce heard');
}

describe.skipIf(!HAVE_REFERENCE)('Strand ↔ Python LXMRouter over TCP', () => {
  it('opportunistic and direct (1 MiB attachment) both ways, with stamps required by each side', async () => {
    const { ref, ready, node } = await referenceWithStrand(['--stamp-cost', '6', '--enforce-stamps', '--delivery-limit-kb', '2000'], {
      inboundStampCost: 5,
      maxInboundSize: 2_000_000,
    });
    const refHash = fromHex(String(ready.delivery_hash));
    await meet(ref, node, refHash);
    expect(node.router.stampCostOf(refHash)).toBe(6);

    // Strand → Python, opportunistic, stamped for cost 6.
    const op = await node.router.send({ destinationHash: refHash, content: 'strand opportunistic', method: Method.OPPORTUNISTIC });
    await waitState(node, op, MessageState.DELIVERED, 20_000);
    const got = await ref.waitFor((e) => e.event === 'message' && e.hash === toHex(op), 10_000, 'Python got opportunistic');
    expect(got).toMatchObject({ method: 'opportunistic', signature_valid: true, stamp_valid: true, content: 'strand opportunistic' });

    // Strand → Python, direct with a 1 MiB attachment (resource).
    const data = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
    const direct = await node.router.send({
      destinationHash: refHash,
      content: 'strand direct',
      fields: new Map([[Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'one.bin', data }])]]),
      method: Method.DIRECT,
    });
    await waitState(node, direct, MessageState.DELIVERED, 60_000);
    const gotDirect = await ref.waitFor((e) => e.event === 'message' && e.hash === toHex(direct), 10_000, 'Python got direct');
    expect(gotDirect).toMatchObject({ method: 'direct', signature_valid: true, stamp_valid: true });
    expect((gotDirect.fields as Record<string, unknown>)['5']).toEqual([['one.bin', data.length, toHex(sha256(data))]]);

    // Python → Strand, opportunistic and direct with 1 MiB, stamped for our cost 5.
    ref.cmd({ cmd: 'send', destination: toHex(node.router.deliveryHash), content: 'python opportunistic', method: 'opportunistic' });
    ref.cmd({ cmd: 'send', destination: toHex(node.router.deliveryHash), content: 'python direct', method: 'direct', attachment: { name: 'py.bin', size: 1048576 } });
    await until(() => node.received.length === 2, 60_000, 'two messages from Python');
    const byContent = new Map(node.received.map((m) => [m.contentAsString(), m]));
    const pyOp = byContent.get('python opportunistic');
    const pyDirect = byContent.get('python direct');
    expect(pyOp?.signatureValidated).toBe(true);
    expect(node.store.inbound.get(toHex(pyOp?.hash as Uint8Array))?.info).toMatchObject({ method: Method.OPPORTUNISTIC, stampValid: true });
    expect(node.store.inbound.get(toHex(pyDirect?.hash as Uint8Array))?.info).toMatchObject({ method: Method.DIRECT, stampValid: true });
    const files = decodeAttachments(pyDirect?.fields ?? new Map());
    expect(files.ok && files.value[0]?.data.length).toBe(1048576);
    await ref.waitFor((e) => e.event === 'state' && e.state === 'delivered', 10_000, 'Python sees delivered');
  }, 120_000);

  it('paper URIs both ways', async () => {
    const { ref, ready, node } = await referenceWithStrand([]);
    const refHash = fromHex(String(ready.delivery_hash));
    await meet(ref, node, refHash);
    const paper = node.router.paperUri({ destinationHash: refHash, title: 'p', content: 'strand on paper' });
    ref.cmd({ cmd: 'ingest_uri', uri: paper.uri });
    const msg = await ref.waitFor((e) => e.event === 'message' && e.hash === toHex(paper.messageId), 10_000, 'Python ingested');
    expect(msg).toMatchObject({ content: 'strand on paper', signature_valid: true });
    ref.cmd({ cmd: 'paper', destination: toHex(node.router.deliveryHash), content: 'python on paper' });
    const made = await ref.waitFor((e) => e.event === 'paper', 10_000, 'Python made paper');
    const outcome = await node.router.ingestPaperUri(String(made.uri));
    expect(outcome.accepted).toBe(true);
    expect(outcome.message?.contentAsString()).toBe('python on paper');
    expect(toHex(outcome.message?.hash as Uint8Array)).toBe(made.hash);
  }, 60_000);

  it('propagated via the reference propagation node: Strand → Strand and Python → Strand, with PN stamps', async () => {
    const port = await freePort();
    const pn = new ReferenceNode(['--tcp-server', String(port), '--propagation-node', '--propagation-cost', '13', '--transport']);
    cleanups.push(() => pn.stop());
    const ready = await pn.waitFor((e) => e.event === 'ready', 30_000, 'ready');
    const pnHash = fromHex(String(ready.propagation_hash));
    const { node: a } = await tcpClientNode(port);
    cleanups.push(() => a.stop());
    const { node: b } = await tcpClientNode(port);
    cleanups.push(() => b.stop());
    await new Promise((r) => setTimeout(r, 300));
    pn.cmd({ cmd: 'announce' });
    await until(() => a.router.propagation.nodes.get(pnHash) !== undefined && b.router.propagation.nodes.get(pnHash) !== undefined, 15_000, 'PN announce');
    const info = a.router.propagation.nodes.get(pnHash);
    expect(info?.stampCost).toBe(13);
    expect(info?.nodeState).toBe(true);
    a.router.propagation.useNearest();
    b.router.propagation.setNode(pnHash);
    expect(toHex(a.router.propagation.node as Uint8Array)).toBe(toHex(pnHash));
    // A has not heard B: its queue asks for a path, which the transport-enabled PN answers.
    b.router.announce();
    const progress: number[] = [];
    a.router.on('progress', (e) => progress.push(e.progress));
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'via the propagation node', method: Method.PROPAGATED });
    await waitState(a, id, MessageState.SENT, 60_000);
    expect(a.store.outboundRecord(id)?.state).toBe(MessageState.SENT);
    const states: number[] = [];
    b.router.on('sync', (e) => states.push(e.state));
    const result = await b.router.syncInbound();
    expect(result).toMatchObject({ state: SyncState.COMPLETE, received: 1, duplicates: 0 });
    expect(b.received.map((m) => m.contentAsString())).toEqual(['via the propagation node']);
    expect(b.store.inbound.get(toHex(id))?.info.method).toBe(Method.PROPAGATED);
    expect(states).toContain(SyncState.LINK_ESTABLISHING);
    expect(states.at(-1)).toBe(SyncState.COMPLETE);
    // The node deleted what B confirmed: a second sync finds nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await b.router.syncInbound()).toMatchObject({ state: SyncState.COMPLETE, received: 0 });

    // A Python LXMF client uploads to the same node for B; B syncs it.
    const py = new ReferenceNode(['--tcp-client', `127.0.0.1:${port}`, '--display-name', 'PyClient']);
    cleanups.push(() => py.stop());
    await py.waitFor((e) => e.event === 'ready', 30_000, 'Python client ready');
    await py.waitFor((e) => e.event === 'interface' && e.online === true, 15_000, 'Python client connected');
    py.cmd({ cmd: 'set_propagation_node', destination: toHex(pnHash) });
    py.cmd({ cmd: 'send', destination: toHex(b.router.deliveryHash), content: 'python via the node', method: 'propagated' });
    const sent = await py.waitFor((e) => e.event === 'sent', 30_000, 'Python queued');
    await py.waitFor((e) => e.event === 'state' && e.hash === sent.hash && e.state === 'sent', 60_000, 'Python upload done');
    const fromPython = await b.router.syncInbound();
    expect(fromPython).toMatchObject({ state: SyncState.COMPLETE, received: 1 });
    expect(b.received.map((m) => m.contentAsString())).toContain('python via the node');
    expect(b.store.inbound.get(String(sent.hash))?.info.method).toBe(Method.PROPAGATED);
  }, 180_000);
});
