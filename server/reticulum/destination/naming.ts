// SPDX-License-Identifier: MIT
// Destination names and hashes (RNS/Destination.py :: expand_name, hash, hash_from_name_and_identity,
// app_and_aspects_from_name; protocol §2).
//   name      = "app.aspect1.aspect2"   (the identity hex is appended only for display)
//   name_hash = SHA-256(utf8(name))[0:10]
//   dest hash = SHA-256(name_hash || identity_hash)[0:16], or SHA-256(name_hash)[0:16] without identity
import { RnsArgumentError } from '../errors.js';
import { concatBytes, sha256, truncatedHash } from '../crypto/index.js';
import { Identity, NAME_HASH_LENGTH } from '../identity/index.js';

/** Splits "app.a.b" into its app name and aspects (Destination.app_and_aspects_from_name). */
export function appAndAspectsFromName(fullName: string): { appName: string; aspects: string[] } {
  const [appName = '', ...aspects] = fullName.split('.');
  return { appName, aspects };
}

/**
 * The human-readable name: app name and aspects joined by ".", plus the identity hex hash when an
 * identity is given. Dots inside components are refused, since they would make two different
 * component lists hash the same.
 * @throws RnsArgumentError `RNS_ERR_BAD_NAME`.
 */
export function expandName(identity: Identity | null, appName: string, aspects: readonly string[] = []): string {
  if (typeof appName !== 'string' || appName.includes('.')) throw new RnsArgumentError('RNS_ERR_BAD_NAME', "dots can't be used in app names");
  for (const aspect of aspects) {
    if (typeof aspect !== 'string' || aspect.includes('.')) throw new RnsArgumentError('RNS_ERR_BAD_NAME', "dots can't be used in aspects");
  }
  const name = [appName, ...aspects].join('.');
  return identity ? `${name}.${identity.hexHash}` : name;
}

/** The 10-byte name hash of app name + aspects (never includes the identity). */
export function nameHash(appName: string, aspects: readonly string[] = []): Uint8Array {
  const name = expandName(null, appName, aspects);
  let hash = nameHashes.get(name);
  if (!hash) {
    hash = sha256(Buffer.from(name, 'utf8')).slice(0, NAME_HASH_LENGTH);
    // A node uses a handful of names (lxmf.delivery, lxmf.propagation, ...); the bound only keeps
    // a flood of made-up names from growing the map.
    if (nameHashes.size >= NAME_HASH_MEMO_SIZE) nameHashes.clear();
    nameHashes.set(name, hash);
  }
  return hash.slice();
}

/** Name hashes by expanded name: every OUT destination built per message hashed its name again. */
const nameHashes = new Map<string, Uint8Array>();
const NAME_HASH_MEMO_SIZE = 256;

/**
 * The 16-byte destination hash (Destination.hash). `identity` may be an Identity, a 16-byte
 * identity hash, or null (PLAIN destinations).
 * @throws RnsArgumentError `RNS_ERR_BAD_LENGTH` for an identity hash that is not 16 bytes.
 */
export function destinationHash(identity: Identity | Uint8Array | null, appName: string, aspects: readonly string[] = []): Uint8Array {
  const name = nameHash(appName, aspects);
  if (identity === null) return truncatedHash(name);
  const idHash = identity instanceof Identity ? identity.hash : identity;
  if (!(idHash instanceof Uint8Array) || idHash.length !== 16) {
    throw new RnsArgumentError('RNS_ERR_BAD_LENGTH', 'an identity hash must be 16 bytes');
  }
  return truncatedHash(concatBytes(name, idHash));
}

/** Destination.hash_from_name_and_identity: the hash for "app.aspect…" and an identity. */
export function hashFromNameAndIdentity(fullName: string, identity: Identity | Uint8Array | null): Uint8Array {
  const { appName, aspects } = appAndAspectsFromName(fullName);
  return destinationHash(identity, appName, aspects);
}
