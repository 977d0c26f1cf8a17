// SPDX-License-Identifier: MIT
// Link constants with the reference's values (RNS 1.4.2 Link class; protocol §8).
import { HEADER_MINSIZE, IFAC_MIN_SIZE, MTU, TOKEN_OVERHEAD } from '../wire/constants.js';

export const ECPUBSIZE = 64;
export const KEYSIZE = 32;
export const LINK_MTU_SIZE = 3;
/** Seconds per hop added to establishment timeouts (Reticulum.DEFAULT_PER_HOP_TIMEOUT). */
export const ESTABLISHMENT_TIMEOUT_PER_HOP = 6;
export const TRAFFIC_TIMEOUT_MIN_MS = 5;
export const TRAFFIC_TIMEOUT_FACTOR = 6;
export const KEEPALIVE_MAX_RTT = 1.75;
export const KEEPALIVE_TIMEOUT_FACTOR = 4;
export const STALE_GRACE = 5;
export const KEEPALIVE_MAX = 360;
export const KEEPALIVE_MIN = 5;
export const KEEPALIVE = KEEPALIVE_MAX;
export const STALE_FACTOR = 2;
export const STALE_TIME = STALE_FACTOR * KEEPALIVE;
export const WATCHDOG_MAX_SLEEP = 5;

/** Link status values (the reference's numbering). */
export const LinkStatus = { PENDING: 0x00, HANDSHAKE: 0x01, ACTIVE: 0x02, STALE: 0x03, CLOSED: 0x04 } as const;
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

/** Teardown reasons. */
export const TeardownReason = { TIMEOUT: 0x01, INITIATOR_CLOSED: 0x02, DESTINATION_CLOSED: 0x03 } as const;
export type TeardownReason = (typeof TeardownReason)[keyof typeof TeardownReason];

/** Encryption modes (3 bits). Only AES-256-CBC is enabled in RNS 1.4.2. */
export const LinkMode = { AES128_CBC: 0x00, AES256_CBC: 0x01, AES256_GCM: 0x02, OTP_RESERVED: 0x03 } as const;
export const ENABLED_MODES: readonly number[] = [LinkMode.AES256_CBC];
export const MODE_DEFAULT = LinkMode.AES256_CBC;

export const MTU_BYTEMASK = 0x1fffff;
export const MODE_BYTEMASK = 0xe0;

/** Link MDU for a given link MTU: 431 at 500, 8111 at 8192 (Link.update_mdu). */
export function linkMdu(mtu: number): number {
  return Math.floor((mtu - IFAC_MIN_SIZE - HEADER_MINSIZE - TOKEN_OVERHEAD) / 16) * 16 - 1;
}

/** The static Link.MDU (MTU 500). */
export const LINK_MDU = linkMdu(MTU);

/** HW_MTU the reference's TCP interfaces report (TCPInterface.HW_MTU), used for link MTU discovery. */
export const TCP_HW_MTU = 262144;
/**
 * MTU a Python initiator actually signals over TCP: `Interface.optimise_mtu` maps a TCP
 * interface's bitrate to 8192 (observed `20 20 00`), so that is what links over TCP negotiate.
 */
export const TCP_LINK_MTU = 8192;

