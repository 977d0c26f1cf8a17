// SPDX-License-Identifier: MIT
// Interface modes on a transport node: which interfaces announces may leave on (roaming, boundary,
// access point), recursive path discovery for destinations the node does not know, and the
// path-request burst limit that stops a noisy neighbour from making the node search for it.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/index.js';
import type { InterfaceMode, NetworkInterface } from '../interfaces/interface.js';
import { concatBytes, fromHex } from '../wire/bytes.js';
import { Context } from '../wire/constants.js';
import { announceEgress } from './announce-egress.js';
import { PATH_REQUEST_DESTINATION } from './path-requests.js';
import { MemoryInterface } from './testing/memory-interface.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, until } from './testing/nodes.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0)) await n.t.stop();
});

async function start(...nodes: TestNode[]): Promise<void> {
  for (const n of nodes) await n.t.start();
  started.push(...nodes);
}

const iface = (mode: InterfaceMode) => ({ mode }) as NetworkInterface;

describe('announce egress by interface mode', () => {
  it('follows the reference table', () => {
    const from = (mode: InterfaceMode) => ({ attached: false, local: false, from: iface(mode), hops: 2 });
    // Access points never broadcast announces; full and gateway interfaces cap retransmissions.
    expect(announceEgress(iface('access_point'), from('full'))).toBe('block');
    expect(announceEgress(iface('full'), from('roaming'))).toBe('cap');
    expect(announceEgress(iface('gateway'), from('boundary'))).toBe('cap');
    expect(announceEgress(iface('full'), { ...from('full'), hops: 0 })).toBe('send');
    // Roaming interfaces take nothing heard on roaming or boundary interfaces; boundary ones nothing from roaming.
    expect(announceEgress(iface('roaming'), from('roaming'))).toBe('block');
    expect(announceEgress(iface('roaming'), from('boundary'))).toBe('block');
    expect(announceEgress(iface('roaming'), from('full'))).toBe('send');
    expect(announceEgress(iface('boundary'), from('roaming'))).toBe('block');
    expect(announceEgress(iface('boundary'), from('boundary'))).toBe('send');
    expect(announceEgress(iface('boundary'), from('gateway'))).toBe('send');
    // Our own destinations may leave anywhere but an access point; a path response goes where it is addressed.
    expect(announceEgress(iface('roaming'), { attached: false, local: true, from: null, hops: 0 })).toBe('send');
    expect(announceEgress(iface('access_point'), { attached: false, local: true, from: null, hops: 0 })).toBe('block');
    expect(announceEgress(iface('access_point'), { attached: true, local: false, from: null, hops: 3 })).toBe('send');
    // A foreign announce with no path behind it is not broadcast at all.
    expect(announceEgress(iface('full'), { attached: false, local: false, from: null, hops: 1 })).toBe('block');
  });

  it('keeps announces heard on a roaming interface off the other roaming interface, not off a full one', async () => {
    // B — [roaming] T [roaming] — A, and T [full] — C.
    const [tb, ib] = MemoryInterface.pair('t-b', 'b', { mode: 'roaming' });
    const [ta, ia] = MemoryInterface.pair('t-a', 'a', { mode: 'roaming' });
    const [tc, ic] = MemoryInterface.pair('t-c', 'c');
    const t = makeNode([ta, tb, tc], { transport: true });
    const a = makeNode([ia]);
    const b = makeNode([ib]);
    const c = makeNode([ic]);
    await start(t, a, b, c);
    const dest = inDestination('roam');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    b.t.announce(dest);
    await until(() => c.t.hasPath(dest.hash), 3000, 'C hears B through T');
    // The same rebroadcast that reached C skipped A's roaming interface.
    await new Promise((r) => setTimeout(r, 100));
    expect(a.t.hasPath(dest.hash)).toBe(false);
  });
});

describe('recursive path discovery', () => {
  /** A — [mode] T — B, where B never announced: T knows nothing about B's destination. */
  async function line(mode: InterfaceMode) {
    const [ia, ta] = MemoryInterface.pair('a', 't-a', { mode });
    const [tb, ib] = MemoryInterface.pair('t-b', 'b');
    const a = makeNode([ia]);
    const t = makeNode([ta, tb], { transport: true });
    const b = makeNode([ib]);
    await start(a, t, b);
    const dest = inDestination('hidden');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    return { a, t, b, dest, ia };
  }

  it('searches on behalf of a requester on an access point and answers when the path arrives', async () => {
    const { a, t, dest } = await line('access_point');
    expect(t.t.hasPath(dest.hash)).toBe(false);
    expect(await a.t.awaitPath(dest.hash, { timeoutMs: 3000 })).toBe(true);
    expect(a.t.hopsTo(dest.hash)).toBe(2);
    expect(t.t.hopsTo(dest.hash)).toBe(1);
  });

  it('does not search for requests arriving on a full interface (the reference answers only from its table)', async () => {
    const { a, t, dest } = await line('full');
    a.t.requestPath(dest.hash);
    await until(() => (t.t.drops()['path_request_unknown'] ?? 0) === 1, 2000, 'T ignoring the request');
    expect(t.t.hasPath(dest.hash)).toBe(false);
  });

  it('stops searching for an interface that floods path requests, and counts why', async () => {
    const { t, ia } = await line('access_point');
    // Distinct unknown destinations, distinct tags: each would start a search.
    const request = (target: Uint8Array) =>
      ia.send(
        new Uint8Array([
          0x08, 0, ...fromHex(PATH_REQUEST_DESTINATION), Context.NONE, ...concatBytes(target, randomBytes(16)),
        ]),
      );
    // A few milliseconds apart: rates are measured on the millisecond clock (a zero span reads as 0/s).
    for (let i = 0; i < 12; i++) {
      request(randomBytes(16));
      await new Promise((r) => setTimeout(r, 3));
    }
    // Two samples are too few to measure a rate; from the third on the burst (> 3/s on a new
    // interface) is active, so exactly the first two start a search and ten are refused.
    await until(() => (t.t.drops()['path_request_ingress_limited'] ?? 0) === 10, 2000, 'the burst limit');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.t.drops()['path_request_ingress_limited']).toBe(10);
  });
});
