// SPDX-License-Identifier: MIT
// HDLC-like byte stuffing used by RNS TCP, Backbone, I2P and shared-instance (Local) interfaces.
// There is no CRC, address or control field: a frame is FLAG || escape(packet) || FLAG.
// Reference: RNS/Interfaces/TCPInterface.py :: HDLC.escape, TCPClientInterface.read_loop.

import type { Deframer, DeframerOptions, DeframerStats } from './deframer.js';
import { BoundedBuffer, emptyStats, validateOptions } from './deframer.js';

export const HDLC_FLAG = 0x7e;
export const HDLC_ESC = 0x7d;
export const HDLC_ESC_MASK = 0x20;
/**
 * Positions of the special bytes of the payload being framed, reused from call to call. It keeps
 * the largest count seen (at most one frame's length), so framing allocates only its output.
 */
let specialsAt = new Int32Array(256);

/**
 * Frames one packet. RNS escapes 0x7D before 0x7E (two `bytes.replace` passes); the result is the
 * same as escaping both in a single pass, which is what we do.
 */
export function hdlcFrame(payload: Uint8Array): Uint8Array {
  // Specials are found with Buffer#indexOf (memchr). The payload is copied in whole and the runs
  // between specials are then moved right in place (copyWithin), last run first, each by the
  // number of escapes before it. Resource parts are ~8 KiB of random bytes with a special every
  // ~128 bytes: a per-byte JS loop dominated the send path, and copying each run through a
  // subarray view made half of the garbage a transfer left behind.
  const n = payload.length;
  const view = Buffer.from(payload.buffer, payload.byteOffset, n);
  let count = 0;
  let flag = indexOrEnd(view, HDLC_FLAG, 0);
  let esc = indexOrEnd(view, HDLC_ESC, 0);
  while (flag < n || esc < n) {
    let at: number;
    if (flag < esc) {
      at = flag;
      flag = indexOrEnd(view, HDLC_FLAG, at + 1);
    } else {
      at = esc;
      esc = indexOrEnd(view, HDLC_ESC, at + 1);
    }
    if (count === specialsAt.length) {
      const grown = new Int32Array(specialsAt.length * 2);
      grown.set(specialsAt);
      specialsAt = grown;
    }
    specialsAt[count++] = at;
  }
  const out = new Uint8Array(n + count + 2);
  out[0] = HDLC_FLAG;
  out.set(payload, 1);
  // Payload byte j sits at out[1 + j]; after the i-th special (0-based) it belongs i + 1 further
  // right. Moving the last run first only ever overwrites bytes that have already moved.
  for (let i = count - 1; i >= 0; i--) {
    const at = specialsAt[i] as number;
    const next = i + 1 < count ? (specialsAt[i + 1] as number) : n;
    if (next > at + 1) out.copyWithin(at + 3 + i, at + 2, next + 1);
    out[at + 1 + i] = HDLC_ESC;
    out[at + 2 + i] = (payload[at] as number) ^ HDLC_ESC_MASK;
  }
  out[n + count + 1] = HDLC_FLAG;
  return out;
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
    // Bytes are copied out of a plain Uint8Array view: Buffer#subarray builds a Buffer per call.
    const plain = Buffer.isBuffer(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : chunk;
    let nextFlag = -1;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case State.Frame: {
          if (b === HDLC_FLAG) {
            this.endFrame();
            break;
          }
          // Everything up to the next FLAG (indexOf is a native memchr) is this frame's. While it
          // fits raw, it is copied in one piece and unescaped in place; only a frame near the
          // maximum is taken run by run, so the bound holds for its unescaped length.
          if (nextFlag < i) nextFlag = indexOrEnd(chunk, HDLC_FLAG, i);
          if (this.buf.length + (nextFlag - i) <= this.options.maxFrameSize) {
            if (this.appendUnescaped(plain, i, nextFlag)) this.state = State.Escape;
            i = nextFlag - 1;
          } else if (b === HDLC_ESC) {
            this.state = State.Escape;
          } else {
            const j = Math.min(nextFlag, indexOrEnd(chunk, HDLC_ESC, i));
            if (!this.buf.pushRun(plain, i, j)) {
              this.discarded = this.buf.length + (j - i);
              this.buf.clear();
              this.state = State.Discard;
            }
            i = j - 1;
          }
          break;
        }
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

  /**
   * Appends `src[start..end)`, which holds no FLAG and fits the buffer raw, and unescapes it in
   * place: runs between ESCs move left (copyWithin) over the bytes the escapes freed, with the
   * same rules as the Escape state. True if it ends on an ESC whose pair is still to come.
   */
  private appendUnescaped(src: Uint8Array, start: number, end: number): boolean {
    const base = this.buf.length;
    const stop = base + (end - start);
    this.buf.pushRun(src, start, end);
    const bytes = this.buf.storage;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, stop);
    let e = view.indexOf(HDLC_ESC, base);
    if (e === -1) return false;
    let w = e;
    let r = e;
    let pending = false;
    while (e !== -1) {
      if (e > r) bytes.copyWithin(w, r, e);
      w += e - r;
      if (e === stop - 1) {
        pending = true;
        r = stop;
        break;
      }
      const next = bytes[e + 1] as number;
      if (next === (HDLC_FLAG ^ HDLC_ESC_MASK) || next === (HDLC_ESC ^ HDLC_ESC_MASK)) {
        bytes[w++] = next ^ HDLC_ESC_MASK;
        r = e + 2;
      } else {
        // Invalid escape: the ESC stays, and the byte after it is looked at afresh.
        bytes[w++] = HDLC_ESC;
        r = e + 1;
      }
      e = r < stop ? view.indexOf(HDLC_ESC, r) : -1;
    }
    if (stop > r) bytes.copyWithin(w, r, stop);
    this.buf.length = w + (stop - r);
    return pending;
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
