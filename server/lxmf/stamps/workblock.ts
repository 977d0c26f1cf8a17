// SPDX-License-Identifier: MIT
// Stamp arithmetic on the calling thread (LXMF/LXStamper.py :: stamp_workblock, stamp_value,
// stamp_valid, validate_peering_key, validate_pn_stamp; LXMessage.validate_stamp; protocol §11.8).
//
//   workblock(material, rounds) = ‖_{n<rounds} HKDF(len=256, ikm=material, salt=SHA-256(material ‖ msgpack(n)))
//   valid(stamp, cost)          ⇔ int_be(SHA-256(workblock ‖ stamp)) ≤ 2^(256−cost)
//   value(stamp)                = leading zero bits of SHA-256(workblock ‖ stamp)
//
// A 3000-round workblock costs ~0.1–0.3 s of CPU, so the router should validate inbound stamps
// with StampWorkerPool.validate (off the event loop); these synchronous forms are for tests,
// peering keys (25 rounds) and tools.
import { concatBytes, constantTimeEqual, hkdf, sha256, truncatedHash } from '../../reticulum/crypto/index.js';
import { packMsgpack } from '../../reticulum/wire/index.js';
import {
  COST_TICKET,
  MESSAGE_ID_LENGTH,
  TICKET_LENGTH,
  WORKBLOCK_EXPAND_ROUNDS,
  WORKBLOCK_EXPAND_ROUNDS_PEERING,
  WORKBLOCK_EXPAND_ROUNDS_PN,
} from '../constants.js';
import { splitPropagationStamp } from '../delivery.js';
import { LxmfArgumentError } from '../errors.js';

/** Largest meaningful cost: a SHA-256 has 256 bits. */
export const MAX_STAMP_COST = 256;

/** Throws LxmfArgumentError `LXMF_ERR_BAD_COST` unless 0 ≤ cost ≤ 256 (Python fails on a negative shift). */
export function checkCost(cost: number): void {
  if (!Number.isInteger(cost) || cost < 0 || cost > MAX_STAMP_COST) {
    throw new LxmfArgumentError('LXMF_ERR_BAD_COST', `stamp cost must be an integer 0..${MAX_STAMP_COST}, got ${cost}`);
  }
}

/** The workblock for `material` (message id, transient id or peering id). */
export function stampWorkblock(material: Uint8Array, expandRounds: number = WORKBLOCK_EXPAND_ROUNDS): Uint8Array {
  if (!Number.isSafeInteger(expandRounds) || expandRounds < 1) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'expand rounds must be ≥ 1');
  const out = new Uint8Array(expandRounds * 256);
  for (let n = 0; n < expandRounds; n++) {
    const salt = sha256(concatBytes(material, packMsgpack(n)));
    out.set(hkdf({ length: 256, deriveFrom: material, salt, context: null }), n * 256);
  }
  return out;
}

/** Leading zero bits of a 32-byte digest (0..256). */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** int_be(digest) ≤ 2^(256−cost), exactly as stamp_valid compares. */
export function meetsCost(digest: Uint8Array, cost: number): boolean {
  checkCost(cost);
  const zeros = leadingZeroBits(digest);
  if (zeros >= cost) return true;
  if (zeros !== cost - 1) return false;
  // Exactly 2^(256−cost): a single bit set.
  let ones = 0;
  for (const byte of digest) ones += popcount(byte);
  return ones === 1;
}

function popcount(b: number): number {
  let n = 0;
  for (let v = b; v; v &= v - 1) n++;
  return n;
}

/** stamp_value: leading zero bits of SHA-256(workblock ‖ stamp). */
export function stampValue(workblock: Uint8Array, stamp: Uint8Array): number {
  return leadingZeroBits(sha256(concatBytes(workblock, stamp)));
}

/** stamp_valid. */
export function stampValid(stamp: Uint8Array, cost: number, workblock: Uint8Array): boolean {
  return meetsCost(sha256(concatBytes(workblock, stamp)), cost);
}

/** A ticket stamp: TH(ticket ‖ message_id), 16 bytes, no proof-of-work (LXMessage.get_stamp). */
export function ticketStamp(ticket: Uint8Array, messageId: Uint8Array): Uint8Array {
  if (ticket.length !== TICKET_LENGTH) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', `a ticket is ${TICKET_LENGTH} bytes`);
  return truncatedHash(concatBytes(ticket, messageId));
}

/** Result of a stamp check: `value` is COST_TICKET (256) for a ticket stamp, null when invalid. */
export interface StampCheck {
  valid: boolean;
  value: number | null;
  /** True when one of the inbound tickets matched. */
  byTicket: boolean;
}

/**
 * The ticket half of LXMessage.validate_stamp: a stamp equal to TH(ticket ‖ message_id) for one of
 * the sender's unexpired inbound tickets. Cheap; try it before any proof-of-work check.
 */
export function matchTicketStamp(stamp: Uint8Array | null, messageId: Uint8Array, tickets: Iterable<Uint8Array>): boolean {
  if (!stamp || stamp.length !== TICKET_LENGTH) return false;
  for (const ticket of tickets) {
    if (ticket.length === TICKET_LENGTH && constantTimeEqual(stamp, ticketStamp(ticket, messageId))) return true;
  }
  return false;
}

/**
 * LXMessage.validate_stamp on this thread: tickets first, then proof-of-work against `cost`.
 * A stamp of the wrong type or length is simply invalid.
 */
export function validateMessageStamp(stamp: Uint8Array | null, messageId: Uint8Array, cost: number, tickets: Iterable<Uint8Array> = []): StampCheck {
  checkCost(cost);
  if (matchTicketStamp(stamp, messageId, tickets)) return { valid: true, value: COST_TICKET, byTicket: true };
  if (!stamp || messageId.length !== MESSAGE_ID_LENGTH) return { valid: false, value: null, byTicket: false };
  const digest = sha256(concatBytes(stampWorkblock(messageId), stamp));
  return meetsCost(digest, cost) ? { valid: true, value: leadingZeroBits(digest), byTicket: false } : { valid: false, value: null, byTicket: false };
}

/** A propagation entry whose stamp was accepted. */
export interface ValidatedPnEntry {
  transientId: Uint8Array;
  lxmfData: Uint8Array;
  value: number;
  stamp: Uint8Array;
}

/** LXStamper.validate_pn_stamp: the entry's trailing 32-byte stamp against its transient id. */
export function validatePnStamp(entry: Uint8Array, cost: number): ValidatedPnEntry | null {
  checkCost(cost);
  const parts = splitPropagationStamp(entry);
  if (!parts) return null;
  const workblock = stampWorkblock(parts.transientId, WORKBLOCK_EXPAND_ROUNDS_PN);
  const digest = sha256(concatBytes(workblock, parts.stamp));
  if (!meetsCost(digest, cost)) return null;
  return { transientId: parts.transientId, lxmfData: parts.lxmfData.slice(), value: leadingZeroBits(digest), stamp: parts.stamp.slice() };
}

/** The material of a PN peering key: receiver identity hash ‖ offerer identity hash. */
export function peeringId(receiverIdentityHash: Uint8Array, offererIdentityHash: Uint8Array): Uint8Array {
  return concatBytes(receiverIdentityHash, offererIdentityHash);
}

/** LXStamper.validate_peering_key (25-round workblock). */
export function validatePeeringKey(peeringIdBytes: Uint8Array, peeringKey: Uint8Array, cost: number): boolean {
  return stampValid(peeringKey, cost, stampWorkblock(peeringIdBytes, WORKBLOCK_EXPAND_ROUNDS_PEERING));
}
