// SPDX-License-Identifier: MIT
// Resource constants, with the reference's values (RNS 1.4.2 Resource / ResourceAdvertisement).

export const WINDOW = 4;
export const WINDOW_MIN = 2;
export const WINDOW_MAX_SLOW = 10;
export const WINDOW_MAX_VERY_SLOW = 4;
export const WINDOW_MAX_FAST = 75;
export const WINDOW_MAX = WINDOW_MAX_FAST;
/** Consecutive fast rounds before the window may grow to WINDOW_MAX_FAST. */
export const FAST_RATE_THRESHOLD = WINDOW_MAX_SLOW - WINDOW - 2;
export const VERY_SLOW_RATE_THRESHOLD = 2;
/** Bytes per second (50 kbit/s). */
export const RATE_FAST = (50 * 1000) / 8;
/** Bytes per second (2 kbit/s). */
export const RATE_VERY_SLOW = (2 * 1000) / 8;
export const WINDOW_FLEXIBILITY = 4;
export const MAPHASH_LEN = 4;
export const RANDOM_HASH_SIZE = 4;
/** Largest segment; bigger inputs are split into independent segments of at most this size. */
export const MAX_EFFICIENT_SIZE = 1024 * 1024 - 1;
export const RESPONSE_MAX_GRACE_TIME = 10;
export const METADATA_MAX_SIZE = 16 * 1024 * 1024 - 1;
export const AUTO_COMPRESS_MAX_SIZE = 64 * 1024 * 1024;

export const PART_TIMEOUT_FACTOR = 4;
export const PART_TIMEOUT_FACTOR_AFTER_RTT = 2;
export const PROOF_TIMEOUT_FACTOR = 3;
export const HMU_WAIT_FACTOR = 3.5;
export const MAX_RETRIES = 16;
export const MAX_ADV_RETRIES = 4;
/** Seconds. */
export const SENDER_GRACE_TIME = 10.0;
export const PROCESSING_GRACE = 1.0;
export const RETRY_GRACE_TIME = 0.25;
export const PER_RETRY_DELAY = 0.5;
export const WATCHDOG_MAX_SLEEP = 1;

export const HASHMAP_IS_NOT_EXHAUSTED = 0x00;
export const HASHMAP_IS_EXHAUSTED = 0xff;

/** ResourceAdvertisement.OVERHEAD: the advertisement bytes besides the hashmap. */
export const ADV_OVERHEAD = 134;
/** Link.MDU at MTU 500 (431); the hashmap slice size is fixed by it even on big-MTU links. */
const STATIC_LINK_MDU = 431;
/** Map hashes per advertisement or hashmap update: 74. */
export const HASHMAP_MAX_LEN = Math.floor((STATIC_LINK_MDU - ADV_OVERHEAD) / MAPHASH_LEN);
/** Window in which two parts must not share a map hash (224 parts). */
export const COLLISION_GUARD_SIZE = 2 * WINDOW_MAX + HASHMAP_MAX_LEN;

/** HEADER_MAXSIZE + IFAC_MIN_SIZE: a part is `mtu - 36` bytes. */
export const PART_OVERHEAD = 35 + 1;

/** Resource status values (the reference's numbering; order matters for comparisons). */
export const ResourceStatus = {
  NONE: 0x00,
  QUEUED: 0x01,
  ADVERTISED: 0x02,
  TRANSFERRING: 0x03,
  AWAITING_PROOF: 0x04,
  ASSEMBLING: 0x05,
  COMPLETE: 0x06,
  FAILED: 0x07,
  CORRUPT: 0x08,
  REJECTED: 0x09,
} as const;
export type ResourceStatus = (typeof ResourceStatus)[keyof typeof ResourceStatus];
