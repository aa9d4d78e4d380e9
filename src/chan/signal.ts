// One listener per AbortSignal, however many parked operations share it.
//
// Node warns (MaxListenersExceededWarning) past 10 listeners on one signal, and
// every listener left behind after its operation settled is a leak. So each
// signal gets one hub: a Set of the operations parked on it, one "abort" listener
// that fans out, and both are dropped the moment the set empties.

import type { AbortSignalLike } from "./host.js";

/** Something parked that an abort must withdraw. */
export interface Abortable {
  /** Withdraw (if still parked) and reject with `reason`. Must be idempotent. */
  abort(reason: unknown): void;
}

class Hub {
  readonly parked = new Set<Abortable>();
  readonly signal: AbortSignalLike;
  readonly onAbort: () => void;

  constructor(signal: AbortSignalLike) {
    this.signal = signal;
    this.onAbort = () => {
      hubs.delete(signal);
      const all = [...this.parked];
      this.parked.clear();
      for (const op of all) op.abort(signal.reason);
    };
    signal.addEventListener("abort", this.onAbort, { once: true });
  }
}

const hubs = new WeakMap<AbortSignalLike, Hub>();

/**
 * The key under which a signal of our own (an operator's stop signal) keeps the
 * list of operations parked on it and aborts them itself when it fires: watching
 * it is one push, with no hub to make and no host listener to add.
 */
export const PARKED: unique symbol = Symbol("cspkit.parked");

/**
 * A signal that owns its parked list (see PARKED). A list, not a Set: an
 * operator has one or two operations parked at a time, and a Set would hash
 * every fresh waiter it meets.
 */
export interface OwnsParked {
  readonly [PARKED]: Abortable[];
}

/** Arrange for `op.abort(signal.reason)` when `signal` aborts. */
export function watch(signal: AbortSignalLike, op: Abortable): void {
  const own = (signal as Partial<OwnsParked>)[PARKED];
  if (own !== undefined) {
    own.push(op);
    return;
  }
  let hub = hubs.get(signal);
  if (hub === undefined) {
    hub = new Hub(signal);
    hubs.set(signal, hub);
  }
  hub.parked.add(op);
}

/** Forget `op` (it settled); the last one out removes the listener. */
export function unwatch(signal: AbortSignalLike, op: Abortable): void {
  const own = (signal as Partial<OwnsParked>)[PARKED];
  if (own !== undefined) {
    const i = own.lastIndexOf(op);
    if (i >= 0) {
      // Order does not matter: move the last one into the gap.
      const last = own.pop()!;
      if (i < own.length) own[i] = last;
    }
    return;
  }
  const hub = hubs.get(signal);
  if (hub === undefined) return;
  hub.parked.delete(op);
  if (hub.parked.size === 0) {
    hubs.delete(signal);
    signal.removeEventListener("abort", hub.onAbort);
  }
}

/** How many operations are parked on `signal` (0 when none; for tests and diagnostics). */
export function watchers(signal: AbortSignalLike): number {
  const own = (signal as Partial<OwnsParked>)[PARKED];
  if (own !== undefined) return own.length;
  return hubs.get(signal)?.parked.size ?? 0;
}
