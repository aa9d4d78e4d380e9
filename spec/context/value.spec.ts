// background, withValue, contextKey, withoutCancel.

import { describe, expect, it } from "vitest";
import {
  Canceled,
  background,
  channelState,
  contextKey,
  fromSignal,
  isChan,
  manualClock,
  trySelect,
  withCancel,
  withTimeout,
  withValue,
  withoutCancel,
} from "../../src/index.js";

describe("background", () => {
  it("is one root, never cancelled, with a done channel that never fires and a signal that never aborts", () => {
    const bg = background();
    expect(background()).toBe(bg);
    expect(bg.err()).toBeUndefined();
    expect(bg.cause()).toBeUndefined();
    expect(bg.deadline()).toBeUndefined();
    expect(bg.value("anything")).toBeUndefined();
    expect(isChan(bg.done)).toBe(true);
    expect(bg.done.tryRecv()).toBeUndefined();
    expect(trySelect({ quit: bg.done })).toBeUndefined();
    expect(bg.signal.aborted).toBe(false);
    expect(String(bg)).toBe("context.Background");
  });
});

describe("withValue / contextKey", () => {
  it("finds the nearest value up the chain; unrelated keys miss", () => {
    const user = contextKey<string>("user");
    const tenant = contextKey<number>("tenant");
    const a = withValue(background(), user, "alice");
    const b = withValue(a, tenant, 7);
    const c = withValue(b, user, "bob");
    expect(a.value(user)).toBe("alice");
    expect(b.value(user)).toBe("alice");
    expect(b.value(tenant)).toBe(7);
    expect(c.value(user)).toBe("bob");
    expect(a.value(tenant)).toBeUndefined();
  });

  it("keys compare by identity: two contextKeys with one name are different keys", () => {
    const k1 = contextKey<number>("id");
    const k2 = contextKey<number>("id");
    const ctx = withValue(background(), k1, 1);
    expect(ctx.value(k1)).toBe(1);
    expect(ctx.value(k2)).toBeUndefined();
    expect(k1.name).toBe("id");
    expect(String(k1)).toBe('contextKey("id")');
  });

  it("any value is a key (strings, symbols, objects, NaN); undefined and null are stored values", () => {
    const sym = Symbol("s");
    const obj = {};
    let ctx = withValue(background(), "k", "string key");
    ctx = withValue(ctx, sym, undefined);
    ctx = withValue(ctx, obj, null);
    ctx = withValue(ctx, Number.NaN, 0);
    expect(ctx.value("k")).toBe("string key");
    expect(ctx.value(sym)).toBeUndefined();
    expect(ctx.value(obj)).toBeNull();
    expect(ctx.value({})).toBeUndefined();
    expect(ctx.value(Number.NaN)).toBe(0);
  });

  it("values pass through cancellable contexts, and cancellation through value contexts", () => {
    const key = contextKey<string>("trace");
    const [root, cancel] = withCancel(background());
    const v = withValue(root, key, "t-1");
    const [child] = withCancel(v);
    expect(child.value(key)).toBe("t-1");
    expect(v.done).toBe(root.done);
    expect(v.signal).toBe(root.signal);
    cancel();
    expect(v.err()).toBe(Canceled);
    expect(child.err()).toBe(Canceled);
    expect(child.value(key)).toBe("t-1");
  });

  it("prints a Go-like description", () => {
    const [c] = withCancel(withValue(background(), "user", "alice"));
    expect(String(c)).toBe('context.Background.WithValue("user", "alice").WithCancel');
  });
});

describe("withoutCancel", () => {
  it("keeps the parent's values but is never cancelled: done never closes, no deadline", async () => {
    const clock = manualClock();
    const key = contextKey<number>("n");
    const [parent, cancel] = withTimeout(withValue(background(), key, 42), 10, { clock });
    const detached = withoutCancel(parent);
    const [child] = withCancel(detached);
    expect(detached.value(key)).toBe(42);
    expect(child.value(key)).toBe(42);
    expect(detached.deadline()).toBeUndefined();
    const done = detached.done;
    await clock.advance(10);
    expect(parent.err()).toBeDefined();
    cancel();
    expect(detached.err()).toBeUndefined();
    expect(detached.cause()).toBeUndefined();
    expect(detached.signal.aborted).toBe(false);
    expect(done.tryRecv()).toBeUndefined();
    expect(channelState(done).closed).toBe(false);
    expect(child.err()).toBeUndefined();
  });
});

describe("deep chains", () => {
  it("value, deadline and toString work on a 100,000-deep chain without recursion", () => {
    const key = contextKey<number>("root");
    const clock = manualClock();
    let ctx = withValue(withTimeout(background(), 50, { clock })[0], key, 1);
    for (let i = 0; i < 100_000; i++) ctx = withValue(ctx, i, i);
    expect(ctx.value(key)).toBe(1);
    expect(ctx.deadline()).toBe(50);
    expect(String(ctx).startsWith('context.Background.WithDeadline.WithValue(contextKey("root"), 1).WithValue(0, 0)')).toBe(true);
  });

  it("fromSignal and withoutCancel print as Go would", () => {
    const c = withoutCancel(fromSignal(new AbortController().signal));
    expect(String(c)).toBe("context.FromSignal.WithoutCancel");
  });
});
