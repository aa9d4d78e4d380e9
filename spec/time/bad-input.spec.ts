// Bad input to the timer functions: a TypeError/RangeError thrown synchronously,
// naming the argument, the value and what was expected.

import { describe, expect, it } from "vitest";
import { after, manualClock, setClock, sleep, systemClock, tick, timer } from "../../src/index.js";
import { expectMessage, thrown } from "../chan/_helpers.js";


describe("tick(ms) bad input", () => {
  it.each([
    [0, "got 0"],
    [-5, "got -5"],
    [Number.NEGATIVE_INFINITY, "got -Infinity"],
  ])("tick(%s) throws a RangeError: a ticker needs a positive period", (ms, shown) => {
    const e = thrown(() => tick(ms, { clock: manualClock() }));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "tick(ms)", "positive", shown);
  });

  it("tick(NaN) throws a RangeError and tick('5') a TypeError", () => {
    const n = thrown(() => tick(Number.NaN));
    expect(n).toBeInstanceOf(RangeError);
    expectMessage(n, "tick(ms)", "got NaN");
    const s = thrown(() => tick("5" as never));
    expect(s).toBeInstanceOf(TypeError);
    expectMessage(s, "tick(ms)", "number of milliseconds", 'got "5"');
  });

  it("ticker.reset(0) throws a RangeError and leaves the ticker running", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    const e = thrown(() => t.reset(0));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "ticker.reset(ms)", "positive", "got 0");
    const r = t.c.recv();
    await clock.advance(10);
    expect(await r).toEqual({ value: 10, ok: true });
    t.stop();
  });
});

describe("after / timer / sleep bad input", () => {
  it('after("x") throws a TypeError', () => {
    const e = thrown(() => after("x" as never));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "after(ms)", "ms must be a number of milliseconds", 'got "x"');
  });

  it("after(NaN) and timer(NaN) throw RangeErrors", () => {
    for (const [fn, name] of [
      [() => after(Number.NaN), "after(ms)"],
      [() => timer(Number.NaN), "timer(ms)"],
    ] as const) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(RangeError);
      expectMessage(e, name, "got NaN");
    }
  });

  it("sleep(NaN) throws a RangeError synchronously; sleep(undefined) a TypeError", () => {
    const e = thrown(() => sleep(Number.NaN));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "sleep(ms)", "ms must be a number of milliseconds", "got NaN");
    const u = thrown(() => sleep(undefined as never));
    expect(u).toBeInstanceOf(TypeError);
    expectMessage(u, "sleep(ms)", "got undefined");
  });

  it("timer.reset(bad) throws and leaves the timer as it was", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const e = thrown(() => t.reset("1" as never));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "timer.reset(ms)", 'got "1"');
    const r = t.c.recv();
    await clock.advance(10);
    expect(await r).toEqual({ value: 10, ok: true });
  });

  it("bad options and clocks throw TypeErrors", () => {
    const o = thrown(() => after(1, 5 as never));
    expect(o).toBeInstanceOf(TypeError);
    expectMessage(o, "after(ms)", "options must be an object", "got 5");

    const c = thrown(() => sleep(1, { clock: {} as never }));
    expect(c).toBeInstanceOf(TypeError);
    expectMessage(c, "sleep(ms)", "options.clock must have now(), setTimeout() and clearTimeout()");

    const s = thrown(() => setClock({ now: () => 0 } as never));
    expect(s).toBeInstanceOf(TypeError);
    expectMessage(s, "setClock(clock)", "clearTimeout");
  });

  // Accepted, such a clock would blow up later, inside a commit: a select parked
  // on after(…, { clock }) whose other case wins would throw from the sender's
  // trySend and never settle.
  it("a clock without clearTimeout() is refused up front", () => {
    const clock = { now: () => 0, setTimeout: () => 1 };
    const e = thrown(() => after(1, { clock: clock as never }));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "after(ms)", "options.clock", "clearTimeout()");
    expect(() => timer(1, { clock: clock as never })).toThrow(TypeError);
    expect(() => tick(1, { clock: clock as never })).toThrow(TypeError);
    expect(() => sleep(1, { clock: clock as never })).toThrow(TypeError);
  });

  it("manualClock().advance(-1) rejects with a RangeError", async () => {
    await expect(manualClock().advance(-1)).rejects.toThrow(RangeError);
    await expect(manualClock().advance(-1)).rejects.toThrow("advance(ms): ms must be a non-negative number, got -1");
    expect(typeof systemClock.now()).toBe("number");
  });
});
