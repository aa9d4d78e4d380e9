// Port of the intent of Go's test/chan/sieve1.go and sieve2.go (the concurrent
// prime sieve).
//
// Go: a generator goroutine emits 2, 3, 4, …; each prime found adds a filter
// goroutine that drops multiples of that prime, daisy-chained by channels; the
// head of the chain yields the primes in order, checked against a list. Go's
// version just lets the goroutines leak when main returns.
//
// Translation: the same chain of async functions, but it must also shut down
// cleanly, because "nothing parked" is part of every test here: each stage sends
// with a select against a `quit` channel, so closing `quit` unwinds the whole
// chain (each stage then closes its output, so downstream `for await` loops end,
// and drains its input, so no buffer between stages keeps a value).
// Checked: the first N primes exactly (against trial division), every stage
// finished, every channel closed with nothing parked. Run unbuffered and buffered.

import { describe, expect, it } from "vitest";
import { chan, select, send, type Chan, type RecvChan } from "../../src/index.js";
import { expectIdle } from "./util.js";

function primesByTrialDivision(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k++) if (out.every((p) => k % p !== 0)) out.push(k);
  return out;
}

async function sieve(n: number, cap: number): Promise<{ primes: number[]; chans: Chan<number>[]; stages: number }> {
  const quit = chan<void>();
  const chans: Chan<number>[] = [];
  const stages: Promise<void>[] = [];
  const make = (): Chan<number> => {
    const c = chan<number>(cap);
    chans.push(c);
    return c;
  };

  // false once quit is closed: the stage must stop.
  const emit = async (out: Chan<number>, v: number): Promise<boolean> => (await select({ o: send(out, v), quit })).case === "o";

  const generate = async (out: Chan<number>): Promise<void> => {
    for (let i = 2; await emit(out, i); i++);
    out.close();
  };

  const filter = async (inp: RecvChan<number>, out: Chan<number>, prime: number): Promise<void> => {
    let stopped = false;
    // After quit, keep draining (discarding) until upstream closes, so no value
    // is left stranded in a buffer between stages.
    for await (const v of inp) {
      if (!stopped && v % prime !== 0) stopped = !(await emit(out, v));
    }
    out.close();
  };

  let head = make();
  stages.push(generate(head));
  const primes: number[] = [];
  while (primes.length < n) {
    const r = await head.recv();
    if (!r.ok) throw new Error("the chain ended early");
    primes.push(r.value);
    const next = make();
    stages.push(filter(head, next, r.value));
    head = next;
  }
  quit.close();
  // Drain what the last stage may still emit before it sees quit.
  for await (const _ of head) void _;
  await Promise.all(stages);
  return { primes, chans, stages: stages.length };
}

describe("Go test/chan/sieve: the concurrent prime sieve", () => {
  it.each([0, 1, 8])("the first 100 primes, exact, then a clean shutdown (capacity %i)", async (cap) => {
    const { primes, chans, stages } = await sieve(100, cap);
    expect(primes).toEqual(primesByTrialDivision(100));
    expect(primes[99]).toBe(541);
    expect(stages).toBe(101);
    for (const c of chans) {
      expect(c.closed).toBe(true);
      expect(c.len).toBe(0);
    }
    expectIdle(...chans);
  });

  it("the first 25 primes (sieve1's check list)", async () => {
    const { primes } = await sieve(25, 0);
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]);
  });
});
