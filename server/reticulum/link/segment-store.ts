// SPDX-License-Identifier: MIT
// The segments of one split resource, kept until the last one completes (the reference appends
// them to a file named after the original hash). They are assembled in one buffer sized from the
// advertised total: each segment's data is decrypted straight into the room after the one before
// (see StreamedAssembly), so completing the resource copies nothing. Joining the segments at the
// end used to copy the whole resource once more, on the path to the final proof.

/**
 * A segment's token may carry up to 15 bytes of padding, so its assembly asks for that much more
 * room than the data it will write (StreamedAssembly sizes its output from the token).
 */
const PADDING_SLACK = 16;

export class SegmentStore {
  private buffer: Uint8Array | null = null;
  /** Where the data starts in `buffer` (after the first segment's metadata prefix). */
  private start = 0;
  private filled = 0;
  packedMetadata: Uint8Array | null = null;

  /** Bytes of data appended so far. */
  get bytes(): number {
    return this.filled - this.start;
  }

  /**
   * The room for the next segment: a view of the buffer after what was appended, allocated on the
   * first call for `totalSize` bytes (the advertised total, already checked against the link's
   * limit by the caller) and the padding slack. Nothing is handed out of it but what append()
   * was given.
   */
  room(totalSize: number): Uint8Array {
    // Its own ArrayBuffer, never a slice of Buffer's shared pool (which append() could mistake
    // for room).
    this.buffer ??= new Uint8Array(totalSize + PADDING_SLACK);
    return this.buffer.subarray(this.filled);
  }

  /**
   * Appends a completed segment's data. Data written into room() right after the previous
   * segment (the first segment may start after its metadata prefix) is taken in place; anything
   * else is copied in, the buffer growing when a segment is larger than the advertised total said.
   */
  append(data: Uint8Array): void {
    const buffer = this.buffer;
    if (!buffer) {
      // Room was never asked for (an unsplit resource, or compressed data): the first segment is
      // kept as it is, and only a second one makes a buffer for both.
      this.buffer = data;
      this.filled = data.length;
      return;
    }
    if (data.buffer === buffer.buffer) {
      const at = data.byteOffset - buffer.byteOffset;
      const first = this.filled === this.start;
      if (((first && at >= this.filled) || at === this.filled) && at + data.length <= buffer.length) {
        if (first) this.start = at;
        this.filled = at + data.length;
        return;
      }
    }
    this.reserve(data.length);
    (this.buffer as Uint8Array).set(data, this.filled);
    this.filled += data.length;
  }

  /** The assembled data (a view; the store is done with it). */
  take(): Uint8Array {
    return this.buffer ? this.buffer.subarray(this.start, this.filled) : new Uint8Array(0);
  }

  private reserve(n: number): void {
    const buffer = this.buffer;
    if (buffer && this.filled + n <= buffer.length) return;
    const grown = new Uint8Array(Math.max(this.filled + n, buffer ? buffer.length * 2 : n));
    if (buffer) grown.set(buffer.subarray(0, this.filled));
    this.buffer = grown;
  }
}
