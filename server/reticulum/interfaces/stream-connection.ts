// SPDX-License-Identifier: MIT
// One framed byte stream over a connected socket: deframes what arrives, frames what is sent, and
// enforces what RNS gets from the kernel with TCP_USER_TIMEOUT (Node has no API for it): data left
// unacknowledged for `userTimeoutMs` tears the connection down so the client can reconnect.

import type { Socket } from 'node:net';
import type { Deframer, FrameDropReason } from '../framing/index.js';
import { HEADER_MINSIZE, HdlcDeframer, KissDeframer, hdlcFrame, kissFrame } from '../framing/index.js';

/** Bytes a corked batch may hold before it is written out (then the batch continues). */
const CORK_FLUSH_BYTES = 32 * 1024;

export interface StreamConnectionOptions {
  kissFraming: boolean;
  /** Largest unescaped frame accepted (RNS: HW_MTU + ifac_size). */
  maxFrameSize: number;
  /** 0 disables the write-stall timeout. */
  userTimeoutMs: number;
  /** 0 disables TCP keepalive (unix sockets). */
  keepAliveMs: number;
  onFrame(frame: Uint8Array): void;
  onDrop(reason: FrameDropReason): void;
  onBytes(n: number): void;
  onClose(error: Error | undefined): void;
}

export class StreamConnection {
  private readonly deframer: Deframer;
  private stallTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private corked = false;
  private lastError: Error | undefined;
  private readonly closedPromise: Promise<void>;

  constructor(
    readonly socket: Socket,
    private readonly options: StreamConnectionOptions,
  ) {
    const deframerOptions = {
      maxFrameSize: options.maxFrameSize,
      minFrameSize: HEADER_MINSIZE,
      onFrame: (f: Uint8Array) => options.onFrame(f),
      onDrop: (reason: FrameDropReason) => options.onDrop(reason),
    };
    this.deframer = options.kissFraming ? new KissDeframer(deframerOptions) : new HdlcDeframer(deframerOptions);
    socket.setNoDelay(true);
    if (options.keepAliveMs > 0) socket.setKeepAlive(true, options.keepAliveMs);
    socket.on('data', (chunk: Buffer) => {
      options.onBytes(chunk.length);
      this.deframer.push(chunk);
    });
    socket.on('drain', () => this.clearStall());
    socket.on('error', (err) => {
      this.lastError = err;
    });
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.closed = true;
        this.clearStall();
        options.onClose(this.lastError);
        resolve();
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Frames and writes one packet; returns the number of wire bytes, or 0 if the socket is gone. */
  write(packet: Uint8Array): number {
    if (!this.isOpen) return 0;
    const wire = this.options.kissFraming ? kissFrame(packet) : hdlcFrame(packet);
    // Frames written in one turn of the event loop (a window of resource parts, a burst of
    // announces) leave in one writev when the turn ends: one syscall instead of one per frame,
    // which on loopback and in VMs cost more than framing them. Order is unchanged.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.flush);
    }
    this.socket.write(wire);
    if (this.socket.writableLength >= CORK_FLUSH_BYTES) {
      // A long batch goes out in slices so the peer can start on the first frames.
      this.socket.uncork();
      this.socket.cork();
    }
    return wire.length;
  }

  private readonly flush = (): void => {
    this.corked = false;
    this.socket.uncork();
    if (this.options.userTimeoutMs > 0 && this.socket.writableLength > 0 && !this.stallTimer) {
      this.stallTimer = setTimeout(() => {
        this.stallTimer = null;
        if (this.socket.writableLength > 0) this.socket.destroy(new Error('peer did not take data within the user timeout'));
      }, this.options.userTimeoutMs);
      this.stallTimer.unref();
    }
  };

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  /** Destroys the socket; resolves once it has closed (every listener has run). */
  close(): Promise<void> {
    this.socket.destroy();
    return this.closedPromise;
  }
}
