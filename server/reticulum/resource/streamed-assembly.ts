// SPDX-License-Identifier: MIT
// Assembling a resource segment while it arrives: the parts received in order are decrypted and
// hashed when the receiver would otherwise sit idle (between sending a request and the parts
// coming back), so completing the segment no longer decrypts and hashes a whole MiB at once.
// Nothing here is trusted before finish() has checked the token's HMAC (see token-stream.ts).
import { sha256Stream } from '../crypto/index.js';
import type { Sha256Stream, TokenStreamDecryptor } from '../crypto/index.js';
import { concatBytes } from '../wire/bytes.js';
import { RANDOM_HASH_SIZE } from './constants.js';

/** The authenticated segment stream, with the two digests when they could be taken along. */
export interface AssembledStream {
  /** random prefix (4) || data (compressed or not). */
  stream: Uint8Array;
  /** SHA-256(data || random hash): the resource hash to compare, or null when data was compressed. */
  hash: Uint8Array | null;
  /** SHA-256(data || resource hash): the proof to send, or null when data was compressed. */
  proof: Uint8Array | null;
}

export class StreamedAssembly {
  private fed = 0;
  private readonly plain: Uint8Array[] = [];
  private prefixLeft = RANDOM_HASH_SIZE;
  /** SHA-256 over the data as it comes; copied at the end for the proof (same prefix, one pass). */
  private readonly check: Sha256Stream | null;

  /**
   * @param hashAlong false for compressed data: the hashes cover the decompressed bytes, which
   *   only exist at the end.
   */
  constructor(
    private readonly decryptor: TokenStreamDecryptor,
    hashAlong: boolean,
  ) {
    this.check = hashAlong ? sha256Stream() : null;
  }

  /** Feeds `parts[fed..upTo)`, which must all be present (the caller's consecutive height). */
  feed(parts: readonly (Uint8Array | null)[], upTo: number): void {
    for (; this.fed < upTo; this.fed++) {
      const part = parts[this.fed];
      if (!part) return;
      this.absorb(this.decryptor.update(part));
    }
  }

  private absorb(plaintext: Uint8Array): void {
    if (plaintext.length === 0) return;
    this.plain.push(plaintext);
    let data = plaintext;
    if (this.prefixLeft > 0) {
      const skip = Math.min(this.prefixLeft, data.length);
      this.prefixLeft -= skip;
      data = data.subarray(skip);
    }
    if (data.length === 0) return;
    this.check?.update(data);
  }

  /** Ends the segment; null when it does not authenticate (or a part was never fed). */
  finish(randomHash: Uint8Array, resourceHash: Uint8Array): AssembledStream | null {
    const tail = this.decryptor.final();
    if (!tail) return null;
    this.absorb(tail);
    if (this.prefixLeft > 0) return null; // shorter than its own random prefix: not a resource
    const proof = this.check?.copy() ?? null;
    return {
      stream: this.plain.length === 1 ? (this.plain[0] as Uint8Array) : concatBytes(...this.plain),
      hash: this.check ? this.check.update(randomHash).digest() : null,
      proof: proof ? proof.update(resourceHash).digest() : null,
    };
  }
}
