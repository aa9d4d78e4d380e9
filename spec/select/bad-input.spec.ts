// Bad input to select/trySelect/send: a TypeError thrown synchronously, naming
// the argument, the value and what was expected, with nothing half-done.

import { describe, expect, it } from "vitest";
import { chan, channelState, select, send, trySelect } from "../../src/index.js";
import { expectMessage, thrown } from "../chan/_helpers.js";


const anySelect = select as (cases: unknown, options?: unknown) => Promise<unknown>;
const anyTrySelect = trySelect as (cases: unknown, options?: unknown) => unknown;

describe("select(cases) bad input", () => {
  it.each([
    [42, "got 42"],
    [null, "got null"],
    [undefined, "got undefined"],
    ["ab", 'got "ab"'],
  ])("select(%s) throws a TypeError", (cases, shown) => {
    for (const [fn, name] of [
      [anySelect, "select(cases)"],
      [anyTrySelect, "trySelect(cases)"],
    ] as const) {
      const e = thrown(() => fn(cases));
      expect(e).toBeInstanceOf(TypeError);
      expectMessage(e, name, "cases must be an array or an object", shown);
    }
  });

  it("a bare channel as cases throws and says how to wrap it", () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    const e = thrown(() => anySelect(ch));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "select(cases)", "[ch]");
    expect(ch.len).toBe(1);
  });

  it.each([
    ["an object", { not: "a channel" }, "got an object that is not a channel"],
    ["a number", 7, "got 7"],
    ["a function", () => 1, "got a function"],
    ["a string", "ch", 'got "ch"'],
    ["an array", [], "got an array"],
  ])("a case that is %s throws, naming the case", (_, bad, shown) => {
    const e = thrown(() => anySelect({ ok: chan<number>(), bad }));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "select(cases)", "cases.bad", "must be a channel, send(ch, value), null or undefined", shown);

    const e2 = thrown(() => anyTrySelect([null, bad]));
    expect(e2).toBeInstanceOf(TypeError);
    expectMessage(e2, "trySelect(cases)", "cases[1]", shown);
  });

  it("nothing half-done: a ready case before or after a bad case keeps its value", () => {
    const ready = chan<number>(1);
    const out = chan<number>(1);
    ready.trySend(5);
    expect(() => anySelect({ ready, o: send(out, 1), bad: {} })).toThrow(TypeError);
    expect(() => anySelect([{}, ready, send(out, 1)])).toThrow(TypeError);
    expect(() => anyTrySelect({ ready, bad: 3 })).toThrow(TypeError);
    expect(channelState(ready)).toMatchObject({ len: 1, receivers: 0, senders: 0 });
    expect(channelState(out)).toMatchObject({ len: 0, receivers: 0, senders: 0 });
    expect(ready.tryRecv()).toEqual({ value: 5, ok: true });
  });

  it("nothing half-done with priority: a ready first case does not skip checking the rest", () => {
    const ready = chan<number>(1);
    ready.trySend(5);
    const e = thrown(() => anySelect({ ready, bad: 9 }, { priority: true }));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "cases.bad", "got 9");
    expect(() => anyTrySelect([ready, () => 1], { priority: true })).toThrow("cases[1]");
    expect(ready.tryRecv()).toEqual({ value: 5, ok: true });
  });

  it("nothing half-done: no case is registered when a later case is bad", () => {
    const quiet = chan<number>();
    const full = chan<number>(1);
    full.trySend(0);
    expect(() => anySelect({ q: quiet, f: send(full, 1), bad: 1 })).toThrow(TypeError);
    expect(channelState(quiet)).toMatchObject({ receivers: 0, senders: 0 });
    expect(channelState(full)).toMatchObject({ len: 1, receivers: 0, senders: 0 });
  });

  it("bad options throw TypeErrors", () => {
    const ch = chan<number>(1);
    const e1 = thrown(() => anySelect([ch], 5));
    expect(e1).toBeInstanceOf(TypeError);
    expectMessage(e1, "options must be an object", "got 5");
    const e2 = thrown(() => anySelect([ch], { priority: "yes" }));
    expect(e2).toBeInstanceOf(TypeError);
    expectMessage(e2, "options.priority must be a boolean", 'got "yes"');
    const e3 = thrown(() => anyTrySelect([ch], { priority: 1 }));
    expectMessage(e3, "trySelect(cases, options)", "options.priority", "got 1");
  });
});

describe("send(ch, value) bad input", () => {
  it.each([
    ["an object", { send: () => {} }, "got an object"],
    ["a number", 42, "got 42"],
    ["null", null, "got null"],
    ["undefined", undefined, "got undefined"],
    ["a string", "ch", 'got "ch"'],
  ])("send(%s, v) throws a TypeError", (_, notAChannel, shown) => {
    const e = thrown(() => send(notAChannel as never, 1));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "send(ch, value)", "ch must be a channel made by chan()", shown);
    expect(e.message).not.toContain("[object Object]");
  });
});
