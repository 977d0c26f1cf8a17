// SPDX-License-Identifier: MIT
// Every case of server/fixtures/vectors/packet.json (recorded from RNS 1.4.2).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Token, ed25519PublicFromSeed, ed25519Verify, sha256, truncatedHash } from '../crypto/index.js';
import { RnsArgumentError, RnsDecodeError } from '../errors.js';
import { Identity } from '../identity/index.js';
import { concatBytes, fromHex, toHex } from './bytes.js';
import { Context, DestinationType, PacketType } from './constants.js';
import type { Packet } from './packet.js';
import {
  decodePacket,
  encodePacket,
  hashablePart,
  insertTransportHeader,
  linkIdFromLinkRequest,
  packetHash,
  stripTransportHeader,
  truncatedPacketHash,
} from './packet.js';
import { decodeProof, encodeProof } from './proof.js';
import { isEncrypted } from './rules.js';

interface Parsed {
  flags: number;
  header_type: number;
  context_flag: number;
  transport_type: number;
  destination_type: number;
  packet_type: number;
  hops: number;
  transport_id: string | null;
  destination_hash: string;
  context: number;
  data: string;
  hashable_part: string;
  packet_hash: string;
  truncated_hash: string;
}
interface Case {
  name: string;
  inputs: Record<string, unknown> & { kind: string };
  outputs: Record<string, unknown> & { raw: string; parsed: Parsed | null; raw_header2?: string; parsed_header2?: Parsed };
}

const file = JSON.parse(readFileSync(new URL('../../fixtures/vectors/packet.json', import.meta.url), 'utf8')) as { cases: Case[] };
const str = (v: unknown): string => v as string;

function checkParsed(raw: Uint8Array, want: Parsed): void {
  const p = decodePacket(raw);
  expect(p.ifac).toBe(false);
  expect(p.headerType).toBe(want.header_type + 1);
  expect(p.contextFlag).toBe(want.context_flag === 1);
  expect(p.propagationType).toBe(want.transport_type);
  expect(p.destinationType).toBe(want.destination_type);
  expect(p.packetType).toBe(want.packet_type);
  expect(p.hops).toBe(want.hops);
  expect(p.transportId === null ? null : toHex(p.transportId)).toBe(want.transport_id);
  expect(toHex(p.destinationHash)).toBe(want.destination_hash);
  expect(p.context).toBe(want.context);
  expect(toHex(p.data)).toBe(want.data);
  expect(raw[0]).toBe(want.flags);
  expect(toHex(hashablePart(raw))).toBe(want.hashable_part);
  expect(toHex(packetHash(raw))).toBe(want.packet_hash);
  expect(toHex(truncatedPacketHash(raw))).toBe(want.truncated_hash);
  // encode(decode(raw)) is the identity.
  expect(toHex(encodePacket(p))).toBe(toHex(raw));
}

function destinationHash(appName: string, aspects: string[], identityHash: Uint8Array | null): string {
  const nameHash = sha256(new TextEncoder().encode([appName, ...aspects].join('.'))).slice(0, 10);
  return toHex(truncatedHash(identityHash ? concatBytes(nameHash, identityHash) : nameHash));
}

describe('packet.json', () => {
  it('has the cases this suite knows how to check', () => {
    expect(file.cases.length).toBe(11);
  });

  for (const c of file.cases) {
    it(c.name, () => {
      const raw = fromHex(c.outputs.raw);
      const { inputs, outputs } = c;
      if (outputs.parsed === null) {
        expect(() => decodePacket(raw)).toThrow(RnsDecodeError);
        expect(() => decodePacket(raw)).toThrow(/hop count/);
        return;
      }
      const parsed = outputs.parsed;
      checkParsed(raw, parsed);
      if (outputs.raw_header2 !== undefined && outputs.parsed_header2 !== undefined) {
        const raw2 = fromHex(outputs.raw_header2);
        checkParsed(raw2, outputs.parsed_header2);
        // Transport.outbound's HEADER_1 → HEADER_2 rewrite, and the last hop's strip back.
        expect(toHex(insertTransportHeader(raw, fromHex(str(inputs.header2_transport_id))))).toBe(outputs.raw_header2);
        expect(toHex(stripTransportHeader(raw2))).toBe(c.outputs.raw);
      }
      const p = decodePacket(raw);
      switch (inputs.kind) {
        case 'data_plain': {
          expect(parsed.destination_hash).toBe(destinationHash(str(inputs.app_name), inputs.aspects as string[], null));
          expect(toHex(p.data)).toBe(str(inputs.data));
          expect(isEncrypted(p)).toBe(false);
          break;
        }
        case 'data_single': {
          const id = Identity.fromPrivateBytes(fromHex(str(inputs.target_private_key)));
          expect(parsed.destination_hash).toBe(destinationHash(str(inputs.app_name), inputs.aspects as string[], id.hash));
          expect(isEncrypted(p)).toBe(true);
          expect(toHex(id.decrypt(p.data))).toBe(str(outputs.decrypted_by_destination));
          break;
        }
        case 'data_group': {
          const id = Identity.fromPrivateBytes(fromHex(str(inputs.identity_private_key)));
          expect(parsed.destination_hash).toBe(destinationHash(str(inputs.app_name), inputs.aspects as string[], id.hash));
          expect(isEncrypted(p)).toBe(true);
          expect(toHex(new Token(fromHex(str(inputs.group_key))).decrypt(p.data))).toBe(str(outputs.decrypted));
          break;
        }
        case 'linkrequest': {
          expect(p.packetType).toBe(PacketType.LINKREQUEST);
          expect(isEncrypted(p)).toBe(false);
          expect(toHex(linkIdFromLinkRequest(raw))).toBe(str(outputs.link_id));
          if (outputs.raw_header2 !== undefined) {
            expect(toHex(linkIdFromLinkRequest(fromHex(outputs.raw_header2)))).toBe(str(outputs.link_id_header2));
          }
          break;
        }
        case 'proof_explicit': {
          const proved = fromHex(str(inputs.proved_raw));
          const provedHash = packetHash(proved);
          expect(toHex(provedHash)).toBe(str(outputs.proved_packet_hash));
          expect(toHex(truncatedPacketHash(proved))).toBe(str(outputs.proof_destination_hash));
          expect(p.packetType).toBe(PacketType.PROOF);
          expect(isEncrypted(p)).toBe(false);
          const signature = fromHex(str(outputs.signature));
          const implicit = inputs.implicit === true;
          expect(toHex(encodeProof(provedHash, signature, implicit))).toBe(toHex(p.data));
          const proof = decodeProof(p.data);
          expect(proof.packetHash === null ? null : toHex(proof.packetHash)).toBe(implicit ? null : toHex(provedHash));
          const seed = fromHex(str(inputs.prover_private_key)).slice(32);
          expect(ed25519Verify(ed25519PublicFromSeed(seed), proof.signature, provedHash)).toBe(true);
          // Rebuilding the proof packet from its parts gives the recorded bytes.
          const rebuilt: Packet = {
            ifac: false,
            headerType: 1,
            contextFlag: false,
            propagationType: 0,
            destinationType: DestinationType.SINGLE,
            packetType: PacketType.PROOF,
            hops: Number(inputs.hops),
            transportId: null,
            destinationHash: truncatedPacketHash(proved),
            context: Context.NONE,
            data: encodeProof(provedHash, signature, implicit),
          };
          expect(toHex(encodePacket(rebuilt))).toBe(c.outputs.raw);
          break;
        }
        case 'parse':
          expect(toHex(p.data)).toBe(parsed.data);
          break;
        default:
          throw new Error(`unknown vector kind ${inputs.kind}`);
      }
    });
  }
});

describe('decodePacket limits', () => {
  const h1 = fromHex(file.cases[0]?.outputs.raw ?? '');
  it('rejects anything shorter than a header with RNS_ERR_TRUNCATED', () => {
    for (let n = 0; n < 19; n++) {
      expect(() => decodePacket(h1.slice(0, n))).toThrow(expect.objectContaining({ code: 'RNS_ERR_TRUNCATED' }));
    }
    // A HEADER_2 flag on a packet that cannot hold the transport id.
    const short2 = h1.slice(0, 34);
    short2[0] = 0x48;
    expect(() => decodePacket(short2)).toThrow(expect.objectContaining({ code: 'RNS_ERR_TRUNCATED' }));
  });
  it('accepts an empty data part, as Packet.unpack does', () => {
    expect(decodePacket(h1.slice(0, 19)).data.length).toBe(0);
  });
  it('rejects hops ≥ 128 and accepts 127', () => {
    const p = h1.slice();
    p[1] = 127;
    expect(decodePacket(p).hops).toBe(127);
    p[1] = 255;
    expect(() => decodePacket(p)).toThrow(expect.objectContaining({ code: 'RNS_ERR_PACKET_HOPS' }));
  });
  it('rejects oversized input before reading it', () => {
    expect(() => decodePacket(new Uint8Array(1024 * 1024 + 1))).toThrow(expect.objectContaining({ code: 'RNS_ERR_PACKET_TOO_LARGE' }));
  });
  it('reads the IFAC bit; the hashes are copies, the data a view of the raw tail', () => {
    const p = h1.slice();
    p[0] = (p[0] as number) | 0x80;
    const d = decodePacket(p);
    expect(d.ifac).toBe(true);
    p[5] = 0xaa;
    expect(d.destinationHash[3]).not.toBe(0xaa);
    expect(d.data.buffer).toBe(p.buffer);
    expect(d.data.byteOffset).toBe(p.length - d.data.length);
  });
});

describe('encodePacket argument checks', () => {
  const base: Packet = decodePacket(fromHex(file.cases[0]?.outputs.raw ?? ''));
  const bad: Array<[string, Partial<Packet>]> = [
    ['short destination hash', { destinationHash: new Uint8Array(15) }],
    ['HEADER_2 without transport id', { headerType: 2 }],
    ['HEADER_1 with transport id', { transportId: new Uint8Array(16) }],
    ['packet type 4', { packetType: 4 }],
    ['destination type 4', { destinationType: 4 }],
    ['propagation type 2 (does not fit the header bit)', { propagationType: 2 }],
    ['hops 256', { hops: 256 }],
    ['context 256', { context: 256 }],
  ];
  for (const [name, patch] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => encodePacket({ ...base, ...patch })).toThrow(RnsArgumentError);
    });
  }
});

describe('proof payloads', () => {
  it('rejects proofs that are neither 64 nor 96 bytes', () => {
    for (const n of [0, 63, 65, 95, 97]) {
      expect(() => decodeProof(new Uint8Array(n))).toThrow(expect.objectContaining({ code: 'RNS_ERR_PROOF_LENGTH' }));
    }
  });
});
