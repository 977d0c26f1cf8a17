// SPDX-License-Identifier: MIT
// Admission in slices per turn of the event loop. A burst of work items (a thousand messages
// built and signed at once) would otherwise hold the event loop until the last one is done, and
// nothing else, proofs and inbound packets included, would be read meanwhile. Callers beyond a
// turn's share wait, in arrival order, for later turns (setImmediate runs after I/O is polled).

/** Lets at most `perTurn` callers through per turn of the event loop, first come first served. */
export class TurnSlices {
  private usedThisTurn = 0;
  private readonly waiting: (() => void)[] = [];
  private turnQueued = false;

  constructor(private readonly perTurn: number) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a positive integer, got ${perTurn}`);
  }

  /** Callers waiting for a later turn. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * null when the caller may go ahead now (this turn has room and nobody is waiting); otherwise
   * a promise that resolves when its turn comes. Callers let through by a resolved promise run
   * in that turn, so the share holds for them too.
   */
  slot(): Promise<void> | null {
    this.queueTurn();
    if (this.waiting.length === 0 && this.usedThisTurn < this.perTurn) {
      this.usedThisTurn++;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * A promise that resolves in a later turn, never this one: work that must not run inside the
   * caller's turn (a queue's first attempts, made after the I/O that turn brought), still at most
   * `perTurn` in each.
   */
  later(): Promise<void> {
    this.queueTurn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private queueTurn(): void {
    if (this.turnQueued) return;
    this.turnQueued = true;
    setImmediate(this.nextTurn);
  }

  private readonly nextTurn = (): void => {
    this.turnQueued = false;
    this.usedThisTurn = 0;
    while (this.usedThisTurn < this.perTurn && this.waiting.length > 0) {
      this.usedThisTurn++;
      (this.waiting.shift() as () => void)();
    }
    // Another turn releases the rest, or resets the share those let through just used.
    if (this.usedThisTurn > 0) this.queueTurn();
  };
}
