// SPDX-License-Identifier: MIT
// Bridge commands over server/reticulum/identity: the 64-byte identity blob (X25519 private ||
// Ed25519 seed), signatures, encryption to an identity, and ratchets.
import * as z from 'zod';
import { RnsError } from '../reticulum/errors.js';
import { Identity, randomHash, ratchetId, ratchetPublicBytes } from '../reticulum/identity/index.js';
import { boolLike, hex, toHex, toHexOrNull } from './params.js';
import type { CommandRegistry } from './registry.js';

/**
 * Runs a decryption the way RNS.Identity.decrypt reports it: it returns None (never raises) when
 * the token is too short, does not authenticate, or no permitted key fits. Our library throws
 * typed errors instead; each of those becomes `plaintext: null`. Anything else is a bug and fails.
 */
function decryptOrNull<T>(run: () => T): T | null {
  try {
    return run();
  } catch (err) {
    if (err instanceof RnsError && err.code !== 'RNS_ERR_NO_PRIVATE_KEY') return null;
    throw err;
  }
}

export function registerIdentityCommands(r: CommandRegistry): void {
  r.add('identity_from_private_key', z.object({ private_key: hex }), ({ private_key }) => {
    const id = Identity.fromPrivateBytes(private_key);
    return { public_key: toHex(id.publicKey), hash: toHex(id.hash), hexhash: id.hexHash };
  });
  r.add('identity_hash', z.object({ public_key: hex }), ({ public_key }) => ({ hash: toHex(Identity.fromPublicBytes(public_key).hash) }));
  // Identity.get_random_hash(): TH(16 fresh random bytes).
  r.add('identity_random_hash', z.object({}), () => ({ random_hash: toHex(randomHash()) }));
  r.add('identity_sign', z.object({ private_key: hex, message: hex }), ({ private_key, message }) => ({
    signature: toHex(Identity.fromPrivateBytes(private_key).sign(message)),
  }));
  // Identity.validate answers False for any malformed signature; a malformed public key is an
  // error (the reference cannot load it, and then has no key to validate with).
  r.add('identity_verify', z.object({ public_key: hex, message: hex, signature: hex }), ({ public_key, message, signature }) => ({
    valid: Identity.fromPublicBytes(public_key).verify(signature, message),
  }));
  // Fresh ephemeral key and IV per call: not deterministic, round-trip through identity_decrypt.
  r.add('identity_encrypt', z.object({ public_key: hex, plaintext: hex }), ({ public_key, plaintext }) => ({
    ciphertext: toHex(Identity.fromPublicBytes(public_key).encrypt(plaintext)),
  }));
  r.add('identity_decrypt', z.object({ private_key: hex, ciphertext: hex }), ({ private_key, ciphertext }) => {
    const id = Identity.fromPrivateBytes(private_key);
    return { plaintext: toHexOrNull(decryptOrNull(() => id.decrypt(ciphertext))) };
  });

  // Ratchet id: SHA-256(ratchet public)[0:10] (Identity._get_ratchet_id), over whatever bytes are given.
  r.add('ratchet_id', z.object({ ratchet_public: hex }), ({ ratchet_public }) => ({ ratchet_id: toHex(ratchetId(ratchet_public)) }));
  r.add('ratchet_public_from_private', z.object({ ratchet_private: hex }), ({ ratchet_private }) => ({
    ratchet_public: toHex(ratchetPublicBytes(ratchet_private)),
  }));
  r.add('ratchet_encrypt', z.object({ public_key: hex, ratchet_public: hex, plaintext: hex }), ({ public_key, ratchet_public, plaintext }) => ({
    ciphertext: toHex(Identity.fromPublicBytes(public_key).encrypt(plaintext, { ratchet: ratchet_public })),
  }));
  // Ratchets are tried in the given order, then the identity key unless enforce_ratchets.
  // `latest_ratchet_id` is the id of the ratchet that decrypted it, null when the identity key did
  // or nothing did (RNS resets ratchet_id_receiver.latest_ratchet_id to None in both cases).
  // `ratchet_privates` (list) wins over the single `ratchet_private` shorthand, as in the reference.
  r.add(
    'ratchet_decrypt',
    z.object({
      private_key: hex,
      ciphertext: hex,
      ratchet_privates: z.array(hex).nullish(),
      ratchet_private: hex.nullish(),
      enforce_ratchets: boolLike.default(false),
    }),
    (p) => {
      const id = Identity.fromPrivateBytes(p.private_key);
      const ratchets = p.ratchet_privates ?? (p.ratchet_private ? [p.ratchet_private] : null);
      const result = decryptOrNull(() => id.decryptDetailed(p.ciphertext, { ratchets, enforceRatchets: p.enforce_ratchets }));
      return { plaintext: toHexOrNull(result?.plaintext), latest_ratchet_id: toHexOrNull(result?.ratchetId) };
    },
  );
}
