// SPDX-License-Identifier: MIT
// Public surface of Reticulum identities: keys, encryption to identities, ratchets, recall.
export {
  Identity,
  IDENTITY_KEY_SIZE,
  RATCHET_SIZE,
  NAME_HASH_LENGTH,
  DERIVED_KEY_LENGTH,
  SIGNATURE_LENGTH,
  RATCHET_EXPIRY,
  ratchetId,
  generateRatchet,
  ratchetPublicBytes,
  randomHash,
} from './identity.js';
export type { EncryptOptions, DecryptOptions, DecryptResult } from './identity.js';
export { loadIdentityFile, saveIdentityFile } from './identity-file.js';
export { RatchetRing, RATCHET_INTERVAL, RATCHET_COUNT } from './ratchets.js';
export type { RatchetRingOptions } from './ratchets.js';
export { KnownIdentities } from './known-identities.js';
export type {
  KnownDestination,
  KnownIdentitiesChange,
  KnownIdentitiesOptions,
  KnownIdentitiesJson,
  AnnouncedDestination,
} from './known-identities.js';
