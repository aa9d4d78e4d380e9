// Late wake-ups for hand-offs on buffered channels.
//
// When a producer finds the consumer parked on an empty buffered channel, the
// value is committed to the consumer at once (it leaves the queue; invariants
// hold), but resolving its promise right away would schedule the consumer's
// continuation *before* the producer's own `await send()` continuation. The
// consumer then finds the buffer empty again and parks again, every time: the
// pair locks into the most expensive rhythm (a new promise per value).
// Resolving through one batched microtask instead lets the producer run first,
// refill the buffer, and the pair settles into the cheap rhythm where the
// consumer finds values waiting. Unbuffered channels are not deferred: there
// the hand-off is the rendezvous and the extra hop would only add latency.
//
// The mirror case (a receive that refills a full buffer from a parked sender)
// wakes the sender at once: measured, deferring it gained nothing on a single
// producer and cost a microtask per value wherever one receiver serves many
// buffered channels in turn (merge.ts: 0.66x -> 0.92x of a shared channel).

import { microtask } from "./host.js";

// Two reused arrays with a count, alternating: truncating one array on every
// flush (`length = 0`) cost more than the wakes themselves on a busy channel,
// and a settle function may queue more late wakes while a flush runs (an
// operator's callback, ../ops/callback.ts), which go to the other array and
// the next flush.
const lists: [unknown[], unknown[]] = [[], []];
const state = { scheduled: false, current: 0, count: 0 };

function flush(): void {
  const list = lists[state.current]!;
  const n = state.count;
  state.current ^= 1;
  state.count = 0;
  state.scheduled = false;
  for (let i = 0; i < n; i += 2) {
    const settle = list[i] as (x: unknown) => void;
    const arg = list[i + 1];
    list[i] = list[i + 1] = undefined; // hold on to nothing once settled
    settle(arg);
  }
}

/** Call `settle(arg)` from a microtask, in FIFO order with other late wakes. */
export function wakeLater(settle: (x: never) => void, arg: unknown): void {
  const list = lists[state.current]!;
  const i = state.count;
  list[i] = settle;
  list[i + 1] = arg;
  state.count = i + 2;
  if (!state.scheduled) {
    state.scheduled = true;
    microtask(flush);
  }
}
