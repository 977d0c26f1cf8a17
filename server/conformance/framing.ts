// SPDX-License-Identifier: MIT
// Bridge commands over server/reticulum/framing: HDLC (TCP/Local interfaces) and KISS.
import * as z from 'zod';
import {
  HDLC_FLAG,
  HEADER_MINSIZE,
  HdlcDeframer,
  KISS_CMD_DATA,
  KISS_FEND,
  KissDeframer,
  hdlcFrame,
  kissFrame,
} from '../reticulum/framing/index.js';
import type { Deframer, DeframerOptions } from '../reticulum/framing/index.js';
import { BridgeError } from './errors.js';
import { hex, intLike, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/** TCPClientInterface.HW_MTU of RNS 1.4.2, the reference bridge's default for the stream commands. */
const DEFAULT_HW_MTU = 262144;
const hwMtu = intLike.pipe(z.number().min(1).max(16 * 1024 * 1024)).default(DEFAULT_HW_MTU);

/** Feeds `stream` to a fresh deframer in one chunk and returns every frame it delivers. */
function deframeAll(make: (o: DeframerOptions) => Deframer, stream: Uint8Array, options: Omit<DeframerOptions, 'onFrame'>): Uint8Array[] {
  const frames: Uint8Array[] = [];
  make({ ...options, onFrame: (f) => frames.push(f) }).push(stream);
  return frames;
}

/**
 * The bytes strictly between the first two occurrences of `delimiter`: how the reference bridge
 * picks "the" frame out of a single framed value before unescaping it.
 */
function firstFrame(framed: Uint8Array, delimiter: number, what: string): Uint8Array {
  const start = framed.indexOf(delimiter);
  if (start === -1) throw new BridgeError('BRIDGE_ERR_NO_FRAME', `no ${what} delimiter (0x${delimiter.toString(16)}) found in framed input`);
  const end = framed.indexOf(delimiter, start + 1);
  if (end === -1) throw new BridgeError('BRIDGE_ERR_NO_FRAME', `unterminated ${what} frame: only one delimiter`);
  return framed.subarray(start + 1, end);
}

/** `delimiter || inner || delimiter` (no spread: inner may be megabytes). */
function between(delimiter: number, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(inner.length + 2);
  out[0] = delimiter;
  out.set(inner, 1);
  out[out.length - 1] = delimiter;
  return out;
}

export function registerFramingCommands(r: CommandRegistry): void {
  r.add('hdlc_frame', z.object({ data: hex }), ({ data }) => ({ framed: toHex(hdlcFrame(data)) }));
  // HDLC escaping alone is the framed form without its two FLAG bytes.
  r.add('hdlc_escape', z.object({ data: hex }), ({ data }) => ({ escaped: toHex(hdlcFrame(data).subarray(1, -1)) }));
  r.add('kiss_frame', z.object({ data: hex }), ({ data }) => ({ framed: toHex(kissFrame(data)) }));

  // Single-frame deframing: the first FLAG-delimited frame, unescaped by the real deframer. No
  // runt rule here (that belongs to the stream read loop); an empty frame is empty data.
  r.add('hdlc_deframe', z.object({ framed: hex }), ({ framed }) => {
    const inner = firstFrame(framed, HDLC_FLAG, 'HDLC FLAG');
    if (inner.length === 0) return { data: '' };
    const wrapped = between(HDLC_FLAG, inner);
    const frames = deframeAll((o) => new HdlcDeframer(o), wrapped, { maxFrameSize: inner.length, minFrameSize: 0 });
    return { data: toHex(frames[0] ?? new Uint8Array(0)) };
  });
  // The first byte between the FENDs must be exactly CMD_DATA (0x00), as the reference bridge
  // demands. Escapes are undone by the real KISS deframer, i.e. like RNS's read loops: an FESC
  // followed by anything but TFEND/TFESC yields that byte (the reference bridge's replace() would
  // keep the FESC; no sender ever produces such a sequence).
  r.add('kiss_deframe', z.object({ framed: hex }), ({ framed }) => {
    const inner = firstFrame(framed, KISS_FEND, 'KISS FEND');
    if (inner.length === 0) throw new BridgeError('BRIDGE_ERR_NO_FRAME', 'empty KISS frame: no command byte');
    if (inner[0] !== KISS_CMD_DATA) {
      throw new BridgeError('BRIDGE_ERR_KISS_COMMAND', `unexpected KISS command byte 0x${inner[0]!.toString(16).padStart(2, '0')}, expected CMD_DATA (0x00)`);
    }
    if (inner.length === 1) return { data: '' };
    const wrapped = between(KISS_FEND, inner);
    const frames = deframeAll((o) => new KissDeframer(o), wrapped, { maxFrameSize: inner.length, minFrameSize: 0 });
    return { data: toHex(frames[0] ?? new Uint8Array(0)) };
  });

  // Stream deframing as a TCP interface does it: frames of <= HEADER_MINSIZE (19) bytes are runts
  // and frames over hw_mtu are dropped, both silently, exactly as TCPClientInterface.read_loop.
  r.add('hdlc_deframe_stream', z.object({ stream: hex, hw_mtu: hwMtu }), ({ stream, hw_mtu }) => {
    // With hw_mtu <= 19 every frame is either a runt or too long: nothing can be delivered (and the
    // deframer refuses a minimum that is not below its maximum).
    if (hw_mtu <= HEADER_MINSIZE) return { frames: [] };
    const frames = deframeAll((o) => new HdlcDeframer(o), stream, { maxFrameSize: hw_mtu, minFrameSize: HEADER_MINSIZE });
    return { frames: frames.map(toHex) };
  });
  // RNS's TCP KISS loop has no runt rule, so none here. Known differences of our deframer from
  // that loop, on input no RNS sender produces: it drops (not truncates) frames over hw_mtu,
  // ignores empty data frames, and lets the FEND closing one frame open the next one.
  r.add('kiss_deframe_stream', z.object({ stream: hex, hw_mtu: hwMtu }), ({ stream, hw_mtu }) => {
    const frames = deframeAll((o) => new KissDeframer(o), stream, { maxFrameSize: hw_mtu, minFrameSize: 0 });
    return { frames: frames.map(toHex) };
  });
}
