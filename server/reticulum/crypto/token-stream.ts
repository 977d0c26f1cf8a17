// SPDX-License-Identifier: MIT
// Decrypting a Token that arrives in pieces (a resource's parts, in order), so the work is done
// while the receiver would otherwise wait for the sender, not all at once when the last part lands.
//
// Threat model: Token.decrypt authenticates before it decrypts, so no forged ciphertext reaches
// the cipher or the padding logic. Here the cipher runs ahead of the HMAC, so the rule becomes:
// plaintext handed out by update() is unauthenticated and may only be buffered or hashed; final()
// checks the HMAC (constant time) and only then looks at the padding, returning null for a forgery
// without saying why. Nothing observable depends on unauthenticated plaintext, so there is no
// padding oracle either way.
import { createDecipheriv, createHmac } from 'node:crypto';
import type { Decipher, Hmac } from 'node:crypto';
import { RnsArgumentError } from '../errors.js';
import { AES_BLOCK_SIZE } from './aes.js';
import { assertBytes, constantTimeEqual } from './bytes.js';

const IV_LENGTH = 16;
const HMAC_LENGTH = 32;

export class TokenStreamDecryptor {
  private readonly hmac: Hmac;
  private decipher: Decipher | null = null;
  private readonly iv = new Uint8Array(IV_LENGTH);
  private readonly tag = new Uint8Array(HMAC_LENGTH);
  private offset = 0;
  /** The last plaintext block seen: it carries the padding, so it is released only by final(). */
  private held: Uint8Array = new Uint8Array(0);
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
    if (start < macEnd) this.hmac.update(chunk.subarray(0, Math.min(chunk.length, macEnd - start)));
    if (this.offset > macEnd) {
      const from = Math.max(start, macEnd);
      this.tag.set(chunk.subarray(from - start), from - macEnd);
    }
    if (start < IV_LENGTH) this.iv.set(chunk.subarray(0, Math.min(chunk.length, IV_LENGTH - start)), start);
    const cipherFrom = Math.max(start, IV_LENGTH);
    const cipherTo = Math.min(this.offset, macEnd);
    if (cipherTo <= cipherFrom) return new Uint8Array(0);
    this.decipher ??= createDecipheriv(this.encryptionKey.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc', this.encryptionKey, this.iv).setAutoPadding(false);
    return this.release(this.decipher.update(chunk.subarray(cipherFrom - start, cipherTo - start)));
  }

  /** Keeps the newest block back and returns what precedes it. */
  private release(out: Uint8Array): Uint8Array {
    if (out.length === 0) return out;
    const all = this.held.length === 0 ? out : Buffer.concat([this.held, out]);
    this.held = all.subarray(all.length - AES_BLOCK_SIZE);
    return all.subarray(0, all.length - AES_BLOCK_SIZE);
  }

  /**
   * Ends the token: null unless every byte arrived and the HMAC is valid; otherwise the last
   * plaintext bytes with the padding removed. Earlier update() output is authentic only if this
   * returns non-null.
   */
  final(): Uint8Array | null {
    if (this.finished) return null;
    this.finished = true;
    if (this.offset !== this.length || !this.decipher) return null;
    if (!constantTimeEqual(new Uint8Array(this.hmac.digest()), this.tag)) return null;
    const rest = this.release(this.decipher.final());
    const last = rest.length === 0 ? this.held : Buffer.concat([rest, this.held]);
    const pad = last[last.length - 1] ?? 0;
    // As the reference (PKCS7.unpad): only the length byte is checked, never the pad bytes.
    if (pad > AES_BLOCK_SIZE || pad > last.length) return null;
    return new Uint8Array(last.subarray(0, last.length - pad));
  }
}
