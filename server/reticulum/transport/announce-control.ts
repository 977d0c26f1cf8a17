// SPDX-License-Identifier: MIT
// Announce rate limiting and the announce bandwidth cap, as the reference applies them
// (RNS/Transport.py :: inbound rate table, outbound announce-cap branch; RNS/Interfaces/Interface.py
// :: process_announce_queue; protocol §5.5).
import type { NetworkInterface } from '../interfaces/interface.js';
import { toHex } from '../wire/bytes.js';
import { BoundedMap } from './packet-cache.js';
import {
  ANNOUNCE_CAP,
  ANNOUNCE_RATE_GRACE,
  ANNOUNCE_RATE_PENALTY_MS,
  ANNOUNCE_RATE_TARGET_MS,
  MAX_QUEUED_ANNOUNCES,
  MAX_RATE_ENTRIES,
  QUEUED_ANNOUNCE_LIFE_MS,
} from './constants.defaults.js';

/** Per-destination announce rate settings (an interface's announce_rate_target/grace/penalty). */
export interface AnnounceRatePolicy {
  targetMs: number;
  grace: number;
  penaltyMs: number;
}

/** The transport-node default: one announce per hour, 5 violations of grace, no penalty. */
export const DEFAULT_RATE_POLICY: AnnounceRatePolicy = {
  targetMs: ANNOUNCE_RATE_TARGET_MS,
  grace: ANNOUNCE_RATE_GRACE,
  penaltyMs: ANNOUNCE_RATE_PENALTY_MS,
};

interface RateEntry {
  last: number;
  violations: number;
  blockedUntil: number;
}

/**
 * Decides whether an accepted announce may be rebroadcast. Blocked announces still update the path
 * table (the caller's job); only the rebroadcast is suppressed. Path responses are exempt.
 */
export class AnnounceRateLimiter {
  private readonly table = new BoundedMap<RateEntry>(MAX_RATE_ENTRIES);

  /** Records an announce for `destinationHash` at `now`; returns true when it is rate-blocked. */
  check(destinationHash: Uint8Array, now: number, policy: AnnounceRatePolicy): boolean {
    const key = toHex(destinationHash);
    const e = this.table.get(key);
    if (!e) {
      this.table.set(key, { last: now, violations: 0, blockedUntil: 0 });
      return false;
    }
    if (now <= e.blockedUntil) return true;
    if (now - e.last < policy.targetMs) e.violations += 1;
    else e.violations = Math.max(0, e.violations - 1);
    if (e.violations > policy.grace) {
      e.blockedUntil = e.last + policy.targetMs + policy.penaltyMs;
      return true;
    }
    e.last = now;
    return false;
  }
}

interface Queued {
  destinationKey: string;
  raw: Uint8Array;
  hops: number;
  emitted: number;
  queuedAt: number;
}

/**
 * One interface's announce cap. Retransmitted announces (hops > 0) may use at most ANNOUNCE_CAP of
 * the bitrate: after each one the interface is "busy" for (bits/bitrate)/cap. While busy, or while
 * others wait, announces queue (one per destination, newest emission wins, bounded count and age)
 * and leave lowest hops first, oldest first among equals. Locally originated announces bypass it.
 */
export class AnnounceCap {
  private allowedAt = 0;
  private readonly queue = new Map<string, Queued>();
  dropped = 0;

  constructor(private readonly iface: NetworkInterface) {}

  get queued(): number {
    return this.queue.size;
  }

  /** Sends now when allowed, otherwise queues. */
  submit(destinationHash: Uint8Array, raw: Uint8Array, hops: number, emitted: number, now: number): void {
    if (this.queue.size === 0 && now >= this.allowedAt) return this.transmit(raw, now);
    const key = toHex(destinationHash);
    const existing = this.queue.get(key);
    if (existing) {
      if (emitted > existing.emitted) this.queue.set(key, { destinationKey: key, raw, hops, emitted, queuedAt: now });
      return;
    }
    if (this.queue.size >= MAX_QUEUED_ANNOUNCES) {
      this.dropped++;
      return;
    }
    this.queue.set(key, { destinationKey: key, raw, hops, emitted, queuedAt: now });
  }

  /** Job-loop step: expire stale entries and release one if the cap allows. */
  process(now: number): void {
    for (const [k, q] of this.queue) if (now - q.queuedAt > QUEUED_ANNOUNCE_LIFE_MS) this.queue.delete(k);
    if (this.queue.size === 0 || now < this.allowedAt) return;
    let best: Queued | null = null;
    for (const q of this.queue.values()) {
      if (!best || q.hops < best.hops || (q.hops === best.hops && q.queuedAt < best.queuedAt)) best = q;
    }
    if (!best) return;
    this.queue.delete(best.destinationKey);
    this.transmit(best.raw, now);
  }

  /**
   * A recursive path request we send for someone else uses the same budget (Transport.request_path
   * with recursive=True): refused while announces queue or the cap is busy, else charged.
   */
  reserve(bytes: number, now: number): boolean {
    if (this.queue.size > 0 || now < this.allowedAt) return false;
    const bitrate = this.iface.bitrate > 0 ? this.iface.bitrate : 0;
    if (bitrate > 0) this.allowedAt = now + ((bytes * 8) / bitrate / ANNOUNCE_CAP) * 1000;
    return true;
  }

  private transmit(raw: Uint8Array, now: number): void {
    this.iface.send(raw);
    const bitrate = this.iface.bitrate > 0 ? this.iface.bitrate : 0;
    // An interface with unknown bitrate is not capped (the reference's `if interface.bitrate`).
    if (bitrate > 0) this.allowedAt = now + ((raw.length * 8) / bitrate / ANNOUNCE_CAP) * 1000;
  }
}
