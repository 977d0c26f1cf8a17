// SPDX-License-Identifier: MIT
// A small typed event emitter: listeners run synchronously and a throwing listener is reported to
// `onError` instead of breaking the router's own state machine.

type Listener<A extends unknown[]> = (...args: A) => void;

/** Typed events keyed by name; `E[K]` is the argument tuple of event K. */
export class TypedEmitter<E extends { [K in keyof E]: unknown[] }> {
  private readonly listeners = new Map<keyof E, Set<Listener<never[]>>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, fn: Listener<E[K]>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(fn as unknown as Listener<never[]>);
    this.listeners.set(event, set);
    return () => void set.delete(fn as unknown as Listener<never[]>);
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as unknown as Listener<E[K]>)(...args);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
