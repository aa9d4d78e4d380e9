// withCancel / withCancelCause and the rules of the cancellation tree.

import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  Canceled,
  DeadlineExceeded,
  background,
  chan,
  channelState,
  fromSignal,
  select,
  watchers,
  withCancel,
  withCancelCause,
  withValue,
  type CancelableContext,
  type Context,
} from "../../src/index.js";
import { childCount } from "../../src/context/node.js";

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("withCancel", () => {
  it("starts live: err, cause undefined; done open; signal not aborted", () => {
    const [ctx] = withCancel(background());
    expect(ctx.err()).toBeUndefined();
    expect(ctx.cause()).toBeUndefined();
    expect(ctx.deadline()).toBeUndefined();
    expect(ctx.done.tryRecv()).toBeUndefined();
    expect(ctx.signal.aborted).toBe(false);
  });

  it("cancel(): err and cause are the Canceled singleton, done closes, signal aborts with it", () => {
    const [ctx, cancel] = withCancel(background());
    const done = ctx.done;
    const signal = ctx.signal;
    cancel();
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(Canceled);
    expect(done.tryRecv()).toEqual({ value: undefined, ok: false });
    expect(channelState(done).closed).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(Canceled);
  });

  it("Canceled / DeadlineExceeded speak Go's words and the web's names", () => {
    expect(Canceled).toBeInstanceOf(Error);
    expect(Canceled.message).toBe("context canceled");
    expect(Canceled.name).toBe("AbortError");
    expect(DeadlineExceeded.message).toBe("context deadline exceeded");
    expect(DeadlineExceeded.name).toBe("TimeoutError");
    expect(Canceled).not.toBe(DeadlineExceeded);
  });

  it("done and signal made after the cancel are closed / aborted already", () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    expect(ctx.done.tryRecv()).toEqual({ value: undefined, ok: false });
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe(Canceled);
  });

  it("done and signal are the same objects on every access", () => {
    const [ctx] = withCancel(background());
    expect(ctx.done).toBe(ctx.done);
    expect(ctx.signal).toBe(ctx.signal);
  });

  it("wakes a parked receive on done and a select waiting on it; nothing stays parked", async () => {
    const [ctx, cancel] = withCancel(background());
    const jobs = chan<number>();
    const r1 = ctx.done.recv();
    const r2 = select({ job: jobs, quit: ctx.done });
    expect(channelState(ctx.done).receivers).toBe(2);
    cancel();
    expect(await r1).toEqual({ value: undefined, ok: false });
    expect(await r2).toEqual({ case: "quit", value: undefined, ok: false });
    expect(channelState(jobs).receivers).toBe(0);
    expect(channelState(ctx.done).receivers).toBe(0);
  });

  it("an operation given ctx.signal rejects with the Canceled singleton and unwatches", async () => {
    const [ctx, cancel] = withCancel(background());
    const ch = chan<number>();
    const p = ch.recv({ signal: ctx.signal });
    expect(watchers(ctx.signal)).toBe(1);
    cancel();
    await expect(p).rejects.toBe(Canceled);
    expect(watchers(ctx.signal)).toBe(0);
    expect(channelState(ch).receivers).toBe(0);
  });

  it("err() is stable: a second cancel, the parent's cancel change nothing", () => {
    const [parent, cancelParent] = withCancelCause(background());
    const [ctx, cancel] = withCancel(parent);
    cancel();
    cancel();
    cancelParent(new Error("later"));
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(Canceled);
  });
});

describe("withCancelCause", () => {
  it("err() is Canceled, cause() the cause, signal.reason the cause", () => {
    const [ctx, cancel] = withCancelCause(background());
    const boom = new Error("boom");
    cancel(boom);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(boom);
    expect(ctx.signal.reason).toBe(boom);
  });

  it("no cause (or undefined) means the cause is Canceled", () => {
    const [a, cancelA] = withCancelCause(background());
    cancelA();
    expect(a.cause()).toBe(Canceled);
    const [b, cancelB] = withCancelCause(background());
    cancelB(undefined);
    expect(b.cause()).toBe(Canceled);
  });

  it("non-error causes are kept as given (null, strings)", () => {
    const [a, cancelA] = withCancelCause(background());
    cancelA(null);
    expect(a.cause()).toBeNull();
    const [b, cancelB] = withCancelCause(background());
    cancelB("shutdown");
    expect(b.cause()).toBe("shutdown");
    expect(b.signal.reason).toBe("shutdown");
  });

  it("the first cause wins", () => {
    const [ctx, cancel] = withCancelCause(background());
    const first = new Error("first");
    cancel(first);
    cancel(new Error("second"));
    expect(ctx.cause()).toBe(first);
    expect(ctx.signal.reason).toBe(first);
  });

  it("descendants inherit the parent's err and cause", () => {
    const [root, cancel] = withCancelCause(background());
    const [child] = withCancel(root);
    const [grandchild] = withCancelCause(withValue(child, "k", 1));
    const why = new Error("why");
    cancel(why);
    for (const c of [child, grandchild]) {
      expect(c.err()).toBe(Canceled);
      expect(c.cause()).toBe(why);
      expect(c.signal.reason).toBe(why);
    }
  });
});

describe("the tree", () => {
  it("parent cancel cancels every descendant, at any depth, through value contexts", () => {
    const [root, cancel] = withCancel(background());
    const [a] = withCancel(root);
    const [b] = withCancel(a);
    const v = withValue(b, "k", "v");
    const [c] = withCancel(v);
    const [d] = withCancel(root);
    const all = [a, b, c, d];
    const dones = all.map((x) => x.done);
    cancel();
    for (const x of all) expect(x.err()).toBe(Canceled);
    expect(v.err()).toBe(Canceled);
    for (const done of dones) expect(done.tryRecv()).toEqual({ value: undefined, ok: false });
  });

  it("never the reverse: a child's cancel leaves its parent and siblings live", () => {
    const [root] = withCancel(background());
    const [a, cancelA] = withCancel(root);
    const [aa] = withCancel(a);
    const [b] = withCancel(root);
    cancelA();
    expect(a.err()).toBe(Canceled);
    expect(aa.err()).toBe(Canceled);
    expect(root.err()).toBeUndefined();
    expect(b.err()).toBeUndefined();
    expect(root.done.tryRecv()).toBeUndefined();
    expect(root.signal.aborted).toBe(false);
  });

  it("a child of an already-cancelled parent is born cancelled with the parent's err and cause", () => {
    const [root, cancel] = withCancelCause(background());
    const why = new Error("gone");
    cancel(why);
    const [child, cancelChild] = withCancelCause(root);
    expect(child.err()).toBe(Canceled);
    expect(child.cause()).toBe(why);
    expect(childCount(root)).toBe(0);
    cancelChild(new Error("too late"));
    expect(child.cause()).toBe(why);
  });

  it("a 10,000-deep chain cancels without recursion (no stack overflow)", () => {
    const [root, cancel] = withCancel(background());
    let ctx: Context = root;
    for (let i = 0; i < 10_000; i++) ctx = withCancel(ctx)[0];
    cancel();
    expect(ctx.err()).toBe(Canceled);
  });

  it("when an abort listener runs, the whole subtree is already cancelled and its done channels closed", () => {
    const [root, cancel] = withCancel(background());
    const [child] = withCancel(root);
    const [grandchild] = withCancel(child);
    const seen: unknown[] = [];
    root.signal.addEventListener("abort", () => {
      seen.push(grandchild.err(), channelState(grandchild.done).closed, child.err());
    });
    void grandchild.done; // made before the cancel, so the cancel has to close it
    cancel();
    expect(seen).toEqual([Canceled, true, Canceled]);
    expect(child.signal.aborted).toBe(true);
  });

  it("children listen through the parent's children set, not through AbortSignal listeners", () => {
    const [root, cancel] = withCancel(background());
    const signal = root.signal;
    const kids = Array.from({ length: 50 }, () => withCancel(root)[0]);
    for (const k of kids) void k.signal; // materialise the children's own signals
    expect(getEventListeners(signal as EventTarget, "abort")).toHaveLength(0);
    expect(watchers(signal)).toBe(0);
    expect(childCount(root)).toBe(50);
    cancel();
    expect(kids.every((k) => k.signal.aborted)).toBe(true);
    expect(childCount(root)).toBe(0);
  });
});

describe("operations parked on ctx.signal", () => {
  it("add no listener to it, however many park; cancel aborts them all with the cause, in the order they parked", async () => {
    const [ctx, cancel] = withCancelCause(background());
    const signal = ctx.signal;
    const ch = chan<number>();
    const order: number[] = [];
    const ops = Array.from({ length: 10_000 }, (_, i) =>
      (i % 2 === 0 ? ch.recv({ signal }) : select([ch], { signal })).then(
        () => "settled",
        (e: unknown) => {
          order.push(i);
          return e;
        },
      ),
    );
    expect(getEventListeners(signal as EventTarget, "abort")).toHaveLength(0);
    expect(watchers(signal)).toBe(10_000);
    expect(channelState(ch).receivers).toBe(10_000);
    const why = new Error("shutting down");
    cancel(why);
    expect(channelState(ch).receivers).toBe(0); // withdrawn at once, before any promise settles
    expect(watchers(signal)).toBe(0);
    const results = await Promise.all(ops);
    expect(results.every((r) => r === why)).toBe(true);
    expect(order).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    await expect(ch.recv({ signal })).rejects.toBe(why); // already aborted: rejected before parking
    expect(channelState(ch).receivers).toBe(0);
  });

  it("are withdrawn before the signal's own abort listeners run: a listener cannot complete one", async () => {
    const [ctx, cancel] = withCancel(background());
    const ch = chan<string>();
    const parked = ch.recv({ signal: ctx.signal });
    const seen: unknown[] = [];
    ctx.signal.addEventListener("abort", () => {
      seen.push(ctx.signal.aborted, channelState(ch).receivers, ch.trySend("from the listener"));
    });
    cancel();
    expect(seen).toEqual([true, 0, false]);
    await expect(parked).rejects.toBe(Canceled);
  });

  it("settling leaves none watched and the channel untouched; a later op parks and is aborted as usual", async () => {
    const [ctx, cancel] = withCancel(background());
    const signal = ctx.signal;
    const ch = chan<number>(1);
    for (let i = 0; i < 1000; i++) {
      const r = ch.recv({ signal });
      expect(watchers(signal)).toBe(1);
      ch.trySend(i);
      expect(await r).toEqual({ value: i, ok: true });
      expect(watchers(signal)).toBe(0);
    }
    const last = ch.recv({ signal });
    cancel();
    await expect(last).rejects.toBe(Canceled);
    expect(ch.trySend(7)).toBe(true); // the aborted receive took nothing
    expect(ch.tryRecv()).toEqual({ value: 7, ok: true });
    expect(getEventListeners(signal as EventTarget, "abort")).toHaveLength(0);
  });

  it("a context made with fromSignal(ctx.signal) is cancelled with ctx, with its cause, and unlinks when cancelled first", () => {
    const [ctx, cancel] = withCancelCause(background());
    const linked = fromSignal(ctx.signal);
    const early = fromSignal(ctx.signal);
    expect(watchers(ctx.signal)).toBe(2);
    early[Symbol.dispose](); // disposing cancels it and drops its link
    expect(watchers(ctx.signal)).toBe(1);
    const why = new Error("stop");
    cancel(why);
    expect(linked.err()).toBe(Canceled);
    expect(linked.cause()).toBe(why);
    expect(linked.signal.aborted).toBe(true);
    expect(watchers(ctx.signal)).toBe(0);
    expect(getEventListeners(ctx.signal as EventTarget, "abort")).toHaveLength(0);
  });

  it("background().signal never aborts and carries no listener for parked operations", async () => {
    const signal = background().signal;
    const ch = chan<number>();
    const r = ch.recv({ signal });
    expect(getEventListeners(signal as EventTarget, "abort")).toHaveLength(0);
    expect(watchers(signal)).toBe(1);
    await ch.send(1);
    expect(await r).toEqual({ value: 1, ok: true });
    expect(watchers(signal)).toBe(0);
  });
});

describe("detaching", () => {
  it("cancel removes the child from its parent: 100,000 short-lived children leave none", () => {
    const [parent] = withCancel(background());
    for (let i = 0; i < 100_000; i++) {
      const [child, cancel] = withCancel(parent);
      if (i === 0) expect(childCount(parent)).toBe(1);
      void child;
      cancel();
    }
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeUndefined();
  });

  it("children hung on a value context are removed from the cancellable context behind it", () => {
    const [parent] = withCancel(background());
    const v = withValue(parent, "k", 1);
    const [a, cancelA] = withCancel(v);
    const [b, cancelB] = withCancelCause(v);
    expect(childCount(parent)).toBe(2);
    cancelA();
    cancelB(new Error("x"));
    expect(childCount(parent)).toBe(0);
    expect([a.err(), b.err()]).toEqual([Canceled, Canceled]);
  });

  it("children of background hang nowhere (background is never cancelled)", () => {
    const [a, cancel] = withCancel(background());
    expect(childCount(background())).toBe(0);
    cancel();
    expect(a.err()).toBe(Canceled);
  });

  it("a cancelled parent lets go of all its children", () => {
    const [parent, cancel] = withCancel(background());
    for (let i = 0; i < 1000; i++) withCancel(parent);
    expect(childCount(parent)).toBe(1000);
    cancel();
    expect(childCount(parent)).toBe(0);
  });
});

describe("using / Symbol.dispose", () => {
  it("cancels a derived context at scope exit and detaches it", () => {
    const [parent] = withCancel(background());
    let inner: CancelableContext | undefined;
    {
      using ctx = withCancel(parent)[0];
      inner = ctx;
      expect(childCount(parent)).toBe(1);
      expect(ctx.err()).toBeUndefined();
    }
    expect(inner.err()).toBe(Canceled);
    expect(inner.cause()).toBe(Canceled);
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeUndefined();
  });

  it("cancels on a throw too, and disposing a cancelled context changes nothing", () => {
    let inner: CancelableContext | undefined;
    const why = new Error("first");
    expect(() => {
      using ctx = withCancelCause(background())[0];
      inner = ctx;
      throw new Error("inside");
    }).toThrow("inside");
    expect(inner!.err()).toBe(Canceled);
    const [ctx, cancel] = withCancelCause(background());
    cancel(why);
    ctx[Symbol.dispose]();
    expect(ctx.cause()).toBe(why);
  });

  it("a select waiting on a disposed context's done wakes up", async () => {
    let r: Promise<unknown> | undefined;
    {
      using ctx = withCancel(background())[0];
      r = select({ quit: ctx.done });
    }
    expect(await r).toEqual({ case: "quit", value: undefined, ok: false });
    await flush();
  });
});
