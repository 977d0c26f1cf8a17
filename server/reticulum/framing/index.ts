// SPDX-License-Identifier: MIT
// Byte framing for stream interfaces: HDLC (RNS default on TCP/Local) and KISS.
export { HEADER_MINSIZE, BoundedBuffer } from './deframer.js';
export type { Deframer, DeframerOptions, DeframerStats, FrameDropReason } from './deframer.js';
export { HDLC_ESC, HDLC_ESC_MASK, HDLC_FLAG, HdlcDeframer, hdlcFrame } from './hdlc.js';
export { KISS_CMD_DATA, KISS_FEND, KISS_FESC, KISS_TFEND, KISS_TFESC, KissDeframer, kissFrame } from './kiss.js';
