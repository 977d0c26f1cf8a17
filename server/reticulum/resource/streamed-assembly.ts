// SPDX-License-Identifier: MIT
// Assembling a resource segment while it arrives: the parts received in order are decrypted and
// hashed when the receiver would otherwise sit idle (between sending a request and the parts
// coming back), so completing the segment no longer decrypts and hashes a whole MiB at once.
// The data is written into one buffer as it is decrypted: the caller's room when it gives one
// (the split resource's assembly buffer, see link/segment-store.ts), else one of its own sized
// from the token, so finishing joins nothing.
// Nothing here is trusted before finish() has checked the token's HMAC (see token-stream.ts).
import { TOKEN_OVERHEAD, sha256Stream } from '../crypto/index.js';
import { RnsError } from '../errors.js';
import type { Sha256Stream, TokenStreamDecryptor } from '../crypto/index.js';
import { RANDOM_HASH_SIZE } from './constants.js';


/** The authenticated segment data, with the two digests when they could be taken along. */
export interface AssembledData {
  /** The data after the random prefix (compressed or not): a view of the buffer written into. */
  data: Uint8Array;
  /** SHA-256(data || random hash): the resource hash to compare, or null when data was compressed. */
  hash: Uint8Array | null;
  /** SHA-256(data || resource hash): the proof to send, or null when data was compressed. */
  proof: Uint8Array | null;
}

export class StreamedAssembly {
  private fed = 0;
  /** A part ran past the announced token: nothing more is fed, and finish() gives null. */
  private overran = false;
  private prefixLeft = RANDOM_HASH_SIZE;
  private readonly out: Uint8Array;
  private written = 0;
  /** SHA-256 over the data as it comes; copied at the end for the proof (same prefix, one pass). */
  private readonly check: Sha256Stream | null;

  /**
   * @param tokenLength the segment's token length (its largest data follows from it).
   * @param hashAlong false for compressed data: the hashes cover the decompressed bytes, which
   *   only exist at the end.
   * @param room where to write the data; used when it holds the largest data the token can carry.
   */
  constructor(
    private readonly decryptor: TokenStreamDecryptor,
    tokenLength: number,
    hashAlong: boolean,
    room: Uint8Array | null = null,
  ) {
    // Around the ciphertext: IV and HMAC (TOKEN_OVERHEAD), and at least one byte of padding.
    const most = Math.max(0, tokenLength - TOKEN_OVERHEAD - 1 - RANDOM_HASH_SIZE);
    this.out = room && room.length >= most ? room : new Uint8Array(most);
    this.check = hashAlong ? sha256Stream() : null;
  }

  /**
   * Feeds `parts[fed..upTo)`, which must all be present (the caller's consecutive height).
   * False once the parts have run past the token's announced length: a sender's parts that do
   * not fit its own advertisement (a hostile one can make a part any size) can never assemble.
   * This runs in idle time outside any packet handler, so it reports rather than throws.
   */
  feed(parts: readonly (Uint8Array | null)[], upTo: number): boolean {
    for (; !this.overran && this.fed < upTo; this.fed++) {
      const part = parts[this.fed];
      if (!part) break;
      try {
        this.absorb(this.decryptor.update(part));
      } catch (err) {
        if (!(err instanceof RnsError)) throw err;
        this.overran = true;
      }
    }
    return !this.overran;
  }

  private absorb(plaintext: Uint8Array): void {
    let data = plaintext;
    if (this.prefixLeft > 0) {
      const skip = Math.min(this.prefixLeft, data.length);
      this.prefixLeft -= skip;
      data = data.subarray(skip);
    }
    if (data.length === 0) return;
    // The decryptor never hands out more than the token carries, which `out` was sized for.
    this.out.set(data, this.written);
    this.written += data.length;
    this.check?.update(data);
  }

  /** Ends the segment; null when it does not authenticate (or a part was never fed). */
  finish(randomHash: Uint8Array, resourceHash: Uint8Array): AssembledData | null {
    if (this.overran) return null;
    const tail = this.decryptor.final();
    if (!tail) return null;
    this.absorb(tail);
    if (this.prefixLeft > 0) return null; // shorter than its own random prefix: not a resource
    const proof = this.check?.copy() ?? null;
    return {
      data: this.out.subarray(0, this.written),
      hash: this.check ? this.check.update(randomHash).digest() : null,
      proof: proof ? proof.update(resourceHash).digest() : null,
    };
  }
}
