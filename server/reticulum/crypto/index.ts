// SPDX-License-Identifier: MIT
// The one door to OpenSSL for server/reticulum and server/lxmf (the layer lint forbids
// node:crypto anywhere else there). Everything here matches RNS 1.4.2 byte for byte.
export { sha256, sha256Parts, sha256Stream, sha512, truncatedHash, hmacSha256, hkdf, HASH_LENGTH, TRUNCATED_HASH_LENGTH } from './hash.js';
export type { HkdfOptions, Sha256Stream } from './hash.js';
export type { TokenStreamDecryptor, TokenStreamEncryptor } from './token-stream.js';
export { pkcs7Pad, pkcs7Unpad, aesCbcEncrypt, aesCbcDecrypt, AES_BLOCK_SIZE } from './aes.js';
export { Token, TOKEN_OVERHEAD } from './token.js';
export {
  X25519PrivateKey,
  X25519PublicKey,
  Ed25519PrivateKey,
  Ed25519PublicKey,
  X25519_KEY_LENGTH,
  ED25519_KEY_LENGTH,
  ED25519_SIGNATURE_LENGTH,
} from './curves.js';
export {
  x25519GeneratePrivate,
  x25519PublicFromPrivate,
  x25519SharedSecret,
  x25519PublicKey,
  ed25519PublicFromSeed,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  randomBytes,
} from './functions.js';
export { constantTimeEqual, concatBytes } from './bytes.js';
export { workerCryptoPrelude, buildWorkerSource } from './worker-prelude.js';
export { Ed25519VerifyPool } from './verify-pool.js';
export type { VerifyPoolOptions } from './verify-pool.js';
