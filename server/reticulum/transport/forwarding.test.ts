// SPDX-License-Identifier: MIT
// Forwarding (transport: true) over in-memory interfaces: A — T — B, where A and B only reach each
// other through T.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/index.js';
import type { Identity } from '../identity/index.js';
import { signallingBytes } from '../link/signalling.js';
import { concatBytes, toHex } from '../wire/bytes.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { linkIdFromLinkRequest } from '../wire/packet.js';
import { ReceiptStatus } from './receipts.js';
import type { MemoryInterfaceOptions } from './testing/memory-interface.js';
import { MemoryInterface } from './testing/memory-interface.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';
import type { InboundPacket, TransportOptions } from './types.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0)) await n.t.stop();
});

async function line(opts: { aSide?: MemoryInterfaceOptions; t?: Partial<TransportOptions>; bClock?: () => number } = {}) {
  const [ia, ta] = MemoryInterface.pair('a', 't-a', opts.aSide);
  const [tb, ib] = MemoryInterface.pair('t-b', 'b');
  const a = makeNode([ia]);
  const t = makeNode([ta, tb], { transport: true, ...opts.t });
  const b = makeNode([ib], {}, opts.bClock);
  for (const n of [a, t, b]) await n.t.start();
  started.push(a, t, b);
  return { a, t, b, ia, ta, tb, ib };
}

function packet(fields: Partial<Packet> & Pick<Packet, 'destinationHash' | 'data'>): Packet {
  return { ifac: false, headerType: 1, contextFlag: false, propagationType: 0, destinationType: DestinationType.SINGLE, packetType: PacketType.DATA, hops: 0, transportId: null, context: Context.NONE, ...fields };
}

describe('Transport forwarding', () => {
  it('rebroadcasts announces as HEADER_2, forwards data by path and routes the proof back', async () => {
    const { a, t, b } = await line();
    const dest = inDestination('fwd');
    const got: InboundPacket[] = [];
    b.t.registerDestination(dest, { onPacket: (_d, inb) => got.push(inb) });
    b.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 3000, 'A learns the path through T');
    expect(t.t.hopsTo(dest.hash)).toBe(1);
    expect(a.t.hopsTo(dest.hash)).toBe(2);
    expect(toHex(a.t.path(dest.hash)?.nextHop ?? new Uint8Array())).toBe(t.t.identity.hexHash);

    const receipt = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'fwd'), new TextEncoder().encode('via T'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(got).toHaveLength(1);
    // T stripped the transport header for the last hop.
    expect(got[0]?.packet.headerType).toBe(1);
    expect(got[0]?.packet.hops).toBe(2);
    expect(t.t.stats().forwarding?.forwarded).toBe(2);
  });

  it('answers a path request from its path table with a PATH_RESPONSE', async () => {
    // Access-point mode: T never broadcasts announces towards A, so A must ask.
    const { a, t, b } = await line({ aSide: { mode: 'access_point' } });
    const dest = inDestination('ask');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    b.t.announce(dest);
    await until(() => t.t.hasPath(dest.hash), 2000, 'T learns the path');
    await new Promise((r) => setTimeout(r, 700));
    expect(a.t.hasPath(dest.hash)).toBe(false);
    expect(await a.t.awaitPath(dest.hash, { timeoutMs: 3000 })).toBe(true);
    expect(a.t.hopsTo(dest.hash)).toBe(2);
  });

  it('relays a link: link table from the request, LRPROOF checked against the announced key, link data both ways', async () => {
    const { a, t, b, ia, ib } = await line();
    const dest = inDestination('link');
    const requests: InboundPacket[] = [];
    b.t.registerDestination(dest, { onPacket: () => undefined, onLinkRequest: (inb) => requests.push(inb) });
    b.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 3000, 'path');

    const lr = packet({ destinationHash: dest.hash, packetType: PacketType.LINKREQUEST, data: concatBytes(randomBytes(64), signallingBytes(500, 1)) });
    a.t.send(lr, { receipt: false });
    await until(() => requests.length === 1, 2000, 'link request at B');
    const atB = requests[0] as InboundPacket;
    // The next hop's hardware MTU is unknown, so T stripped the MTU signalling (§6.3).
    expect(atB.packet.data.length).toBe(64);
    const linkId = linkIdFromLinkRequest(atB.raw);
    expect(t.t.stats().forwarding?.linkEntries).toBe(1);

    const atA: InboundPacket[] = [];
    const atLinkB: InboundPacket[] = [];
    a.t.registerLinkHandler(linkId, { iface: ia, onPacket: (p) => atA.push(p) });
    b.t.registerLinkHandler(linkId, { iface: ib, onPacket: (p) => atLinkB.push(p) });
    const responderPub = randomBytes(32);
    const signed = concatBytes(linkId, responderPub, dest.identity?.signingPublicKey ?? new Uint8Array());
    const proofData = concatBytes(dest.sign(signed), responderPub);
    // A forged LRPROOF is not relayed.
    b.t.send(packet({ destinationHash: linkId, destinationType: DestinationType.LINK, packetType: PacketType.PROOF, context: Context.LRPROOF, data: concatBytes(randomBytes(64), responderPub) }), { iface: ib, receipt: false });
    await until(() => (t.t.drops().link_proof_invalid ?? 0) === 1, 2000, 'forged proof dropped');
    b.t.send(packet({ destinationHash: linkId, destinationType: DestinationType.LINK, packetType: PacketType.PROOF, context: Context.LRPROOF, data: proofData }), { iface: ib, receipt: false });
    await until(() => atA.length === 1, 2000, 'LRPROOF at A');
    expect(toHex(atA[0]?.packet.data ?? new Uint8Array())).toBe(toHex(proofData));

    a.t.send(packet({ destinationHash: linkId, destinationType: DestinationType.LINK, data: new Uint8Array([1, 2, 3]) }), { iface: ia, receipt: false });
    await until(() => atLinkB.length === 1, 2000, 'link data at B');
    b.t.send(packet({ destinationHash: linkId, destinationType: DestinationType.LINK, data: new Uint8Array([4]) }), { iface: ib, receipt: false });
    await until(() => atA.length === 2, 2000, 'link data at A');
  });

  it('still learns paths from rate-limited announces but stops rebroadcasting them', async () => {
    let bNow = 1_700_000_000_000;
    const { a, t, b } = await line({ t: { announceRate: { targetMs: 3600_000, grace: 0, penaltyMs: 0 } }, bClock: () => bNow });
    const dest = inDestination('chatty');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    b.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 3000, 'first announce passes');
    bNow += 10_000;
    b.t.announce(dest);
    await until(() => (t.t.drops().announce_rate_blocked ?? 0) === 1, 2000, 'second announce rate-blocked');
    const path = t.t.path(dest.hash);
    expect(path?.randomBlobs.length).toBe(2);
  });
});

describe('link MTU signalling across a transport node', () => {
  it('clamps the requested MTU to the smaller hardware MTU of both hops', async () => {
    const [ia, ta] = MemoryInterface.pair('a', 't-a', { hwMtu: 1200 });
    const [tb, ib] = MemoryInterface.pair('t-b', 'b', { hwMtu: 900 });
    const a = makeNode([ia]);
    const t = makeNode([ta, tb], { transport: true });
    const b = makeNode([ib]);
    for (const n of [a, t, b]) await n.t.start();
    started.push(a, t, b);
    const dest = inDestination('mtu');
    const requests: InboundPacket[] = [];
    b.t.registerDestination(dest, { onPacket: () => undefined, onLinkRequest: (inb) => requests.push(inb) });
    b.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 3000, 'path');
    a.t.send(packet({ destinationHash: dest.hash, packetType: PacketType.LINKREQUEST, data: concatBytes(randomBytes(64), signallingBytes(8192, 1)) }), { receipt: false });
    await until(() => requests.length === 1, 2000, 'link request at B');
    expect(toHex(requests[0]?.packet.data.subarray(64) ?? new Uint8Array())).toBe(toHex(signallingBytes(900, 1)));
  });
});
