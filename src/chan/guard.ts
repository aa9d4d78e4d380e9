// The starvation guard.
//
// Promise continuations run on the microtask queue, and the event loop runs no
// timer or I/O callback until that queue is empty. Two tasks that ping-pong over
// channels forever keep it non-empty forever: an `after(20)` would never fire.
//
// Yielding to the macrotask queue on every operation would fix that at ~30% of
// throughput. Instead: every OPS_PER_CHECK operations we look at the clock and
// make sure a heartbeat macrotask is queued. If the heartbeat has not run for
// SLICE_MS, the microtask queue has not drained for that long: we are starving
// the loop. From then until the heartbeat runs, every operation that would
// complete at once completes through a macrotask instead: each such deferral
// parks one chain of continuations, so however many chains are busy, they all
// park within one round and the queue drains; then timers and I/O run. In a
// program that is not starving, the cost is a flag test, one increment and one
// mask test per operation.

import { macrotask } from "./host.js";

const OPS_PER_CHECK_MASK = 1023;
const SLICE_MS = 10;

// Object fields, not module `let`s: no hole check on the hot path.
const state = { ops: 0, enabled: true, beatPending: false, beatSince: 0, starved: false };

const beat = (): void => {
  state.beatPending = false;
  state.starved = false;
};

function starving(): boolean {
  if (!state.enabled) return false;
  const now = Date.now();
  if (!state.beatPending) {
    state.beatPending = true;
    state.beatSince = now;
    macrotask(beat);
    return false;
  }
  if (now - state.beatSince < SLICE_MS) return false;
  state.starved = true;
  return true;
}

/**
 * Count one completed operation; true when this one should complete through a
 * macrotask (see the file comment).
 */
export function shouldYield(): boolean {
  return state.starved || ((++state.ops & OPS_PER_CHECK_MASK) === 0 && starving());
}

/** Resolve with `value` from a macrotask. */
export function deferred<T>(value: T): Promise<T> {
  return new Promise<T>((resolve) => macrotask(() => resolve(value)));
}

/**
 * Turn the starvation guard on (the default) or off, and return the previous
 * setting. Off is only for measuring its cost: with it off, tasks that exchange
 * values forever starve timers and I/O.
 *
 * @example
 * ```ts
 * const was = setStarvationGuard(false);
 * try { await benchmark(); } finally { setStarvationGuard(was); }
 * ```
 */
export function setStarvationGuard(on: boolean): boolean {
  const was = state.enabled;
  state.enabled = on;
  if (!on) state.starved = false;
  return was;
}
