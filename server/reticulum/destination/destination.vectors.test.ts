// SPDX-License-Identifier: MIT
// Every case of destination.json and announce.json, byte for byte against the reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import { Identity, RatchetRing, ratchetPublicBytes } from '../identity/index.js';
import { decodePacket, encodePacket, packetHash } from '../wire/packet.js';
import {
  Destination,
  DestinationType,
  Direction,
  destinationHash,
  expandName,
  hashFromNameAndIdentity,
  nameHash,
  validateAnnouncePacket,
} from './index.js';

interface Case {
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  expected_valid?: boolean;
}
const load = (name: string): Case[] =>
  (JSON.parse(readFileSync(new URL(`../../fixtures/vectors/${name}`, import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const b = (h: unknown): Uint8Array => new Uint8Array(Buffer.from(String(h), 'hex'));
const hex = (u: Uint8Array | null): string | null => (u === null ? null : Buffer.from(u).toString('hex'));

describe('destination.json', () => {
  const cases = load('destination.json');
  it('has cases', () => expect(cases.length).toBe(16));
  for (const c of cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      const aspects = i.aspects as string[];
      const appName = String(i.app_name);
      const identity = i.identity_private_key === null ? null : Identity.fromPrivateBytes(b(i.identity_private_key));
      const type = { SINGLE: DestinationType.SINGLE, GROUP: DestinationType.GROUP, PLAIN: DestinationType.PLAIN }[String(i.type)];
      expect(type).toBeDefined();
      expect(expandName(null, appName, aspects)).toBe(o.name_without_identity);
      expect(expandName(identity, appName, aspects)).toBe(o.full_name);
      expect(hex(nameHash(appName, aspects))).toBe(o.name_hash);
      expect(hex(destinationHash(identity, appName, aspects))).toBe(o.destination_hash);
      expect(hex(destinationHash(identity?.hash ?? null, appName, aspects))).toBe(o.static_hash);
      expect(hex(destinationHash(null, appName, aspects))).toBe(o.identityless_hash);
      expect(hex(hashFromNameAndIdentity(String(o.name_without_identity), identity))).toBe(o.hash_from_name_and_identity);
      if (identity) expect(identity.hexHash).toBe(o.identity_hash);

      const dest = new Destination({ identity, direction: Direction.OUT, type: type as 0 | 1 | 2, appName, aspects });
      expect(hex(dest.hash)).toBe(o.destination_hash);
      expect(hex(dest.nameHash)).toBe(o.name_hash);
      expect(dest.name).toBe(o.full_name);
      if (i.group_key !== undefined) {
        dest.loadPrivateKey(b(i.group_key));
        const ct = dest.encrypt(b(i.group_plaintext), { iv: b((i.urandom as string[])[0]) });
        expect(hex(ct)).toBe(o.group_ciphertext);
        expect(hex(dest.decrypt(ct))).toBe(o.group_decrypted);
      }
    });
  }
});

// The typed rejection each corrupted announce must produce. Field-length failures are caught
// before the signature: the reference rejects them too (its signature slice comes up short).
const EXPECTED_REJECTION: Record<string, string> = {
  'invalid-flipped-signature-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-app-data-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-name-hash-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-random-hash-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-destination-hash-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-ed25519-public-key-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-app-data-appended': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-app-data-stripped': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-context-flag-set-without-ratchet': 'RNS_ERR_ANNOUNCE_TRUNCATED',
  'invalid-ratchet-announce-context-flag-cleared': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-flipped-ratchet-byte': 'RNS_ERR_ANNOUNCE_SIGNATURE',
  'invalid-truncated-signature': 'RNS_ERR_ANNOUNCE_TRUNCATED',
  'invalid-resigned-name-hash-mismatch': 'RNS_ERR_ANNOUNCE_DESTINATION',
  'invalid-foreign-key-claims-destination': 'RNS_ERR_ANNOUNCE_DESTINATION',
};

describe('announce.json', () => {
  const cases = load('announce.json');
  it('has cases', () => expect(cases.length).toBe(21));
  for (const c of cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      if (i.kind === 'validate') {
        expect(c.expected_valid).toBe(false);
        let caught: unknown;
        try {
          validateAnnouncePacket(decodePacket(b(i.raw)));
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(RnsError);
        expect((caught as RnsError).code).toBe(EXPECTED_REJECTION[c.name]);
        return;
      }
      const identity = Identity.fromPrivateBytes(b(i.identity_private_key));
      const dest = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: String(i.app_name), aspects: i.aspects as string[] });
      const ratchetPrivate = i.ratchet_private === null ? null : b(i.ratchet_private);
      if (ratchetPrivate) dest.enableRatchets(new RatchetRing());
      const packet = dest.announce({
        appData: i.app_data === null ? null : b(i.app_data),
        pathResponse: i.path_response === true,
        nowSeconds: Number(i.time),
        random: b((i.urandom as string[])[0]),
        ...(ratchetPrivate ? { generateRatchet: () => ratchetPrivate } : {}),
      });
      const raw = encodePacket(packet);
      expect(hex(raw)).toBe(o.raw);
      expect(hex(packet.data)).toBe(o.announce_data);
      expect(packet.contextFlag).toBe(o.context_flag === 1);
      expect(packet.context).toBe(o.context);
      expect(hex(packetHash(raw))).toBe(o.packet_hash);

      const v = validateAnnouncePacket(decodePacket(raw));
      expect(o.valid).toBe(true);
      expect(hex(v.destinationHash)).toBe(o.destination_hash);
      expect(hex(v.nameHash)).toBe(o.name_hash);
      expect(hex(v.publicKey)).toBe(o.public_key);
      expect(hex(v.randomHash)).toBe(o.random_hash);
      expect(v.emittedAt).toBe(o.random_hash_timestamp);
      expect(hex(v.signature)).toBe(o.signature);
      expect(hex(v.ratchet)).toBe(o.ratchet_public);
      if (ratchetPrivate) expect(hex(ratchetPublicBytes(ratchetPrivate))).toBe(o.ratchet_public);
      // Reference quirk: app_data is None unless the data exceeds 148 bytes (ratchet included).
      const expectedAppData = packet.data.length > 148 ? o.app_data : null;
      expect(hex(v.appData)).toBe(expectedAppData);
      expect(v.identity.hexHash).toBe(identity.hexHash);

      if (o.raw_header2 !== undefined) {
        const h2 = encodePacket({ ...packet, headerType: 2, propagationType: 1, transportId: b(i.header2_transport_id), hops: Number(i.header2_hops) });
        expect(hex(h2)).toBe(o.raw_header2);
        expect(hex(packetHash(h2))).toBe(o.packet_hash_header2);
        const v2 = validateAnnouncePacket(decodePacket(b(o.raw_header2)));
        expect(o.valid_header2).toBe(true);
        expect(hex(v2.destinationHash)).toBe(o.destination_hash);
        expect(hex(v2.ratchet)).toBe(o.ratchet_public);
      }
    });
  }
});
