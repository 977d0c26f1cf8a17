// SPDX-License-Identifier: MIT
// Announce ingress control (RNS/Interfaces/Interface.py :: should_ingress_limit, hold_announce,
// process_held_announces, incoming_announce_frequency; protocol §5.5). When an interface delivers
// announces for unknown destinations faster than a threshold, they are held (bounded) and released
// one at a time once the burst is over, lowest hop count first.
//
// One deliberate difference: the reference checks the signature before counting and holding. We
// count and hold before validating, so a flood of forged announces for unknown destinations costs
// no signature checks at all; held ones are validated when released, exactly as if they had just
// arrived.
import { PATHFINDER_M } from '../wire/constants.js';
import { toHex } from '../wire/bytes.js';
import type { InboundPacket } from './types.js';

/** Interface.IC_* defaults, in ms and Hz. */
export const INGRESS = {
  newTimeMs: 2 * 3600 * 1000,
  burstFreqNew: 3,
  burstFreq: 10,
  burstHoldMs: 15_000,
  burstPenaltyMs: 15_000,
  heldReleaseIntervalMs: 5_000,
  dequeMinSample: 2,
  samples: 48,
  /** Samples older than 1/AR_MINFREQ_HZ (10 s) decay one at a time. */
  decayMs: 10_000,
  maxHeld: 256,
} as const;

/**
 * Arrival times of the last INGRESS.samples events and their rate (Interface's ia/ip_freq_deque and
 * incoming_*_frequency): the oldest sample decays once it is older than INGRESS.decayMs.
 */
class RateSamples {
  private readonly times: number[] = [];

  get count(): number {
    return this.times.length;
  }

  add(now: number): void {
    this.times.push(now);
    if (this.times.length > INGRESS.samples) this.times.shift();
  }

  /** Events per second; 0 below INGRESS.dequeMinSample samples or over a zero span. */
  frequency(now: number): number {
    const n = this.times.length;
    if (!(n > INGRESS.dequeMinSample)) return 0;
    const span = now - (this.times[0] as number);
    if (span > INGRESS.decayMs) this.times.shift();
    if (span <= 0) return 0;
    return n / (span / 1000);
  }
}

export class IngressControl {
  private readonly samples = new RateSamples();
  private burstActive = false;
  private burstActivated = 0;
  private releaseAt = 0;
  private readonly held = new Map<string, InboundPacket>();

  constructor(private readonly createdAt: number) {}

  get heldCount(): number {
    return this.held.size;
  }

  /** Records one incoming announce (Interface.received_announce). */
  received(now: number): void {
    this.samples.add(now);
  }

  /** Announces per second over the sample window (incoming_announce_frequency). */
  frequency(now: number): number {
    return this.samples.frequency(now);
  }

  private threshold(now: number): number {
    return now - this.createdAt < INGRESS.newTimeMs ? INGRESS.burstFreqNew : INGRESS.burstFreq;
  }

  /** should_ingress_limit: true while a burst is active. */
  shouldLimit(now: number): boolean {
    const freq = this.frequency(now);
    const threshold = this.threshold(now);
    if (this.burstActive) {
      if (freq < threshold && now > this.burstActivated + INGRESS.burstHoldMs && this.samples.count >= INGRESS.dequeMinSample) {
        this.burstActive = false;
      }
      return true;
    }
    if (freq > threshold) {
      this.burstActive = true;
      this.burstActivated = now;
      this.releaseAt = now + INGRESS.burstPenaltyMs;
      return true;
    }
    return false;
  }

  /** hold_announce: one per destination (the newest wins), at most maxHeld. */
  hold(inb: InboundPacket): void {
    if (inb.packet.hops >= PATHFINDER_M - 1) return;
    const key = toHex(inb.packet.destinationHash);
    if (this.held.has(key) || this.held.size < INGRESS.maxHeld) this.held.set(key, inb);
  }

  /** process_held_announces: the announce to release now, if any. */
  release(now: number): InboundPacket | null {
    if (this.held.size === 0 || now <= this.releaseAt) return null;
    if (this.frequency(now) >= this.threshold(now)) return null;
    let best: [string, InboundPacket] | null = null;
    for (const entry of this.held) if (!best || entry[1].packet.hops < best[1].packet.hops) best = entry;
    if (!best) return null;
    this.releaseAt = now + INGRESS.heldReleaseIntervalMs;
    this.held.delete(best[0]);
    return best[1];
  }
}

/** Path-request ingress control (Interface.should_ingress_limit_pr and its IC_PR_* defaults). */
export const PR_INGRESS = { burstFreqNew: 3, burstFreq: 8, burstHoldMs: 15_000 } as const;

/**
 * Counts path requests arriving on one interface. While they come faster than the threshold, the
 * node stops searching the network on their behalf (it still answers from its own table): one
 * noisy neighbour cannot turn this node into an amplifier of path requests.
 */
export class PathRequestIngress {
  private readonly samples = new RateSamples();
  private burstActive = false;
  private burstActivated = 0;

  constructor(private readonly createdAt: number) {}

  /** Interface.received_path_request. */
  received(now: number): void {
    this.samples.add(now);
  }

  /** incoming_pr_frequency, in requests per second. */
  frequency(now: number): number {
    return this.samples.frequency(now);
  }

  /** should_ingress_limit_pr. */
  shouldLimit(now: number): boolean {
    const freq = this.frequency(now);
    const threshold = now - this.createdAt < INGRESS.newTimeMs ? PR_INGRESS.burstFreqNew : PR_INGRESS.burstFreq;
    if (this.burstActive) {
      if (freq < threshold && now > this.burstActivated + PR_INGRESS.burstHoldMs) this.burstActive = false;
      return true;
    }
    if (freq > threshold) {
      this.burstActive = true;
      this.burstActivated = now;
      return true;
    }
    return false;
  }
}
