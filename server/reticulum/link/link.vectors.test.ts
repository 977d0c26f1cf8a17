// SPDX-License-Identifier: MIT
// link.json: a full handshake recorded from RNS 1.4.2 with fixed ephemeral keys and IVs,
// reproduced byte for byte by both roles of our engine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import { decodePacket, encodePacket, packetHash, hashablePart } from '../wire/packet.js';
import type { Packet } from '../wire/packet.js';
import { fromHex, toHex } from '../wire/bytes.js';
import { Link } from './link.js';
import { LinkStatus, TeardownReason } from './constants.js';
import { ManualScheduler } from './scheduler.js';
import { signallingBytes } from './signalling.js';

interface LinkCase {
  name: string;
  inputs: Record<string, string | string[] | number> & { urandom: string[] };
  outputs: Record<string, unknown> & { parsed: Record<string, Record<string, unknown>> };
}
const file = JSON.parse(readFileSync(new URL('../../fixtures/vectors/link.json', import.meta.url), 'utf8')) as { cases: LinkCase[] };

const h = (v: unknown): Uint8Array => fromHex(v as string);

describe('link.json vectors', () => {
  it('has cases', () => expect(file.cases.length).toBeGreaterThan(0));

  for (const c of file.cases) {
    it(`${c.name}: reproduces the handshake and every link packet byte for byte`, () => {
      const o = c.outputs;
      const urandom = c.inputs.urandom.map((x) => fromHex(x));
      const random = (n: number): Uint8Array => {
        const next = urandom.shift();
        if (!next || next.length !== n) throw new Error(`unexpected random draw of ${n}`);
        return next;
      };
      const scheduler = new ManualScheduler(c.inputs.time as number);
      const toResponder: Packet[] = [];
      const toInitiator: Packet[] = [];
      const responderIdentity = Identity.fromPrivateBytes(h(c.inputs.responder_identity_private_key));
      expect(toHex(responderIdentity.publicKey)).toBe(o.responder_identity_public_key);
      const destHash = h(o.destination_hash);

      const initiator = Link.initiate(
        { send: (p) => toResponder.push(p), scheduler, random },
        { hash: destHash, identity: Identity.fromPublicBytes(responderIdentity.publicKey) },
        { mtu: 500, ephemeral: { x25519Private: h(c.inputs.initiator_ephemeral_x25519_private), ed25519Seed: h(c.inputs.initiator_ephemeral_ed25519_private) } },
      );
      expect(toHex(signallingBytes(500, 1))).toBe(o.mtu_signalling_bytes);
      const lr = toResponder.shift() as Packet;
      expect(toHex(lr.data)).toBe(o.link_request_data);
      expect(toHex(encodePacket(lr))).toBe(o.link_request_raw);
      expect(toHex(packetHash(encodePacket(lr)))).toBe(o.link_request_packet_hash);
      expect(toHex(initiator.linkId)).toBe(o.link_id);
      expect(initiator.status).toBe(LinkStatus.PENDING);

      let established = 0;
      const responder = Link.accept(
        { send: (p) => toInitiator.push(p), scheduler, random },
        { hash: destHash, identity: responderIdentity, proofStrategy: 'none' },
        decodePacket(fromHex(o.link_request_raw as string)),
        { maxMtu: null, ephemeralX25519Private: h(c.inputs.responder_ephemeral_x25519_private), callbacks: { established: () => established++ } },
      );
      expect(responder).not.toBeNull();
      if (!responder) return;
      expect(toHex(responder.linkId)).toBe(o.responder_link_id);
      expect(responder.status).toBe(o.responder_status_after_request);
      expect(toHex(responder.getDerivedKey() as Uint8Array)).toBe(o.responder_derived_key);
      const proof = toInitiator.shift() as Packet;
      expect(toHex(encodePacket(proof))).toBe(o.proof_raw);
      expect(toHex(proof.data)).toBe(o.proof_data);
      expect(responderIdentity.verify(h(o.proof_signature), h(o.proof_signed_data))).toBe(true);

      initiator.receive(proof);
      expect(initiator.status).toBe(o.initiator_status_after_proof);
      expect(toHex(initiator.getDerivedKey() as Uint8Array)).toBe(o.derived_key);
      expect(toHex((initiator.getDerivedKey() as Uint8Array).subarray(0, 32))).toBe(o.token_signing_key);
      expect(toHex((initiator.getDerivedKey() as Uint8Array).subarray(32))).toBe(o.token_encryption_key);
      expect(initiator.mtu).toBe(o.link_mtu);
      expect(initiator.mdu).toBe(o.link_mdu);
      const rtt = toResponder.shift() as Packet;
      expect(toHex(encodePacket(rtt))).toBe(o.rtt_packet_raw);
      expect(toHex(initiator.decrypt(rtt.data) as Uint8Array)).toBe(o.rtt_plaintext);

      responder.receive(rtt);
      expect(responder.status).toBe(o.responder_status_after_rtt);
      expect(established).toBe(1);
      expect(responder.mdu).toBe(o.link_mdu);

      initiator.send(h(c.inputs.initiator_message));
      const data = toResponder.shift() as Packet;
      expect(toHex(encodePacket(data))).toBe(o.data_initiator_to_responder_raw);
      const received: string[] = [];
      responder.callbacks.packet = (pt) => received.push(toHex(pt));
      responder.receive(data);
      expect(received).toEqual([o.data_initiator_to_responder_decrypted]);

      responder.send(h(c.inputs.responder_message));
      const back = toInitiator.shift() as Packet;
      expect(toHex(encodePacket(back))).toBe(o.data_responder_to_initiator_raw);
      expect(toHex(initiator.decrypt(back.data) as Uint8Array)).toBe(o.data_responder_to_initiator_decrypted);

      initiator.identify(Identity.fromPrivateBytes(h(c.inputs.identify_identity_private_key)));
      const ident = toResponder.shift() as Packet;
      expect(toHex(encodePacket(ident))).toBe(o.identify_raw);
      expect(toHex(responder.decrypt(ident.data) as Uint8Array)).toBe(o.identify_plaintext);
      responder.receive(ident);
      expect(toHex(responder.getRemoteIdentity()?.hash as Uint8Array)).toBe(o.responder_sees_remote_identity_hash);

      // The responder proves the initiator's data packet: explicit proof by the destination key.
      responder.prove(data);
      const linkProof = toInitiator.shift() as Packet;
      expect(toHex(encodePacket(linkProof))).toBe(o.link_packet_proof_raw);

      // With rtt 0 the keepalive interval is KEEPALIVE_MIN (5 s): the initiator's watchdog sends one.
      toResponder.length = 0;
      scheduler.advance(5);
      const keepalive = toResponder.find((p) => p.context === 0xfa);
      expect(keepalive && toHex(encodePacket(keepalive))).toBe(o.keepalive_raw);

      initiator.teardown();
      const close = toResponder.find((p) => p.context === 0xfc) as Packet;
      expect(toHex(encodePacket(close))).toBe(o.linkclose_raw);
      expect(toHex(responder.decrypt(close.data) as Uint8Array)).toBe(o.linkclose_plaintext);
      expect(initiator.status).toBe(LinkStatus.CLOSED);
      responder.receive(close);
      expect(responder.status).toBe(LinkStatus.CLOSED);
      expect(responder.teardownReason).toBe(TeardownReason.INITIATOR_CLOSED);
      expect(urandom).toHaveLength(0);

      // Every parsed packet in the vector decodes to the same fields and hashes.
      const raws: Record<string, string> = {
        link_request: o.link_request_raw as string,
        proof: o.proof_raw as string,
        rtt: o.rtt_packet_raw as string,
        data: o.data_initiator_to_responder_raw as string,
        identify: o.identify_raw as string,
        keepalive: o.keepalive_raw as string,
        link_packet_proof: o.link_packet_proof_raw as string,
        linkclose: o.linkclose_raw as string,
      };
      for (const [key, parsed] of Object.entries(o.parsed)) {
        const raw = fromHex(raws[key] as string);
        const p = decodePacket(raw);
        expect(p.destinationType).toBe(parsed.destination_type);
        expect(p.packetType).toBe(parsed.packet_type);
        expect(p.context).toBe(parsed.context);
        expect(toHex(hashablePart(raw))).toBe(parsed.hashable_part);
        expect(toHex(packetHash(raw))).toBe(parsed.packet_hash);
      }
    });
  }
});
