// SPDX-License-Identifier: MIT
// Shared parts of the stream deframers: options, drop reasons, counters and a bounded frame buffer.
// The buffer grows by doubling up to the configured maximum and never past it, so a peer that
// never sends a closing flag cannot make us hold more than `maxFrameSize` bytes per connection.

import { RnsArgumentError } from '../errors.js';

/** RNS `Reticulum.HEADER_MINSIZE`: flags(1) + hops(1) + destination(16) + context(1). */
export const HEADER_MINSIZE = 19;

/** Why a deframer discarded data. Counted per reason in {@link DeframerStats.dropped}. */
export type FrameDropReason = 'oversized' | 'runt' | 'garbage' | 'command';

export interface DeframerOptions {
  /** Largest unescaped frame accepted, in bytes; longer frames are dropped whole. */
  maxFrameSize: number;
  /**
   * Frames whose unescaped length is at most this are dropped as runts (RNS drops `<= HEADER_MINSIZE`).
   * Empty frames are ignored silently whatever this is: they are keepalives, not errors.
   */
  minFrameSize?: number;
  /** Receives each complete frame. The array is owned by the callee (a fresh copy). */
  onFrame(frame: Uint8Array): void;
  /** Told about every discarded frame or run of bytes. */
  onDrop?(reason: FrameDropReason, bytes: number): void;
}

/** Counters a deframer keeps from construction. */
export interface DeframerStats {
  frames: number;
  dropped: Record<FrameDropReason, number>;
}

/** A stream deframer: feed it chunks in order; it calls `onFrame` for each whole frame. */
export interface Deframer {
  push(chunk: Uint8Array): void;
  /** Forgets a partial frame (e.g. after a reconnect, so bytes of two connections never mix). */
  reset(): void;
  readonly stats: DeframerStats;
  /** Bytes currently held for a partial frame (for memory assertions). */
  readonly buffered: number;
}

const INITIAL_CAPACITY = 1024;

/** Growable byte buffer capped at `max`; `push` returns false once the cap would be exceeded. */
export class BoundedBuffer {
  private buf: Uint8Array;
  length = 0;

  constructor(private readonly max: number) {
    this.buf = new Uint8Array(Math.min(INITIAL_CAPACITY, Math.max(1, max)));
  }

  push(byte: number): boolean {
    if (this.length === this.buf.length) {
      if (this.length >= this.max) return false;
      const next = new Uint8Array(Math.min(this.max, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = byte;
    return true;
  }

  /**
   * Appends `src[start..end)`; returns false (appending nothing) if that would exceed the cap.
   * The bulk path of the deframers: runs of ordinary bytes are copied, not pushed one by one.
   */
  pushRun(src: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    const needed = this.length + n;
    if (needed > this.max) return false;
    if (needed > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < needed) size *= 2;
      const next = new Uint8Array(Math.min(this.max, size));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(src.subarray(start, end), this.length);
    this.length = needed;
    return true;
  }

  /** The backing bytes (valid up to `length`) until the next push; for in-place edits. */
  get storage(): Uint8Array {
    return this.buf;
  }

  /** Copies out the current content and empties the buffer (capacity is kept for reuse). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }

  clear(): void {
    this.length = 0;
    // A huge buffer left over from one big frame is released rather than pinned per connection.
    if (this.buf.length > INITIAL_CAPACITY * 64) this.buf = new Uint8Array(INITIAL_CAPACITY);
  }
}

export function validateOptions(options: DeframerOptions): void {
  if (!Number.isInteger(options.maxFrameSize) || options.maxFrameSize < 1) {
    throw new RnsArgumentError('RNS_ERR_FRAMING_OPTIONS', `maxFrameSize must be a positive integer, got ${options.maxFrameSize}`);
  }
  const min = options.minFrameSize ?? 0;
  if (!Number.isInteger(min) || min < 0 || min >= options.maxFrameSize) {
    throw new RnsArgumentError('RNS_ERR_FRAMING_OPTIONS', `minFrameSize must be an integer in [0, maxFrameSize), got ${min}`);
  }
}

export function emptyStats(): DeframerStats {
  return { frames: 0, dropped: { oversized: 0, runt: 0, garbage: 0, command: 0 } };
}
