// Port of the intent of Go's test/chan/doubleselect.go.
//
// Go: one sender offers each of 1..n to a select with four send cases over four
// unbuffered channels; four forwarding goroutines copy each channel into one mux
// channel; the receiver panics on a duplicate. It guards against two cases of one
// select both firing (a value delivered twice, or taken and lost).
//
// Translation: goroutines are async functions started together; "panic on a
// duplicate" becomes an exact tally: every value 1..n arrives exactly once, the
// forwarders together carried exactly n values, and every channel ends closed with
// nothing parked. Preemption is replaced by seeded random yields in the
// forwarders, so the select sees every mix of parked/not-parked receivers.

import { describe, expect, it } from "vitest";
import { chan, type Chan, select, send } from "../../src/index.js";
import { expectIdle, jitter, rng } from "./util.js";

interface Run {
  readonly counts: Uint8Array;
  readonly perChannel: number[];
}

async function doubleSelect(n: number, fanOut: number, rand: (() => number) | null, forwardBySelect: boolean): Promise<Run> {
  const cs: Chan<number>[] = Array.from({ length: fanOut }, () => chan<number>());
  const mux = chan<number>();
  const perChannel = cs.map(() => 0);

  const sender = async (): Promise<void> => {
    for (let i = 1; i <= n; i++) {
      const r = await select(cs.map((c) => send(c, i)));
      perChannel[r.case] = (perChannel[r.case] ?? 0) + 1;
    }
    for (const c of cs) c.close();
  };

  // A forwarder is a plain `for await`, or (second flavour) a select over its
  // channel and a never-ready one, so selects meet selects.
  const forward = async (c: Chan<number>): Promise<void> => {
    if (forwardBySelect) {
      const quiet = chan<number>();
      for (;;) {
        const r = await select({ v: c, never: quiet });
        if (r.case === "never" || !r.ok) break;
        if (rand !== null) await jitter(rand);
        await mux.send(r.value);
      }
      expectIdle(quiet);
      return;
    }
    for await (const v of c) {
      if (rand !== null) await jitter(rand);
      await mux.send(v);
    }
  };

  const closer = async (): Promise<void> => {
    await Promise.all(cs.map(forward));
    mux.close();
  };

  const receiver = async (): Promise<Uint8Array> => {
    const counts = new Uint8Array(n + 1);
    for await (const v of mux) counts[v] = (counts[v] ?? 0) + 1;
    return counts;
  };

  const [, , counts] = await Promise.all([sender(), closer(), receiver()]);
  expectIdle(mux, ...cs);
  expect(mux.closed).toBe(true);
  return { counts, perChannel };
}

function expectExactlyOnce(counts: Uint8Array, n: number): void {
  const wrong: number[] = [];
  for (let v = 1; v <= n; v++) if (counts[v] !== 1) wrong.push(v);
  expect(counts[0]).toBe(0);
  expect(wrong).toEqual([]);
}

describe("Go test/chan/doubleselect: a select with four send cases delivers each value exactly once", () => {
  it("10,000 values through 4 unbuffered channels and 4 forwarders, no random yields", async () => {
    const n = 10_000;
    const { counts, perChannel } = await doubleSelect(n, 4, null, false);
    expectExactlyOnce(counts, n);
    expect(perChannel.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it.each([1, 2, 3])("10,000 values with random yields in the forwarders (seed %i)", async (seed) => {
    const n = 10_000;
    const { counts, perChannel } = await doubleSelect(n, 4, rng(seed), false);
    expectExactlyOnce(counts, n);
    expect(perChannel.reduce((a, b) => a + b, 0)).toBe(n);
    // With forwarders parking at random moments, every channel gets chosen.
    for (const k of perChannel) expect(k).toBeGreaterThan(0);
  });

  it.each([4, 5])("forwarders that are themselves selects (seed %i)", async (seed) => {
    const n = 5_000;
    const { counts, perChannel } = await doubleSelect(n, 4, rng(seed), true);
    expectExactlyOnce(counts, n);
    expect(perChannel.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("the same value offered on one channel twice (duplicate send cases) is still delivered once", async () => {
    const n = 2_000;
    const c = chan<number>();
    const counts = new Uint8Array(n + 1);
    const receiver = (async () => {
      for await (const v of c) counts[v] = (counts[v] ?? 0) + 1;
    })();
    for (let i = 1; i <= n; i++) await select([send(c, i), send(c, i), send(c, i)]);
    c.close();
    await receiver;
    expectExactlyOnce(counts, n);
    expectIdle(c);
  });
});
