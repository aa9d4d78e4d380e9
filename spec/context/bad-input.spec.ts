// Bad input: each error names the call, the argument and the value it got.

import { describe, expect, it } from "vitest";
import {
  afterFunc,
  background,
  contextKey,
  fromSignal,
  manualClock,
  withCancel,
  withCancelCause,
  withDeadline,
  withDeadlineCause,
  withTimeout,
  withTimeoutCause,
  withValue,
  withoutCancel,
  type Context,
} from "../../src/index.js";

// Deliberately wrong arguments, as untyped JavaScript callers could pass them.
const loose = <F>(f: F): ((...args: unknown[]) => unknown) => f as unknown as (...args: unknown[]) => unknown;

describe("parents that are not contexts", () => {
  const fns: [string, (p: unknown) => unknown][] = [
    ["withCancel(parent)", (p) => loose(withCancel)(p)],
    ["withCancelCause(parent)", (p) => loose(withCancelCause)(p)],
    ["withTimeout(parent, ms)", (p) => loose(withTimeout)(p, 10)],
    ["withTimeoutCause(parent, ms, cause)", (p) => loose(withTimeoutCause)(p, 10, "c")],
    ["withDeadline(parent, at)", (p) => loose(withDeadline)(p, 10)],
    ["withDeadlineCause(parent, at, cause)", (p) => loose(withDeadlineCause)(p, 10, "c")],
    ["withValue(parent, key, value)", (p) => loose(withValue)(p, "k", 1)],
    ["withoutCancel(parent)", (p) => loose(withoutCancel)(p)],
  ];

  it.each(fns)("%s throws a TypeError naming parent and the value", (name, call) => {
    expect(() => call({ done: null })).toThrow(TypeError);
    expect(() => call({ done: null })).toThrow(`${name}: parent must be a Context`);
    expect(() => call(42)).toThrow("got 42");
  });

  it("undefined points to background(); an AbortSignal points to fromSignal()", () => {
    expect(() => loose(withCancel)(undefined)).toThrow(/got undefined \(Go's context\.TODO\(\): pass background\(\)/);
    expect(() => loose(withCancel)(new AbortController().signal)).toThrow(/got an object \(AbortSignal\) \(to follow an AbortSignal, wrap it: fromSignal\(signal\)\)/);
  });

  it("a look-alike object is not a context (no foreign contexts)", () => {
    const fake: Context = { ...withCancel(background())[0], value: () => undefined } as Context;
    expect(() => withCancel(fake)).toThrow("withCancel(parent): parent must be a Context");
  });
});

describe("durations and deadlines", () => {
  it("withTimeout(parent, NaN) is a RangeError naming ms", () => {
    expect(() => withTimeout(background(), Number.NaN)).toThrow(RangeError);
    expect(() => withTimeout(background(), Number.NaN)).toThrow("withTimeout(parent, ms): ms must be a number of milliseconds, got NaN");
    expect(() => withTimeoutCause(background(), Number.NaN, "c")).toThrow("withTimeoutCause(parent, ms, cause): ms must be a number of milliseconds, got NaN");
  });

  it("withTimeout(parent, \"5\") is a TypeError", () => {
    expect(() => loose(withTimeout)(background(), "5")).toThrow(TypeError);
    expect(() => loose(withTimeout)(background(), "5")).toThrow('ms must be a number of milliseconds, got "5"');
  });

  it('withDeadline(parent, "tomorrow") is a TypeError naming at and the value', () => {
    expect(() => loose(withDeadline)(background(), "tomorrow")).toThrow(TypeError);
    expect(() => loose(withDeadline)(background(), "tomorrow")).toThrow(
      'withDeadline(parent, at): at must be a Date or a number of epoch milliseconds, got "tomorrow"',
    );
    expect(() => loose(withDeadlineCause)(background(), {}, "c")).toThrow("withDeadlineCause(parent, at, cause): at must be a Date or a number of epoch milliseconds, got an object");
  });

  it("an invalid Date or NaN deadline is a RangeError", () => {
    expect(() => withDeadline(background(), new Date("nope"))).toThrow(RangeError);
    expect(() => withDeadline(background(), new Date("nope"))).toThrow("withDeadline(parent, at): at must be a valid Date or epoch milliseconds, got Invalid Date");
    expect(() => withDeadline(background(), Number.NaN)).toThrow(RangeError);
    expect(() => withDeadline(background(), Number.NaN)).toThrow("got NaN");
  });

  it("a bad clock option is a TypeError naming options.clock", () => {
    expect(() => loose(withTimeout)(background(), 10, { clock: {} })).toThrow(TypeError);
    expect(() => loose(withTimeout)(background(), 10, { clock: {} })).toThrow("withTimeout(parent, ms): options.clock must have now()");
    expect(() => loose(withDeadline)(background(), 10, 5)).toThrow("withDeadline(parent, at): options must be an object, got 5");
  });

  it("a rejected call arms nothing and registers nothing", () => {
    const clock = manualClock();
    const [parent] = withCancel(background());
    expect(() => loose(withTimeout)(parent, Number.NaN, { clock })).toThrow(RangeError);
    expect(() => loose(withDeadline)(parent, "x", { clock })).toThrow(TypeError);
    expect(clock.pending).toBe(0);
  });
});

describe("other arguments", () => {
  it("afterFunc with a non-function is a TypeError naming fn and the value", () => {
    expect(() => loose(afterFunc)(background(), 42)).toThrow(TypeError);
    expect(() => loose(afterFunc)(background(), 42)).toThrow("afterFunc(ctx, fn): fn must be a function, got 42");
    expect(() => loose(afterFunc)(background(), "run")).toThrow('got "run"');
  });

  it("afterFunc with a non-context names ctx", () => {
    expect(() => loose(afterFunc)(null, () => {})).toThrow("afterFunc(ctx, fn): ctx must be a Context");
  });

  it("withValue with an undefined or null key is a TypeError", () => {
    expect(() => withValue(background(), undefined, 1)).toThrow(TypeError);
    expect(() => withValue(background(), undefined, 1)).toThrow("withValue(parent, key, value): key must not be undefined");
    expect(() => withValue(background(), null, 1)).toThrow("key must not be null");
  });

  it("fromSignal with a non-signal is a TypeError naming signal", () => {
    expect(() => loose(fromSignal)({ aborted: false })).toThrow(TypeError);
    expect(() => loose(fromSignal)({ aborted: false })).toThrow("fromSignal(signal): signal must be an AbortSignal, got an object");
    expect(() => loose(fromSignal)(undefined)).toThrow("got undefined");
  });

  it("contextKey with a non-string name is a TypeError", () => {
    expect(() => loose(contextKey)(7)).toThrow(TypeError);
    expect(() => loose(contextKey)(7)).toThrow("contextKey(name): name must be a string, got 7");
  });
});
