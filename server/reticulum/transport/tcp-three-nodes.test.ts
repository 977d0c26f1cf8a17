// SPDX-License-Identifier: MIT
// Three nodes over real TCP on 127.0.0.1: A and B are endpoints that connect as clients to T, a
// transport node with one TCP server interface, so A and B reach each other only through T.
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity } from '../identity/index.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { toHex } from '../wire/bytes.js';
import { ReceiptStatus } from './receipts.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0).reverse()) await n.t.stop();
});

async function threeNodes(mode: 'full' | 'access_point') {
  const server = new TCPServerInterface({ name: 'T server', listenIp: '127.0.0.1', listenPort: 0, mode });
  const t = makeNode([server], { transport: true });
  await t.t.start();
  started.push(t);
  const ca = new TCPClientInterface({ name: 'A to T', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
  const cb = new TCPClientInterface({ name: 'B to T', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
  const a = makeNode([ca]);
  const b = makeNode([cb]);
  await a.t.start();
  await b.t.start();
  started.push(a, b);
  await until(() => ca.online && cb.online, 5000, 'clients connected');
  // The server side registers each accepted connection asynchronously; give it a moment.
  await new Promise((r) => setTimeout(r, 100));
  return { a, b, t };
}

describe('A — T — B over TCP', () => {
  it('propagates announces through T and carries a packet A→B with its proof back to A', async () => {
    const { a, b, t } = await threeNodes('full');
    const dest = inDestination('tcp');
    const got: string[] = [];
    b.t.registerDestination(dest, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    b.t.announce(dest, { appData: new TextEncoder().encode('B over TCP') });
    await until(() => a.t.hasPath(dest.hash), 5000, 'announce reaches A through T');
    expect(a.t.hopsTo(dest.hash)).toBe(2);
    expect(toHex(a.t.path(dest.hash)?.nextHop ?? new Uint8Array())).toBe(t.t.identity.hexHash);
    expect(new TextDecoder().decode(a.known.recallAppData(dest.hash) ?? new Uint8Array())).toBe('B over TCP');

    const receipt = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'tcp'), new TextEncoder().encode('hello B'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toEqual(['hello B']);
  });

  it('resolves a path request through T when T does not rebroadcast towards A', async () => {
    const { a, b, t } = await threeNodes('access_point');
    const dest = inDestination('tcp-pr');
    const got: string[] = [];
    b.t.registerDestination(dest, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    b.t.announce(dest);
    await until(() => t.t.hasPath(dest.hash), 5000, 'T learns the path');
    await new Promise((r) => setTimeout(r, 700)); // past T's rebroadcast window
    expect(a.t.hasPath(dest.hash)).toBe(false);
    expect(await a.t.awaitPath(dest.hash, { timeoutMs: 5000 })).toBe(true);
    expect(a.t.hopsTo(dest.hash)).toBe(2);
    const receipt = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'tcp-pr'), new TextEncoder().encode('asked first'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toEqual(['asked first']);
  });
});
