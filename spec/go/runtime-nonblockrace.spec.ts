// Port of the intent of Go's runtime/chan_test.go TestNonblockRecvRace,
// TestNonblockSelectRace and TestNonblockSelectRace2.
//
// Go (recv race): a 1-buffered channel holds a value; a goroutine does a
// non-blocking receive while the main goroutine closes the channel and receives;
// the channel is ready at every instant (a value, or closed), so the non-blocking
// receive must never take the default. (select races): c1 holds a value; a
// goroutine does a non-blocking select over c1 and c2 while the main goroutine
// sends on (or closes) c2 and only then drains c1 non-blockingly; at every instant
// one of them is ready, so again the default must never be taken.
//
// Translation: there are no simultaneous steps on one thread, so the race is the
// set of interleavings. Each of 10,000 rounds puts seeded random yields before
// the task's non-blocking op and between the main task's steps, so the op lands
// before, between and after them. Exact invariants per round: the default is never
// taken; the value is taken exactly once (by the task or by the main task),
// and the other side sees exactly what is left. Every interleaving is shown
// to occur at least once.

import { describe, expect, it } from "vitest";
import { chan, trySelect, type RecvResult } from "../../src/index.js";
import { expectIdle, jitter, rng } from "./util.js";

const ROUNDS = 10_000;

describe("Go runtime TestNonblockRecvRace", () => {
  it.each(["tryRecv", "trySelect"] as const)("non-blocking receive via %s never takes the default while close+recv run", async (how) => {
    const rand = rng(how === "tryRecv" ? 11 : 12);
    let taskGotValue = 0;
    let mainGotValue = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const c = chan<number>(1);
      c.trySend(1);
      const task = (async (): Promise<RecvResult<number> | undefined> => {
        await jitter(rand);
        if (how === "tryRecv") return c.tryRecv();
        const r = trySelect([c]);
        return r === undefined ? undefined : r.ok ? { value: r.value, ok: true } : { value: undefined, ok: false };
      })();
      await jitter(rand);
      c.close();
      await jitter(rand);
      const mine = await c.recv();
      const theirs = await task;

      expect(theirs, `round ${round}: the default was taken`).toBeDefined();
      // Exactly one of the two got the value; the other saw closed-and-drained.
      const got = [theirs, mine].filter((r) => r?.ok === true);
      expect(got).toEqual([{ value: 1, ok: true }]);
      if (theirs?.ok === true) taskGotValue++;
      else mainGotValue++;
      expectIdle(c);
    }
    // Both orders happened.
    expect(taskGotValue).toBeGreaterThan(0);
    expect(mainGotValue).toBeGreaterThan(0);
  });
});

describe.each([
  ["TestNonblockSelectRace", "send"],
  ["TestNonblockSelectRace2", "close"],
] as const)("Go runtime %s (main %ss on c2)", (_name, step) => {
  it("the non-blocking select over c1, c2 never takes the default", async () => {
    const rand = rng(step === "send" ? 21 : 22);
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const c1 = chan<number>(1);
      const c2 = chan<number>(1);
      c1.trySend(1);
      const task = (async () => {
        await jitter(rand);
        return trySelect({ c1, c2 });
      })();
      await jitter(rand);
      if (step === "send") await c2.send(2);
      else c2.close();
      await jitter(rand);
      const drained = trySelect({ c1 });
      const r = await task;

      expect(r, `round ${round}: the default was taken`).toBeDefined();
      if (r === undefined) return;
      const key = `${r.case}:${String(r.value)}:${String(r.ok)}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (r.case === "c1") {
        // The task took c1's value, so the main task's drain found it empty.
        expect(r).toEqual({ case: "c1", value: 1, ok: true });
        expect(drained).toBeUndefined();
      } else {
        expect(r).toEqual(step === "send" ? { case: "c2", value: 2, ok: true } : { case: "c2", value: undefined, ok: false });
        // The task left c1's value, so the main task's drain took it.
        expect(drained).toEqual({ case: "c1", value: 1, ok: true });
      }
      expect(c1.len).toBe(0);
      // Exactly the values that were sent and not taken are left.
      expect(c2.len).toBe(step === "send" && r.case !== "c2" ? 1 : 0);
      expectIdle(c1, c2);
    }
    // c1 alone, c2 alone, and (both ready) either: every branch was exercised.
    const keys = [...outcomes.keys()].sort();
    expect(keys).toEqual(step === "send" ? ["c1:1:true", "c2:2:true"] : ["c1:1:true", "c2:undefined:false"]);
  });
});
