// SPDX-License-Identifier: MIT
// Delivery forms and method selection (LXMF/LXMessage.py :: pack (method part), __as_packet;
// LXMF/LXMRouter.py :: delivery_packet, lxmf_propagation; protocol §11.4, §11.5, gotcha §12.12).
// Pure functions: the router owns links, packets and retries; this file owns the bytes and sizes.
//
//   OPPORTUNISTIC  packet plaintext = packed[16:] (the header carries the destination hash)
//   DIRECT         link packet or resource data = packed (all of it)
//   PROPAGATED     lxmf_data = dest || encrypt(packed[16:]); transient_id = SHA-256(lxmf_data);
//                  upload = msgpack([f64 now, [lxmf_data || propagation_stamp?]])
//   PAPER          paper_packed = dest || encrypt(packed[16:]); URI in paper.ts
import { concatBytes, sha256 } from '../reticulum/crypto/index.js';
import { Float64, packMsgpack, unpackMsgpack } from '../reticulum/wire/index.js';
import {
  DESTINATION_LENGTH,
  ENCRYPTED_PACKET_MAX_CONTENT,
  LINK_PACKET_MAX_CONTENT,
  LXMF_OVERHEAD,
  Method,
  PAPER_MDU,
  PLAIN_PACKET_MAX_CONTENT,
  Representation,
  STAMP_SIZE,
} from './constants.js';
import type { MethodValue, RepresentationValue } from './constants.js';
import { LxmfArgumentError, LxmfDecodeError } from './errors.js';

/** Encrypts to the recipient's lxmf.delivery (Destination.encrypt: identity key or latest ratchet). */
export type EncryptToRecipient = (plaintext: Uint8Array) => Uint8Array;

/** What {@link planDelivery} decided. */
export interface DeliveryPlan {
  method: MethodValue;
  representation: RepresentationValue;
  /** True when OPPORTUNISTIC was asked for but the message is too large (falls back to DIRECT). */
  fellBack: boolean;
}

/** Inputs of {@link planDelivery}. */
export interface PlanInput {
  /** null/undefined means "no preference": DIRECT, as the reference. */
  desiredMethod?: MethodValue | null;
  /** LXMessage.contentSize (with the stamp attached, if any). */
  contentSize: number;
  /** Recipient destination type for OPPORTUNISTIC: 'single' (default) or 'plain'. */
  destinationType?: 'single' | 'plain';
  /** PROPAGATED: length of the upload (propagation_packed). */
  propagationPackedSize?: number;
  /** PAPER: length of paper_packed. */
  paperPackedSize?: number;
}

/**
 * Chooses method and representation as LXMessage.pack does.
 * - OPPORTUNISTIC to SINGLE over 295 bytes of content silently becomes DIRECT; to PLAIN over 368 fails.
 * - DIRECT: one link packet up to 319 bytes of content (the static link MDU), else a resource.
 * - PROPAGATED: packet if the upload is ≤ 319 bytes, else a resource.
 * - PAPER: fails over 2210 bytes of paper_packed.
 * @throws LxmfArgumentError `LXMF_ERR_TOO_LARGE` (opportunistic PLAIN or paper over the limit),
 *   `LXMF_ERR_BAD_ARGUMENT` (unknown method, missing size).
 */
export function planDelivery(input: PlanInput): DeliveryPlan {
  const desired = input.desiredMethod ?? Method.DIRECT;
  const { contentSize } = input;
  switch (desired) {
    case Method.OPPORTUNISTIC: {
      if (input.destinationType === 'plain') {
        if (contentSize > PLAIN_PACKET_MAX_CONTENT) {
          throw new LxmfArgumentError('LXMF_ERR_TOO_LARGE', `content of ${contentSize} bytes exceeds the plain packet limit of ${PLAIN_PACKET_MAX_CONTENT}`);
        }
        return { method: Method.OPPORTUNISTIC, representation: Representation.PACKET, fellBack: false };
      }
      if (contentSize > ENCRYPTED_PACKET_MAX_CONTENT) return directPlan(contentSize, true);
      return { method: Method.OPPORTUNISTIC, representation: Representation.PACKET, fellBack: false };
    }
    case Method.DIRECT:
      return directPlan(contentSize, false);
    case Method.PROPAGATED: {
      const size = requireSize(input.propagationPackedSize, 'propagationPackedSize');
      const representation = size <= LINK_PACKET_MAX_CONTENT ? Representation.PACKET : Representation.RESOURCE;
      return { method: Method.PROPAGATED, representation, fellBack: false };
    }
    case Method.PAPER: {
      const size = requireSize(input.paperPackedSize, 'paperPackedSize');
      if (size > PAPER_MDU) throw new LxmfArgumentError('LXMF_ERR_TOO_LARGE', `paper message of ${size} bytes exceeds ${PAPER_MDU}`);
      return { method: Method.PAPER, representation: Representation.PAPER, fellBack: false };
    }
    default:
      throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', `unknown delivery method ${String(desired)}`);
  }
}

function directPlan(contentSize: number, fellBack: boolean): DeliveryPlan {
  return {
    method: Method.DIRECT,
    representation: contentSize <= LINK_PACKET_MAX_CONTENT ? Representation.PACKET : Representation.RESOURCE,
    fellBack,
  };
}

function requireSize(size: number | undefined, name: string): number {
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', `${name} is required`);
  return size;
}

/** The plaintext of an opportunistic packet: packed without its destination hash. */
export function opportunisticPlaintext(packed: Uint8Array): Uint8Array {
  return packed.subarray(DESTINATION_LENGTH);
}

/** The receiver side of {@link opportunisticPlaintext}: re-prepends the packet's destination hash. */
export function packedFromOpportunistic(destinationHash: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return concatBytes(destinationHash, plaintext);
}

/** dest || encrypt(packed[16:]): the propagated and paper container (a PN stores this). */
export function encryptedContainer(packed: Uint8Array, encrypt: EncryptToRecipient): Uint8Array {
  if (packed.length <= DESTINATION_LENGTH) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'packed message too short');
  return concatBytes(packed.subarray(0, DESTINATION_LENGTH), encrypt(packed.subarray(DESTINATION_LENGTH)));
}

/** transient_id = SHA-256(lxmf_data), always over the data without a propagation stamp. */
export function transientId(lxmfData: Uint8Array): Uint8Array {
  return sha256(lxmfData);
}

/** A PROPAGATED message ready to upload to a propagation node. */
export interface PropagatedForm {
  /** dest || ciphertext, without stamp. */
  lxmfData: Uint8Array;
  transientId: Uint8Array;
  /** msgpack([f64 timestamp, [lxmf_data || stamp?]]): what the link packet or resource carries. */
  propagationPacked: Uint8Array;
  representation: RepresentationValue;
}

/**
 * Builds the PN upload (LXMessage.pack, PROPAGATED branch). Encrypt once and keep `lxmfData` to
 * rebuild with a stamp later via {@link propagationPack}: the transient id must not change.
 */
export function buildPropagated(packed: Uint8Array, encrypt: EncryptToRecipient, opts: { propagationStamp?: Uint8Array | null; timestamp?: number } = {}): PropagatedForm {
  const lxmfData = encryptedContainer(packed, encrypt);
  const propagationPacked = propagationPack([withStamp(lxmfData, opts.propagationStamp ?? null)], opts.timestamp);
  const { representation } = planDelivery({ desiredMethod: Method.PROPAGATED, contentSize: 0, propagationPackedSize: propagationPacked.length });
  return { lxmfData, transientId: transientId(lxmfData), propagationPacked, representation };
}

/** lxmf_data || stamp (propagation stamps are appended raw). */
export function withStamp(lxmfData: Uint8Array, stamp: Uint8Array | null): Uint8Array {
  return stamp ? concatBytes(lxmfData, stamp) : lxmfData;
}

/** msgpack([f64 timestamp (default now), [entries...]]): PN uploads and PN↔PN transfers. */
export function propagationPack(entries: Uint8Array[], timestamp: number = Date.now() / 1000): Uint8Array {
  return packMsgpack([new Float64(timestamp), entries]);
}

/**
 * Parses a PN upload / peer transfer. Entries that are not bytes are refused (the reference would
 * fail on them while validating stamps).
 * @throws LxmfDecodeError `LXMF_ERR_BAD_PROPAGATION`.
 */
export function unpackPropagation(bytes: Uint8Array): { timestamp: number; entries: Uint8Array[] } {
  let v: ReturnType<typeof unpackMsgpack>;
  try {
    v = unpackMsgpack(bytes);
  } catch (cause) {
    throw new LxmfDecodeError('LXMF_ERR_BAD_PROPAGATION', 'propagation data is not valid msgpack', { cause });
  }
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || !Array.isArray(v[1])) {
    throw new LxmfDecodeError('LXMF_ERR_BAD_PROPAGATION', 'propagation data must be [timestamp, [messages]]');
  }
  const entries = v[1];
  if (!entries.every((e): e is Uint8Array => e instanceof Uint8Array)) {
    throw new LxmfDecodeError('LXMF_ERR_BAD_PROPAGATION', 'propagation entries must be bytes');
  }
  return { timestamp: v[0], entries };
}

/**
 * Splits a stored/uploaded entry into lxmf_data and its trailing 32-byte propagation stamp
 * (LXStamper.validate_pn_stamp). Null when the entry is too short to carry both.
 */
export function splitPropagationStamp(entry: Uint8Array): { lxmfData: Uint8Array; stamp: Uint8Array; transientId: Uint8Array } | null {
  if (entry.length <= LXMF_OVERHEAD + STAMP_SIZE) return null;
  const lxmfData = entry.subarray(0, entry.length - STAMP_SIZE);
  return { lxmfData, stamp: entry.subarray(entry.length - STAMP_SIZE), transientId: transientId(lxmfData) };
}

/**
 * The receiver side of PROPAGATED and PAPER (LXMRouter.lxmf_propagation): checks the minimum
 * size, splits the destination hash and returns the full packed message after `decrypt`.
 * @throws LxmfDecodeError `LXMF_ERR_TRUNCATED`; whatever `decrypt` throws for a wrong key.
 */
export function openEncryptedContainer(lxmfData: Uint8Array, decrypt: (ciphertext: Uint8Array) => Uint8Array): { destinationHash: Uint8Array; transientId: Uint8Array; packed: Uint8Array } {
  if (lxmfData.length < LXMF_OVERHEAD) throw new LxmfDecodeError('LXMF_ERR_TRUNCATED', `LXMF container of ${lxmfData.length} bytes is too short`);
  const destinationHash = lxmfData.subarray(0, DESTINATION_LENGTH);
  const plaintext = decrypt(lxmfData.subarray(DESTINATION_LENGTH));
  return { destinationHash: destinationHash.slice(), transientId: transientId(lxmfData), packed: concatBytes(destinationHash, plaintext) };
}
