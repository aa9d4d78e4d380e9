// timeout, debounce, throttle, batch and window, on a manual clock.

import { describe, expect, it } from "vitest";
import { batch, chan, channelState, collect, debounce, generate, manualClock, of, range, StageTimeoutError, throttle, timeout, window } from "../../src/index.js";
import { noLeaks, settle, thrown } from "./_util.js";

noLeaks();

/** Read `out` in the background; `got` fills as values arrive. */
function reader<T>(out: AsyncIterable<T>) {
  const got: T[] = [];
  let error: unknown;
  const done = (async () => {
    try {
      for await (const v of out) got.push(v);
    } catch (e) {
      error = e;
    }
  })();
  return { got, done, error: () => error };
}

describe("timeout", () => {
  it("values that arrive in time pass", async () => {
    const clock = manualClock();
    const src = chan<number>();
    const r = reader(timeout(100, { clock })(src));
    await src.send(1);
    await clock.advance(99);
    await src.send(2);
    await clock.advance(99);
    src.close();
    await r.done;
    expect(r.got).toEqual([1, 2]);
    expect(r.error()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it("a late value fails the stage with a StageTimeoutError; the user's channel is left alone", async () => {
    const clock = manualClock();
    const src = chan<number>();
    const r = reader(timeout(100, { clock, name: "sensor" })(src));
    await src.send(1);
    await clock.advance(100);
    await r.done;
    expect(r.got).toEqual([1]);
    const e = r.error() as StageTimeoutError;
    expect(e).toBeInstanceOf(StageTimeoutError);
    expect(e.name).toBe("TimeoutError");
    expect(e.message).toBe('timeout: no value within 100 ms (stage "sensor", after 1 value)');
    expect([e.ms, e.stage, e.index]).toEqual([100, "sensor", 1]);
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0 });
    expect(clock.pending).toBe(0);
  });

  it("time spent waiting on a slow consumer does not count", async () => {
    const clock = manualClock();
    const out = timeout(10, { clock })(of(1, 2, 3));
    await settle();
    await clock.advance(1000);
    expect(await collect(out)).toEqual([1, 2, 3]);
  });

  it("ms must be positive", () => {
    expect(thrown(() => timeout(0)).message).toBe("timeout(ms, options): ms must be a positive number of milliseconds, got 0");
    expect(thrown(() => timeout(NaN, { clock: {} as any })).message).toBe(
      "timeout(ms, options): 2 invalid arguments: ms must be a positive number of milliseconds, got NaN; options.clock must be a clock with now(), setTimeout() and clearTimeout(), got an object",
    );
  });
});

describe("debounce", () => {
  it("emits the newest value once the input is quiet for ms; flushes on close", async () => {
    const clock = manualClock();
    const src = chan<string>();
    const r = reader(debounce(30, { clock })(src));
    await src.send("a");
    await clock.advance(10);
    await src.send("b");
    await clock.advance(29);
    expect(r.got).toEqual([]);
    await clock.advance(1);
    expect(r.got).toEqual(["b"]);
    await src.send("c");
    await clock.advance(10);
    await src.send("d");
    src.close();
    await r.done;
    expect(r.got).toEqual(["b", "d"]);
    expect(clock.pending).toBe(0);
  });

  it("a failure upstream comes after the pending value", async () => {
    const clock = manualClock();
    const boom = new Error("deb");
    const r = reader(
      debounce(
        30,
        { clock },
      )(
        generate<number>(async (send) => {
          await send(1);
          throw boom;
        }),
      ),
    );
    await r.done;
    expect(r.got).toEqual([1]);
    expect(r.error()).toBe(boom);
  });
});

describe("throttle", () => {
  it("leading edge: a value, then nothing for ms", async () => {
    const clock = manualClock();
    const src = chan<string>();
    const r = reader(throttle(30, { clock })(src));
    for (const [v, gap] of [
      ["a", 10],
      ["b", 10],
      ["c", 11],
      ["d", 9],
      ["e", 30],
      ["f", 0],
    ] as const) {
      await src.send(v);
      await clock.advance(gap);
    }
    src.close();
    await r.done;
    expect(r.got).toEqual(["a", "d", "f"]);
  });
});

describe("batch", () => {
  it("full batches, then the partial one on close", async () => {
    expect(await collect(batch(2)(range(1, 6)))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await collect(batch(3)(of()))).toEqual([]);
  });

  it("maxWait: a partial batch goes once its first value is that old", async () => {
    const clock = manualClock();
    const src = chan<number>();
    const r = reader(batch(3, { maxWait: 10, clock })(src));
    await src.send(1);
    await clock.advance(9);
    await src.send(2);
    expect(r.got).toEqual([]);
    await clock.advance(1);
    expect(r.got).toEqual([[1, 2]]);
    await src.send(3);
    await src.send(4);
    await src.send(5);
    await settle();
    expect(r.got).toEqual([[1, 2], [3, 4, 5]]);
    await clock.advance(100); // an empty batch never goes out
    src.close();
    await r.done;
    expect(r.got).toEqual([[1, 2], [3, 4, 5]]);
    expect(clock.pending).toBe(0);
  });

  it("a failure upstream comes after the partial batch", async () => {
    const boom = new Error("bat");
    const r = reader(
      batch(5)(
        generate<number>(async (send) => {
          await send(1);
          await send(2);
          throw boom;
        }),
      ),
    );
    await r.done;
    expect(r.got).toEqual([[1, 2]]);
    expect(r.error()).toBe(boom);
  });

  it("bad input", () => {
    const e = thrown(() => batch(0, { maxWait: -1 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "batch(size, options): 2 invalid arguments: size must be a positive integer (the largest batch), got 0; options.maxWait must be a non-negative number of milliseconds (or Infinity), got -1",
    );
  });
});

describe("window", () => {
  it("sliding, tumbling and hopping count windows", async () => {
    expect(await collect(window(3)(range(1, 6)))).toEqual([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ]);
    expect(await collect(window(3, { step: 3 })(range(1, 6)))).toEqual([[1, 2, 3]]);
    expect(await collect(window(3, { step: 3, partial: true })(range(1, 6)))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(await collect(window(2, { step: 3 })(range(1, 9)))).toEqual([
      [1, 2],
      [4, 5],
      [7, 8],
    ]);
  });

  it("a short input gives nothing, or one partial window", async () => {
    expect(await collect(window(3)(of(1, 2)))).toEqual([]);
    expect(await collect(window(3, { partial: true })(of(1, 2)))).toEqual([[1, 2]]);
    // Nothing new since the last full window: no partial one.
    expect(await collect(window(2, { partial: true })(of(1, 2, 3)))).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it("bad input", () => {
    expect(thrown(() => window(2, { step: 0, partial: 1 } as any)).message).toBe(
      "window(size, options): 2 invalid arguments: options.step must be a positive integer, got 0; options.partial must be a boolean, got 1",
    );
  });
});
