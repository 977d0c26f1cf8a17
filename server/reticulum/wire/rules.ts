// SPDX-License-Identifier: MIT
// Which payloads Packet.pack encrypts (RNS/Packet.py :: pack; protocol brief §3.5). Pure predicates:
// the destination module does the encryption, Transport and links ask these questions.
import { Context, DestinationType, PacketType } from './constants.js';

/** The fields the encryption decision depends on. */
export interface EncryptionQuery {
  packetType: number;
  destinationType: number;
  context: number;
}

/**
 * True when the reference leaves the payload in the clear regardless of the destination:
 * announces, link requests, resource proofs, proofs to a LINK (link packet proofs and LRPROOF),
 * resource parts (the resource is encrypted as a whole), keepalives and cache requests.
 */
export function isAlwaysPlaintext(q: EncryptionQuery): boolean {
  if (q.packetType === PacketType.ANNOUNCE || q.packetType === PacketType.LINKREQUEST) return true;
  if (q.context === Context.LRPROOF) return true;
  if (q.packetType === PacketType.PROOF && (q.context === Context.RESOURCE_PRF || q.destinationType === DestinationType.LINK)) return true;
  return q.context === Context.RESOURCE || q.context === Context.KEEPALIVE || q.context === Context.CACHE_REQUEST;
}

/**
 * True when the payload is encrypted with the destination's method (SINGLE: ephemeral ECDH to the
 * identity/ratchet; GROUP: group Token; LINK: link Token). PLAIN never encrypts, and proofs to a
 * ProofDestination (SINGLE-typed, identity "encryption") are never encrypted either.
 */
export function isEncrypted(q: EncryptionQuery): boolean {
  if (isAlwaysPlaintext(q)) return false;
  if (q.destinationType === DestinationType.PLAIN) return false;
  // ProofDestination.encrypt is the identity function: a PROOF to a SINGLE address is clear text.
  if (q.packetType === PacketType.PROOF) return false;
  return true;
}

/**
 * Whether an outbound DATA packet gets a receipt (Transport.outbound): not PLAIN, and not a
 * link-control (0xFA..0xFF) or resource (0x01..0x07) context.
 */
export function wantsReceipt(q: EncryptionQuery): boolean {
  if (q.packetType !== PacketType.DATA || q.destinationType === DestinationType.PLAIN) return false;
  if (q.context >= Context.KEEPALIVE) return false;
  return !(q.context >= Context.RESOURCE && q.context <= Context.RESOURCE_RCL);
}
