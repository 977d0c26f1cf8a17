// SPDX-License-Identifier: MIT
// Endpoint behaviour of Transport over in-memory interfaces.
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import { concatBytes, toHex } from '../wire/bytes.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { decodePacket, encodePacket } from '../wire/packet.js';
import { ReceiptStatus } from './receipts.js';
import { MemoryInterface } from './testing/memory-interface.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';
import type { AnnounceEvent, InboundPacket } from './types.js';

const started: TestNode[] = [];
async function pair(opts: { ingressControl?: boolean; maxAnnouncesInFlight?: number } = {}): Promise<{ a: TestNode; b: TestNode; ia: MemoryInterface; ib: MemoryInterface }> {
  const [ia, ib] = MemoryInterface.pair('a', 'b');
  const a = makeNode([ia], opts);
  const b = makeNode([ib], opts);
  await a.t.start();
  await b.t.start();
  started.push(a, b);
  return { a, b, ia, ib };
}
afterEach(async () => {
  for (const n of started.splice(0)) await n.t.stop();
});

function dataPacket(destinationHash: Uint8Array, data: Uint8Array, overrides: Partial<Packet> = {}): Packet {
  return {
    ifac: false,
    headerType: 1,
    contextFlag: false,
    propagationType: 0,
    destinationType: DestinationType.SINGLE,
    packetType: PacketType.DATA,
    hops: 0,
    transportId: null,
    destinationHash,
    context: Context.NONE,
    data,
    ...overrides,
  };
}

describe('Transport endpoint', () => {
  it('learns a path from an announce, notifies filtered handlers, delivers encrypted data and gets a proof back', async () => {
    const { a, b, ib } = await pair();
    const dest = inDestination('echo');
    const received: Uint8Array[] = [];
    b.t.registerDestination(dest, { onPacket: (data) => received.push(data) });
    const heard: AnnounceEvent[] = [];
    const ignored: AnnounceEvent[] = [];
    a.t.registerAnnounceHandler({ aspectFilter: 'strandtest.echo', onAnnounce: (e) => heard.push(e) });
    a.t.registerAnnounceHandler({ aspectFilter: 'strandtest.other', onAnnounce: (e) => ignored.push(e) });

    b.t.announce(dest, { appData: new TextEncoder().encode('hello') });
    await until(() => heard.length === 1, 2000, 'announce');
    expect(toHex(heard[0]?.destinationHash ?? new Uint8Array())).toBe(dest.hexHash);
    expect(new TextDecoder().decode(heard[0]?.appData ?? new Uint8Array())).toBe('hello');
    expect(heard[0]?.hops).toBe(1);
    expect(ignored).toHaveLength(0);
    expect(a.t.hopsTo(dest.hash)).toBe(1);
    // The table keeps the announce to answer path requests: the packet as heard, one hop further.
    const sent = ib.sent.map((raw) => decodePacket(raw)).find((p) => p.packetType === PacketType.ANNOUNCE) as Packet;
    const stored = a.t.paths.get(dest.hash)?.announceRaw as Uint8Array;
    expect(toHex(stored)).toBe(toHex(encodePacket({ ...sent, hops: 1 })));

    const identity = a.known.recall(dest.hash) as Identity;
    const receipt = a.t.sendData(outDestination(identity), new TextEncoder().encode('ping'));
    expect(receipt).not.toBeNull();
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(received.map((d) => new TextDecoder().decode(d))).toEqual(['ping']);
  });

  it('answers a path request for a local destination with a PATH_RESPONSE only the opted-in handlers see', async () => {
    const { a, b } = await pair();
    const dest = inDestination('pr');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    const plain: AnnounceEvent[] = [];
    const withResponses: AnnounceEvent[] = [];
    a.t.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e) => plain.push(e) });
    a.t.registerAnnounceHandler({ aspectFilter: 'strandtest.pr', receivePathResponses: true, onAnnounce: (e) => withResponses.push(e) });
    expect(a.t.hasPath(dest.hash)).toBe(false);
    expect(await a.t.awaitPath(dest.hash, { timeoutMs: 2000 })).toBe(true);
    expect(a.t.hopsTo(dest.hash)).toBe(1);
    await until(() => withResponses.length === 1, 1000, 'path response handler');
    expect(withResponses[0]?.isPathResponse).toBe(true);
    expect(plain).toHaveLength(0);
  });

  it('awaitPath resolves false on timeout and on abort when nobody answers', async () => {
    const { a } = await pair();
    const unknown = new Uint8Array(16).fill(7);
    expect(await a.t.awaitPath(unknown, { timeoutMs: 50 })).toBe(false);
    const ac = new AbortController();
    const p = a.t.awaitPath(unknown, { timeoutMs: 5000, signal: ac.signal });
    ac.abort();
    expect(await p).toBe(false);
  });

  it('drops duplicates but lets keepalive-style contexts repeat', async () => {
    const { b, ib } = await pair();
    const dest = inDestination('dup');
    dest.proofStrategy = 0x21;
    const got: Uint8Array[] = [];
    b.t.registerDestination(dest, { onPacket: (d) => got.push(d) });
    const raw = encodePacket(dataPacket(dest.hash, dest.encrypt(new Uint8Array([1, 2, 3]))));
    ib.inject(raw);
    ib.inject(raw);
    expect(got).toHaveLength(1);
    expect(b.t.drops().duplicate).toBe(1);
    // CHANNEL packets may be byte-identical and are never de-duplicated (§6.2).
    const ch = encodePacket(dataPacket(dest.hash, dest.encrypt(new Uint8Array([9])), { context: Context.CHANNEL }));
    ib.inject(ch);
    ib.inject(ch);
    expect(got).toHaveLength(3);
  });

  it('keeps the hashes of deduplicated contexts only: bulk contexts neither fill nor consult the hashlist', async () => {
    const { a, b, ib } = await pair();
    const dest = inDestination('bulk');
    dest.proofStrategy = 0x21; // PROVE_NONE: no proof packets to count
    const got: Uint8Array[] = [];
    b.t.registerDestination(dest, { onPacket: (d) => got.push(d) });
    const before = { a: a.t.stats().hashlist, b: b.t.stats().hashlist };
    for (let i = 0; i < 5; i++) {
      a.t.send(dataPacket(dest.hash, dest.encrypt(Uint8Array.of(i)), { context: Context.KEEPALIVE }));
      ib.inject(encodePacket(dataPacket(dest.hash, dest.encrypt(Uint8Array.of(i)), { context: Context.CHANNEL })));
    }
    await until(() => got.length === 10, 2000, 'delivery');
    expect(a.t.stats().hashlist).toBe(before.a);
    expect(b.t.stats().hashlist).toBe(before.b);
    // An ordinary DATA packet is remembered on both sides, as the reference does.
    a.t.send(dataPacket(dest.hash, dest.encrypt(Uint8Array.of(7))));
    await until(() => got.length === 11, 2000, 'ordinary delivery');
    expect(b.t.stats().hashlist).toBe(before.b + 1);
    expect(a.t.stats().hashlist).toBe(before.a + 1);
  });

  it('survives a flood of garbage, truncated packets and forged announces, counting why each was dropped', async () => {
    // Ingress control off: every announce reaches validation (the next test covers holding).
    const { b, ib } = await pair({ ingressControl: false });
    const dest = inDestination('victim');
    const got: Uint8Array[] = [];
    b.t.registerDestination(dest, { onPacket: (d) => got.push(d) });
    const legit = inDestination('legit');
    const announce = encodePacket(legit.announce());
    const forged = announce.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0xff;
    for (let i = 0; i < 200; i++) {
      ib.inject(new Uint8Array([i & 0xff]));
      ib.inject(crypto.getRandomValues(new Uint8Array(1 + (i % 60))));
      ib.inject(announce.slice(0, 19 + (i % 100)));
    }
    const before = b.t.drops();
    for (let i = 0; i < 50; i++) ib.inject(forged);
    const d = b.t.drops();
    expect(d.runt).toBeGreaterThan(0);
    expect(d.RNS_ERR_TRUNCATED).toBeGreaterThan(0);
    expect((d.announce_invalid ?? 0) - (before.announce_invalid ?? 0)).toBe(1);
    // A replayed forged announce is recognised by hash: no second signature check.
    expect((d.announce_invalid_replay ?? 0) - (before.announce_invalid_replay ?? 0)).toBe(49);
    expect(b.t.hasPath(legit.hash)).toBe(false);
    // Same packet hash with the context flag flipped (the hash ignores it): rejected, but it must not
    // make the genuine announce look like a known-bad replay.
    const flipped = announce.slice();
    flipped[0] = (flipped[0] as number) | 0x20;
    ib.inject(flipped);
    ib.inject(announce);
    expect(b.t.hasPath(legit.hash)).toBe(true);
    // Still working afterwards.
    ib.inject(encodePacket(dataPacket(dest.hash, dest.encrypt(new Uint8Array([42])))));
    expect(got.map((x) => x[0])).toEqual([42]);
    expect(b.t.stats().hashlist).toBeGreaterThan(0);
  });

  it('counts packets for unknown destinations, wrong types and undecryptable payloads', async () => {
    const { b, ib } = await pair();
    const dest = inDestination('x');
    b.t.registerDestination(dest, { onPacket: () => undefined });
    ib.inject(encodePacket(dataPacket(new Uint8Array(16).fill(1), new Uint8Array(80))));
    ib.inject(encodePacket(dataPacket(dest.hash, new Uint8Array(80).fill(3))));
    ib.inject(encodePacket(dataPacket(dest.hash, new Uint8Array(80).fill(4), { destinationType: DestinationType.GROUP })));
    ib.inject(encodePacket(dataPacket(dest.hash, new Uint8Array(80), { transportId: new Uint8Array(16).fill(9), headerType: 2 })));
    const d = b.t.drops();
    expect(d.no_destination).toBe(1);
    expect(d.decrypt_failed).toBe(1);
    expect(d.wrong_destination_type).toBe(1);
    expect(d.not_for_us).toBe(1);
  });

  it('fails a receipt whose proof never comes, and ignores forged proofs', async () => {
    let now = 1_000_000;
    const [ia, ib] = MemoryInterface.pair('a', 'b');
    const a = makeNode([ia], {}, () => now);
    await a.t.start();
    await ib.start();
    started.push(a);
    const remote = Identity.generate();
    const receipt = a.t.sendData(outDestination(remote), new Uint8Array([1]));
    expect(receipt?.status).toBe(ReceiptStatus.SENT);
    // Unknown path: the reference allows 6 s first hop + 6 s × 128 hops.
    expect((receipt?.deadline ?? 0) - now).toBe(6000 + 6000 * 128);
    const sent = ia.sent[0] as Uint8Array;
    const { packetHash } = await import('../wire/packet.js');
    const hash = packetHash(sent);
    // A forged implicit proof (signed by the wrong key) does not deliver it.
    const forged = encodePacket(dataPacket(hash.slice(0, 16), Identity.generate().sign(hash), { packetType: PacketType.PROOF }));
    ia.inject(forged);
    expect(receipt?.status).toBe(ReceiptStatus.SENT);
    expect(a.t.drops().proof_unmatched).toBe(1);
    receipt?.setTimeout(100, now);
    now += 101;
    a.t.jobs();
    expect(await receipt?.done()).toBe(ReceiptStatus.FAILED);
    // An explicit proof with a valid signature from the right key would have delivered it.
    const r2 = a.t.sendData(outDestination(remote), new Uint8Array([2]));
    const h2 = packetHash(ia.sent[1] as Uint8Array);
    ia.inject(encodePacket(dataPacket(h2.slice(0, 16), concatBytes(h2, remote.sign(h2)), { packetType: PacketType.PROOF })));
    expect(r2?.status).toBe(ReceiptStatus.DELIVERED);
  });

  it('delivers packets for a link id to the registered link handler only', async () => {
    const { b, ib } = await pair();
    const linkId = new Uint8Array(16).fill(0x5a);
    const got: InboundPacket[] = [];
    const off = b.t.registerLinkHandler(linkId, { iface: ib, onPacket: (p) => got.push(p) });
    ib.inject(encodePacket(dataPacket(linkId, new Uint8Array([1, 2]), { destinationType: DestinationType.LINK })));
    expect(got).toHaveLength(1);
    expect(got[0]?.packet.hops).toBe(1);
    off();
    ib.inject(encodePacket(dataPacket(linkId, new Uint8Array([3]), { destinationType: DestinationType.LINK })));
    expect(b.t.drops().no_link).toBe(1);
  });

  it('never lets a throwing handler stop the node', async () => {
    const { a, b } = await pair();
    const dest = inDestination('boom');
    b.t.registerDestination(dest, {
      onPacket: () => {
        throw new Error('app bug');
      },
    });
    b.t.announce(dest);
    await until(() => a.t.hasPath(dest.hash), 2000, 'path');
    const r = a.t.sendData(outDestination(a.known.recall(dest.hash) as Identity, 'boom'), new Uint8Array([1]));
    expect(await r?.done()).toBe(ReceiptStatus.DELIVERED);
    expect(b.t.drops().handler_error).toBe(1);
  });
});

describe('Transport lifecycle', () => {
  it('starts the interfaces that can start, reports the ones that cannot, and stops cleanly', async () => {
    const [ok] = MemoryInterface.pair('ok', 'peer');
    const broken = new MemoryInterface('broken');
    broken.start = () => Promise.reject(new Error('bind failed'));
    const warnings: string[] = [];
    const { KnownIdentities } = await import('../identity/index.js');
    const { Transport } = await import('./transport.js');
    const t = new Transport({ knownIdentities: new KnownIdentities(), logger: { debug: () => undefined, warn: (m) => warnings.push(m) } }, { interfaces: [ok, broken] });
    expect(await t.start()).toEqual([broken]);
    expect(ok.online).toBe(true);
    expect(warnings).toHaveLength(1);
    const waiting = t.awaitPath(new Uint8Array(16), { timeoutMs: 60_000, request: false });
    await t.stop();
    expect(await waiting).toBe(false);
    expect(ok.online).toBe(false);
  });
});

describe('announce ingress control', () => {
  it('holds a burst of announces for unknown destinations without checking signatures, then releases them one by one', async () => {
    let now = 5_000_000;
    const [, ib] = MemoryInterface.pair('a', 'b');
    const b = makeNode([ib], { jobIntervalMs: 3_600_000 }, () => now);
    await b.t.start();
    started.push(b);
    const forged = (i: number) => {
      const raw = encodePacket(inDestination(`f${i % 7}`).announce());
      raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
      return raw;
    };
    // 200 distinct forged announces within a second: far above 3 Hz (256 fit in the hold table).
    for (let i = 0; i < 200; i++) {
      now += 3;
      ib.inject(forged(i));
    }
    const genuine = inDestination('genuine');
    ib.inject(encodePacket(genuine.announce()));
    const d = b.t.drops();
    expect(d.announce_invalid).toBeLessThanOrEqual(4); // only the ones before the burst was detected
    expect((d.announce_held ?? 0) + (d.announce_invalid ?? 0)).toBe(201);
    expect(b.t.stats().heldAnnounces).toBeLessThanOrEqual(256);
    expect(b.t.hasPath(genuine.hash)).toBe(false);
    // After the burst hold and penalty, one held announce is validated per 5 s, lowest hops first.
    for (let i = 0; i < 300 && !b.t.hasPath(genuine.hash); i++) {
      now += 5_001;
      b.t.jobs();
    }
    expect(b.t.hasPath(genuine.hash)).toBe(true);
  });

  it('does not hold announces for destinations we asked a path for', async () => {
    let now = 5_000_000;
    const [, ib] = MemoryInterface.pair('a', 'b');
    const b = makeNode([ib], { jobIntervalMs: 3_600_000 }, () => now);
    await b.t.start();
    started.push(b);
    for (let i = 0; i < 50; i++) {
      now += 3;
      ib.inject(encodePacket(inDestination(`noise${i}`).announce()));
    }
    const wanted = inDestination('wanted');
    b.t.requestPath(wanted.hash);
    ib.inject(encodePacket(wanted.announce()));
    expect(b.t.hasPath(wanted.hash)).toBe(true);
    expect(b.t.drops().announce_held).toBeGreaterThan(0);
  });
});

describe('announce bursts', () => {
  it('checks a burst of announces off the event loop and applies them in arrival order, forged ones refused', async () => {
    const { b, ib } = await pair({ ingressControl: false });
    const heard: string[] = [];
    b.t.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e: AnnounceEvent) => heard.push(toHex(e.destinationHash)) });
    const genuine = Array.from({ length: 40 }, (_, i) => inDestination(`burst${i}`));
    const forged = encodePacket(inDestination('forged').announce());
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1;
    // One event-loop turn, as one socket read of a flood delivers it.
    genuine.forEach((d, i) => {
      ib.inject(encodePacket(d.announce()));
      if (i === 20) ib.inject(forged);
    });
    // Past the inline allowance the checks run on the thread pool: not all applied yet...
    expect(heard.length).toBeLessThan(genuine.length);
    await until(() => heard.length === genuine.length);
    // ...and then all of them, in the order they arrived, with the forged one refused.
    expect(heard).toEqual(genuine.map((d) => toHex(d.hash)));
    expect(genuine.every((d) => b.t.hasPath(d.hash))).toBe(true);
    expect(b.t.drops().announce_invalid).toBe(1);
  });

  it('with the worker queue full, checks on the event loop and still applies everything in arrival order', async () => {
    // A queue of 3: most of the burst is checked inline while earlier ones are still on the workers.
    const { b, ib } = await pair({ ingressControl: false, maxAnnouncesInFlight: 3 });
    const heard: string[] = [];
    b.t.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e: AnnounceEvent) => heard.push(toHex(e.destinationHash)) });
    const genuine = Array.from({ length: 40 }, (_, i) => inDestination(`full${i}`));
    const forged = [5, 25].map((n) => {
      const raw = encodePacket(inDestination(`forged${n}`).announce());
      raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
      return raw;
    });
    genuine.forEach((d, i) => {
      ib.inject(encodePacket(d.announce()));
      if (i === 5) ib.inject(forged[0] as Uint8Array);
      if (i === 25) ib.inject(forged[1] as Uint8Array);
    });
    await until(() => heard.length === genuine.length);
    expect(heard).toEqual(genuine.map((d) => toHex(d.hash)));
    expect(b.t.drops().announce_invalid).toBe(2);
  });

  it('drops announces still being checked when the transport stops', async () => {
    const { b, ib } = await pair({ ingressControl: false });
    const heard: string[] = [];
    b.t.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e: AnnounceEvent) => heard.push(toHex(e.destinationHash)) });
    for (let i = 0; i < 30; i++) ib.inject(encodePacket(inDestination(`late${i}`).announce()));
    const before = heard.length;
    expect(before).toBeLessThan(30);
    await b.t.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(heard.length).toBe(before);
  });
});
