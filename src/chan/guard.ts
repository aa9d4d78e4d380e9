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
// the loop. From then until the heartbeat runs, every 64th operation that would
// complete at once completes through a macrotask instead: each such deferral
// parks one chain of continuations, so busy chains all park quickly and the
// queue drains; then timers and I/O run. In a program that is not starving, the
// cost is one increment and one mask test per operation.

import { macrotask, microtask } from "./host.js";

const CHECK_EVERY = 1023; // mask: look at the clock every 1024 operations
const CHECK_STARVED = 63; // mask while starving: yield every 64 operations
const SLICE_MS = 10;

// Object fields, not module `let`s: no hole check on the hot path.
const state = { ops: 0, mask: CHECK_EVERY, enabled: true, beatPending: false, beatSince: 0 };

const beat = (): void => {
  state.beatPending = false;
  state.mask = CHECK_EVERY;
};

// A probe microtask tells a microtask-chain starvation (the probe runs between
// checks) from one long synchronous loop of operations (it cannot): deferring
// operations of a synchronous loop would not let the event loop in any sooner.
const probe = { pending: false };
const probed = (): void => {
  probe.pending = false;
};

function starving(): boolean {
  if (!state.enabled) return false;
  if (probe.pending) return false; // still inside one synchronous run
  probe.pending = true;
  microtask(probed);
  const now = Date.now();
  if (!state.beatPending) {
    state.beatPending = true;
    state.beatSince = now;
    macrotask(beat);
    return false;
  }
  if (now - state.beatSince < SLICE_MS) return false;
  // Starving: until the heartbeat runs, yield every 64 operations rather than
  // every 1024, so many busy chains all park quickly. (Not every operation: a
  // long synchronous loop of trySend/send also "starves" the heartbeat, and
  // deferring each of its operations would only slow it down.)
  state.mask = CHECK_STARVED;
  return true;
}

/**
 * Count one completed operation; true when this one should complete through a
 * macrotask (see the file comment).
 */
export function shouldYield(): boolean {
  return (++state.ops & state.mask) === 0 && starving();
}

// Deferred completions share one macrotask per turn.
const later: unknown[] = [];

function flushLater(): void {
  const batch = later.splice(0);
  for (let i = 0; i < batch.length; i += 2) (batch[i] as (v: unknown) => void)(batch[i + 1]);
}

/** Resolve with `value` from a macrotask. */
export function deferred<T>(value: T): Promise<T> {
  return new Promise<T>((resolve) => {
    if (later.push(resolve, value) === 2) macrotask(flushLater);
  });
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
  if (!on) state.mask = CHECK_EVERY;
  return was;
}
