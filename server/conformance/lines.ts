// SPDX-License-Identifier: MIT
// Splits a byte stream into lines with a hard cap on line length. A line over the cap is never
// held in memory: its bytes are counted and dropped until the next newline, then reported once,
// so a peer that never sends "\n" cannot make the bridge grow without bound.

/** A complete line (without the newline and a trailing "\r"), or a report of a dropped one. */
export type LineItem = { kind: 'line'; text: string } | { kind: 'too-long'; bytes: number };

export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  /** Bytes of the current over-long line seen so far; -1 while not discarding. */
  private discarding = -1;

  constructor(private readonly maxLineBytes: number) {}

  /** Feeds a chunk; returns the items it completes, in order. */
  push(chunk: Buffer): LineItem[] {
    const items: LineItem[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl === -1) break;
      items.push(this.finish());
      start = nl + 1;
    }
    return items;
  }

  /** End of input: an unterminated last line still counts as a line. */
  end(): LineItem[] {
    if (this.discarding < 0 && this.length === 0) return [];
    return [this.finish()];
  }

  private take(piece: Buffer): void {
    if (this.discarding >= 0) {
      this.discarding += piece.length;
      return;
    }
    if (this.length + piece.length > this.maxLineBytes) {
      this.discarding = this.length + piece.length;
      this.parts = [];
      this.length = 0;
      return;
    }
    if (piece.length > 0) {
      // Copy: the stream may reuse the chunk's memory after we return.
      this.parts.push(Buffer.from(piece));
      this.length += piece.length;
    }
  }

  private finish(): LineItem {
    if (this.discarding >= 0) {
      const bytes = this.discarding;
      this.discarding = -1;
      return { kind: 'too-long', bytes };
    }
    let text = Buffer.concat(this.parts, this.length).toString('utf8');
    this.parts = [];
    this.length = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { kind: 'line', text };
  }
}
