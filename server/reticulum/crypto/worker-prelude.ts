// SPDX-License-Identifier: MIT
// Crypto for worker threads started from a source string (`new Worker(source, { eval: true })`).
//
// An eval'd worker has no module graph, so it cannot import this folder; yet the layer rule says
// node:crypto is reached only through here. This builder keeps that promise in spirit: the one
// `require('node:crypto')` a worker runs is written here, next to the rest of the door, and the
// worker's own code (e.g. server/lxmf/stamps/worker-source.ts) calls only the functions below.
//
// Defined by the prelude, as plain functions in the worker's scope:
//   cryptoSha256()                     -> a SHA-256 hasher with update(bytes), copy() and digest()
//                                         (copy() gives the midstate, which a hash.ts one-shot cannot)
//   cryptoHkdfSha256(ikm, salt, length) -> Uint8Array, RFC 5869 with empty info (as hash.ts hkdf)
//   cryptoRandomFill(u8)               -> fills u8 from the CSPRNG, returns it
//   cryptoEd25519Verify(pub, sig, msg) -> boolean, as curves.ts Ed25519PublicKey.verify (key import
//                                         included; malformed input is false, never a throw)
// Names start with `crypto` so a worker body is unlikely to shadow them.

import { RnsCryptoError } from '../errors.js';

/** Source text (CommonJS, strict) that defines the worker crypto functions listed above. */
export function workerCryptoPrelude(): string {
  return String.raw`
const __strandNodeCrypto = require('node:crypto');
const __strandEmpty = new Uint8Array(0);
function cryptoSha256() { return __strandNodeCrypto.createHash('sha256'); }
function cryptoHkdfSha256(ikm, salt, length) {
  return new Uint8Array(__strandNodeCrypto.hkdfSync('sha256', ikm, salt, __strandEmpty, length));
}
function cryptoRandomFill(u8) { return __strandNodeCrypto.randomFillSync(u8); }
function cryptoEd25519Verify(pub, sig, msg) {
  if (pub.length !== 32 || sig.length !== 64) return false;
  try {
    const x = Buffer.from(pub.buffer, pub.byteOffset, pub.length).toString('base64url');
    const key = __strandNodeCrypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return __strandNodeCrypto.verify(null, msg, key, sig) === true;
  } catch {
    return false;
  }
}
`;
}

/**
 * A complete worker source: 'use strict', the crypto prelude, then `body`.
 * @throws RnsCryptoError `RNS_ERR_WORKER_CRYPTO` when `body` reaches node:crypto itself.
 */
export function buildWorkerSource(body: string): string {
  if (/node:crypto|require\(\s*['"]crypto['"]\s*\)/.test(body)) {
    throw new RnsCryptoError('RNS_ERR_WORKER_CRYPTO', 'a worker body must use the crypto prelude, not node:crypto');
  }
  return `'use strict';\n${workerCryptoPrelude()}\n${body}`;
}
