// SPDX-License-Identifier: MIT
// LXMF messages (LXMF/LXMessage.py :: pack, unpack_from_bytes; protocol §11.2, §11.3, gotchas §12.1–3).
//
//   packed      = destination_hash(16) || source_hash(16) || signature(64) || msgpack(payload)
//   payload     = [timestamp f64, title bin, content bin, fields map] (+ stamp bin as 5th element)
//   hashed_part = destination_hash || source_hash || msgpack(payload[0:4])
//   message_id  = SHA-256(hashed_part); signature = Ed25519(source, hashed_part || message_id)
//
// The stamp is outside the id and the signature. A receiver that finds a 5th element re-encodes
// the first four with umsgpack before hashing, so every byte we emit must survive Python's
// decode→encode round trip: float64 timestamps (Float64, even when integral), bin for bytes, int
// map keys in insertion order. Received payloads are decoded with floats kept as Float64 so that
// our own re-encoding reproduces Python's.
import { concatBytes, sha256 } from '../reticulum/crypto/index.js';
import { destinationHash as destinationHashOf } from '../reticulum/destination/index.js';
import type { Identity } from '../reticulum/identity/index.js';
import { Float64, packMsgpack, unpackMsgpack } from '../reticulum/wire/index.js';
import type { MsgpackValue } from '../reticulum/wire/index.js';
import {
  APP_NAME,
  DESTINATION_LENGTH,
  SIGNATURE_LENGTH,
  STRUCT_OVERHEAD,
  TIMESTAMP_SIZE,
  UnverifiedReason,
} from './constants.js';
import type { UnverifiedReasonValue } from './constants.js';
import { LxmfArgumentError, LxmfDecodeError } from './errors.js';

/** The fields map: keys are normally small ints (FIELD_*), values any msgpack value. Order is kept. */
export type LxmFields = Map<MsgpackValue, MsgpackValue>;

const PREFIX_LENGTH = 2 * DESTINATION_LENGTH + SIGNATURE_LENGTH;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of a string (LXMessage.set_title_from_string / set_content_from_string). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Decodes UTF-8, or null when the bytes are not valid UTF-8 (foreign clients may send anything). */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes);
  } catch (error) {
    // Invalid UTF-8 is a property of the peer's data, not a fault here: report "no text".
    void error;
    return null;
  }
}

// Identities are immutable, so their delivery hash is computed once (it costs two SHA-256 calls per message otherwise).
const deliveryHashes = new WeakMap<Identity, Uint8Array>();

/** The `lxmf.delivery` destination hash of an identity or identity hash (what LXMF calls source/destination hash). */
export function deliveryDestinationHash(identity: Identity | Uint8Array): Uint8Array {
  if (identity instanceof Uint8Array) return destinationHashOf(identity, APP_NAME, ['delivery']);
  let hash = deliveryHashes.get(identity);
  if (!hash) deliveryHashes.set(identity, (hash = destinationHashOf(identity, APP_NAME, ['delivery'])));
  return hash.slice();
}

/** Inputs of {@link LXMessage.create}. */
export interface CreateMessageInput {
  /** The recipient's lxmf.delivery destination hash (16 bytes). */
  destinationHash: Uint8Array;
  /** The sender's identity, with its private key (it signs). */
  source: Identity;
  title?: Uint8Array | string;
  content?: Uint8Array | string;
  /** Values that are floats in Python must be Float64 (or non-integral numbers). */
  fields?: LxmFields | null;
  /** Seconds since the epoch (float). Default: now. */
  timestamp?: number;
  /** A stamp to attach as the 5th payload element (32-byte PoW or 16-byte ticket stamp). */
  stamp?: Uint8Array | null;
}

/** Options of {@link LXMessage.unpack}. */
export interface UnpackOptions {
  /**
   * Identity behind a source hash (KnownIdentities.recall). Without it, or when it returns null,
   * the message is still returned, flagged SOURCE_UNKNOWN, as the reference delivers it.
   */
  recall?: ((sourceHash: Uint8Array) => Identity | null) | null;
}

interface MessageParts {
  destinationHash: Uint8Array;
  sourceHash: Uint8Array;
  signature: Uint8Array;
  payload4: MsgpackValue[];
  /** Title/content as bytes (a str-typed one from a foreign client is exposed as its UTF-8). */
  title: Uint8Array;
  content: Uint8Array;
  hash: Uint8Array;
  stamp: Uint8Array | null;
  packed: Uint8Array;
  signatureValidated: boolean;
  unverifiedReason: UnverifiedReasonValue | null;
  incoming: boolean;
}

/**
 * An LXMF message, immutable. Build outgoing ones with {@link LXMessage.create}, parse received
 * bytes with {@link LXMessage.unpack}; attach a stamp with {@link withStamp} (same id, new bytes).
 */
export class LXMessage {
  readonly destinationHash: Uint8Array;
  readonly sourceHash: Uint8Array;
  readonly signature: Uint8Array;
  /** message_id = SHA-256(hashed_part), 32 bytes; the reference calls it `hash` too. */
  readonly hash: Uint8Array;
  /** Seconds since the epoch as sent (normally a float). */
  readonly timestamp: number;
  readonly title: Uint8Array;
  readonly content: Uint8Array;
  /** Decoded fields; floats arrive as Float64 instances. Unknown fields are kept as they came. */
  readonly fields: LxmFields;
  /** 32-byte PoW stamp, 16-byte ticket stamp, null when none (foreign clients may send other lengths). */
  readonly stamp: Uint8Array | null;
  /** The full wire form, destination hash first. */
  readonly packed: Uint8Array;
  /** True for our own messages and for received ones whose signature verified. */
  readonly signatureValidated: boolean;
  readonly unverifiedReason: UnverifiedReasonValue | null;
  /** True when this came from {@link unpack}. */
  readonly incoming: boolean;
  private readonly payload4: MsgpackValue[];

  private constructor(p: MessageParts) {
    this.destinationHash = p.destinationHash;
    this.sourceHash = p.sourceHash;
    this.signature = p.signature;
    this.hash = p.hash;
    this.payload4 = p.payload4;
    this.stamp = p.stamp;
    this.packed = p.packed;
    this.signatureValidated = p.signatureValidated;
    this.unverifiedReason = p.unverifiedReason;
    this.incoming = p.incoming;
    const [ts, , , fields] = p.payload4;
    this.timestamp = Number(ts instanceof Float64 ? ts.value : ts);
    this.title = p.title;
    this.content = p.content;
    this.fields = fields as LxmFields;
  }

  /** Same as {@link hash}. */
  get messageId(): Uint8Array {
    return this.hash;
  }

  /** msgpack(payload incl. stamp): everything after the 96-byte prefix. */
  get packedPayload(): Uint8Array {
    return this.packed.subarray(PREFIX_LENGTH);
  }

  /** LXMessage content_size: len(msgpack(payload incl. stamp)) − 16. Drives method selection. */
  get contentSize(): number {
    return this.packed.length - PREFIX_LENGTH - TIMESTAMP_SIZE - STRUCT_OVERHEAD;
  }

  /** Title as text, or null when it is not valid UTF-8. */
  titleAsString(): string | null {
    return utf8Text(this.title);
  }

  /** Content as text, or null when it is not valid UTF-8. */
  contentAsString(): string | null {
    return utf8Text(this.content);
  }

  /**
   * Builds and signs a message (LXMessage.pack).
   * @throws LxmfArgumentError `LXMF_ERR_BAD_ARGUMENT` for a bad hash length, a source without
   *   private key, or fields msgpack cannot carry.
   */
  static create(input: CreateMessageInput): LXMessage {
    const { destinationHash, source } = input;
    if (!(destinationHash instanceof Uint8Array) || destinationHash.length !== DESTINATION_LENGTH) {
      throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'destination hash must be 16 bytes');
    }
    if (!source.hasPrivateKey) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'the source identity must hold its private key to sign');
    const timestamp = input.timestamp ?? Date.now() / 1000;
    if (!Number.isFinite(timestamp)) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'timestamp must be a finite number');
    const title = toBytes(input.title ?? new Uint8Array(0));
    const content = toBytes(input.content ?? new Uint8Array(0));
    const fields = input.fields ?? new Map<MsgpackValue, MsgpackValue>();
    if (!(fields instanceof Map)) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'fields must be a Map');
    const payload4: MsgpackValue[] = [new Float64(timestamp), title, content, fields];
    const sourceHash = deliveryDestinationHash(source);
    const packed4 = packPayload(payload4);
    const hashedPart = concatBytes(destinationHash, sourceHash, packed4);
    const hash = sha256(hashedPart);
    const signature = source.sign(concatBytes(hashedPart, hash));
    const stamp = input.stamp ?? null;
    return new LXMessage({
      destinationHash: destinationHash.slice(),
      sourceHash,
      signature,
      payload4,
      title,
      content,
      hash,
      stamp,
      packed: stamp ? assemble(destinationHash, sourceHash, signature, payload4, stamp) : concatBytes(destinationHash, sourceHash, signature, packed4),
      signatureValidated: true,
      unverifiedReason: null,
      incoming: false,
    });
  }

  /**
   * This message with `stamp` as the 5th payload element (or without a stamp when null). The id
   * and signature are unchanged (the reference re-packs after deferred stamp generation).
   */
  withStamp(stamp: Uint8Array | null): LXMessage {
    return new LXMessage({
      destinationHash: this.destinationHash,
      sourceHash: this.sourceHash,
      signature: this.signature,
      payload4: this.payload4,
      title: this.title,
      content: this.content,
      hash: this.hash,
      stamp,
      packed: assemble(this.destinationHash, this.sourceHash, this.signature, this.payload4, stamp),
      signatureValidated: this.signatureValidated,
      unverifiedReason: this.unverifiedReason,
      incoming: this.incoming,
    });
  }

  /**
   * Parses received bytes (LXMessage.unpack_from_bytes) and checks the signature when the source
   * identity can be recalled. An invalid signature does not throw: it is reported through
   * `signatureValidated`/`unverifiedReason`, and the router decides.
   * @throws LxmfDecodeError `LXMF_ERR_TRUNCATED`, `LXMF_ERR_BAD_PAYLOAD` (the cause carries the msgpack error).
   */
  static unpack(bytes: Uint8Array, opts: UnpackOptions = {}): LXMessage {
    if (!(bytes instanceof Uint8Array)) throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF data must be bytes');
    if (bytes.length <= PREFIX_LENGTH) throw new LxmfDecodeError('LXMF_ERR_TRUNCATED', `LXMF message of ${bytes.length} bytes is too short`);
    const destinationHash = bytes.slice(0, DESTINATION_LENGTH);
    const sourceHash = bytes.slice(DESTINATION_LENGTH, 2 * DESTINATION_LENGTH);
    const signature = bytes.slice(2 * DESTINATION_LENGTH, PREFIX_LENGTH);
    const packedPayload = bytes.subarray(PREFIX_LENGTH);
    let decoded: MsgpackValue;
    try {
      // ext allowed: umsgpack accepts it and re-packs it, so refusing would drop messages Python keeps.
      decoded = unpackMsgpack(packedPayload, { floats: 'float64', allowExt: true });
    } catch (cause) {
      throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF payload is not valid msgpack', { cause });
    }
    if (!Array.isArray(decoded) || decoded.length < 4) {
      throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF payload must be an array of at least 4 elements');
    }
    const [ts, rawTitle, rawContent, fields] = decoded;
    const timestamp = ts instanceof Float64 ? ts.value : ts;
    if (typeof timestamp !== 'number' && typeof timestamp !== 'bigint') {
      throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF timestamp is not a number');
    }
    if (!(fields instanceof Map)) throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF fields is not a map');
    const title = decodedBytes(rawTitle, 'title');
    const content = decodedBytes(rawContent, 'content');
    let stamp: Uint8Array | null = null;
    let hashedPayload = packedPayload;
    if (decoded.length > 4) {
      // The reference takes element 4 whatever its type; only bytes can ever validate.
      const s = decoded[4];
      stamp = s instanceof Uint8Array ? s : null;
      try {
        hashedPayload = packPayload(decoded.slice(0, 4));
      } catch (cause) {
        throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', 'LXMF payload cannot be re-encoded', { cause });
      }
    }
    const hashedPart = concatBytes(destinationHash, sourceHash, hashedPayload);
    const hash = sha256(hashedPart);
    let signatureValidated = false;
    let unverifiedReason: UnverifiedReasonValue | null = UnverifiedReason.SOURCE_UNKNOWN;
    const sourceIdentity = opts.recall ? opts.recall(sourceHash) : null;
    if (sourceIdentity) {
      signatureValidated = sourceIdentity.verify(signature, concatBytes(hashedPart, hash));
      unverifiedReason = signatureValidated ? null : UnverifiedReason.SIGNATURE_INVALID;
    }
    return new LXMessage({
      destinationHash,
      sourceHash,
      signature,
      // Title/content as the original types so a re-pack reproduces what was signed.
      payload4: [decoded[0] as MsgpackValue, rawTitle as MsgpackValue, rawContent as MsgpackValue, fields],
      title,
      content,
      hash,
      stamp,
      packed: bytes.slice(),
      signatureValidated,
      unverifiedReason,
      incoming: true,
    });
  }
}

function toBytes(v: Uint8Array | string): Uint8Array {
  if (typeof v === 'string') return utf8Bytes(v);
  if (v instanceof Uint8Array) return v;
  throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'title and content must be bytes or strings');
}

function decodedBytes(v: MsgpackValue | undefined, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8Bytes(v);
  throw new LxmfDecodeError('LXMF_ERR_BAD_PAYLOAD', `LXMF ${what} is neither bin nor str`);
}

function packPayload(values: MsgpackValue[]): Uint8Array {
  try {
    return packMsgpack(values);
  } catch (cause) {
    throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'LXMF payload cannot be encoded as msgpack', { cause });
  }
}

function assemble(dest: Uint8Array, src: Uint8Array, sig: Uint8Array, payload4: MsgpackValue[], stamp: Uint8Array | null): Uint8Array {
  const payload = stamp ? packPayload([...payload4, stamp]) : packPayload(payload4);
  return concatBytes(dest, src, sig, payload);
}
