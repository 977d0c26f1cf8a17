// SPDX-License-Identifier: MIT
// Wire constants of RNS 1.4.2 (RNS/Packet.py, RNS/Reticulum.py, RNS/Transport.py class constants).
// Protocol brief §3 and appendix B.

/** Packet types (2 bits, flags bits 1..0). */
export const PacketType = {
  DATA: 0x00,
  ANNOUNCE: 0x01,
  LINKREQUEST: 0x02,
  PROOF: 0x03,
} as const;
export type PacketTypeValue = (typeof PacketType)[keyof typeof PacketType];

/** Destination types (2 bits, flags bits 3..2). */
export const DestinationType = {
  SINGLE: 0x00,
  GROUP: 0x01,
  PLAIN: 0x02,
  LINK: 0x03,
} as const;
export type DestinationTypeValue = (typeof DestinationType)[keyof typeof DestinationType];

/**
 * Propagation ("transport") types. Only BROADCAST and TRANSPORT fit the 1-bit header field;
 * RELAY and TUNNEL exist in the reference as constants but never reach the wire.
 */
export const PropagationType = {
  BROADCAST: 0x00,
  TRANSPORT: 0x01,
  RELAY: 0x02,
  TUNNEL: 0x03,
} as const;

/** Header types as the `Packet.headerType` field spells them (the wire bit is headerType − 1). */
export const HeaderType = {
  HEADER_1: 1,
  HEADER_2: 2,
} as const;

/** Context byte values: the complete list of RNS.Packet constants (§3.3). */
export const Context = {
  NONE: 0x00,
  RESOURCE: 0x01,
  RESOURCE_ADV: 0x02,
  RESOURCE_REQ: 0x03,
  RESOURCE_HMU: 0x04,
  RESOURCE_PRF: 0x05,
  RESOURCE_ICL: 0x06,
  RESOURCE_RCL: 0x07,
  CACHE_REQUEST: 0x08,
  REQUEST: 0x09,
  RESPONSE: 0x0a,
  PATH_RESPONSE: 0x0b,
  COMMAND: 0x0c,
  COMMAND_STATUS: 0x0d,
  CHANNEL: 0x0e,
  KEEPALIVE: 0xfa,
  LINKIDENTIFY: 0xfb,
  LINKCLOSE: 0xfc,
  LINKPROOF: 0xfd,
  LRRTT: 0xfe,
  LRPROOF: 0xff,
} as const;
export type ContextValue = (typeof Context)[keyof typeof Context];

/** Link MTU signalling bytes appended to LINKREQUEST / LRPROOF data (RNS.Link.LINK_MTU_SIZE). */
export const LINK_MTU_SIZE = 3;
/** X25519 + Ed25519 public keys carried by a link request (RNS.Link.ECPUBSIZE). */
export const LINK_ECPUBSIZE = 64;

/** Default network MTU in bytes (RNS.Reticulum.MTU). */
export const MTU = 500;
/** Destination / identity / link-id / truncated-hash length in bytes (TRUNCATED_HASHLENGTH/8). */
export const TRUNCATED_HASH_LENGTH = 16;
/** Full SHA-256 length in bytes (packet hashes, message ids). */
export const HASH_LENGTH = 32;
/** IFAC_MIN_SIZE: the MDU figures reserve one IFAC byte. */
export const IFAC_MIN_SIZE = 1;
/** flags + hops + destination hash + context. */
export const HEADER_MINSIZE = 2 + 1 + TRUNCATED_HASH_LENGTH;
/** flags + hops + transport id + destination hash + context. */
export const HEADER_MAXSIZE = 2 + 1 + 2 * TRUNCATED_HASH_LENGTH;
/** Plain payload limit (RNS.Reticulum.MDU = 464), also Packet.PLAIN_MDU. */
export const MDU = MTU - HEADER_MAXSIZE - IFAC_MIN_SIZE;
/** Token overhead: IV(16) + HMAC(32) (RNS.Identity.TOKEN_OVERHEAD). */
export const TOKEN_OVERHEAD = 48;
/** Maximum plaintext of one packet to a SINGLE destination (Packet.ENCRYPTED_MDU = 383). */
export const ENCRYPTED_MDU = Math.floor((MDU - TOKEN_OVERHEAD - 32) / 16) * 16 - 1;
/** Static link MDU at MTU 500 (Link.MDU = 431). */
export const LINK_MDU = Math.floor((MTU - IFAC_MIN_SIZE - HEADER_MINSIZE - TOKEN_OVERHEAD) / 16) * 16 - 1;
/**
 * Largest packet the decoder accepts: the largest hardware MTU among the reference interfaces
 * (BackboneInterface, 1 MiB). Links may negotiate MTUs far above 500, so 500 cannot be the limit.
 */
export const MAX_PACKET_SIZE = 1024 * 1024;

/** Hop limit: packets with hops ≥ PATHFINDER_M are rejected on unpack (Transport.PATHFINDER_M). */
export const PATHFINDER_M = 128;

/** Ed25519 signature length. */
export const SIGNATURE_LENGTH = 64;
/** Implicit proof: signature only (the RNS default, use_implicit_proof = True). */
export const IMPLICIT_PROOF_LENGTH = SIGNATURE_LENGTH;
/** Explicit proof: packet hash(32) || signature(64). Links always use it. */
export const EXPLICIT_PROOF_LENGTH = HASH_LENGTH + SIGNATURE_LENGTH;
