// SPDX-License-Identifier: MIT
// When a signature check leaves the event loop. One check at a time is cheapest inline (its result
// is known before the packet handler returns); a burst — many checks in one turn of the event
// loop, i.e. one socket read full of announces or delivery proofs — is cheaper spread over other
// cores. Used by announce intake, packet receipts and link proofs, so they share one rule.

/** Counts checks per turn of the event loop (reset once the turn's synchronous work is over). */
export class TurnCounter {
  private seen = 0;

  /** Counts one more check in this turn and returns the count so far (1 for the first). */
  next(): number {
    if (this.seen++ === 0) queueMicrotask(() => (this.seen = 0));
    return this.seen;
  }
}

/**
 * Inline for the first `inlinePerTurn` checks of a turn; off the loop after that, while fewer
 * than `maxInFlight` are out (past it the loop checks inline again: backpressure on the reads).
 */
export class BurstGate {
  private readonly turn = new TurnCounter();
  private inFlight = 0;

  constructor(
    private readonly inlinePerTurn: number,
    private readonly maxInFlight: number,
  ) {}

  /** Whether this check goes off the loop; if so, call {@link settled} when its result is in. */
  offLoop(): boolean {
    if (this.inFlight >= this.maxInFlight || this.turn.next() <= this.inlinePerTurn) return false;
    this.inFlight++;
    return true;
  }

  settled(): void {
    this.inFlight--;
  }
}
