// Shared helpers for the ports of Go's channel conformance tests (spec/go/*.spec.ts).
//
// Go's tests run goroutines on preemptive threads and detect "blocks" with a
// timer. Here every goroutine is an async function on one thread, so:
//  - "did it block?" means "is its promise still pending once the microtask
//    queue has drained several times" (see `outcome`): an operation that can
//    complete never needs a timer to do so, and the starvation guard defers at
//    most to the next macrotask;
//  - races are explored by inserting a random number of microtask (and now and
//    then macrotask) yields between steps (see `jitter`), from a seeded PRNG so a
//    failing seed can be replayed.

import { expect } from "vitest";
import { channelState, type RecvChan, type SendChan } from "../../src/index.js";

/** One trip through the macrotask queue: every microtask queued before it has run. */
export const macroTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a promise did within a few macrotask turns. */
export type Outcome<T> =
  | { readonly state: "pending" }
  | { readonly state: "resolved"; readonly value: T }
  | { readonly state: "rejected"; readonly reason: unknown };

/**
 * Settle-or-not after `turns` macrotask turns. The promise is observed (a later
 * rejection is handled), never awaited forever.
 */
export async function outcome<T>(p: Promise<T>, turns = 3): Promise<Outcome<T>> {
  let seen: Outcome<T> = { state: "pending" };
  p.then(
    (value) => {
      seen = { state: "resolved", value };
    },
    (reason: unknown) => {
      seen = { state: "rejected", reason };
    },
  );
  for (let i = 0; i < turns; i++) await macroTurn();
  return seen;
}

/** A small seeded PRNG (mulberry32): replayable interleavings. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Yield a random amount: 0–3 microtask turns, or (1 time in 16) a whole
 * macrotask turn. Stands in for the scheduler preempting a goroutine.
 */
export async function jitter(rand: () => number): Promise<void> {
  const r = rand();
  if (r < 1 / 16) {
    await macroTurn();
    return;
  }
  const n = Math.floor(r * 4);
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** Nothing parked on any of the channels. */
export function expectIdle(...chs: ReadonlyArray<RecvChan<unknown> | SendChan<never>>): void {
  for (const ch of chs) {
    const s = channelState(ch);
    expect({ senders: s.senders, receivers: s.receivers }).toEqual({ senders: 0, receivers: 0 });
  }
}

/** Parked senders and receivers on `ch`. */
export function parked(ch: RecvChan<unknown> | SendChan<never>): { senders: number; receivers: number } {
  const s = channelState(ch);
  return { senders: s.senders, receivers: s.receivers };
}

/** Await `p`, failing the test (instead of hanging it) if it has not settled within a few turns. */
export async function settles<T>(p: Promise<T>, what: string): Promise<T> {
  const o = await outcome(p);
  if (o.state === "pending") throw new Error(`${what}: still pending (would block forever in Go: deadlock)`);
  if (o.state === "rejected") throw o.reason;
  return o.value;
}
