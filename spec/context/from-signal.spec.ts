// fromSignal: a context following an AbortSignal through the shared listener hub.

import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Canceled, DeadlineExceeded, channelState, fromSignal, watchers, withCancel, withCancelCause } from "../../src/index.js";
import { childCount } from "../../src/context/node.js";

const listeners = (s: AbortSignal): number => getEventListeners(s, "abort").length;

describe("fromSignal", () => {
  it("follows the signal: err Canceled, cause = signal.reason, done closed, own signal aborted with it", () => {
    const ac = new AbortController();
    const ctx = fromSignal(ac.signal);
    const done = ctx.done;
    expect(ctx.err()).toBeUndefined();
    expect(ctx.deadline()).toBeUndefined();
    const why = new Error("client went away");
    ac.abort(why);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(why);
    expect(channelState(done).closed).toBe(true);
    expect(ctx.signal).not.toBe(ac.signal);
    expect(ctx.signal.reason).toBe(why);
  });

  it("an already-aborted signal gives an already-cancelled context and adds no listener", () => {
    const ac = new AbortController();
    ac.abort("early");
    const ctx = fromSignal(ac.signal);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe("early");
    expect(ctx.done.tryRecv()).toEqual({ value: undefined, ok: false });
    expect(watchers(ac.signal)).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
  });

  it("a TimeoutError reason (AbortSignal.timeout) maps to DeadlineExceeded", () => {
    const ac = new AbortController();
    const ctx = fromSignal(ac.signal);
    const reason = new DOMException("signal timed out", "TimeoutError");
    ac.abort(reason);
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(ctx.cause()).toBe(reason);
  });

  it("round-trips another context's err through its signal", () => {
    const [a, cancelA] = withCancelCause(fromSignal(new AbortController().signal));
    cancelA();
    expect(fromSignal(a.signal).err()).toBe(Canceled);
    const dead = new AbortController();
    dead.abort(DeadlineExceeded);
    expect(fromSignal(dead.signal).err()).toBe(DeadlineExceeded);
  });

  it("many contexts on one signal share one listener; it is removed when they are cancelled", () => {
    const ac = new AbortController();
    const ctxs = Array.from({ length: 20 }, () => fromSignal(ac.signal));
    expect(watchers(ac.signal)).toBe(20);
    expect(listeners(ac.signal)).toBe(1);
    ac.abort();
    expect(ctxs.every((c) => c.err() === Canceled)).toBe(true);
    expect(watchers(ac.signal)).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
  });

  it("disposing the context (using) releases its place on the signal; the last one removes the listener", () => {
    const ac = new AbortController();
    const keep = fromSignal(ac.signal);
    {
      using ctx = fromSignal(ac.signal);
      expect(ctx.err()).toBeUndefined();
      expect(watchers(ac.signal)).toBe(2);
    }
    expect(watchers(ac.signal)).toBe(1);
    keep[Symbol.dispose]();
    expect(keep.err()).toBe(Canceled);
    expect(watchers(ac.signal)).toBe(0);
    expect(listeners(ac.signal)).toBe(0);
    ac.abort(new Error("late"));
    expect(keep.cause()).toBe(Canceled);
  });

  it("its children hang on its children set, not on the signal", () => {
    const ac = new AbortController();
    const root = fromSignal(ac.signal);
    const kids = Array.from({ length: 100 }, () => withCancel(root)[0]);
    expect(watchers(ac.signal)).toBe(1);
    expect(childCount(root)).toBe(100);
    const why = new Error("stop");
    ac.abort(why);
    expect(kids.every((k) => k.err() === Canceled && k.cause() === why)).toBe(true);
    expect(childCount(root)).toBe(0);
  });

  it("accepts a structural AbortSignalLike", () => {
    let listener: (() => void) | undefined;
    const fake = {
      aborted: false,
      reason: undefined as unknown,
      addEventListener: (_t: "abort", l: () => void) => void (listener = l),
      removeEventListener: () => void (listener = undefined),
    };
    const ctx = fromSignal(fake);
    expect(listener).toBeDefined();
    fake.aborted = true;
    fake.reason = "fake reason";
    listener!();
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe("fake reason");
  });
});
