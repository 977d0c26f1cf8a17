// SPDX-License-Identifier: MIT
// resource.json: resources prepared by RNS 1.4.2 over the link.json link, reproduced byte for
// byte (compression, stream, hashes, hashmap, parts, advertisement), then carried end to end to
// our receiver, which proves them with the recorded proof packet.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import { encodePacket } from '../wire/packet.js';
import type { Packet } from '../wire/packet.js';
import { fromHex, toHex } from '../wire/bytes.js';
import { unpackMsgpack } from '../wire/msgpack.js';
import { Link } from '../link/link.js';
import { ManualScheduler } from '../link/scheduler.js';
import { OutgoingResource } from './outgoing.js';
import type { IncomingResource } from './incoming.js';
import { AdvFlags, hasFlag, unpackAdvertisement } from './advertisement.js';
import { bz2Compress, bz2Decompress } from './bz2.js';
import { ResourceStatus } from './constants.js';

type Hex = string;
interface ResourceCase {
  name: string;
  inputs: { link_inputs: Record<string, Hex | number | Hex[]>; data: Hex; auto_compress: boolean; metadata_msgpack: Hex | null; urandom: Hex[]; time: number };
  outputs: Record<string, unknown> & {
    parts: { data: Hex; map_hash: Hex; raw: Hex }[];
    advertisement: Record<string, unknown>;
    advertisement_unpacked_roundtrip: Record<string, unknown>;
  };
}
const file = JSON.parse(readFileSync(new URL('../../fixtures/vectors/resource.json', import.meta.url), 'utf8')) as { cases: ResourceCase[] };
const h = (v: unknown): Uint8Array => fromHex(v as string);

/** The link.json handshake with its recorded keys; returns both ends, wired through queues. */
function establish(li: Record<string, unknown>, scheduler: ManualScheduler, random: (n: number) => Uint8Array) {
  const toResponder: Packet[] = [];
  const toInitiator: Packet[] = [];
  const responderIdentity = Identity.fromPrivateBytes(h(li.responder_identity_private_key));
  const destHash = fromHex('fecd1ff83cedff409226f4ed0a15ff5b');
  const initiator = Link.initiate(
    { send: (p) => toResponder.push(p), scheduler, random },
    { hash: destHash, identity: Identity.fromPublicBytes(responderIdentity.publicKey) },
    { ephemeral: { x25519Private: h(li.initiator_ephemeral_x25519_private), ed25519Seed: h(li.initiator_ephemeral_ed25519_private) } },
  );
  const responder = Link.accept(
    { send: (p) => toInitiator.push(p), scheduler, random },
    { hash: destHash, identity: responderIdentity },
    toResponder.shift() as Packet,
    { ephemeralX25519Private: h(li.responder_ephemeral_x25519_private) },
  ) as Link;
  initiator.receive(toInitiator.shift() as Packet);
  responder.receive(toResponder.shift() as Packet);
  const pump = (): void => {
    while (toResponder.length + toInitiator.length > 0) {
      const a = toResponder.shift();
      if (a) responder.receive(a);
      const b = toInitiator.shift();
      if (b) initiator.receive(b);
    }
  };
  return { initiator, responder, toResponder, toInitiator, pump };
}

describe('resource.json vectors', () => {
  it('has cases', () => expect(file.cases.length).toBeGreaterThanOrEqual(4));

  for (const c of file.cases) {
    it(`${c.name}: sender output, advertisement, parts and proof match the reference`, async () => {
      const o = c.outputs;
      const feed = [(c.inputs.link_inputs.urandom as Hex[])[0] as Hex, ...c.inputs.urandom].map((x) => fromHex(x));
      let vectorDraws = 0;
      // Vector randomness first (the link's RTT IV, then the resource's draws in the reference's
      // order); afterwards fresh randomness for packets the vector does not cover (receiver IVs).
      const random = (n: number): Uint8Array => {
        const next = feed.shift();
        if (!next) return new Uint8Array(n).map(() => Math.floor(Math.random() * 256));
        vectorDraws++;
        expect(next.length).toBe(n);
        return next;
      };
      const scheduler = new ManualScheduler(c.inputs.time);
      const { initiator, responder, toResponder, pump } = establish(c.inputs.link_inputs, scheduler, random);
      expect(toHex(initiator.linkId)).toBe(o.link_id);

      const metadata = c.inputs.metadata_msgpack ? unpackMsgpack(h(c.inputs.metadata_msgpack)) : undefined;
      let concluded: OutgoingResource | null = null;
      const r = await OutgoingResource.create(
        initiator,
        h(c.inputs.data),
        { autoCompress: c.inputs.auto_compress, ...(metadata !== undefined ? { metadata } : {}), onConcluded: (x) => (concluded = x) },
        false,
      );
      expect(r.sdu).toBe(o.sdu);
      expect(r.compressed).toBe(o.compressed);
      expect(r.size).toBe(o.transfer_size);
      expect(r.totalSize).toBe(o.total_size);
      expect(toHex(r.randomHash)).toBe(o.random_hash);
      expect(toHex(r.hash)).toBe(o.resource_hash);
      expect(toHex(r.hash.subarray(0, 16))).toBe(o.truncated_hash);
      expect(toHex(r.originalHash)).toBe(o.original_hash);
      expect(toHex(r.expectedProof)).toBe(o.expected_proof);
      expect(r.totalParts).toBe(o.num_parts);
      expect(toHex(r.hashmapBytes)).toBe(o.hashmap);
      const stream = r.partData().map(toHex).join('');
      expect(stream).toBe(o.encrypted_stream);
      const plain = initiator.decrypt(fromHex(stream)) as Uint8Array;
      expect(toHex(plain)).toBe(o.stream_plaintext);
      expect(toHex(plain.subarray(0, 4))).toBe(o.random_prefix);
      if (o.compressed) {
        expect(toHex(plain.subarray(4))).toBe(o.bz2_compressed_payload);
        expect(toHex(await bz2Compress(h(o.hashed_data)))).toBe(o.bz2_compressed_payload);
        expect(toHex(bz2Decompress(h(o.bz2_compressed_payload), 1 << 20))).toBe(o.hashed_data);
      } else {
        expect(toHex(plain.subarray(4))).toBe(o.hashed_data);
      }
      if (o.metadata_prefix) expect(toHex(h(o.hashed_data).subarray(0, h(o.metadata_prefix).length))).toBe(o.metadata_prefix);
      r.partData().forEach((p, i) => expect(toHex(p)).toBe(o.parts[i]?.data));

      const adv = r.advertisement();
      expect({ ...adv, h: toHex(adv.h), r: toHex(adv.r), o: toHex(adv.o), m: toHex(adv.m) }).toEqual(o.advertisement);
      expect(toHex(r.packedAdvertisement())).toBe(o.advertisement_packed);
      const parsed = unpackAdvertisement(r.packedAdvertisement());
      const rt = o.advertisement_unpacked_roundtrip;
      expect([parsed.t, parsed.d, parsed.n, toHex(parsed.h)]).toEqual([rt.t, rt.d, rt.n, rt.h]);
      expect([AdvFlags.encrypted, AdvFlags.compressed, AdvFlags.split, AdvFlags.isRequest, AdvFlags.isResponse, AdvFlags.hasMetadata].map((f) => hasFlag(parsed, f))).toEqual([rt.e, rt.c, rt.s, rt.u, rt.p, rt.x]);

      // Advertise for real: the advertisement packet uses the last recorded IV.
      let received: IncomingResource | null = null;
      responder.setResourceStrategy('all');
      responder.resources.onConcluded = (x) => (received = x);
      r.advertise();
      expect(vectorDraws).toBe(5);
      const advPacket = toResponder[0] as Packet;
      expect(toHex(encodePacket(advPacket))).toBe(o.advertisement_packet_raw);
      const partsSeen: string[] = [];
      const proofs: string[] = [];
      const origReceive = responder.receive.bind(responder);
      responder.receive = (p: Packet) => {
        if (p.context === 0x01) partsSeen.push(toHex(encodePacket(p)));
        origReceive(p);
      };
      const origInit = initiator.receive.bind(initiator);
      initiator.receive = (p: Packet) => {
        if (p.context === 0x05) proofs.push(toHex(encodePacket(p)));
        origInit(p);
      };
      pump();
      expect(partsSeen).toEqual(o.parts.map((p) => p.raw));
      expect(proofs).toEqual([o.proof_packet_raw]);
      expect(r.status).toBe(ResourceStatus.COMPLETE);
      expect(concluded).toBe(r);
      const got = received as IncomingResource | null;
      expect(got?.status).toBe(ResourceStatus.COMPLETE);
      expect(toHex(got?.data as Uint8Array)).toBe(c.inputs.data);
      if (c.inputs.metadata_msgpack) expect(got?.metadata).toEqual(metadata);
      else expect(got?.metadata).toBeNull();
    });
  }
});
