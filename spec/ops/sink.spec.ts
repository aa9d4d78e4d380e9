// Terminals: collect, reduce, forEach, drain, first, and their TaskEither forms.

import { describe, expect, it } from "vitest";
import {
  background,
  chan,
  channelState,
  collect,
  collectTE,
  drain,
  drainTE,
  first,
  forEach,
  forEachTE,
  from,
  generate,
  of,
  range,
  reduce,
  reduceTE,
  withCancel,
  type Context,
} from "../../src/index.js";
import { gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

const failing = (boom: unknown) =>
  generate<number>(async (send) => {
    await send(1);
    throw boom;
  });

describe("collect", () => {
  it("every value in order; a user channel is read to its end but left open for its owner to close", async () => {
    const ch = chan<string>();
    const res = collect(ch);
    await ch.send("a");
    await ch.send("b");
    ch.close();
    expect(await res).toEqual(["a", "b"]);
  });

  it("rejects with the failure; collectTE gives it as Left", async () => {
    const boom = new Error("x");
    await expect(collect(failing(boom))).rejects.toBe(boom);
    expect(await collectTE(failing(boom))()).toEqual({ _tag: "Left", left: boom });
  });

  it("its own ctx rejects it with the cause", async () => {
    const [ctx, cancel] = withCancel(background());
    const res = collect(range(0, Infinity), { ctx });
    await settle(2);
    cancel();
    await expect(res).rejects.toThrow("context canceled");
  });
});

describe("reduce", () => {
  it("folds from init with sync and async functions", async () => {
    expect(await reduce((a: number, b: number) => a + b, 0)(range(1, 5))).toBe(10);
    expect(await reduce(async (a: string, b: string) => a + b, ">")(of("a", "b"))).toBe(">ab");
    expect(await reduce((a: number, b: number) => a + b, 42)(of<number>())).toBe(42);
  });

  it("a throwing fold rejects once and stops the source", async () => {
    let ctx: Context | undefined;
    const src = generate<number>(async (send, c) => {
      ctx = c;
      for (let i = 0; ; i++) await send(i);
    });
    const boom = new Error("fold");
    await expect(
      reduce((a: number, b: number) => {
        if (b === 3) throw boom;
        return a + b;
      }, 0)(src),
    ).rejects.toBe(boom);
    expect(ctx!.err()).toBeDefined();
    expect(await reduceTE((a: number, b: number) => a + b, 0)(of(1, 2))()).toEqual({ _tag: "Right", right: 3 });
  });
});

describe("forEach", () => {
  it("one value at a time: an async f is awaited before the next read", async () => {
    const log: string[] = [];
    const g = gate();
    const src = chan<number>(4);
    for (const v of [1, 2, 3]) await src.send(v);
    src.close();
    const done = forEach(async (v: number) => {
      log.push(`start ${v}`);
      if (v === 1) await g.promise;
      log.push(`end ${v}`);
    })(src);
    await settle();
    expect(log).toEqual(["start 1"]);
    expect(channelState(src).len).toBe(2);
    g.open();
    await done;
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("a throwing f rejects; forEachTE gives Left", async () => {
    const boom = new Error("each");
    const f = () => {
      throw boom;
    };
    await expect(forEach(f)(of(1))).rejects.toBe(boom);
    expect(await forEachTE(f)(of(1))()).toEqual({ _tag: "Left", left: boom });
    expect(await forEachTE(() => {})(of(1))()).toEqual({ _tag: "Right", right: undefined });
  });
});

describe("drain", () => {
  it("counts and discards", async () => {
    expect(await drain(range(100))).toBe(100);
    expect(await drainTE(of(1, 2))()).toEqual({ _tag: "Right", right: 2 });
    const boom = new Error("d");
    expect(await drainTE(failing(boom))()).toEqual({ _tag: "Left", left: boom });
  });
});

describe("first", () => {
  it("Some(first value), None when empty, and the failure when it fails before any value", async () => {
    expect(await first(of(9, 8))).toEqual({ _tag: "Some", value: 9 });
    expect(await first(of())).toEqual({ _tag: "None" });
    const boom = new Error("f");
    await expect(first(generate<number>(() => Promise.reject(boom)))).rejects.toBe(boom);
  });

  it("a user channel: takes one value and leaves the rest", async () => {
    const ch = chan<number>(3);
    await ch.send(1);
    await ch.send(2);
    expect(await first(ch)).toEqual({ _tag: "Some", value: 1 });
    expect(channelState(ch)).toMatchObject({ len: 1, closed: false, receivers: 0 });
  });

  it("stops the source after one value", async () => {
    const src = from([1, 2, 3], { buffer: 1 });
    expect(await first(src)).toEqual({ _tag: "Some", value: 1 });
    await settle();
    expect(channelState(src).closed).toBe(true);
  });
});

describe("bad input", () => {
  it("terminals check input and options when called", () => {
    expect(thrown(() => drain(undefined as any, { signal: 1 } as any)).message).toBe(
      "drain(input, options): 2 invalid arguments: input must be a channel, an iterable or an async iterable, got undefined; options.signal must be an AbortSignal, got 1",
    );
    expect(thrown(() => reduce(null as any, 0, { nope: true } as any)).message).toBe(
      "reduce(f, init, options): 2 invalid arguments: f must be a function, got null; options.nope is not an option (known options: signal, ctx, name)",
    );
    expect(thrown(() => forEach((x: number) => x)(3 as any)).message).toBe(
      "forEach(f, options)(input): input must be a channel, an iterable or an async iterable, got 3",
    );
    expect(thrown(() => collectTE(null as any)).message).toContain("collectTE(input, options): input must be");
  });
});
