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

/** Arrange for `op.abort(signal.reason)` when `signal` aborts. */
export function watch(signal: AbortSignalLike, op: Abortable): void {
  let hub = hubs.get(signal);
  if (hub === undefined) {
    hub = new Hub(signal);
    hubs.set(signal, hub);
  }
  hub.parked.add(op);
}

/** Forget `op` (it settled); the last one out removes the listener. */
export function unwatch(signal: AbortSignalLike, op: Abortable): void {
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
  return hubs.get(signal)?.parked.size ?? 0;
}
