// SPDX-License-Identifier: MIT
// Path table (RNS/Transport.py :: inbound announce branch "should_add", timebase_from_random_blobs,
// mark_path_*; protocol §5.3). One entry per destination: how many hops away, the next hop
// (transport id, or the destination itself when heard directly), the interface, the expiry, the
// announce random blobs seen, and the raw announce (to answer path requests).
import type { NetworkInterface } from '../interfaces/interface.js';
import { bytesEqual, toHex } from '../wire/bytes.js';
import { BoundedMap } from './packet-cache.js';
import { MAX_PATHS, MAX_RANDOM_BLOBS } from './constants.defaults.js';

/** One path. Times are milliseconds from the injected clock. */
export interface PathEntry {
  destinationHash: Uint8Array;
  timestamp: number;
  /** Transport id of the next hop, or the destination hash when it is directly reachable. */
  nextHop: Uint8Array;
  hops: number;
  expires: number;
  randomBlobs: Uint8Array[];
  iface: NetworkInterface;
  /** Hash of the announce packet this path came from. */
  announceHash: Uint8Array;
  /** The announce as received (hops already incremented), to replay for path requests. */
  announceRaw: Uint8Array;
  /** Set after a failed communication attempt (mark_path_unresponsive). */
  unresponsive: boolean;
}

/** Emission time (Unix seconds) carried in bytes 5..9 of an announce random blob. */
export function blobEmitted(blob: Uint8Array): number {
  let t = 0;
  for (let i = 5; i < 10; i++) t = t * 256 + (blob[i] ?? 0);
  return t;
}

/** What the decision needs about a newly validated announce. */
export interface AnnounceCandidate {
  hops: number;
  randomBlob: Uint8Array;
  emitted: number;
}

export class PathTable {
  private readonly paths: BoundedMap<PathEntry>;

  constructor(maxPaths: number = MAX_PATHS) {
    this.paths = new BoundedMap(maxPaths);
  }

  get(destinationHash: Uint8Array): PathEntry | undefined {
    return this.paths.get(toHex(destinationHash));
  }

  get size(): number {
    return this.paths.size;
  }

  entries(): PathEntry[] {
    return [...this.paths.entries()].map(([, e]) => e);
  }

  delete(destinationHash: Uint8Array): boolean {
    return this.paths.delete(toHex(destinationHash));
  }

  /**
   * The reference's should_add decision. Interface gravity does not exist in our interface
   * contract, so the equal-emission "higher gravity" replacement never applies (as in the
   * reference when either gravity is None).
   */
  shouldAdd(destinationHash: Uint8Array, a: AnnounceCandidate, now: number): boolean {
    const existing = this.get(destinationHash);
    if (!existing) return true;
    const known = existing.randomBlobs.some((b) => bytesEqual(b, a.randomBlob));
    let newest = 0;
    for (const b of existing.randomBlobs) newest = Math.max(newest, blobEmitted(b));
    if (a.hops <= existing.hops) return !known && a.emitted > newest;
    if (now >= existing.expires) return !known;
    if (a.emitted > newest) return !known;
    return a.emitted === newest && existing.unresponsive;
  }

  /** Inserts or replaces the entry, carrying over (and bounding) the random blobs seen so far. */
  add(entry: Omit<PathEntry, 'randomBlobs' | 'unresponsive'> & { randomBlob: Uint8Array }): PathEntry {
    const { randomBlob } = entry;
    const previous = this.get(entry.destinationHash);
    const blobs = previous ? [...previous.randomBlobs] : [];
    if (!blobs.some((b) => bytesEqual(b, randomBlob))) blobs.push(randomBlob);
    // Field by field: an object rest/spread copy here was a slow runtime path in announce floods.
    const stored: PathEntry = {
      destinationHash: entry.destinationHash,
      timestamp: entry.timestamp,
      nextHop: entry.nextHop,
      hops: entry.hops,
      expires: entry.expires,
      randomBlobs: blobs.length > MAX_RANDOM_BLOBS ? blobs.slice(-MAX_RANDOM_BLOBS) : blobs,
      iface: entry.iface,
      announceHash: entry.announceHash,
      announceRaw: entry.announceRaw,
      unresponsive: false,
    };
    this.paths.set(toHex(entry.destinationHash), stored);
    return stored;
  }

  markUnresponsive(destinationHash: Uint8Array): void {
    const e = this.get(destinationHash);
    if (e) e.unresponsive = true;
  }

  /** Drops expired paths and paths over interfaces that are gone. Returns how many were removed. */
  cull(now: number, liveInterfaces: ReadonlySet<NetworkInterface>): number {
    let removed = 0;
    for (const [k, e] of [...this.paths.entries()]) {
      if (now >= e.expires || !liveInterfaces.has(e.iface)) {
        this.paths.delete(k);
        removed++;
      }
    }
    return removed;
  }
}
