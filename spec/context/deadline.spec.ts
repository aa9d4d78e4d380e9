// withTimeout / withDeadline and their …Cause forms, on a manual clock.

import { afterEach, describe, expect, it } from "vitest";
import {
  Canceled,
  DeadlineExceeded,
  background,
  channelState,
  manualClock,
  select,
  setClock,
  withCancel,
  withCancelCause,
  withDeadline,
  withDeadlineCause,
  withTimeout,
  withTimeoutCause,
  withValue,
  withoutCancel,
  type Clock,
} from "../../src/index.js";
import { childCount } from "../../src/context/node.js";

let restore: Clock | undefined;
afterEach(() => {
  if (restore !== undefined) setClock(restore);
  restore = undefined;
});

describe("withTimeout", () => {
  it("is cancelled with DeadlineExceeded exactly when the clock reaches the deadline", async () => {
    const clock = manualClock(1_000);
    const [ctx] = withTimeout(background(), 100, { clock });
    expect(ctx.deadline()).toBe(1_100);
    expect(clock.pending).toBe(1);
    const done = ctx.done;
    await clock.advance(99);
    expect(ctx.err()).toBeUndefined();
    expect(done.tryRecv()).toBeUndefined();
    await clock.advance(1);
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(ctx.cause()).toBe(DeadlineExceeded);
    expect(done.tryRecv()).toEqual({ value: undefined, ok: false });
    expect(ctx.signal.reason).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });

  it("wakes a select on done at the deadline", async () => {
    const clock = manualClock();
    const [ctx] = withTimeout(background(), 50, { clock });
    const r = select({ quit: ctx.done });
    await clock.advance(50);
    expect(await r).toEqual({ case: "quit", value: undefined, ok: false });
    expect(channelState(ctx.done).receivers).toBe(0);
  });

  it("cancel() before the deadline clears the host timeout: Canceled, nothing pending, nothing fires later", async () => {
    const clock = manualClock();
    const [ctx, cancel] = withTimeout(background(), 100, { clock });
    expect(clock.pending).toBe(1);
    cancel();
    expect(clock.pending).toBe(0);
    expect(ctx.err()).toBe(Canceled);
    await clock.advance(1_000);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(Canceled);
  });

  it("a parent's cancel clears the child's timer too", () => {
    const clock = manualClock();
    const [parent, cancel] = withCancel(background());
    const [child] = withTimeout(parent, 100, { clock });
    const [grandchild] = withTimeout(child, 50, { clock });
    expect(clock.pending).toBe(2);
    cancel();
    expect(clock.pending).toBe(0);
    expect([child.err(), grandchild.err()]).toEqual([Canceled, Canceled]);
  });

  it("disposing (using) clears the timer and detaches", () => {
    const clock = manualClock();
    const [parent] = withCancel(background());
    {
      using ctx = withTimeout(parent, 100, { clock })[0];
      expect(ctx.err()).toBeUndefined();
      expect(clock.pending).toBe(1);
      expect(childCount(parent)).toBe(1);
    }
    expect(clock.pending).toBe(0);
    expect(childCount(parent)).toBe(0);
  });

  it("uses the default clock (setClock) when given no clock", async () => {
    const clock = manualClock(5_000);
    restore = setClock(clock);
    const [ctx] = withTimeout(background(), 10);
    expect(ctx.deadline()).toBe(5_010);
    expect(clock.pending).toBe(1);
    await clock.advance(10);
    expect(ctx.err()).toBe(DeadlineExceeded);
  });

  it("a non-positive timeout gives a context already cancelled with DeadlineExceeded, with no timer", () => {
    const clock = manualClock(100);
    for (const ms of [0, -1, -Infinity]) {
      const [ctx] = withTimeout(background(), ms, { clock });
      expect(ctx.err()).toBe(DeadlineExceeded);
      expect(ctx.cause()).toBe(DeadlineExceeded);
      expect(ctx.done.tryRecv()).toEqual({ value: undefined, ok: false });
      expect(ctx.signal.aborted).toBe(true);
    }
    expect(clock.pending).toBe(0);
  });

  it("Infinity means no deadline of its own and no timer", async () => {
    const clock = manualClock();
    const [ctx] = withTimeout(background(), Infinity, { clock });
    expect(ctx.deadline()).toBeUndefined();
    expect(clock.pending).toBe(0);
    await clock.advance(1e12);
    expect(ctx.err()).toBeUndefined();
  });

  it("a timeout beyond the host's 2^31-1 ms limit is waited out in steps", async () => {
    const clock = manualClock();
    const delays: number[] = [];
    const spy: Clock = { now: clock.now, setTimeout: (fn, ms) => (delays.push(ms), clock.setTimeout(fn, ms)), clearTimeout: clock.clearTimeout };
    const long = 2 ** 31 + 10;
    const [ctx] = withTimeout(background(), long, { clock: spy });
    expect(delays).toEqual([2 ** 31 - 1]);
    await clock.advance(2 ** 31 - 1);
    expect(ctx.err()).toBeUndefined();
    expect(delays).toEqual([2 ** 31 - 1, 11]);
    await clock.advance(11);
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });

  it("a host timeout that fires early re-arms for the rest instead of cancelling early", () => {
    let now = 0;
    let fire: (() => void) | undefined;
    const armed: number[] = [];
    const early: Clock = { now: () => now, setTimeout: (fn, ms) => ((fire = fn), armed.push(ms), armed.length), clearTimeout: () => {} };
    const [ctx] = withTimeout(background(), 100, { clock: early });
    now = 98;
    fire!();
    expect(ctx.err()).toBeUndefined();
    expect(armed).toEqual([100, 2]);
    now = 100;
    fire!();
    expect(ctx.err()).toBe(DeadlineExceeded);
  });
});

describe("deadline = min(parent, own)", () => {
  it("a later own deadline yields the parent's, and needs no timer of its own", async () => {
    const clock = manualClock();
    const [parent] = withTimeout(background(), 100, { clock });
    const [child] = withTimeout(parent, 500, { clock });
    const [grandchild] = withDeadline(withValue(child, "k", 1), 10_000, { clock });
    expect(child.deadline()).toBe(100);
    expect(grandchild.deadline()).toBe(100);
    expect(clock.pending).toBe(1);
    await clock.advance(100);
    expect(child.err()).toBe(DeadlineExceeded);
    expect(grandchild.err()).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });

  it("an earlier own deadline is kept, fires first, and leaves the parent live", async () => {
    const clock = manualClock();
    const [parent] = withTimeout(background(), 100, { clock });
    const [child] = withTimeout(parent, 30, { clock });
    expect(child.deadline()).toBe(30);
    expect(clock.pending).toBe(2);
    await clock.advance(30);
    expect(child.err()).toBe(DeadlineExceeded);
    expect(parent.err()).toBeUndefined();
    expect(childCount(parent)).toBe(0);
    expect(clock.pending).toBe(1);
  });

  it("withCancel and withValue children report the parent's deadline; background, withoutCancel none", () => {
    const clock = manualClock();
    const [parent] = withDeadline(background(), 700, { clock });
    expect(withCancel(parent)[0].deadline()).toBe(700);
    expect(withCancelCause(parent)[0].deadline()).toBe(700);
    expect(withValue(parent, "k", 1).deadline()).toBe(700);
    expect(withoutCancel(parent).deadline()).toBeUndefined();
    expect(background().deadline()).toBeUndefined();
  });
});

describe("withDeadline", () => {
  it("takes epoch milliseconds or a Date", async () => {
    const start = Date.UTC(2030, 0, 1);
    const clock = manualClock(start);
    const [a] = withDeadline(background(), start + 1_000, { clock });
    const [b] = withDeadline(background(), new Date(start + 2_000), { clock });
    expect(a.deadline()).toBe(start + 1_000);
    expect(b.deadline()).toBe(start + 2_000);
    await clock.advance(1_000);
    expect([a.err(), b.err()]).toEqual([DeadlineExceeded, undefined]);
    await clock.advance(1_000);
    expect(b.err()).toBe(DeadlineExceeded);
  });

  it("a past deadline yields an already-cancelled child (DeadlineExceeded) and no timer", () => {
    const clock = manualClock(10_000);
    const [parent] = withCancel(background());
    const [ctx] = withDeadline(parent, 9_999, { clock });
    const [now] = withDeadline(parent, new Date(10_000), { clock });
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(now.err()).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeUndefined();
  });

  it("a cancelled parent wins over a past deadline: the child takes the parent's err", () => {
    const clock = manualClock(100);
    const [parent, cancel] = withCancel(background());
    cancel();
    const [ctx] = withDeadline(parent, 0, { clock });
    expect(ctx.err()).toBe(Canceled);
    expect(clock.pending).toBe(0);
  });
});

describe("…Cause forms", () => {
  it("withTimeoutCause: the cause is recorded when the timer fires", async () => {
    const clock = manualClock();
    const slow = new Error("inventory too slow");
    const [ctx] = withTimeoutCause(background(), 100, slow, { clock });
    await clock.advance(100);
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(ctx.cause()).toBe(slow);
    expect(ctx.signal.reason).toBe(slow);
  });

  it("withTimeoutCause: an early cancel() gives Canceled for err and cause", () => {
    const clock = manualClock();
    const [ctx, cancel] = withTimeoutCause(background(), 100, new Error("unused"), { clock });
    cancel();
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(Canceled);
    expect(clock.pending).toBe(0);
  });

  it("withDeadlineCause: a past deadline cancels at once with the cause", () => {
    const clock = manualClock(50);
    const closed = new Error("market closed");
    const [ctx] = withDeadlineCause(background(), 10, closed, { clock });
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(ctx.cause()).toBe(closed);
  });

  it("children of an expired context carry its cause", async () => {
    const clock = manualClock();
    const why = new Error("budget spent");
    const [parent] = withDeadlineCause(background(), 20, why, { clock });
    const [child] = withCancel(parent);
    await clock.advance(20);
    expect(child.err()).toBe(DeadlineExceeded);
    expect(child.cause()).toBe(why);
  });

  it("the first cause wins over a later timer", async () => {
    const clock = manualClock();
    const [parent, cancel] = withCancelCause(background());
    const [ctx] = withTimeoutCause(parent, 10, new Error("timer"), { clock });
    const first = new Error("first");
    cancel(first);
    await clock.advance(10);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(first);
  });
});
