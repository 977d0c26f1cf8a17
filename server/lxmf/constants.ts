// SPDX-License-Identifier: MIT
// LXMF constants (LXMF/LXMessage.py class constants, LXMF/LXMF.py, LXMF/LXStamper.py; protocol §11.1,
// §11.4, §11.8, appendix B). Values are the reference's; names follow it so greps across both work.
import { ENCRYPTED_MDU, LINK_MDU, MDU } from '../reticulum/wire/index.js';

/** App name of every LXMF destination ("lxmf.delivery", "lxmf.propagation"). */
export const APP_NAME = 'lxmf';

/** LXMessage states. PAPER (0x05) is also used as a state after a paper message is generated. */
export const MessageState = {
  GENERATING: 0x00,
  OUTBOUND: 0x01,
  SENDING: 0x02,
  SENT: 0x04,
  PAPER: 0x05,
  DELIVERED: 0x08,
  REJECTED: 0xfd,
  CANCELLED: 0xfe,
  FAILED: 0xff,
} as const;
export type MessageStateValue = (typeof MessageState)[keyof typeof MessageState];

/** Delivery methods. */
export const Method = {
  UNKNOWN: 0x00,
  OPPORTUNISTIC: 0x01,
  DIRECT: 0x02,
  PROPAGATED: 0x03,
  PAPER: 0x05,
} as const;
export type MethodValue = (typeof Method)[keyof typeof Method];

/** How a message travels: one packet, a resource, or (paper) a URI/QR code. */
export const Representation = {
  UNKNOWN: 0x00,
  PACKET: 0x01,
  RESOURCE: 0x02,
  PAPER: 0x05,
} as const;
export type RepresentationValue = (typeof Representation)[keyof typeof Representation];

/** Why a signature could not be validated. */
export const UnverifiedReason = {
  SOURCE_UNKNOWN: 0x01,
  SIGNATURE_INVALID: 0x02,
} as const;
export type UnverifiedReasonValue = (typeof UnverifiedReason)[keyof typeof UnverifiedReason];

export const DESTINATION_LENGTH = 16;
export const SIGNATURE_LENGTH = 64;
export const TICKET_LENGTH = 16;
/** Full SHA-256: message ids and transient ids. */
export const MESSAGE_ID_LENGTH = 32;
/** Proof-of-work stamps are one SHA-256 long; ticket stamps are TICKET_LENGTH. */
export const STAMP_SIZE = 32;

// Ticket timing, seconds (LXMessage.TICKET_*).
/** A ticket is valid for 3 weeks… */
export const TICKET_EXPIRY = 21 * 24 * 60 * 60;
/** …inbound tickets are kept 5 more days for clock skew… */
export const TICKET_GRACE = 5 * 24 * 60 * 60;
/** …a new one is issued when less than 14 days are left… */
export const TICKET_RENEW = 14 * 24 * 60 * 60;
/** …and at most one ticket per day is sent to a destination. */
export const TICKET_INTERVAL = 1 * 24 * 60 * 60;
/** The stamp value credited to a message whose stamp is a valid ticket stamp. */
export const COST_TICKET = 0x100;

// Sizes (LXMessage.*). 16 + 16 + 64 + 8 timestamp + 8 msgpack structure.
export const TIMESTAMP_SIZE = 8;
export const STRUCT_OVERHEAD = 8;
export const LXMF_OVERHEAD = 2 * DESTINATION_LENGTH + SIGNATURE_LENGTH + TIMESTAMP_SIZE + STRUCT_OVERHEAD;
/** 383 + 8: the encrypted packet MDU with the timestamp allowance the reference adds. */
export const ENCRYPTED_PACKET_MDU = ENCRYPTED_MDU + TIMESTAMP_SIZE;
/** 295: largest content of an opportunistic message (the destination hash rides in the header). */
export const ENCRYPTED_PACKET_MAX_CONTENT = ENCRYPTED_PACKET_MDU - LXMF_OVERHEAD + DESTINATION_LENGTH;
/** 431: the static link MDU; used even on links with a larger negotiated MTU, as the reference does. */
export const LINK_PACKET_MDU = LINK_MDU;
/** 319: largest content of a DIRECT (or PROPAGATED upload) message sent as one link packet. */
export const LINK_PACKET_MAX_CONTENT = LINK_PACKET_MDU - LXMF_OVERHEAD;
/** 368: largest content of an unencrypted (PLAIN destination) opportunistic message. */
export const PLAIN_PACKET_MAX_CONTENT = MDU - LXMF_OVERHEAD + DESTINATION_LENGTH;

/** Paper messages: "lxm://" URIs that must fit a version-40 QR code at error correction L. */
export const URI_SCHEMA = 'lxm';
export const QR_MAX_STORAGE = 2953;
/** 2210: largest paper_packed (destination hash + ciphertext) that fits the QR code once base64-encoded. */
export const PAPER_MDU = Math.floor(((QR_MAX_STORAGE - (URI_SCHEMA.length + '://'.length)) * 6) / 8);

// Stamps (LXStamper.py).
/** HKDF expansion rounds of the workblock for message stamps (768 000 bytes). */
export const WORKBLOCK_EXPAND_ROUNDS = 3000;
/** …for propagation-node stamps (256 000 bytes). */
export const WORKBLOCK_EXPAND_ROUNDS_PN = 1000;
/** …for PN peering keys (6 400 bytes). */
export const WORKBLOCK_EXPAND_ROUNDS_PEERING = 25;

/** How long a recipient's announced stamp cost is remembered by senders (LXMRouter.STAMP_COST_EXPIRY, s). */
export const STAMP_COST_EXPIRY = 45 * 24 * 60 * 60;

/** Supported-functionality code in the delivery announce: bz2 compression of resources. */
export const SF_COMPRESSION = 0x00;

/** Propagation-node announce metadata keys (LXMF.PN_META_*). */
export const PnMeta = {
  VERSION: 0x00,
  NAME: 0x01,
  SYNC_STRATUM: 0x02,
  SYNC_THROTTLE: 0x03,
  AUTH_BAND: 0x04,
  UTIL_PRESSURE: 0x05,
  CUSTOM: 0xff,
} as const;
