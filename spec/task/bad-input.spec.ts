// Bad input: each error names the call, the argument and the value it got, and
// nothing is started, queued or changed.

import { describe, expect, it } from "vitest";
import { parkedOps } from "../../src/chan/registry.js";
import { background, go, group, onPanic } from "../../src/index.js";
import { hygiene } from "./_util.js";

hygiene();

// Deliberately wrong arguments, as untyped JavaScript callers could pass them.
const loose = <F>(f: F): ((...args: unknown[]) => unknown) => f as unknown as (...args: unknown[]) => unknown;

describe("go", () => {
  it("a non-function fn is a TypeError naming fn and the value", () => {
    expect(() => loose(go)(42)).toThrow(new TypeError("go(fn): fn must be a function, got 42"));
    expect(() => loose(go)("run")).toThrow(new TypeError('go(fn): fn must be a function, got "run"'));
    expect(() => loose(go)(undefined)).toThrow(new TypeError("go(fn): fn must be a function, got undefined"));
    expect(() => loose(go)(Promise.resolve(1))).toThrow(new TypeError("go(fn): fn must be a function, got an object (Promise)"));
    expect(parkedOps()).toEqual([]);
  });

  it("bad options are TypeErrors naming the option", () => {
    const f = (): number => 1;
    expect(() => loose(go)(f, 5)).toThrow(new TypeError("go(fn, options): options must be an object like { name, signal, ctx, recover }, got 5"));
    expect(() => loose(go)(f, null)).toThrow("go(fn, options): options must be an object like { name, signal, ctx, recover }, got null");
    expect(() => loose(go)(f, { name: 7 })).toThrow(new TypeError("go(fn, options): options.name must be a string, got 7"));
    expect(() => loose(go)(f, { signal: "stop" })).toThrow(new TypeError('go(fn, options): options.signal must be an AbortSignal, got "stop"'));
    expect(() => loose(go)(f, { recover: "fallback" })).toThrow(new TypeError('go(fn, options): options.recover must be a function, got "fallback"'));
    expect(parkedOps()).toEqual([]);
  });

  it("options.ctx must be a cspkit Context; an AbortSignal there points to options.signal's sibling fromSignal", () => {
    const f = (): number => 1;
    expect(() => loose(go)(f, { ctx: {} })).toThrow(TypeError);
    expect(() => loose(go)(f, { ctx: {} })).toThrow("go(fn, options): options.ctx must be a Context (from background(), fromSignal() or a with…() function), got an object");
    expect(() => loose(go)(f, { ctx: new AbortController().signal })).toThrow("(to follow an AbortSignal, wrap it: fromSignal(signal))");
    expect(() => loose(go)(f, { ctx: null })).toThrow("got null");
  });

  it("a non-function fn does not consume a default name", () => {
    const before = Number(/\d+$/.exec(go(() => 1).name)![0]);
    expect(() => loose(go)(1)).toThrow(TypeError);
    expect(go(() => 1).name).toBe(`task-${before + 1}`);
  });
});

describe("onPanic", () => {
  it("a non-function handler is a TypeError, and the current handler stays", () => {
    expect(() => loose(onPanic)("log")).toThrow(new TypeError('onPanic(handler): handler must be a function, got "log"'));
    expect(() => loose(onPanic)(undefined)).toThrow("got undefined");
  });
});

describe("group", () => {
  it("a negative limit is a RangeError naming it, with Go's meaning as a hint", () => {
    expect(() => group({ limit: -1 })).toThrow(RangeError);
    expect(() => group({ limit: -1 })).toThrow(
      "group(ctx, options): options.limit must be a non-negative integer, or Infinity for no limit, got -1 (Go's negative limit means no limit: pass Infinity)",
    );
  });

  it("fractional and NaN limits are RangeErrors; non-numbers TypeErrors", () => {
    expect(() => group({ limit: 1.5 })).toThrow(new RangeError("group(ctx, options): options.limit must be a non-negative integer, or Infinity for no limit, got 1.5"));
    expect(() => group({ limit: Number.NaN })).toThrow(new RangeError("group(ctx, options): options.limit must be a non-negative integer, or Infinity for no limit, got NaN"));
    expect(() => group({ limit: -Infinity })).toThrow(RangeError);
    expect(() => group({ limit: "4" as never })).toThrow(new TypeError('group(ctx, options): options.limit must be a non-negative integer, or Infinity for no limit, got "4"'));
  });

  it("setLimit checks its argument the same way, and keeps the old limit", async () => {
    const g = group({ limit: 1 });
    expect(() => g.setLimit(-2)).toThrow(new RangeError("group.setLimit(n): n must be a non-negative integer, or Infinity for no limit, got -2 (Go's negative limit means no limit: pass Infinity)"));
    expect(() => g.setLimit(0.5)).toThrow(RangeError);
    expect(() => loose(g.setLimit)(null)).toThrow(new TypeError("group.setLimit(n): n must be a non-negative integer, or Infinity for no limit, got null"));
    let release!: () => void;
    expect(g.tryGo(() => new Promise<void>((r) => (release = r)))).toBe(true);
    expect(g.tryGo(() => 1)).toBe(false); // still limit 1
    release();
    await g.wait();
  });

  it("a bad ctx is a TypeError naming ctx, with the context layer's hints", () => {
    expect(() => loose(group)(42)).toThrow(new TypeError("group(ctx, options): ctx must be a Context (from background(), fromSignal() or a with…() function), got 42"));
    expect(() => loose(group)(new AbortController().signal)).toThrow("wrap it: fromSignal(signal)");
    expect(() => loose(group)(null, {})).toThrow("got null");
  });

  it("bad options are TypeErrors", () => {
    expect(() => loose(group)(background(), 3)).toThrow(new TypeError("group(ctx, options): options must be an object like { limit, signal, name }, got 3"));
    expect(() => group({ signal: {} as never })).toThrow(new TypeError("group(ctx, options): options.signal must be an AbortSignal, got an object"));
    expect(() => group({ name: 1 as never })).toThrow(new TypeError("group(ctx, options): options.name must be a string, got 1"));
  });

  it("go/tryGo with a non-function throw a TypeError at once and change nothing", async () => {
    const g = group({ limit: 1 });
    expect(() => loose(g.go)(42)).toThrow(new TypeError("group.go(fn): fn must be a function, got 42"));
    expect(() => loose(g.tryGo)(null)).toThrow(new TypeError("group.tryGo(fn): fn must be a function, got null"));
    expect(() => loose(g.go)(() => 1, 5)).toThrow(new TypeError("group.go(fn, options): options must be an object like { signal }, got 5"));
    expect(() => loose(g.wait)("soon")).toThrow(new TypeError('group.wait(options): options must be an object like { signal }, got "soon"'));
    expect(parkedOps()).toEqual([]);
    expect(g.tryGo(() => 1)).toBe(true); // the slot is still free
    await g.wait();
  });
});
