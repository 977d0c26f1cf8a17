// SPDX-License-Identifier: MIT
// HDLC-like byte stuffing used by RNS TCP, Backbone, I2P and shared-instance (Local) interfaces.
// There is no CRC, address or control field: a frame is FLAG || escape(packet) || FLAG.
// Reference: RNS/Interfaces/TCPInterface.py :: HDLC.escape, TCPClientInterface.read_loop.

import type { Deframer, DeframerOptions, DeframerStats } from './deframer.js';
import { BoundedBuffer, emptyStats, validateOptions } from './deframer.js';

export const HDLC_FLAG = 0x7e;
export const HDLC_ESC = 0x7d;
export const HDLC_ESC_MASK = 0x20;
/** Payload size from which hdlcFrame writes into spare room instead of counting specials first. */
const SPARE_ROOM_FROM = 1024;

/**
 * Frames one packet. RNS escapes 0x7D before 0x7E (two `bytes.replace` passes); the result is the
 * same as escaping both in a single pass, which is what we do.
 */
export function hdlcFrame(payload: Uint8Array): Uint8Array {
  // Specials are found with Buffer#indexOf (memchr) and the runs between them copied with set():
  // resource parts are ~8 KiB of random bytes, where a per-byte JS loop dominated the send path.
  // Encrypted bytes are specials 2 times in 256; for a large packet, room for 4 in 256 is enough
  // nearly always and saves a counting pass (anything needing more is framed again, counted
  // exactly). A small packet is counted first: there the pass is cheap, and the view of a larger
  // buffer that the spare room needs would cost more.
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload.length >= SPARE_ROOM_FROM) {
    const framed = escapeInto(payload, view, new Uint8Array(payload.length + (payload.length >>> 6) + 18));
    if (framed) return framed;
  }
  let specials = 0;
  for (let k = view.indexOf(HDLC_FLAG); k !== -1; k = view.indexOf(HDLC_FLAG, k + 1)) specials++;
  for (let k = view.indexOf(HDLC_ESC); k !== -1; k = view.indexOf(HDLC_ESC, k + 1)) specials++;
  if (specials > 0) return escapeInto(payload, view, new Uint8Array(payload.length + specials + 2)) as Uint8Array;
  const out = new Uint8Array(payload.length + 2);
  out[0] = HDLC_FLAG;
  out.set(payload, 1);
  out[payload.length + 1] = HDLC_FLAG;
  return out;
}

/** FLAG || escaped payload || FLAG written into `out`; a view of the part used, or null if short. */
function escapeInto(payload: Uint8Array, view: Buffer, out: Uint8Array): Uint8Array | null {
  out[0] = HDLC_FLAG;
  let o = 1;
  let start = 0;
  let flag = indexOrEnd(view, HDLC_FLAG, 0);
  let esc = indexOrEnd(view, HDLC_ESC, 0);
  for (;;) {
    const at = flag < esc ? flag : esc;
    // The run, and then either an escape pair or the closing FLAG, must fit.
    if (o + (at - start) + (at === payload.length ? 1 : 2) > out.length) return null;
    out.set(payload.subarray(start, at), o);
    o += at - start;
    if (at === payload.length) break;
    out[o++] = HDLC_ESC;
    out[o++] = payload[at]! ^ HDLC_ESC_MASK;
    start = at + 1;
    if (at === flag) flag = indexOrEnd(view, HDLC_FLAG, start);
    else esc = indexOrEnd(view, HDLC_ESC, start);
  }
  out[o++] = HDLC_FLAG;
  return o === out.length ? out : out.subarray(0, o);
}

function indexOrEnd(chunk: Uint8Array, byte: number, from: number): number {
  const k = chunk.indexOf(byte, from);
  return k === -1 ? chunk.length : k;
}

const enum State {
  /** Before the first FLAG: everything is garbage. */
  Hunt,
  /** Inside a frame. */
  Frame,
  /** Inside a frame, the previous byte was ESC. */
  Escape,
  /** The current frame outgrew maxFrameSize: skip to the next FLAG. */
  Discard,
}

/**
 * Stream deframer for HDLC, an explicit state machine (no re-scanning of buffered bytes).
 *
 * Compatibility notes against RNS 1.4.2 `read_loop`:
 * - the closing FLAG of one frame opens the next, so `7E a 7E b 7E` yields `a` and `b`;
 * - empty frames (`7E 7E`, the Android keepalive) are ignored and not counted;
 * - frames of `minFrameSize` bytes or fewer are dropped as runts;
 * - an ESC followed by anything but 5E/5D is kept literally, exactly as RNS's two `replace`
 *   passes leave it (a sender never produces it, but two decoders must not disagree).
 */
export class HdlcDeframer implements Deframer {
  readonly stats: DeframerStats = emptyStats();
  private state = State.Hunt;
  private readonly buf: BoundedBuffer;
  private readonly min: number;
  private garbage = 0;
  private discarded = 0;

  constructor(private readonly options: DeframerOptions) {
    validateOptions(options);
    this.min = options.minFrameSize ?? 0;
    this.buf = new BoundedBuffer(options.maxFrameSize);
  }

  get buffered(): number {
    return this.buf.length;
  }

  reset(): void {
    this.state = State.Hunt;
    this.buf.clear();
    this.garbage = 0;
    this.discarded = 0;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    // Runs are copied out of a plain Uint8Array view: Buffer#subarray builds a Buffer per call,
    // which cost more than the copy itself in frames with a special byte every ~128 bytes.
    const plain = Buffer.isBuffer(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : chunk;
    let nextFlag = -1;
    let nextEsc = -1;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case State.Frame:
          if (b === HDLC_FLAG) this.endFrame();
          else if (b === HDLC_ESC) this.state = State.Escape;
          else {
            // Copy the whole run of ordinary bytes at once; this is the hot path.
            // indexOf is a native memchr; the positions are cached until the cursor passes them.
            if (nextFlag < i) nextFlag = indexOrEnd(chunk, HDLC_FLAG, i);
            if (nextEsc < i) nextEsc = indexOrEnd(chunk, HDLC_ESC, i);
            const j = nextFlag < nextEsc ? nextFlag : nextEsc;
            if (!this.buf.pushRun(plain, i, j)) {
              this.discarded = this.buf.length + (j - i);
              this.buf.clear();
              this.state = State.Discard;
            }
            i = j - 1;
          }
          break;
        case State.Escape:
          if (b === (HDLC_FLAG ^ HDLC_ESC_MASK)) {
            this.state = State.Frame;
            this.append(HDLC_FLAG);
          } else if (b === (HDLC_ESC ^ HDLC_ESC_MASK)) {
            this.state = State.Frame;
            this.append(HDLC_ESC);
          } else {
            // Invalid escape: keep the ESC literally, then look at this byte afresh in the new state.
            this.state = State.Frame;
            this.append(HDLC_ESC);
            i--;
          }
          break;
        case State.Hunt:
          if (b === HDLC_FLAG) {
            if (this.garbage > 0) this.drop('garbage', this.garbage);
            this.garbage = 0;
            this.state = State.Frame;
          } else {
            this.garbage++;
          }
          break;
        case State.Discard:
          if (b === HDLC_FLAG) {
            this.drop('oversized', this.discarded);
            this.discarded = 0;
            this.state = State.Frame;
          } else {
            this.discarded++;
          }
          break;
      }
    }
  }

  private append(b: number): void {
    if (!this.buf.push(b)) {
      this.discarded = this.buf.length + 1;
      this.buf.clear();
      this.state = State.Discard;
    }
  }

  private endFrame(): void {
    const len = this.buf.length;
    // The closing FLAG is also the opening FLAG of the next frame.
    this.state = State.Frame;
    if (len === 0) return;
    if (len <= this.min) {
      this.buf.length = 0;
      this.drop('runt', len);
      return;
    }
    const frame = this.buf.take();
    this.stats.frames++;
    this.options.onFrame(frame);
  }

  private drop(reason: 'garbage' | 'oversized' | 'runt', bytes: number): void {
    this.stats.dropped[reason]++;
    this.options.onDrop?.(reason, bytes);
  }
}
