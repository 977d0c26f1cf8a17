// SPDX-License-Identifier: MIT
// Proof payload formats (RNS/Identity.py :: prove; RNS/Packet.py :: PacketReceipt.validate_proof;
// protocol brief §7). Pure byte layouts: signing and verifying belong to identity/ and transport/.
import { RnsArgumentError, RnsDecodeError } from '../errors.js';
import { EXPLICIT_PROOF_LENGTH, HASH_LENGTH, IMPLICIT_PROOF_LENGTH, SIGNATURE_LENGTH } from './constants.js';

/** A parsed proof payload. `packetHash` is null for implicit proofs (signature only). */
export interface ProofData {
  packetHash: Uint8Array | null;
  signature: Uint8Array;
}

/**
 * Proof payload for a proved packet: implicit = `signature(64)` (RNS default for non-link packets),
 * explicit = `packetHash(32) || signature(64)` (always used on links).
 */
export function encodeProof(packetHash: Uint8Array, signature: Uint8Array, implicit: boolean): Uint8Array {
  if (packetHash.length !== HASH_LENGTH) throw new RnsArgumentError('RNS_ERR_PROOF_FIELD', 'packet hash must be 32 bytes');
  if (signature.length !== SIGNATURE_LENGTH) throw new RnsArgumentError('RNS_ERR_PROOF_FIELD', 'signature must be 64 bytes');
  if (implicit) return signature.slice();
  const out = new Uint8Array(EXPLICIT_PROOF_LENGTH);
  out.set(packetHash, 0);
  out.set(signature, HASH_LENGTH);
  return out;
}

/**
 * Parses a proof payload by its length, as PacketReceipt.validate_proof does: 96 bytes explicit,
 * 64 bytes implicit. Anything else throws RnsDecodeError (RNS_ERR_PROOF_LENGTH).
 */
export function decodeProof(data: Uint8Array): ProofData {
  if (data.length === EXPLICIT_PROOF_LENGTH) {
    return { packetHash: data.slice(0, HASH_LENGTH), signature: data.slice(HASH_LENGTH) };
  }
  if (data.length === IMPLICIT_PROOF_LENGTH) return { packetHash: null, signature: data.slice() };
  throw new RnsDecodeError('RNS_ERR_PROOF_LENGTH', `proof of ${data.length} bytes is neither implicit (64) nor explicit (96)`);
}
