// Port of the intent of Go's runtime/chan_test.go TestPseudoRandomSend.
//
// Go: a goroutine receives n values; the main goroutine sends each with a select
// of two send cases on the same channel, one sending 1 and the other 0; both
// values must show up a fair share of the time (for an unbuffered channel and a
// buffered one).
//
// Translation: n = 10,000 with the 10σ bound (5,000 ± 500) instead of Go's looser
// "more than n/10 each". Exact too: the receiver's sequence must be exactly what
// the selects reported sending, in order (a single sender, so FIFO), and nothing
// may remain parked or buffered.

import { describe, expect, it } from "vitest";
import { chan, select, send } from "../../src/index.js";
import { expectIdle } from "./util.js";

const N = 10_000;
const TEN_SIGMA = 10 * Math.sqrt(N * 0.25);

describe("Go runtime TestPseudoRandomSend: two send cases on one channel are chosen evenly", () => {
  it.each([0, N])("capacity %i", async (cap) => {
    const c = chan<number>(cap);
    const receiver = (async () => {
      const got: number[] = [];
      for (let i = 0; i < N; i++) {
        const r = await c.recv();
        got.push(r.ok ? r.value : -1);
      }
      return got;
    })();

    const reported: number[] = [];
    for (let i = 0; i < N; i++) {
      const r = await select([send(c, 1), send(c, 0)]);
      reported.push(r.case === 0 ? 1 : 0);
    }
    const got = await receiver;
    expect(got).toEqual(reported);

    const ones = got.filter((v) => v === 1).length;
    const zeros = got.filter((v) => v === 0).length;
    expect(ones + zeros).toBe(N);
    expect(Math.abs(ones - N / 2)).toBeLessThanOrEqual(TEN_SIGMA);
    expect(c.len).toBe(0);
    expectIdle(c);
  });
});
