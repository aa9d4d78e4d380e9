// Port of the intent of Go's runtime/chan_test.go TestMultiConsumer.
//
// Go: 23 worker goroutines range over a buffered job channel and forward every
// value to a buffered result channel (yielding now and then, on values chosen per
// worker); a feeder sends the values and closes the jobs; once all workers are
// done the results are closed; the receiver checks the count and the sum.
//
// Translation: the workers are `for await` loops over the job channel; yields are
// microtask or macrotask turns on values chosen per worker, plus seeded random
// yields; the single feeder becomes several producers (each owning a disjoint
// range of values) so parked senders from several tasks meet parked receivers
// from several tasks. Exact checks: every value received exactly once, count and
// sum, each producer's values reach any one worker in that producer's order,
// every channel closed with nothing parked or buffered.

import { describe, expect, it } from "vitest";
import { chan } from "../../src/index.js";
import { expectIdle, jitter, macroTurn, rng } from "./util.js";

const PN = [2, 3, 7, 11, 13, 17, 19, 23, 27, 31];

async function multiConsumer(seed: number, nwork: number, nprod: number, perProducer: number, cap: number): Promise<void> {
  const rand = rng(seed);
  const total = nprod * perProducer;
  const q = chan<number>(cap);
  const r = chan<number>(cap);

  // Producer k sends k*perProducer + 0, 1, 2, … in order.
  const producers = Array.from({ length: nprod }, async (_, k) => {
    for (let i = 0; i < perProducer; i++) {
      await q.send(k * perProducer + i);
      if (rand() < 0.05) await jitter(rand);
    }
  });
  const feeding = Promise.all(producers).then(() => q.close());

  // What each worker took, in its own order. A worker takes its next value only
  // after handling the previous one, so this is the order in which it took them.
  const takenBy: number[][] = Array.from({ length: nwork }, () => []);
  const workers = Array.from({ length: nwork }, async (_, w) => {
    const p = PN[w % PN.length] ?? 2;
    for await (const v of q) {
      takenBy[w]?.push(v);
      if (v === p) await macroTurn();
      else if (v % p === 0) await Promise.resolve();
      await r.send(v);
    }
  });
  const closing = Promise.all(workers).then(() => r.close());

  const counts = new Uint8Array(total);
  let n = 0;
  let sum = 0;
  for await (const v of r) {
    counts[v] = (counts[v] ?? 0) + 1;
    n++;
    sum += v;
  }
  await Promise.all([feeding, closing]);

  expect(n).toBe(total);
  expect(sum).toBe((total * (total - 1)) / 2);
  const wrong: number[] = [];
  for (let v = 0; v < total; v++) if (counts[v] !== 1) wrong.push(v);
  expect(wrong).toEqual([]);

  // q is FIFO per producer, so within one worker's takes each producer's values
  // appear in increasing order.
  const outOfOrder: string[] = [];
  takenBy.forEach((seq, w) => {
    const last = new Array<number>(nprod).fill(-1);
    for (const v of seq) {
      const k = Math.floor(v / perProducer);
      if (v <= (last[k] ?? -1)) outOfOrder.push(`worker ${w}: ${v} after ${String(last[k])}`);
      last[k] = v;
    }
  });
  expect(outOfOrder).toEqual([]);
  expect(takenBy.reduce((a, seq) => a + seq.length, 0)).toBe(total);

  expect(q.closed && r.closed).toBe(true);
  expect(q.len + r.len).toBe(0);
  expectIdle(q, r);
}

describe("Go runtime TestMultiConsumer", () => {
  it("23 workers, one feeder, 50,000 values through cap-69 channels (Go's shape)", () => multiConsumer(1, 23, 1, 50_000, 23 * 3));

  it.each([
    [2, 23, 5, 5_000, 69],
    [3, 7, 3, 5_000, 0],
    [4, 23, 8, 2_000, 1],
  ])("seed %i: %i workers, %i producers × %i values, capacity %i", (seed, nwork, nprod, per, cap) =>
    multiConsumer(seed, nwork, nprod, per, cap),
  );
});
