// Port of the intent of Go's test/chan/select2.go.
//
// Go: a sender pushes 100,000 values; the receiver takes each with a select over
// the sending channel and a dummy channel that never becomes ready; the memory
// allocated across the loop must not grow with the number of selects (a select
// that loses on the dummy must not leave anything behind on it).
//
// Translation: the same loop, 100,000 selects. "Nothing left behind" is checked
// exactly: the dummy channel has zero parked receivers (and, for a send case on a
// quiet channel, zero parked senders) after every select, sampled all along and at
// the end. The heap is also measured around the loop after forced GCs, against a
// bound far below what one leaked waiter per select would cost.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { chan, select, send } from "../../src/index.js";
import { expectIdle, parked } from "./util.js";

const N = 100_000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe("Go test/chan/select2: selects that lose on a quiet channel leave nothing on it", () => {
  it("100,000 selects over {c, dummy}: values in order, zero waiters left on dummy", async () => {
    const c = chan<number>();
    const dummy = chan<number>();
    const sender = (async () => {
      for (let i = 0; i < N; i++) await c.send(i);
    })();
    let next = 0;
    let dummyFired = 0;
    for (let i = 0; i < N; i++) {
      const r = await select({ v: c, dummy });
      if (r.case === "dummy") dummyFired++;
      else if (r.ok && r.value === next) next++;
      if (i % 997 === 0) expect(parked(dummy)).toEqual({ senders: 0, receivers: 0 });
    }
    await sender;
    expect(dummyFired).toBe(0);
    expect(next).toBe(N);
    expectIdle(c, dummy);
  });

  it("100,000 selects with a send case to a quiet channel: zero parked senders left on it", async () => {
    const c = chan<number>();
    const quiet = chan<number>();
    const sender = (async () => {
      for (let i = 0; i < N; i++) await c.send(i);
    })();
    let next = 0;
    for (let i = 0; i < N; i++) {
      const r = await select({ v: c, out: send(quiet, i) });
      if (r.case === "v" && r.ok && r.value === next) next++;
      if (i % 997 === 0) expect(parked(quiet)).toEqual({ senders: 0, receivers: 0 });
    }
    await sender;
    expect(next).toBe(N);
    expectIdle(c, quiet);
  });

  it("heap does not grow with the number of selects parked and woken", async () => {
    const c = chan<number>();
    const dummy = chan<number>();
    const quiet = chan<number>();
    const loop = async (n: number): Promise<number> => {
      const sender = (async () => {
        for (let i = 0; i < n; i++) await c.send(i);
      })();
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = await select({ v: c, dummy, out: send(quiet, i) });
        if (r.case === "v" && r.ok) sum += r.value;
      }
      await sender;
      return sum;
    };
    // Warm up (JIT, ring and queue arrays at their working size), then measure.
    expect(await loop(10_000)).toBe((10_000 * 9_999) / 2);
    const before = heapAfterGc();
    expect(await loop(N)).toBe((N * (N - 1)) / 2);
    const grown = heapAfterGc() - before;
    expectIdle(c, dummy, quiet);
    // A leaked waiter is an object of ten fields plus a queue slot, and it keeps
    // its select's group (closures, sibling waiters) alive: one per select would
    // be at least 6 MB here (a parked 2-case select measures ~700 B); allow 2 MB.
    expect(grown).toBeLessThan(2 * 1024 * 1024);
  });
});
