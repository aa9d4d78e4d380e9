// afterFunc: at most once, asynchronously, stop() true iff it prevented the run.

import { describe, expect, it } from "vitest";
import {
  Canceled,
  afterFunc,
  background,
  manualClock,
  withCancel,
  withCancelCause,
  withTimeout,
  withValue,
  withoutCancel,
} from "../../src/index.js";
import { childCount } from "../../src/context/node.js";

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("afterFunc", () => {
  it("runs fn once after the cancel, in a microtask of its own, seeing the cancelled context", async () => {
    const [ctx, cancel] = withCancel(background());
    const seen: unknown[] = [];
    afterFunc(ctx, () => seen.push(ctx.err()));
    await flush();
    expect(seen).toEqual([]);
    cancel();
    expect(seen).toEqual([]); // not inside cancel()
    await Promise.resolve();
    expect(seen).toEqual([Canceled]);
    cancel();
    await flush();
    expect(seen).toEqual([Canceled]);
  });

  it("runs once when the parent is cancelled, and after the deadline", async () => {
    const clock = manualClock();
    const [parent, cancelParent] = withCancel(background());
    const [child, cancelChild] = withCancel(parent);
    const [timed] = withTimeout(background(), 5, { clock });
    let runs = 0;
    afterFunc(child, () => runs++);
    afterFunc(timed, () => runs++);
    cancelParent();
    cancelChild();
    await clock.advance(5);
    await flush();
    expect(runs).toBe(2);
  });

  it("callbacks run in registration order", async () => {
    const [ctx, cancel] = withCancel(background());
    const order: number[] = [];
    for (let i = 0; i < 5; i++) afterFunc(ctx, () => order.push(i));
    cancel();
    await flush();
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("stop() before the cancel prevents the run and returns true, then false; the registration is gone", async () => {
    const [ctx, cancel] = withCancel(background());
    let runs = 0;
    const stop = afterFunc(ctx, () => runs++);
    expect(childCount(ctx)).toBe(1);
    expect(stop()).toBe(true);
    expect(childCount(ctx)).toBe(0);
    expect(stop()).toBe(false);
    cancel();
    await flush();
    expect(runs).toBe(0);
  });

  it("stop() after the cancel returns false, even before fn has physically run (it was already started)", async () => {
    const [ctx, cancel] = withCancel(background());
    let runs = 0;
    const stop = afterFunc(ctx, () => runs++);
    cancel();
    expect(stop()).toBe(false);
    await flush();
    expect(runs).toBe(1);
  });

  it("on an already-cancelled context fn runs at once (asynchronously) and stop() is false", async () => {
    const [ctx, cancel] = withCancelCause(background());
    cancel(new Error("x"));
    let runs = 0;
    const stop = afterFunc(ctx, () => runs++);
    expect(stop()).toBe(false);
    await flush();
    expect(runs).toBe(1);
    expect(childCount(ctx)).toBe(0);
  });

  it("on a context that is never cancelled fn never runs; stop() prevents it (true), once", async () => {
    let runs = 0;
    const s1 = afterFunc(background(), () => runs++);
    const s2 = afterFunc(withoutCancel(withCancel(background())[0]), () => runs++);
    expect(s1()).toBe(true);
    expect(s1()).toBe(false);
    expect(s2()).toBe(true);
    await flush();
    expect(runs).toBe(0);
  });

  it("registers on the cancellable context behind a value context", async () => {
    const [ctx, cancel] = withCancel(background());
    let runs = 0;
    afterFunc(withValue(ctx, "k", 1), () => runs++);
    expect(childCount(ctx)).toBe(1);
    cancel();
    expect(childCount(ctx)).toBe(0);
    await flush();
    expect(runs).toBe(1);
  });

  it("10,000 registrations stopped leave none behind", () => {
    const [ctx] = withCancel(background());
    for (let i = 0; i < 10_000; i++) afterFunc(ctx, () => {})();
    expect(childCount(ctx)).toBe(0);
  });
});
