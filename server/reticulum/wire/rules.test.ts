// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { Context as C, DestinationType as D, PacketType as P } from './constants.js';
import { isEncrypted, wantsReceipt } from './rules.js';

describe('encryption rules (Packet.pack)', () => {
  const table: Array<[string, number, number, number, boolean]> = [
    ['SINGLE data', P.DATA, D.SINGLE, C.NONE, true],
    ['GROUP data', P.DATA, D.GROUP, C.NONE, true],
    ['LINK data', P.DATA, D.LINK, C.NONE, true],
    ['LINK request (context REQUEST)', P.DATA, D.LINK, C.REQUEST, true],
    ['LRRTT on a link', P.DATA, D.LINK, C.LRRTT, true],
    ['PLAIN data', P.DATA, D.PLAIN, C.NONE, false],
    ['announce', P.ANNOUNCE, D.SINGLE, C.NONE, false],
    ['path response announce', P.ANNOUNCE, D.SINGLE, C.PATH_RESPONSE, false],
    ['link request', P.LINKREQUEST, D.SINGLE, C.NONE, false],
    ['resource proof', P.PROOF, D.LINK, C.RESOURCE_PRF, false],
    ['link packet proof', P.PROOF, D.LINK, C.NONE, false],
    ['LRPROOF', P.PROOF, D.LINK, C.LRPROOF, false],
    ['proof to a ProofDestination', P.PROOF, D.SINGLE, C.NONE, false],
    ['resource part', P.DATA, D.LINK, C.RESOURCE, false],
    ['keepalive', P.DATA, D.LINK, C.KEEPALIVE, false],
    ['cache request', P.DATA, D.SINGLE, C.CACHE_REQUEST, false],
  ];
  for (const [name, packetType, destinationType, context, want] of table) {
    it(`${name}: ${want ? 'encrypted' : 'clear'}`, () => {
      expect(isEncrypted({ packetType, destinationType, context })).toBe(want);
    });
  }
});

describe('receipt rule (Transport.outbound)', () => {
  it('only non-PLAIN DATA outside link-control and resource contexts gets a receipt', () => {
    expect(wantsReceipt({ packetType: P.DATA, destinationType: D.SINGLE, context: C.NONE })).toBe(true);
    expect(wantsReceipt({ packetType: P.DATA, destinationType: D.LINK, context: C.REQUEST })).toBe(true);
    expect(wantsReceipt({ packetType: P.DATA, destinationType: D.PLAIN, context: C.NONE })).toBe(false);
    expect(wantsReceipt({ packetType: P.DATA, destinationType: D.LINK, context: C.KEEPALIVE })).toBe(false);
    expect(wantsReceipt({ packetType: P.DATA, destinationType: D.LINK, context: C.RESOURCE_RCL })).toBe(false);
    expect(wantsReceipt({ packetType: P.PROOF, destinationType: D.SINGLE, context: C.NONE })).toBe(false);
  });
});

describe('size constants (RNS 1.4.2)', () => {
  it('derive the reference MDU figures', async () => {
    const c = await import('./constants.js');
    expect([c.MTU, c.HEADER_MINSIZE, c.HEADER_MAXSIZE, c.MDU, c.ENCRYPTED_MDU, c.LINK_MDU]).toEqual([500, 19, 35, 464, 383, 431]);
    expect([c.TRUNCATED_HASH_LENGTH, c.IMPLICIT_PROOF_LENGTH, c.EXPLICIT_PROOF_LENGTH, c.PATHFINDER_M]).toEqual([16, 64, 96, 128]);
    expect(Object.keys(c.Context)).toHaveLength(21);
  });
});
