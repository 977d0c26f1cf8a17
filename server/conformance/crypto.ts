// SPDX-License-Identifier: MIT
// Bridge commands over the primitives of server/reticulum/crypto: hashes, HMAC, HKDF, PKCS#7,
// AES-CBC, Token, X25519 and Ed25519. Param and result keys follow PROTOCOL.md §2.
import * as z from 'zod';
import {
  Ed25519PrivateKey,
  Token,
  X25519PrivateKey,
  aesCbcDecrypt,
  aesCbcEncrypt,
  ed25519Verify,
  hkdf,
  hmacSha256,
  pkcs7Pad,
  pkcs7Unpad,
  sha256,
  sha512,
  truncatedHash,
  x25519SharedSecret,
} from '../reticulum/crypto/index.js';
import { BridgeError } from './errors.js';
import { hex, intLike, optionalHex, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/** The reference's AES mode names (RNS.Cryptography.AES class names). Default AES-256. */
const aesMode = z.enum(['AES_128_CBC', 'AES_256_CBC']).default('AES_256_CBC');
const AES_KEY_LENGTH = { AES_128_CBC: 16, AES_256_CBC: 32 } as const;

/**
 * Our aesCbc* pick AES-128/256 from the key length; the reference's mode classes instead refuse
 * a key of the other length ("Invalid key length ... for AES-128"), so `mode` is checked here.
 */
function checkAesKey(mode: keyof typeof AES_KEY_LENGTH, key: Uint8Array): void {
  if (key.length !== AES_KEY_LENGTH[mode]) {
    throw new BridgeError('BRIDGE_ERR_BAD_KEY', `invalid key length ${key.length * 8} for ${mode}`);
  }
}

export function registerCryptoCommands(r: CommandRegistry): void {
  r.add('sha256', z.object({ data: hex }), ({ data }) => ({ hash: toHex(sha256(data)) }));
  r.add('sha512', z.object({ data: hex }), ({ data }) => ({ hash: toHex(sha512(data)) }));
  // `hash` is RNS.Identity.truncated_hash (16 bytes), `full_hash` RNS.Identity.full_hash (32).
  r.add('truncated_hash', z.object({ data: hex }), ({ data }) => ({ hash: toHex(truncatedHash(data)), full_hash: toHex(sha256(data)) }));
  r.add('hmac_sha256', z.object({ key: hex, message: hex }), ({ key, message }) => ({ hmac: toHex(hmacSha256(key, message)) }));
  // Absent or empty salt/info mean "none", as in the reference bridge; hkdf() then uses 32 zero
  // bytes of salt and an empty info, exactly as RNS.Cryptography.HKDF does.
  r.add('hkdf', z.object({ ikm: hex, length: intLike, salt: optionalHex, info: optionalHex }), ({ ikm, length, salt, info }) => ({
    derived_key: toHex(hkdf({ length, deriveFrom: ikm, salt, context: info })),
  }));

  r.add('pkcs7_pad', z.object({ data: hex }), ({ data }) => ({ padded: toHex(pkcs7Pad(data)) }));
  r.add('pkcs7_unpad', z.object({ data: hex }), ({ data }) => ({ unpadded: toHex(pkcs7Unpad(data)) }));

  // aes_encrypt/aes_decrypt are the PKCS#7 + CBC composite the Token layer uses ...
  r.add('aes_encrypt', z.object({ plaintext: hex, key: hex, iv: hex, mode: aesMode }), ({ plaintext, key, iv, mode }) => {
    checkAesKey(mode, key);
    return { ciphertext: toHex(aesCbcEncrypt(key, iv, pkcs7Pad(plaintext))) };
  });
  r.add('aes_decrypt', z.object({ ciphertext: hex, key: hex, iv: hex, mode: aesMode }), ({ ciphertext, key, iv, mode }) => {
    checkAesKey(mode, key);
    return { plaintext: toHex(pkcs7Unpad(aesCbcDecrypt(key, iv, ciphertext))) };
  });
  // ... while aes_256_cbc_* are the bare block cipher: whole blocks in, same length out.
  r.add('aes_256_cbc_encrypt', z.object({ plaintext: hex, key: hex, iv: hex }), ({ plaintext, key, iv }) => {
    checkAesKey('AES_256_CBC', key);
    return { ciphertext: toHex(aesCbcEncrypt(key, iv, plaintext)) };
  });
  r.add('aes_256_cbc_decrypt', z.object({ ciphertext: hex, key: hex, iv: hex }), ({ ciphertext, key, iv }) => {
    checkAesKey('AES_256_CBC', key);
    return { plaintext: toHex(aesCbcDecrypt(key, iv, ciphertext)) };
  });

  // Token (modified Fernet). encrypt draws a fresh IV, so tokens differ per call: round-trip them.
  r.add('token_generate_key', z.object({ mode: aesMode }), ({ mode }) => ({ key: toHex(Token.generateKey(mode === 'AES_128_CBC' ? 128 : 256)) }));
  r.add('token_encrypt', z.object({ key: hex, plaintext: hex }), ({ key, plaintext }) => ({ token: toHex(new Token(key).encrypt(plaintext)) }));
  r.add('token_decrypt', z.object({ key: hex, token: hex }), ({ key, token }) => ({ plaintext: toHex(new Token(key).decrypt(token)) }));
  r.add('token_verify_hmac', z.object({ key: hex, token: hex }), ({ key, token }) => {
    const t = new Token(key);
    // RNS Token.verify_hmac raises ValueError for tokens of <= 32 bytes instead of answering
    // False (our verifyHmac answers false); the reference bridge surfaces that as a failure.
    if (token.length <= 32) throw new BridgeError('BRIDGE_ERR_BAD_TOKEN', `cannot verify HMAC on token of only ${token.length} bytes`);
    return { valid: t.verifyHmac(token) };
  });

  // X25519. `private_key` is the raw 32-byte scalar as given: RNS.Identity (pyca provider) stores
  // and exports it unclamped, and so do we (clamping happens inside the scalar multiplication).
  r.add('x25519_generate', z.object({ seed: hex }), ({ seed }) => {
    const key = X25519PrivateKey.fromBytes(seed);
    return { private_key: toHex(key.privateBytes()), public_key: toHex(key.publicBytes()) };
  });
  r.add('x25519_public_from_private', z.object({ private_key: hex }), ({ private_key }) => ({
    public_key: toHex(X25519PrivateKey.fromBytes(private_key).publicBytes()),
  }));
  r.add('x25519_exchange', z.object({ private_key: hex, peer_public_key: hex }), ({ private_key, peer_public_key }) => ({
    shared_secret: toHex(x25519SharedSecret(private_key, peer_public_key)),
  }));

  // Ed25519: the private key is the 32-byte seed (what RNS stores in the identity blob).
  r.add('ed25519_generate', z.object({ seed: hex }), ({ seed }) => {
    const key = Ed25519PrivateKey.fromSeed(seed);
    return { private_key: toHex(key.seedBytes()), public_key: toHex(key.publicBytes()) };
  });
  r.add('ed25519_sign', z.object({ private_key: hex, message: hex }), ({ private_key, message }) => ({
    signature: toHex(Ed25519PrivateKey.fromSeed(private_key).sign(message)),
  }));
  // Any malformed key or signature is "not valid", never a failure (reference: except → False).
  r.add('ed25519_verify', z.object({ public_key: hex, message: hex, signature: hex }), ({ public_key, message, signature }) => {
    try {
      return { valid: ed25519Verify(public_key, signature, message) };
    } catch {
      // Deliberate: the reference maps every verification exception to valid=false.
      return { valid: false };
    }
  });
}
