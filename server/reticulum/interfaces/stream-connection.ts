// SPDX-License-Identifier: MIT
// One framed byte stream over a connected socket: deframes what arrives, frames what is sent, and
// enforces what RNS gets from the kernel with TCP_USER_TIMEOUT (Node has no API for it): data left
// unacknowledged for `userTimeoutMs` tears the connection down so the client can reconnect.

import type { Socket } from 'node:net';
import type { Deframer, FrameDropReason } from '../framing/index.js';
import { HEADER_MINSIZE, HdlcDeframer, KissDeframer, hdlcFrame, kissFrame } from '../framing/index.js';

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
    this.socket.write(wire);
    if (this.options.userTimeoutMs > 0 && this.socket.writableLength > 0 && !this.stallTimer) {
      this.stallTimer = setTimeout(() => {
        this.stallTimer = null;
        if (this.socket.writableLength > 0) this.socket.destroy(new Error('peer did not take data within the user timeout'));
      }, this.options.userTimeoutMs);
      this.stallTimer.unref();
    }
    return wire.length;
  }

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
