// Late wake-ups for hand-offs on buffered channels (both directions).
//
// When a producer finds the consumer parked on an empty buffered channel, the
// value is committed to the consumer at once (it leaves the queue; invariants
// hold), but resolving its promise right away would schedule the consumer's
// continuation *before* the producer's own `await send()` continuation. The
// consumer then finds the buffer empty again and parks again, every time: the
// pair locks into the most expensive rhythm (a new promise per value).
// Resolving through one batched microtask instead lets the producer run first,
// refill the buffer, and the pair settles into the cheap rhythm where the
// consumer finds values waiting. The mirror case: a consumer that refills a full
// buffer from a parked producer wakes that producer late too, so the consumer
// frees a second slot first and the producer's next send finds room instead of
// parking again. Unbuffered channels are not deferred: there the hand-off is the
// rendezvous and the extra hop would only add latency.

import { microtask } from "./host.js";

const pending: unknown[] = [];
const state = { scheduled: false };

function flush(): void {
  state.scheduled = false;
  // Resolving runs no user code synchronously, so nothing is appended meanwhile.
  for (let i = 0; i < pending.length; i += 2) (pending[i] as (x: unknown) => void)(pending[i + 1]);
  pending.length = 0;
}

/** Call `settle(arg)` from a microtask, in FIFO order with other late wakes. */
export function wakeLater(settle: (x: never) => void, arg: unknown): void {
  pending.push(settle, arg);
  if (!state.scheduled) {
    state.scheduled = true;
    microtask(flush);
  }
}
