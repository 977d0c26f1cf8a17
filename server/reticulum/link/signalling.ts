// SPDX-License-Identifier: MIT
// Link MTU/mode signalling (RNS/Link.py :: signalling_bytes, mtu_from_lr_packet, mode_from_*).
// Three bytes: the top 3 bits carry the mode, the low 21 bits the MTU, big-endian.
import { RnsArgumentError } from '../errors.js';
import { ENABLED_MODES, ECPUBSIZE, LINK_MTU_SIZE, MODE_BYTEMASK, MODE_DEFAULT, MTU_BYTEMASK } from './constants.js';

/** Encodes the 3 signalling bytes. Throws RNS_ERR_LINK_MODE for a mode that is not enabled. */
export function signallingBytes(mtu: number, mode: number): Uint8Array {
  if (!ENABLED_MODES.includes(mode)) throw new RnsArgumentError('RNS_ERR_LINK_MODE', `link mode ${mode} is not enabled`);
  const value = ((mtu & MTU_BYTEMASK) + (((mode << 5) & MODE_BYTEMASK) << 16)) >>> 0;
  return Uint8Array.of((value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** Decodes `{mtu, mode}` from 3 signalling bytes. */
export function parseSignalling(b: Uint8Array): { mtu: number; mode: number } {
  const b0 = b[0] ?? 0;
  const value = (b0 << 16) | ((b[1] ?? 0) << 8) | (b[2] ?? 0);
  return { mtu: value & MTU_BYTEMASK, mode: (b0 & MODE_BYTEMASK) >> 5 };
}

/** Signalling carried by a link request's data (64 key bytes, optionally + 3), or the defaults. */
export function requestSignalling(data: Uint8Array): { mtu: number | null; mode: number } {
  if (data.length === ECPUBSIZE + LINK_MTU_SIZE) {
    const s = parseSignalling(data.subarray(ECPUBSIZE));
    return { mtu: s.mtu || null, mode: s.mode };
  }
  return { mtu: null, mode: MODE_DEFAULT };
}
