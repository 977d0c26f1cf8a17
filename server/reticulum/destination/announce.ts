// SPDX-License-Identifier: MIT
// Announces (RNS/Destination.py :: announce; RNS/Identity.py :: validate_announce; protocol §5.1–5.2).
//
// data = public_blob(64) || name_hash(10) || random_hash(10) [|| ratchet_pub(32)] || signature(64) || app_data
// signed = destination_hash || public_blob || name_hash || random_hash || ratchet || app_data
//
// The ratchet's presence is signalled only by the packet's context flag, so the flag is part of
// the parse: the same bytes mean different fields with and without it (and the signature binds
// the ratchet, so flipping the flag always invalidates the announce).
import { RnsArgumentError, RnsCryptoError, RnsDecodeError, RnsError } from '../errors.js';
import { concatBytes, truncatedHash } from '../crypto/index.js';
import { IDENTITY_KEY_SIZE, Identity, NAME_HASH_LENGTH, RATCHET_SIZE, SIGNATURE_LENGTH, randomHash } from '../identity/index.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';

/** Length of the announce random hash: 5 random bytes || 5-byte big-endian emission time. */
export const RANDOM_HASH_LENGTH = 10;
/** Announce data without ratchet and app data: 64 + 10 + 10 + 64 = 148 bytes. */
export const ANNOUNCE_MIN_LENGTH = IDENTITY_KEY_SIZE + NAME_HASH_LENGTH + RANDOM_HASH_LENGTH + SIGNATURE_LENGTH;

/**
 * The announce random hash: TH(16 random bytes)[0:5] || int(now).to_bytes(5, "big"). The time
 * half lets transport nodes order announces ("emission timebase", Transport.announce_emitted).
 * `random` (16 bytes) and `nowSeconds` are injectable to reproduce reference vectors.
 */
export function makeAnnounceRandomHash(opts: { random?: Uint8Array; nowSeconds?: number } = {}): Uint8Array {
  const out = new Uint8Array(RANDOM_HASH_LENGTH);
  out.set(randomHash(opts.random).subarray(0, 5), 0);
  const seconds = Math.floor(opts.nowSeconds ?? Date.now() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds >= 2 ** 40) {
    throw new RnsArgumentError('RNS_ERR_BAD_ARGUMENT', `announce time ${seconds} does not fit 5 bytes`);
  }
  let t = seconds;
  for (let i = RANDOM_HASH_LENGTH - 1; i >= 5; i--) {
    out[i] = t % 256;
    t = Math.floor(t / 256);
  }
  return out;
}

/** The emission time (Unix seconds) carried in bytes 5..9 of an announce random hash. */
export function announceEmittedAt(randomHashBytes: Uint8Array): number {
  let t = 0;
  for (let i = 5; i < RANDOM_HASH_LENGTH; i++) t = t * 256 + (randomHashBytes[i] ?? 0);
  return t;
}

/** Inputs of {@link buildAnnouncePayload}. */
export interface AnnouncePayloadInput {
  /** Must hold its private key (it signs). */
  identity: Identity;
  destinationHash: Uint8Array;
  nameHash: Uint8Array;
  randomHash: Uint8Array;
  /** Ratchet public key (32 bytes) to include, or null. */
  ratchet?: Uint8Array | null;
  appData?: Uint8Array | null;
}

/** A built announce: the packet data, plus what was signed (useful for logging and tests). */
export interface AnnouncePayload {
  data: Uint8Array;
  signedData: Uint8Array;
  signature: Uint8Array;
  /** Whether the packet carrying `data` must set the context flag (a ratchet is included). */
  contextFlag: boolean;
}

/**
 * Builds and signs announce data.
 * @throws RnsArgumentError on wrong field lengths or an identity without private key.
 */
export function buildAnnouncePayload(input: AnnouncePayloadInput): AnnouncePayload {
  const ratchet = input.ratchet ?? new Uint8Array(0);
  const appData = input.appData ?? new Uint8Array(0);
  checkLength(input.destinationHash, 16, 'destination hash');
  checkLength(input.nameHash, NAME_HASH_LENGTH, 'name hash');
  checkLength(input.randomHash, RANDOM_HASH_LENGTH, 'random hash');
  if (ratchet.length !== 0) checkLength(ratchet, RATCHET_SIZE, 'ratchet');
  const publicKey = input.identity.publicKey;
  const signedData = concatBytes(input.destinationHash, publicKey, input.nameHash, input.randomHash, ratchet, appData);
  const signature = input.identity.sign(signedData);
  const data = concatBytes(publicKey, input.nameHash, input.randomHash, ratchet, signature, appData);
  return { data, signedData, signature, contextFlag: ratchet.length > 0 };
}

/**
 * The packet fields of an announce as an endpoint originates it: HEADER_1, broadcast, SINGLE,
 * hops 0, context NONE or PATH_RESPONSE, context flag iff a ratchet is included.
 */
export function announcePacket(destinationHash: Uint8Array, payload: AnnouncePayload, pathResponse = false): Packet {
  return {
    ifac: false,
    headerType: 1,
    contextFlag: payload.contextFlag,
    propagationType: 0,
    destinationType: DestinationType.SINGLE,
    packetType: PacketType.ANNOUNCE,
    hops: 0,
    transportId: null,
    destinationHash: destinationHash.slice(),
    context: pathResponse ? Context.PATH_RESPONSE : Context.NONE,
    data: payload.data,
  };
}

/** What {@link validateAnnounce} returns for a valid announce. */
export interface ValidatedAnnounce {
  destinationHash: Uint8Array;
  /** The announced identity (public key only). */
  identity: Identity;
  publicKey: Uint8Array;
  nameHash: Uint8Array;
  randomHash: Uint8Array;
  /** Emission time from the random hash (Unix seconds). */
  emittedAt: number;
  /** Ratchet public key when the context flag was set, else null. */
  ratchet: Uint8Array | null;
  signature: Uint8Array;
  /**
   * app_data with the reference's quirk: null unless the data is longer than 148 bytes. That
   * threshold ignores the ratchet, so a ratchet announce without app data yields an empty array.
   */
  appData: Uint8Array | null;
}

/** Options of {@link validateAnnounce}. */
export interface ValidateAnnounceOptions {
  /** Transport.blackholed_identities: return true to drop announces from this identity hash. */
  isBlackholed?: (identityHash: Uint8Array) => boolean;
}

/**
 * Validates announce data against the destination hash from the packet header, in the
 * reference's order: blackhole check, signature, then TH(name_hash || identity_hash) == dest hash.
 * The known-key collision check needs state and lives in KnownIdentities.acceptAnnounce.
 * @throws RnsDecodeError `RNS_ERR_ANNOUNCE_TRUNCATED` (too short for its fields);
 *   RnsError `RNS_ERR_ANNOUNCE_BLACKHOLED`; RnsCryptoError `RNS_ERR_ANNOUNCE_SIGNATURE`
 *   (bad signature or unusable key) or `RNS_ERR_ANNOUNCE_DESTINATION` (hash mismatch).
 */
export function validateAnnounce(
  input: { destinationHash: Uint8Array; data: Uint8Array; contextFlag: boolean },
  opts: ValidateAnnounceOptions = {},
): ValidatedAnnounce {
  const parsed = parseAnnounce(input, opts);
  return completeAnnounce(parsed, parsed.result.identity.verify(parsed.result.signature, parsed.signedData));
}

/**
 * An announce split into its fields, not yet verified. Validation in two steps lets Transport
 * check a burst's signatures off the event loop (its verifier gets `identity.signingPublicKey`,
 * `result.signature` and `signedData`) and finish with {@link completeAnnounce}.
 */
export interface ParsedAnnounce {
  /** The fields; valid only once {@link completeAnnounce} returned it. */
  result: ValidatedAnnounce;
  signedData: Uint8Array;
}

/**
 * Everything of {@link validateAnnounce} before the signature check: lengths, field split, key
 * import, blackhole check. @throws as validateAnnounce for those steps.
 */
export function parseAnnounce(input: { destinationHash: Uint8Array; data: Uint8Array; contextFlag: boolean }, opts: ValidateAnnounceOptions): ParsedAnnounce {
  const { data, destinationHash, contextFlag } = input;
  if (!(data instanceof Uint8Array) || !(destinationHash instanceof Uint8Array)) {
    throw new RnsArgumentError('RNS_ERR_NOT_BYTES', 'announce data and destination hash must be Uint8Arrays');
  }
  checkLength(destinationHash, 16, 'destination hash');
  const ratchetLength = contextFlag ? RATCHET_SIZE : 0;
  if (data.length < ANNOUNCE_MIN_LENGTH + ratchetLength) {
    throw new RnsDecodeError('RNS_ERR_ANNOUNCE_TRUNCATED', `announce data of ${data.length} bytes is too short`);
  }
  // One copy of the whole announce; the fields are views into it (they outlive the packet buffer,
  // which may be a view into a socket chunk).
  const own = data.slice();
  let o = 0;
  const take = (n: number): Uint8Array => own.subarray(o, (o += n));
  const publicKey = take(IDENTITY_KEY_SIZE);
  const nameHashBytes = take(NAME_HASH_LENGTH);
  const random = take(RANDOM_HASH_LENGTH);
  const ratchet = take(ratchetLength);
  const signature = take(SIGNATURE_LENGTH);
  const appData = own.subarray(o);

  let identity: Identity;
  try {
    identity = Identity.fromPublicBytes(publicKey);
  } catch (cause) {
    if (!(cause instanceof RnsError)) throw cause;
    throw new RnsCryptoError('RNS_ERR_ANNOUNCE_SIGNATURE', 'announce carries an unusable public key', { cause });
  }
  if (opts.isBlackholed?.(identity.hash)) {
    throw new RnsError('RNS_ERR_ANNOUNCE_BLACKHOLED', `announce from blackholed identity ${identity.hexHash}`);
  }
  const dest = destinationHash.slice();
  return {
    signedData: concatBytes(dest, publicKey, nameHashBytes, random, ratchet, appData),
    result: {
      destinationHash: dest,
      identity,
      publicKey,
      nameHash: nameHashBytes,
      randomHash: random,
      emittedAt: announceEmittedAt(random),
      ratchet: contextFlag ? ratchet : null,
      signature,
      appData: data.length > ANNOUNCE_MIN_LENGTH ? appData : null,
    },
  };
}

/**
 * The rest of {@link validateAnnounce} once the signature was checked: a bad signature is
 * reported before a destination hash mismatch, in the reference's order.
 * @throws RnsCryptoError `RNS_ERR_ANNOUNCE_SIGNATURE` or `RNS_ERR_ANNOUNCE_DESTINATION`.
 */
export function completeAnnounce(parsed: ParsedAnnounce, signatureValid: boolean): ValidatedAnnounce {
  if (!signatureValid) throw new RnsCryptoError('RNS_ERR_ANNOUNCE_SIGNATURE', 'announce signature is invalid');
  const { nameHash, identity, destinationHash } = parsed.result;
  const expected = truncatedHash(concatBytes(nameHash, identity.hash));
  if (!Buffer.from(expected).equals(destinationHash)) {
    throw new RnsCryptoError('RNS_ERR_ANNOUNCE_DESTINATION', 'announce destination hash does not match its name hash and key');
  }
  return parsed.result;
}

/**
 * {@link validateAnnounce} on a decoded packet. The destination type is not checked here (the
 * reference's validate_announce does not either); Transport drops non-SINGLE announces.
 * @throws RnsArgumentError `RNS_ERR_NOT_ANNOUNCE` for other packet types, else as validateAnnounce.
 */
export function validateAnnouncePacket(packet: Packet, opts: ValidateAnnounceOptions = {}): ValidatedAnnounce {
  if (packet.packetType !== PacketType.ANNOUNCE) {
    throw new RnsArgumentError('RNS_ERR_NOT_ANNOUNCE', `packet type ${packet.packetType} is not an announce`);
  }
  return validateAnnounce(packet, opts);
}

/** {@link parseAnnounce} on a decoded packet. @throws as {@link validateAnnouncePacket}. */
export function parseAnnouncePacket(packet: Packet, opts: ValidateAnnounceOptions = {}): ParsedAnnounce {
  if (packet.packetType !== PacketType.ANNOUNCE) {
    throw new RnsArgumentError('RNS_ERR_NOT_ANNOUNCE', `packet type ${packet.packetType} is not an announce`);
  }
  return parseAnnounce(packet, opts);
}

function checkLength(b: Uint8Array, n: number, what: string): void {
  if (!(b instanceof Uint8Array) || b.length !== n) throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', `${what} must be ${n} bytes`);
}
