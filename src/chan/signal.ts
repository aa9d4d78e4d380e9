// One listener per AbortSignal, however many parked operations share it.
//
// Node warns (MaxListenersExceededWarning) past 10 listeners on one signal, and
// every listener left behind after its operation settled is a leak. So each
// signal gets one hub: a Set of the operations parked on it, one "abort" listener
// that fans out, and both are dropped the moment the set empties. Signals that
// cspkit aborts itself (contexts' own) keep their hub and need no listener
// (`adopt`); operators' stop signals keep their own list (`PARKED`).

import type { AbortSignalLike } from "./host.js";

/** Something parked that an abort must withdraw. */
export interface Abortable {
  /** Withdraw (if still parked) and reject with `reason`. Must be idempotent. */
  abort(reason: unknown): void;
}

class Hub {
  readonly parked = new Set<Abortable>();
  readonly onAbort: () => void;

  /** @param owned the caller aborts the signal itself, after `abortAdopted` (see `adopt`). */
  constructor(
    readonly signal: AbortSignalLike,
    readonly owned: boolean,
  ) {
    this.onAbort = () => {
      hubs.delete(signal);
      this.abortAll(signal.reason);
    };
    if (!owned) signal.addEventListener("abort", this.onAbort, { once: true });
  }

  abortAll(reason: unknown): void {
    const all = [...this.parked];
    this.parked.clear();
    for (const op of all) op.abort(reason);
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
    hub = new Hub(signal, false);
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
  if (hub.parked.size === 0 && !hub.owned) {
    hubs.delete(signal);
    signal.removeEventListener("abort", hub.onAbort);
  }
}

/**
 * For a signal whose aborts the caller performs itself (a context's own
 * AbortController): keep one hub for it for good and add no listener, so an
 * operation parking on it costs a Set insertion rather than adding and
 * removing a host event listener (~0.5 µs on Node). Before aborting the signal
 * the caller must call `abortAdopted(signal, reason)`.
 */
export function adopt(signal: AbortSignalLike): void {
  hubs.set(signal, new Hub(signal, true));
}

/**
 * The caller is about to abort `signal` (adopted) with `reason`: withdraw what is
 * parked on it and reject it with `reason` first, so that no listener the abort
 * runs can still complete one of them.
 */
export function abortAdopted(signal: AbortSignalLike, reason: unknown): void {
  hubs.get(signal)?.abortAll(reason);
}

/** How many operations are parked on `signal` (0 when none; for tests and diagnostics). */
export function watchers(signal: AbortSignalLike): number {
  const own = (signal as Partial<OwnsParked>)[PARKED];
  if (own !== undefined) return own.length;
  return hubs.get(signal)?.parked.size ?? 0;
}
