// SPDX-License-Identifier: MIT
// The reference's "Token" (RNS/Cryptography/Token.py): Fernet without version byte and timestamp.
// token = iv(16) || AES-CBC(key_enc, iv, PKCS7(plaintext)) || HMAC-SHA256(key_sign, iv || ciphertext)
import { createHmac } from 'node:crypto';
import { randomBytes } from './random.js';
import { RnsCryptoError, RnsDecodeError } from '../errors.js';
import { AES_BLOCK_SIZE, aesCbcDecrypt, aesCbcEncrypt, pkcs7Pad, pkcs7Unpad } from './aes.js';
import { assertBytes, assertLength, constantTimeEqual } from './bytes.js';
import { TokenStreamDecryptor, TokenStreamEncryptor } from './token-stream.js';

/** IV (16) + HMAC (32); padding adds 1..16 more. */
export const TOKEN_OVERHEAD = 48;
const IV_LENGTH = 16;
const HMAC_LENGTH = 32;

/**
 * Symmetric authenticated encryption keyed by 32 bytes (AES-128-CBC) or 64 bytes (AES-256-CBC).
 * The key is split in halves: the first half signs (HMAC), the second encrypts. Everything on the
 * wire in RNS 1.4.2 uses 64-byte keys.
 */
export class Token {
  private readonly signingKey: Uint8Array;
  private readonly encryptionKey: Uint8Array;

  /** @throws RnsArgumentError unless `key` is 32 or 64 bytes. */
  constructor(key: Uint8Array) {
    assertLength(key, [32, 64], 'Token key');
    const half = key.length / 2;
    // Copies: a caller reusing its buffer must not change our key under us.
    this.signingKey = key.slice(0, half);
    this.encryptionKey = key.slice(half);
  }

  /** A fresh random key: 64 bytes (AES-256, the default) or 32 bytes (AES-128). */
  static generateKey(bits: 128 | 256 = 256): Uint8Array {
    return randomBytes(bits === 128 ? 32 : 64);
  }

  /** "aes-128-cbc" or "aes-256-cbc", as selected by the key length. */
  get mode(): 'aes-128-cbc' | 'aes-256-cbc' {
    return this.encryptionKey.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc';
  }

  /**
   * Encrypts `plaintext`. `iv` is random unless given (tests reproduce reference vectors with it;
   * never reuse an IV in production).
   */
  encrypt(plaintext: Uint8Array, iv?: Uint8Array): Uint8Array {
    assertBytes(plaintext, 'plaintext');
    const theIv = iv ?? randomBytes(IV_LENGTH);
    assertLength(theIv, [IV_LENGTH], 'Token IV');
    const ciphertext = aesCbcEncrypt(this.encryptionKey, theIv, pkcs7Pad(plaintext, AES_BLOCK_SIZE));
    const out = new Uint8Array(IV_LENGTH + ciphertext.length + HMAC_LENGTH);
    out.set(theIv, 0);
    out.set(ciphertext, IV_LENGTH);
    const signed = out.subarray(0, IV_LENGTH + ciphertext.length);
    out.set(createHmac('sha256', this.signingKey).update(signed).digest(), IV_LENGTH + ciphertext.length);
    return out;
  }

  /** True when the trailing HMAC matches (constant-time). Tokens of <= 32 bytes are never valid. */
  verifyHmac(token: Uint8Array): boolean {
    assertBytes(token, 'token');
    if (token.length <= HMAC_LENGTH) return false;
    const body = token.subarray(0, token.length - HMAC_LENGTH);
    const expected = createHmac('sha256', this.signingKey).update(body).digest();
    return constantTimeEqual(expected, token.subarray(token.length - HMAC_LENGTH));
  }

  /**
   * Authenticates, then decrypts. The HMAC is checked before any decryption so that forged
   * ciphertexts never reach the cipher or the padding logic (no padding oracle).
   * @throws RnsDecodeError `RNS_ERR_TOKEN_TRUNCATED` when shorter than IV + HMAC;
   *   RnsCryptoError `RNS_ERR_TOKEN_HMAC` on a bad HMAC (wrong key, tampering, truncation);
   *   RnsCryptoError `RNS_ERR_BAD_PADDING` when an authentic token has no valid block structure
   *   or padding (only someone holding the key can produce one).
   */
  decrypt(token: Uint8Array): Uint8Array {
    assertBytes(token, 'token');
    if (token.length < IV_LENGTH + HMAC_LENGTH) {
      throw new RnsDecodeError('RNS_ERR_TOKEN_TRUNCATED', `token of ${token.length} bytes is too short`);
    }
    if (!this.verifyHmac(token)) throw new RnsCryptoError('RNS_ERR_TOKEN_HMAC', 'token HMAC is invalid');
    const iv = token.subarray(0, IV_LENGTH);
    const ciphertext = token.subarray(IV_LENGTH, token.length - HMAC_LENGTH);
    if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_SIZE !== 0) {
      throw new RnsCryptoError('RNS_ERR_BAD_PADDING', `token ciphertext of ${ciphertext.length} bytes is not whole blocks`);
    }
    return pkcs7Unpad(aesCbcDecrypt(this.encryptionKey, iv, ciphertext), AES_BLOCK_SIZE).slice();
  }

  /** A decryptor for a token of `length` bytes that arrives in pieces (see token-stream.ts). */
  decryptor(length: number): TokenStreamDecryptor {
    return new TokenStreamDecryptor(this.signingKey, this.encryptionKey, length);
  }

  /**
   * An encryptor taking exactly `plaintextLength` bytes in pieces (see token-stream.ts); `iv` is
   * random unless given, as for encrypt().
   */
  encryptor(plaintextLength: number, iv?: Uint8Array): TokenStreamEncryptor {
    return new TokenStreamEncryptor(this.signingKey, this.encryptionKey, iv ?? randomBytes(IV_LENGTH), plaintextLength);
  }
}
