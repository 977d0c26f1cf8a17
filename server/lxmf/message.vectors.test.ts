// SPDX-License-Identifier: MIT
// Every case of lxmf_message.json, byte for byte: pack, id, signature, stamps, the opportunistic
// packet, the propagated and paper forms, and the receiver-side unpack.
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../reticulum/crypto/index.js';
import { Identity, ratchetPublicBytes } from '../reticulum/identity/index.js';
import { encodePacket, packetHash, packMsgpack, unpackMsgpack, DestinationType, PacketType } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import { Method, WORKBLOCK_EXPAND_ROUNDS } from './constants.js';
import { buildPropagated, openEncryptedContainer, opportunisticPlaintext, packedFromOpportunistic, planDelivery } from './delivery.js';
import { LXMessage, deliveryDestinationHash } from './message.js';
import { buildPaper, decodePaperUri } from './paper.js';
import { StampWorkerPool } from './stamps/pool.js';
import { stampValue, stampWorkblock, validateMessageStamp, validatePnStamp } from './stamps/workblock.js';
import { b, hex, loadVectors } from './test-helpers.js';

const CASES = loadVectors('lxmf_message.json');
const METHODS: Record<string, number> = { opportunistic: Method.OPPORTUNISTIC, direct: Method.DIRECT, propagated: Method.PROPAGATED, paper: Method.PAPER };
const pool = new StampWorkerPool({ workers: 1 });
afterAll(() => pool.stop());

describe('lxmf_message.json', () => {
  it('has cases', () => expect(CASES.length).toBeGreaterThanOrEqual(14));

  for (const c of CASES) {
    it(c.name, async () => {
      const i = c.inputs;
      const o = c.outputs;
      const source = Identity.fromPrivateBytes(b(i.source_private_key));
      const recipient = Identity.fromPrivateBytes(b(i.destination_private_key));
      const destinationHash = deliveryDestinationHash(recipient);
      expect(hex(destinationHash)).toBe(o.destination_hash);
      expect(hex(deliveryDestinationHash(source))).toBe(o.source_hash);

      const fields = i.fields_msgpack ? (unpackMsgpack(b(i.fields_msgpack), { floats: 'float64' }) as Map<MsgpackValue, MsgpackValue>) : null;
      let msg = LXMessage.create({ destinationHash, source, title: b(i.title), content: b(i.content), fields, timestamp: Number(i.timestamp) });
      expect(hex(msg.hash)).toBe(o.message_hash_before_stamp);
      expect(hex(msg.hash)).toBe(o.message_hash);
      expect(hex(msg.signature)).toBe(o.signature);
      expect(Buffer.from(msg.title).toString('utf8')).toBe(i.title_utf8);
      expect(msg.contentAsString()).toBe(i.content_utf8);

      if (o.stamp) {
        const stamp = b(o.stamp);
        const cost = Number(i.stamp_cost);
        // job_simple drew these candidates in order; the last one is the stamp.
        const generated = await pool.generate(msg.hash, cost, { candidates: (i.stamp_urandom as string[]).map(b) });
        expect(hex(generated.stamp)).toBe(o.stamp);
        expect(generated.value).toBe(o.stamp_value);
        const check = validateMessageStamp(stamp, msg.hash, cost);
        expect(check).toEqual({ valid: o.stamp_valid_at_cost, value: o.stamp_value, byTicket: false });
        const wb = stampWorkblock(msg.hash, WORKBLOCK_EXPAND_ROUNDS);
        expect(wb.length).toBe(o.stamp_workblock_len);
        expect(hex(sha256(wb))).toBe(o.stamp_workblock_sha256);
        expect(stampValue(wb, stamp)).toBe(o.stamp_value);
        msg = msg.withStamp(stamp);
        expect(hex(msg.hash)).toBe(o.message_hash);
      }
      expect(hex(msg.packedPayload)).toBe(o.payload_msgpack);
      expect(hex(msg.packed)).toBe(o.packed);
      expect(msg.packed.length).toBe(o.packed_size);
      const prefix = hex(msg.packed.subarray(0, 32));
      expect(String(o.hashed_part).startsWith(String(prefix))).toBe(true);
      expect(o.hashed_part).toBe(String(prefix) + String(o.payload_unstamped_msgpack));
      expect(o.signed_part).toBe(String(o.hashed_part) + String(o.message_hash));

      const ratchet = i.ratchet_private ? ratchetPublicBytes(b(i.ratchet_private)) : null;
      const encrypt = (pt: Uint8Array): Uint8Array =>
        recipient.encrypt(pt, { ratchet, ephemeralPrivate: b((i.ephemeral_privates as string[])[0]), iv: b((i.urandom as string[])[0]) });
      const decrypt = (ct: Uint8Array): Uint8Array => recipient.decrypt(ct, { ratchets: i.ratchet_private ? [b(i.ratchet_private)] : null });
      const desired = METHODS[String(i.desired_method)] as (typeof Method)[keyof typeof Method];

      let received: Uint8Array = msg.packed;
      if (o.opportunistic_packet_raw) {
        const raw = encodePacket({
          ifac: false, headerType: 1, contextFlag: false, propagationType: 0, destinationType: DestinationType.SINGLE,
          packetType: PacketType.DATA, hops: 0, transportId: null, destinationHash, context: 0, data: encrypt(opportunisticPlaintext(msg.packed)),
        });
        expect(hex(raw)).toBe(o.opportunistic_packet_raw);
        expect(hex(packetHash(raw))).toBe(o.opportunistic_packet_hash);
        const plaintext = decrypt(raw.subarray(19));
        expect(hex(plaintext)).toBe(o.receiver_decrypted);
        received = packedFromOpportunistic(destinationHash, plaintext);
      }
      if (desired === Method.PROPAGATED) {
        const pnStamp = i.pn_stamp_urandom ? b((i.pn_stamp_urandom as string[]).at(-1)) : null;
        const form = buildPropagated(msg.packed, encrypt, { propagationStamp: pnStamp, timestamp: Number(i.pack_time) });
        // The vector's lxmf_data is the entry as uploaded: with the propagation stamp appended.
        expect(hex(Buffer.concat([form.lxmfData, pnStamp ?? new Uint8Array(0)]))).toBe(o.lxmf_data);
        expect(hex(form.transientId)).toBe(o.transient_id);
        expect(hex(form.propagationPacked)).toBe(o.propagation_packed);
        expect(form.representation).toBe(o.representation);
        expect(Number(i.pack_time)).toBe(o.propagation_timestamp);
        if (pnStamp) {
          expect(hex(pnStamp)).toBe(o.propagation_stamp);
          const generated = await pool.generate(form.transientId, Number(i.propagation_stamp_cost), { expandRounds: 1000, candidates: (i.pn_stamp_urandom as string[]).map(b) });
          expect(hex(generated.stamp)).toBe(o.propagation_stamp);
          const v = validatePnStamp(Buffer.concat([form.lxmfData, pnStamp]), Number(i.propagation_stamp_cost));
          const expected = o.pn_stamp_validation as Record<string, unknown>;
          expect(v && { t: hex(v.transientId), value: v.value, s: hex(v.stamp) }).toEqual({ t: expected.transient_id, value: expected.value, s: expected.stamp });
        } else {
          expect(o.propagation_stamp).toBeNull();
        }
        const opened = openEncryptedContainer(form.lxmfData, decrypt);
        expect(hex(opened.packed.subarray(16))).toBe(o.receiver_decrypted);
        received = opened.packed;
      } else if (desired === Method.PAPER) {
        const paper = buildPaper(msg.packed, encrypt);
        expect(hex(paper.paperPacked)).toBe(o.paper_packed);
        expect(paper.uri).toBe(o.paper_uri);
        const decoded = decodePaperUri(paper.uri);
        expect(hex(decoded)).toBe(o.paper_packed);
        const opened = openEncryptedContainer(decoded, decrypt);
        expect(hex(opened.packed.subarray(16))).toBe(o.receiver_decrypted);
        expect(planDelivery({ desiredMethod: desired, contentSize: msg.contentSize, paperPackedSize: paper.paperPacked.length })).toMatchObject({ method: o.method, representation: o.representation });
        received = opened.packed;
      } else {
        const plan = planDelivery({ desiredMethod: desired, contentSize: msg.contentSize });
        expect(plan).toMatchObject({ method: o.method, representation: o.representation });
      }
      if (desired === Method.PROPAGATED) expect(o.method).toBe(Method.PROPAGATED);

      const u = o.unpacked as Record<string, unknown>;
      const known = new Map([[hex(deliveryDestinationHash(source)), source]]);
      const got = LXMessage.unpack(received, { recall: (h) => known.get(String(hex(h))) ?? null });
      expect(hex(got.hash)).toBe(u.hash);
      expect(got.signatureValidated).toBe(u.signature_validated);
      expect(hex(got.title)).toBe(u.title);
      expect(hex(got.content)).toBe(u.content);
      expect(got.timestamp).toBe(u.timestamp);
      expect(hex(got.stamp)).toBe(u.stamp);
      expect(hex(packMsgpack(got.fields))).toBe(i.fields_msgpack ?? '80');
    });
  }
});
