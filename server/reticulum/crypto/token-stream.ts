// SPDX-License-Identifier: MIT
// A Token in pieces, both ways. Decrypting one that arrives in pieces (a resource's parts, in
// order) does the work while the receiver would otherwise wait for the sender, not all at once when
// the last part lands; encrypting one in pieces lets a sender prepare its next segment in slices.
//
// Threat model: Token.decrypt authenticates before it decrypts, so no forged ciphertext reaches
// the cipher or the padding logic. Here the cipher runs ahead of the HMAC, so the rule becomes:
// plaintext handed out by update() is unauthenticated and may only be buffered or hashed; final()
// checks the HMAC (constant time) and only then looks at the padding, returning null for a forgery
// without saying why. Nothing observable depends on unauthenticated plaintext, so there is no
// padding oracle either way.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { Cipher, Decipher, Hmac } from 'node:crypto';
import { RnsArgumentError } from '../errors.js';
import { AES_BLOCK_SIZE } from './aes.js';
import { assertBytes, assertLength, constantTimeEqual } from './bytes.js';

const IV_LENGTH = 16;
const HMAC_LENGTH = 32;

export class TokenStreamDecryptor {
  private readonly hmac: Hmac;
  private decipher: Decipher | null = null;
  private readonly iv = new Uint8Array(IV_LENGTH);
  private readonly tag = new Uint8Array(HMAC_LENGTH);
  /**
   * The last ciphertext block: its plaintext carries the padding, so it is deciphered only by
   * final(). The token's length is known, so every earlier block goes straight through.
   */
  private readonly lastBlock = new Uint8Array(AES_BLOCK_SIZE);
  private offset = 0;
  private finished = false;

  /**
   * @param length the whole token's length (IV + ciphertext + HMAC), known from the advertisement.
   * @throws RnsArgumentError RNS_ERR_TOKEN_LENGTH when no token can have that length.
   */
  constructor(
    signingKey: Uint8Array,
    private readonly encryptionKey: Uint8Array,
    private readonly length: number,
  ) {
    const body = length - IV_LENGTH - HMAC_LENGTH;
    if (!Number.isSafeInteger(length) || body <= 0 || body % AES_BLOCK_SIZE !== 0) {
      throw new RnsArgumentError('RNS_ERR_TOKEN_LENGTH', `no token is ${length} bytes long`);
    }
    this.hmac = createHmac('sha256', signingKey);
  }

  /**
   * Feeds the next bytes of the token. Returns the unauthenticated plaintext now available (see
   * the threat model above). Throws RNS_ERR_TOKEN_LENGTH past the announced length.
   */
  update(chunk: Uint8Array): Uint8Array {
    assertBytes(chunk, 'token chunk');
    if (this.finished || this.offset + chunk.length > this.length) {
      throw new RnsArgumentError('RNS_ERR_TOKEN_LENGTH', 'more token bytes than announced');
    }
    const start = this.offset;
    this.offset += chunk.length;
    const macEnd = this.length - HMAC_LENGTH;
    const lastFrom = macEnd - AES_BLOCK_SIZE;
    if (start < macEnd) this.hmac.update(chunk.subarray(0, Math.min(chunk.length, macEnd - start)));
    if (this.offset > macEnd) {
      const from = Math.max(start, macEnd);
      this.tag.set(chunk.subarray(from - start), from - macEnd);
    }
    if (start < IV_LENGTH) this.iv.set(chunk.subarray(0, Math.min(chunk.length, IV_LENGTH - start)), start);
    const cipherFrom = Math.max(start, IV_LENGTH);
    const cipherTo = Math.min(this.offset, macEnd);
    if (cipherTo <= cipherFrom) return new Uint8Array(0);
    if (cipherTo > lastFrom) {
      const from = Math.max(cipherFrom, lastFrom);
      this.lastBlock.set(chunk.subarray(from - start, cipherTo - start), from - lastFrom);
    }
    const openTo = Math.min(cipherTo, lastFrom);
    if (openTo <= cipherFrom) return new Uint8Array(0);
    return this.cipher().update(chunk.subarray(cipherFrom - start, openTo - start));
  }

  /** Padding off: OpenSSL then hands out every whole block at once instead of keeping one back. */
  private cipher(): Decipher {
    this.decipher ??= createDecipheriv(this.encryptionKey.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc', this.encryptionKey, this.iv).setAutoPadding(false);
    return this.decipher;
  }

  /**
   * Ends the token: null unless every byte arrived and the HMAC is valid; otherwise the last
   * plaintext bytes with the padding removed. Earlier update() output is authentic only if this
   * returns non-null.
   */
  final(): Uint8Array | null {
    if (this.finished) return null;
    this.finished = true;
    if (this.offset !== this.length) return null;
    if (!constantTimeEqual(new Uint8Array(this.hmac.digest()), this.tag)) return null;
    const decipher = this.cipher();
    const last = Buffer.concat([decipher.update(this.lastBlock), decipher.final()]);
    const pad = last[last.length - 1] ?? 0;
    // As the reference (PKCS7.unpad): only the length byte is checked, never the pad bytes.
    if (pad > AES_BLOCK_SIZE || pad > last.length) return null;
    return new Uint8Array(last.subarray(0, last.length - pad));
  }
}

/**
 * Encrypting a Token in pieces, so a resource segment can be prepared in slices between the
 * event-loop turns that serve the segment before it. The output is byte for byte what
 * Token.encrypt gives for the same key, IV and plaintext; it is written into one buffer allocated
 * up front (no joining copies). Nothing of it is handed out before final().
 */
export class TokenStreamEncryptor {
  private readonly cipher: Cipher;
  private readonly hmac: Hmac;
  private readonly out: Uint8Array;
  private offset = IV_LENGTH;
  private taken = 0;
  private finished = false;

  /**
   * @param plaintextLength the exact number of bytes update() will be given in total.
   * @throws RnsArgumentError RNS_ERR_TOKEN_LENGTH when that is not a whole number ≥ 0.
   */
  constructor(
    signingKey: Uint8Array,
    encryptionKey: Uint8Array,
    iv: Uint8Array,
    private readonly plaintextLength: number,
  ) {
    if (!Number.isSafeInteger(plaintextLength) || plaintextLength < 0) {
      throw new RnsArgumentError('RNS_ERR_TOKEN_LENGTH', `cannot encrypt ${plaintextLength} bytes`);
    }
    assertLength(iv, [IV_LENGTH], 'Token IV');
    const padded = plaintextLength + AES_BLOCK_SIZE - (plaintextLength % AES_BLOCK_SIZE);
    this.out = new Uint8Array(IV_LENGTH + padded + HMAC_LENGTH);
    this.out.set(iv, 0);
    // PKCS7 padding by the cipher itself: the same bytes pkcs7Pad adds before Token.encrypt's cipher.
    this.cipher = createCipheriv(encryptionKey.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc', encryptionKey, iv);
    this.hmac = createHmac('sha256', signingKey).update(iv);
  }

  /** Encrypts the next plaintext bytes. Throws RNS_ERR_TOKEN_LENGTH past the announced length. */
  update(chunk: Uint8Array): void {
    assertBytes(chunk, 'plaintext chunk');
    if (this.finished || this.taken + chunk.length > this.plaintextLength) {
      throw new RnsArgumentError('RNS_ERR_TOKEN_LENGTH', 'more plaintext than announced');
    }
    this.taken += chunk.length;
    this.put(this.cipher.update(chunk));
  }

  /** The whole token. Throws RNS_ERR_TOKEN_LENGTH unless exactly the announced bytes came in. */
  final(): Uint8Array {
    if (this.finished || this.taken !== this.plaintextLength) {
      throw new RnsArgumentError('RNS_ERR_TOKEN_LENGTH', 'plaintext shorter than announced');
    }
    this.finished = true;
    this.put(this.cipher.final());
    this.out.set(this.hmac.digest(), this.offset);
    return this.out;
  }

  private put(ciphertext: Uint8Array): void {
    if (ciphertext.length === 0) return;
    this.out.set(ciphertext, this.offset);
    this.hmac.update(ciphertext);
    this.offset += ciphertext.length;
  }
}
