// SPDX-License-Identifier: MIT
// Time for the link and resource engines comes through this interface, so their watchdogs
// (keepalive, stale, establishment and part timeouts) can run on a manual clock in tests instead
// of waiting real seconds, and so `stop()` can cancel every timer they own.

/** A cancellable timer. */
export interface TimerHandle {
  cancel(): void;
}

/** Clock plus one-shot timers. Times are seconds as floats, like Python's `time.time()`. */
export interface Scheduler {
  /** Current time in seconds. */
  now(): number;
  /** Runs `fn` once after `delaySeconds` (clamped at 0). */
  setTimer(delaySeconds: number, fn: () => void): TimerHandle;
  /**
   * Runs `fn` soon, once pending I/O has been handled (`setImmediate`): work moved out of a
   * reply's way, not tied to the clock, so the manual scheduler runs it the same way.
   */
  defer(fn: () => void): void;
}

/** `setImmediate` that never keeps the process alive. */
function deferUnref(fn: () => void): void {
  setImmediate(fn).unref();
}

/** The real clock: `Date.now()` and unref'd `setTimeout` (timers never keep the process alive). */
export const realScheduler: Scheduler = {
  now: () => performance.timeOrigin / 1000 + performance.now() / 1000,
  setTimer(delaySeconds, fn) {
    const t = setTimeout(fn, Math.max(0, delaySeconds * 1000));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
  defer: deferUnref,
};

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A deterministic scheduler for tests: time moves only through `advance`, which fires due timers
 * in time order (timers scheduled while advancing fire too when they fall inside the window).
 */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 1_700_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(delaySeconds: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { at: this.time + Math.max(0, delaySeconds), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  defer(fn: () => void): void {
    deferUnref(fn);
  }

  /** Number of timers still pending (cancelled ones excluded). */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `seconds`, firing every timer that falls due on the way. */
  advance(seconds: number): void {
    const end = this.time + seconds;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: ManualTimer | undefined;
      for (const t of this.timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.cancelled = true;
      next.fn();
    }
    this.time = end;
  }
}
