// SPDX-License-Identifier: MIT
// Transport timers and table bounds (RNS/Transport.py class constants, RNS/Reticulum.py; protocol
// brief §5.4–5.6, §6.4). Times are milliseconds unless the name says otherwise.

/** Job loop tick (the reference runs its job loop every 250 ms). */
export const JOB_INTERVAL_MS = 250;
/** Path expiry for FULL-mode interfaces (PATHFINDER_E, 7 days). */
export const PATH_EXPIRY_MS = 7 * 24 * 3600 * 1000;
/** Path expiry when learned on an access-point interface (AP_PATH_TIME). */
export const AP_PATH_EXPIRY_MS = 24 * 3600 * 1000;
/** Path expiry when learned on a roaming interface (ROAMING_PATH_TIME). */
export const ROAMING_PATH_EXPIRY_MS = 6 * 3600 * 1000;
/** Random blobs remembered per destination (MAX_RANDOM_BLOBS). */
export const MAX_RANDOM_BLOBS = 64;
/** Reverse-table entry lifetime (REVERSE_TIMEOUT). */
export const REVERSE_TIMEOUT_MS = 480 * 1000;
/** Validated link-table entry lifetime without traffic (LINK_TIMEOUT = STALE_TIME × 1.25). */
export const LINK_TIMEOUT_MS = 900 * 1000;
/** Per-hop link establishment allowance (Link.ESTABLISHMENT_TIMEOUT_PER_HOP). */
export const LINK_ESTABLISHMENT_PER_HOP_MS = 6 * 1000;
/** How long awaitPath waits by default (PATH_REQUEST_TIMEOUT). */
export const PATH_REQUEST_TIMEOUT_MS = 15 * 1000;
/** Minimum interval between automatic path requests for one destination (PATH_REQUEST_MI). */
export const PATH_REQUEST_MIN_INTERVAL_MS = 20 * 1000;
/** Delay before a transport node answers a path request from its table (PATH_REQUEST_GRACE). */
export const PATH_REQUEST_GRACE_MS = 400;
/** Extra grace on roaming interfaces (PATH_REQUEST_RG). */
export const PATH_REQUEST_ROAMING_GRACE_MS = 1500;
/** Remembered path-request tags (dest || tag) for duplicate suppression (max_pr_tags). */
export const MAX_PATH_REQUEST_TAGS = 32000;
/** Default per-hop timeout for receipts (DEFAULT_PER_HOP_TIMEOUT). */
export const PER_HOP_TIMEOUT_MS = 6 * 1000;
/** Outstanding receipts kept (MAX_RECEIPTS); the oldest are culled. */
export const MAX_RECEIPTS = 1024;
/** Packet hashlist size (hashlist_maxsize); it rotates into "previous" at half this size. */
export const HASHLIST_MAXSIZE = 1_000_000;
/** Rebroadcast: retries after the first transmission (PATHFINDER_R). */
export const PATHFINDER_R = 1;
/** Rebroadcast: seconds between retries (PATHFINDER_G) ... */
export const PATHFINDER_G_MS = 5 * 1000;
/** ... plus this random window (PATHFINDER_RW). */
export const PATHFINDER_RW_MS = 500;
/** Rebroadcasts heard from neighbours after which we stop (LOCAL_REBROADCASTS_MAX). */
export const LOCAL_REBROADCASTS_MAX = 2;
/** Announce bandwidth share for retransmitted announces (Reticulum.ANNOUNCE_CAP = 2 %). */
export const ANNOUNCE_CAP = 0.02;
/** Announces queued per interface while capped (MAX_QUEUED_ANNOUNCES). */
export const MAX_QUEUED_ANNOUNCES = 16384;
/** Lifetime of a queued announce (QUEUED_ANNOUNCE_LIFE, 24 h). */
export const QUEUED_ANNOUNCE_LIFE_MS = 24 * 3600 * 1000;
/** Per-destination announce rate target on transport nodes (DEFAULT_AR_TARGET, seconds → ms). */
export const ANNOUNCE_RATE_TARGET_MS = 3600 * 1000;
/** Violations tolerated before blocking (DEFAULT_AR_GRACE). */
export const ANNOUNCE_RATE_GRACE = 5;
/** Extra block time once blocked (DEFAULT_AR_PENALTY). */
export const ANNOUNCE_RATE_PENALTY_MS = 0;
/** Destinations tracked by the rate limiter (bounded; oldest forgotten first). */
export const MAX_RATE_ENTRIES = 100_000;
/** Paths kept in memory (bounded; oldest evicted first). Each entry holds its announce (~0.2–0.5 kB). */
export const MAX_PATHS = 100_000;
/** Recently rejected announce hashes remembered so a replayed bad announce costs no signature check. */
export const MAX_REJECTED_ANNOUNCES = 4096;
/**
 * Announces checked inline per event-loop turn; past this (a flood, or a backlog read in one
 * socket chunk) signatures go to worker threads and results are applied in arrival order.
 */
export const ANNOUNCE_INLINE_BURST = 8;
/**
 * Announce signature checks queued on the verifier's workers before the event loop checks them
 * itself (backpressure). A socket read holds ~250 announces; each waiting one costs ~1 KiB, so a
 * full queue is ~4 MiB. Checking on the event loop is the expensive fallback (it stalls the
 * results the workers hand back): with 1 024 a 5 000-announce flood ingested ~10 % slower.
 */
export const MAX_ANNOUNCES_IN_FLIGHT = 4096;
/** Delivery proofs (packet receipts, link proofs) checked inline per turn; past this, on the thread pool. */
export const PROOF_INLINE_BURST = 8;
/** Delivery proof checks queued on the thread pool before the event loop checks them itself. */
export const MAX_PROOFS_IN_FLIGHT = 64;
/** Reverse / link table bounds (bounded against floods of forwarded traffic). */
export const MAX_REVERSE_ENTRIES = 100_000;
export const MAX_LINK_ENTRIES = 50_000;
