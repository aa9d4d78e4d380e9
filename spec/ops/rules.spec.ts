// The rules every operator follows (src/ops/stage.ts, top comment), one
// describe block per rule, each shown on a small pipeline.

import { function as F } from "fp-ts";
import { describe, expect, it } from "vitest";
import {
  background,
  blocked,
  Canceled,
  chan,
  channelState,
  collect,
  collectTE,
  drain,
  filter,
  first,
  from,
  generate,
  map,
  of,
  range,
  runningTasks,
  stageError,
  StageStopped,
  stopStage,
  take,
  watchers,
  withCancel,
  type Context,
} from "../../src/index.js";
import { flush, gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

describe("rule 1: stages are curried and compose with pipe; terminals take the input last", () => {
  it("pipe(source, map, filter, collect)", async () => {
    const out = await F.pipe(
      range(10),
      map((n) => n * 2),
      filter((n) => n % 3 === 0),
      collect,
    );
    expect(out).toEqual([0, 6, 12, 18]);
  });

  it("a TaskEither terminal is lazy and never rejects", async () => {
    const boom = new Error("boom");
    let started = false;
    const task = F.pipe(
      generate<number>(async (send) => {
        started = true;
        await send(1);
        throw boom;
      }),
      collectTE,
    );
    await settle();
    // generate's function runs at once, but nothing is read until the task runs.
    expect(started).toBe(true);
    expect(await task()).toEqual({ _tag: "Left", left: boom });
    expect(await collectTE(of(1, 2))()).toEqual({ _tag: "Right", right: [1, 2] });
  });

  it("a stage reads iterables and async iterables too (through a from it owns)", async () => {
    async function* gen() {
      yield 1;
      yield 2;
    }
    expect(await collect(map((n: number) => n + 1)([1, 2, 3]))).toEqual([2, 3, 4]);
    expect(await collect(map((n: number) => n + 1)(gen()))).toEqual([2, 3]);
  });
});

describe("rule 2: an operator closes what it made, never what it was given", () => {
  it("close travels downstream when the input is exhausted", async () => {
    const src = chan<number>(3);
    const a = map((n: number) => n + 1)(src);
    const b = filter(() => true)(a);
    await src.send(1);
    await src.send(2);
    src.close();
    expect(await collect(b)).toEqual([2, 3]);
    expect(channelState(a).closed).toBe(true);
    expect(channelState(b).closed).toBe(true);
  });

  it("a consumer stopping early leaves the user's channel open and unread", async () => {
    const src = chan<number>(5);
    for (let i = 0; i < 5; i++) await src.send(i);
    const out = map((n: number) => n * 10)(src);
    expect(await first(out)).toEqual({ _tag: "Some", value: 0 });
    await settle();
    const st = channelState(src);
    expect(st.closed).toBe(false);
    expect(st.receivers).toBe(0);
    // map had taken at most one value past the one delivered when it was stopped.
    expect(st.len).toBeGreaterThanOrEqual(3);
    expect(channelState(out).closed).toBe(true);
    const before = st.len;
    await settle();
    expect(channelState(src).len).toBe(before);
  });
});

describe("rule 3: a failure surfaces once, downstream, unchanged", () => {
  it("a throwing function in the middle rejects the terminal with the very error", async () => {
    const boom = new Error("boom at 3");
    const seen: number[] = [];
    const a = map((n: number) => {
      if (n === 3) throw boom;
      return n;
    })(range(10));
    const b = map((n: number) => (seen.push(n), n))(a);
    const c = filter(() => true)(b);
    await expect(collect(c)).rejects.toBe(boom);
    expect(seen).toEqual([0, 1, 2]);
    // Every stage on the way knows why it stopped.
    expect(stageError(a)).toEqual({ _tag: "Some", value: boom });
    expect(stageError(c)).toEqual({ _tag: "Some", value: boom });
  });

  it("for await throws it once, after the values sent before it", async () => {
    const boom = new Error("source failed");
    const out = map((n: number) => n)(
      generate<number>(async (send) => {
        await send(1);
        await send(2);
        throw boom;
      }),
    );
    const got: number[] = [];
    let caught: unknown;
    try {
      for await (const v of out) got.push(v);
    } catch (e) {
      caught = e;
    }
    expect(got).toEqual([1, 2]);
    expect(caught).toBe(boom);
    // Claimed: a second loop over the same output ends quietly.
    const again: number[] = [];
    for await (const v of out) again.push(v);
    expect(again).toEqual([]);
  });

  it("a rejected promise and a non-Error throw travel the same way", async () => {
    await expect(collect(map(async (n: number) => Promise.reject(new RangeError(`bad ${n}`)))(of(7)))).rejects.toThrow("bad 7");
    await expect(collect(map((): number => { throw "plain string"; })(of(1)))).rejects.toBe("plain string");
  });

  it("no failure: stageError is None", async () => {
    const out = map((n: number) => n)(of(1));
    expect(await collect(out)).toEqual([1]);
    expect(stageError(out)).toEqual({ _tag: "None" });
    expect(stageError(chan<number>())).toEqual({ _tag: "None" });
  });
});

describe("rule 4: stopping travels upstream to the source", () => {
  it("first() stops every stage and runs the generator's cleanup", async () => {
    let cleaned = false;
    function* naturals() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned = true;
      }
    }
    const src = from(naturals());
    const a = map((n: number) => n * 2)(src);
    const b = filter((n: number) => n > 6)(a);
    expect(await first(b)).toEqual({ _tag: "Some", value: 8 });
    await settle();
    expect(cleaned).toBe(true);
    for (const c of [src, a, b]) expect(channelState(c).closed).toBe(true);
    expect(blocked()).toEqual([]);
    expect(runningTasks()).toEqual([]);
  });

  it("break out of for await over a stage cancels the source's context", async () => {
    let ctxSeen: Context | undefined;
    const src = generate<number>(async (send, ctx) => {
      ctxSeen = ctx;
      for (let i = 0; ; i++) await send(i);
    });
    const out = map((n: number) => n + 1)(src);
    const got: number[] = [];
    for await (const v of out) {
      got.push(v);
      if (v === 3) break;
    }
    expect(got).toEqual([1, 2, 3]);
    await settle();
    expect(ctxSeen!.err()).toBe(Canceled);
    expect(channelState(src).closed).toBe(true);
  });

  it("the send of a stopped generator rejects with StageStopped", async () => {
    const g = gate<unknown>();
    const src = generate<number>(async (send) => {
      await send(0);
      try {
        await send(1);
      } catch (e) {
        g.open(e);
      }
    });
    expect(await first(src)).toEqual({ _tag: "Some", value: 0 });
    const e = await g.promise;
    expect(e).toBeInstanceOf(StageStopped);
    expect((e as Error).message).toContain("operator stopped");
  });

  it("a failing stage stops the stages above it", async () => {
    let ctxSeen: Context | undefined;
    const src = generate<number>(async (send, ctx) => {
      ctxSeen = ctx;
      for (let i = 0; ; i++) await send(i);
    });
    const boom = new Error("no fives");
    const out = map((n: number) => {
      if (n === 5) throw boom;
      return n;
    })(src);
    await expect(collect(out)).rejects.toBe(boom);
    expect(ctxSeen!.err()).toBe(Canceled);
  });

  it("stopStage(ch) is the same as a consumer leaving", async () => {
    const src = range(0, Infinity);
    const out = map((n: number) => n)(src);
    expect((await out.recv()).value).toBe(0);
    expect(stopStage(out)).toBe(true);
    expect(stopStage(chan<number>())).toBe(false);
    await settle();
    expect(channelState(src).closed).toBe(true);
  });

  it("take finishing early stops upstream, and the user's channel is left as it is", async () => {
    const src = chan<number>();
    const out = take(2)(map((n: number) => n)(src));
    const res = collect(out);
    await src.send(1);
    await src.send(2);
    expect(await res).toEqual([1, 2]);
    await settle();
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0, senders: 0 });
  });
});

describe("rule 5: signal and ctx stop an operator at once", () => {
  it("an abort mid-way rejects the terminal with the reason and withdraws the parked receive", async () => {
    const src = chan<number>();
    const ac = new AbortController();
    const out = map((n: number) => n, { signal: ac.signal })(src);
    const res = collect(out);
    await src.send(1);
    await settle();
    expect(channelState(src).receivers).toBe(1);
    expect(watchers(ac.signal)).toBe(1);
    const why = new Error("shutting down");
    ac.abort(why);
    await expect(res).rejects.toBe(why);
    expect(channelState(src)).toMatchObject({ receivers: 0, closed: false });
    expect(watchers(ac.signal)).toBe(0);
  });

  it("the signal's listener is gone once the stage finishes normally", async () => {
    const ac = new AbortController();
    const out = map((n: number) => n, { signal: ac.signal })(of(1, 2));
    expect(await collect(out)).toEqual([1, 2]);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a cancelled ctx stops the stage with the context's cause, and cancels the user function's ctx", async () => {
    const [ctx, cancel] = withCancel(background());
    const started = gate<Context>();
    const out = map(
      async (n: number, c: Context) => {
        started.open(c);
        await new Promise(() => {}); // never settles: only cancellation ends it
        return n;
      },
      { ctx },
    )(of(1));
    const res = collect(out);
    const fnCtx = await started.promise;
    expect(fnCtx.err()).toBeUndefined();
    cancel();
    await expect(res).rejects.toBe(Canceled);
    expect(fnCtx.err()).toBe(Canceled);
  });

  it("an already aborted signal reads nothing from the user's channel", async () => {
    const src = chan<number>(2);
    await src.send(1);
    const ac = new AbortController();
    ac.abort("early");
    const out = map((n: number) => n, { signal: ac.signal })(src);
    await expect(collect(out)).rejects.toBe("early");
    expect(channelState(src).len).toBe(1);
  });

  it("a terminal's own signal rejects it and stops the stages feeding it", async () => {
    const ac = new AbortController();
    const src = range(0, Infinity);
    const res = collect(map((n: number) => n)(src), { signal: ac.signal });
    await flush();
    ac.abort(new Error("enough"));
    await expect(res).rejects.toThrow("enough");
    await settle();
    expect(channelState(src).closed).toBe(true);
  });
});

describe("rule 6: back-pressure by default", () => {
  it("an unbuffered stage holds one value; a buffered one holds buffer + 1", async () => {
    let sent = 0;
    const counting = () =>
      generate<number>(async (send) => {
        for (let i = 0; ; i++) {
          await send(i);
          sent++;
        }
      });
    const a = map((n: number) => n)(counting());
    await settle();
    expect(sent).toBe(1);
    stopStage(a);

    sent = 0;
    const b = map((n: number) => n, { buffer: 4 })(counting());
    await settle();
    expect(sent).toBe(5);
    expect(channelState(b).len).toBe(4);
    stopStage(b);
  });

  it("a dropping overflow never blocks the stage", async () => {
    const out = map((n: number) => n, { buffer: 2, overflow: "dropOldest" })(range(10));
    await settle();
    expect(channelState(out)).toMatchObject({ len: 2, closed: true, dropped: 8 });
    expect(await collect(out)).toEqual([8, 9]);
  });
});

describe("diagnostics and fairness", () => {
  it("a stage parked on its output shows under its name, and as a running task", async () => {
    const out = map((n: number) => n * 2, { name: "double" })(of(1));
    await settle();
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toContain('send chan "double"');
    expect(runningTasks().map((t) => t.on)).toContain('task "double"');
    expect(await collect(out)).toEqual([2]);
  });

  it("an endless pipeline does not starve timers", async () => {
    const ac = new AbortController();
    const res = drain(map((n: number) => n + 1, { buffer: 16 })(range(0, Infinity, { buffer: 16 })), { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 5)); // would never fire if the pipeline starved the event loop
    ac.abort("enough");
    await expect(res).rejects.toBe("enough");
  });
});

describe("rule 7: bad input throws when the operator is built, listing every problem", () => {
  it("all invalid arguments and options in one error", () => {
    const e = thrown(() => map(5 as any, { buffer: -1, bogus: 1, overflow: "sideways" } as any));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      'map(f, options): 4 invalid arguments: f must be a function, got 5; options.buffer must be a non-negative integer (the output\'s capacity), got -1; options.bogus is not an option (known options: signal, ctx, name, buffer, overflow); options.overflow must be one of "block", "dropOldest", "dropNewest", "error", got "sideways"',
    );
  });

  it("range problems alone are a RangeError; a near miss gets a suggestion", () => {
    const r = thrown(() => take(-1, { buffer: 1.5 }));
    expect(r).toBeInstanceOf(RangeError);
    expect(r.message).toContain("n must be a non-negative integer (Infinity for all), got -1");
    expect(r.message).toContain("options.buffer must be a non-negative integer (the output's capacity), got 1.5");
    const t = thrown(() => map((n: number) => n, { bufer: 2 } as any));
    expect(t.message).toBe("map(f, options): options.bufer is not an option (did you mean buffer?)");
  });

  it("a dropping overflow without a buffer is named", () => {
    expect(thrown(() => map((n: number) => n, { overflow: "dropNewest" })).message).toBe(
      'map(f, options): options.overflow "dropNewest" needs a buffer: set options.buffer to 1 or more',
    );
  });

  it("the input is checked when the stage is applied, before anything runs", () => {
    const stage = map((n: number) => n);
    const e = thrown(() => stage(42 as any));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("map(f, options)(input): input must be a channel, an iterable or an async iterable, got 42");
    expect(thrown(() => collect("abc" as any)).message).toBe('collect(input, options): input must be a channel, an iterable or an async iterable, got "abc"');
  });

  it("signal and ctx are checked too", () => {
    const e = thrown(() => map((n: number) => n, { signal: {} as any, ctx: "x" as any }));
    expect(e.message).toContain("options.signal must be an AbortSignal, got an object");
    expect(e.message).toContain('options.ctx must be a Context (from background(), fromSignal() or a with…() function), got "x"');
  });
});
