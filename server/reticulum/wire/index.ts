// SPDX-License-Identifier: MIT
// Public surface of the wire codecs: packet header, msgpack, proofs, encryption rules, constants.
export * from './constants.js';
export type { Packet } from './packet.js';
export {
  encodePacket,
  decodePacket,
  packetHash,
  truncatedPacketHash,
  hashablePart,
  packFlags,
  linkIdFromLinkRequest,
  insertTransportHeader,
  stripTransportHeader,
} from './packet.js';
export type { MsgpackValue, MsgpackLimits } from './msgpack.js';
export { packMsgpack, unpackMsgpack, Float64, MsgpackExt } from './msgpack.js';
export type { ProofData } from './proof.js';
export { encodeProof, decodeProof } from './proof.js';
export type { EncryptionQuery } from './rules.js';
export { isAlwaysPlaintext, isEncrypted, wantsReceipt } from './rules.js';
export { toHex, fromHex, bytesEqual } from './bytes.js';
