// SPDX-License-Identifier: MIT
// KISS framing as RNS uses it on TCP (`kiss_framing = yes`) and serial TNCs:
// FEND || command || escape(packet) || FEND.
// Reference: RNS/Interfaces/TCPInterface.py :: KISS.escape, TCPClientInterface.read_loop (KISS branch).

import { RnsArgumentError } from '../errors.js';
import type { Deframer, DeframerOptions, DeframerStats } from './deframer.js';
import { BoundedBuffer, emptyStats, validateOptions } from './deframer.js';

export const KISS_FEND = 0xc0;
export const KISS_FESC = 0xdb;
export const KISS_TFEND = 0xdc;
export const KISS_TFESC = 0xdd;
export const KISS_CMD_DATA = 0x00;

/** Frames one packet with the given command byte (data on port 0 by default). */
export function kissFrame(payload: Uint8Array, command: number = KISS_CMD_DATA): Uint8Array {
  if (!Number.isInteger(command) || command < 0 || command > 0xff || command === KISS_FEND || command === KISS_FESC) {
    throw new RnsArgumentError('RNS_ERR_FRAMING_OPTIONS', `invalid KISS command byte ${command}`);
  }
  let specials = 0;
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i]!;
    if (b === KISS_FEND || b === KISS_FESC) specials++;
  }
  const out = new Uint8Array(payload.length + specials + 3);
  out[0] = KISS_FEND;
  out[1] = command;
  let o = 2;
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i]!;
    if (b === KISS_FEND) {
      out[o++] = KISS_FESC;
      out[o++] = KISS_TFEND;
    } else if (b === KISS_FESC) {
      out[o++] = KISS_FESC;
      out[o++] = KISS_TFESC;
    } else {
      out[o++] = b;
    }
  }
  out[o] = KISS_FEND;
  return out;
}

const enum State {
  /** Before the first FEND. */
  Hunt,
  /** Just after a FEND: the next byte is the command. */
  Command,
  /** Collecting a data frame. */
  Data,
  /** Collecting a data frame, previous byte was FESC. */
  Escape,
  /** A non-data command or an oversized frame: skip to the next FEND. */
  Skip,
}

/**
 * Stream deframer for KISS. Only data frames (command nibble 0 after masking the port nibble, as
 * RNS does) are delivered. Unlike RNS's TCP read loop, the FEND closing one frame may also open the
 * next one; RNS senders always send both FENDs, so this only makes us more tolerant.
 * Escapes follow RNS: FESC always starts an escape (even right after another FESC), and an escaped
 * byte other than TFEND/TFESC is kept as is.
 */
export class KissDeframer implements Deframer {
  readonly stats: DeframerStats = emptyStats();
  private state = State.Hunt;
  private readonly buf: BoundedBuffer;
  private readonly min: number;
  private garbage = 0;
  private skipped = 0;
  private oversized = false;

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
    this.skipped = 0;
    this.oversized = false;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (b === KISS_FEND) {
        this.onFend();
        continue;
      }
      switch (this.state) {
        case State.Hunt:
          this.garbage++;
          break;
        case State.Command:
          if ((b & 0x0f) === KISS_CMD_DATA) {
            this.state = State.Data;
          } else {
            this.state = State.Skip;
            this.oversized = false;
            this.skipped = 1;
          }
          break;
        case State.Data:
          if (b === KISS_FESC) this.state = State.Escape;
          else this.append(b);
          break;
        case State.Escape:
          if (b === KISS_FESC) break; // RNS: FESC re-arms the escape
          this.state = State.Data;
          this.append(b === KISS_TFEND ? KISS_FEND : b === KISS_TFESC ? KISS_FESC : b);
          break;
        case State.Skip:
          this.skipped++;
          break;
      }
    }
  }

  private onFend(): void {
    switch (this.state) {
      case State.Hunt:
        if (this.garbage > 0) this.drop('garbage', this.garbage);
        this.garbage = 0;
        break;
      case State.Data:
      case State.Escape:
        this.endFrame();
        break;
      case State.Skip:
        this.drop(this.oversized ? 'oversized' : 'command', this.skipped);
        this.skipped = 0;
        this.oversized = false;
        break;
      case State.Command:
        break; // back-to-back FENDs: nothing in between
    }
    this.state = State.Command;
  }

  private append(b: number): void {
    if (!this.buf.push(b)) {
      this.skipped = this.buf.length + 1;
      this.buf.clear();
      this.oversized = true;
      this.state = State.Skip;
    }
  }

  private endFrame(): void {
    const len = this.buf.length;
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

  private drop(reason: 'garbage' | 'oversized' | 'runt' | 'command', bytes: number): void {
    this.stats.dropped[reason]++;
    this.options.onDrop?.(reason, bytes);
  }
}
