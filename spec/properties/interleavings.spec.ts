// Properties of the engine under random programs and random interleavings.
//
// Each run executes a random Program (program.ts) step by step (runner.ts) and
// checks, with the letter of the property in every failure message:
//  (a) no value lost or duplicated: a committed send's value is received (or
//      dropped by its overflow policy) exactly once; a value returned in a
//      ClosedChannelError/ChannelFullError, a send aborted by its signal, a
//      declined trySend and every losing select case are never received;
//  (b) FIFO: values leave each channel in the order they entered it, across
//      the buffer and parked senders, hence per sender too;
//  (c) an unbuffered send completes in the very step a receiver takes its value,
//      and no value is received before its send committed;
//  (d) a select commits exactly one enabled case (a ready one; the first ready
//      one with priority), with the result shape of that case, and never
//      receives its own send;
//  (e) after every step: no buffered value beside parked receivers, no buffer
//      room beside parked senders, and the engine's parked senders/receivers
//      are exactly the waiting ops' cases (losers withdrawn, aborts unlinked);
//  (f) at the end: nothing pending, no parked waiter, watchers(signal) === 0.
// Ops that can proceed when issued must complete in that step; ops that cannot
// must park (never a spurious rendezvous). Select's Math.random is seeded from
// the program, so a printed counterexample replays exactly.

import { test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, vi } from "vitest";
import { setStarvationGuard } from "../../src/index.js";
import { program, type Mix, type Program } from "./program.js";
import { Runner } from "./runner.js";
import { verdict } from "./verdict.js";

// Deterministic Math.random for select's choice among ready cases.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function check(p: Program): Promise<void> {
  const random = vi.spyOn(Math, "random").mockImplementation(mulberry32(p.seed));
  try {
    const run = new Runner(p);
    await run.run();
    verdict(run);
  } finally {
    random.mockRestore();
  }
}

const base: Mix = { selects: false, closes: false, aborts: false, overflow: false, maxChans: 2, maxActors: 4 };

// The guard completes some ops through a macrotask when it thinks the loop is
// starving; off, every continuation runs within a step's flush, as the runner's
// logical clock assumes.
let guard = true;
beforeAll(() => {
  guard = setStarvationGuard(false);
});
afterAll(() => {
  setStarvationGuard(guard);
});

describe("engine properties under random interleavings", () => {
  test.prop([program(base)], { numRuns: 300 })("senders and receivers: (a) no loss, (b) FIFO, (c) rendezvous, (e), (f)", check);

  test.prop([program({ ...base, selects: true, maxChans: 3 })], { numRuns: 300 })(
    "with select and trySelect: (d) exactly one case commits, plus (a)–(f)",
    check,
  );

  test.prop([program({ ...base, closes: true, aborts: true })], { numRuns: 300 })(
    "with close and aborts: values come back in errors or are never taken, plus (a)–(f)",
    check,
  );

  // Many actors on one channel: deep queues of parked senders and receivers, where
  // FIFO and O(1) withdrawal from the middle of a queue matter.
  test.prop([program({ ...base, selects: true, aborts: true, maxChans: 1, maxActors: 7 })], { numRuns: 300 })(
    "crowded: up to 7 actors on one channel, with selects and aborts",
    check,
  );

  test.prop([program({ selects: true, closes: true, aborts: true, overflow: true, maxChans: 3, maxActors: 5 })], { numRuns: 300 })(
    "everything at once, including dropping and failing overflow policies",
    check,
  );
});
