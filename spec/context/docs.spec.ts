// The examples of the "Context" section of docs/go-to-cspkit.md, run for real
// with the values they claim. Time runs on manualClock.

import { afterEach, describe, expect, it } from "vitest";
import {
  Canceled,
  DeadlineExceeded,
  afterFunc,
  background,
  chan,
  contextKey,
  fromSignal,
  manualClock,
  select,
  setClock,
  watchers,
  withCancel,
  withCancelCause,
  withTimeout,
  withTimeoutCause,
  withValue,
  type Clock,
  type Context,
  type RecvChan,
} from "../../src/index.js";

interface Job {
  id: number;
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

let restore: Clock | undefined;
afterEach(() => {
  if (restore !== undefined) setClock(restore);
  restore = undefined;
});

describe("docs: Context", () => {
  it("stopping a worker with ctx.done: it returns Canceled, having handled what came before", async () => {
    const handled: number[] = [];
    async function worker(ctx: Context, jobs: RecvChan<Job>): Promise<Error | undefined> {
      for (;;) {
        const r = await select({ quit: ctx.done, job: jobs });
        if (r.case === "quit") return ctx.err();
        if (!r.ok) return undefined;
        handled.push(r.value.id);
      }
    }
    const jobs = chan<Job>();
    const [ctx, cancel] = withCancel(background());
    const running = worker(ctx, jobs);
    await jobs.send({ id: 1 });
    cancel();
    expect(await running).toBe(Canceled);
    expect(handled).toEqual([1]);
  });

  it("the worker returns undefined when jobs is closed first", async () => {
    const jobs = chan<Job>();
    const [ctx] = withCancel(background());
    const r = select({ quit: ctx.done, job: jobs });
    jobs.close();
    expect(await r).toEqual({ case: "job", value: undefined, ok: false });
  });

  it("timeouts: using + select on done; DeadlineExceeded after the time, nothing pending after the block", async () => {
    const clock = manualClock();
    restore = setClock(clock);
    const jobs = chan<Job>();
    let seen: unknown;
    {
      using ctx = withTimeout(background(), 2_000)[0];
      const r = select({ job: jobs, late: ctx.done });
      await clock.advance(2_000);
      if ((await r).case === "late") seen = ctx.err();
    }
    expect(seen).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
    {
      using ctx = withTimeout(background(), 2_000)[0];
      expect(ctx.err()).toBeUndefined();
      expect(clock.pending).toBe(1);
    }
    expect(clock.pending).toBe(0); // left early: the timer is cleared
  });

  it("testing with a manual clock", async () => {
    const clock = manualClock();
    const [ctx] = withTimeout(background(), 5_000, { clock });
    await clock.advance(5_000);
    expect([ctx.err() === DeadlineExceeded, clock.pending]).toEqual([true, 0]);
  });

  it("causes: the first wins; a timeout cause is recorded; cause() defaults to err()", () => {
    const [ctx, cancel] = withCancelCause(background());
    const first = new Error("upstream closed");
    cancel(first);
    cancel(new Error("ignored"));
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(first);
    const why = new Error("inventory too slow");
    const [slow] = withTimeoutCause(background(), 0, why);
    expect(slow.err()).toBe(DeadlineExceeded);
    expect(slow.cause()).toBe(why);
    const [plain, cancelPlain] = withCancel(background());
    cancelPlain();
    expect(plain.cause()).toBe(plain.err());
  });

  it("an operation waiting on ctx.signal rejects with the cause", async () => {
    const [ctx, cancel] = withCancelCause(background());
    const why = new Error("upstream closed");
    const p = chan<number>().recv({ signal: ctx.signal });
    cancel(why);
    await expect(p).rejects.toBe(why);
  });

  it("values: typed keys, and keys that collide by name only do not collide", () => {
    const userKey = contextKey<string>("user");
    const ctx = withValue(background(), userKey, "alice");
    expect(ctx.value(userKey)).toBe("alice");
    expect(ctx.value(contextKey<string>("user"))).toBeUndefined();
  });

  it("afterFunc: logged once, in a microtask; stop() after the cancel is false", async () => {
    const log: string[] = [];
    const [ctx, cancel] = withCancel(background());
    const stop = afterFunc(ctx, () => log.push("cleanup"));
    cancel();
    expect(log).toEqual([]);
    expect(stop()).toBe(false);
    await flush();
    expect(log).toEqual(["cleanup"]);
  });

  it("from an AbortSignal: cause() is the signal's reason; disposing releases the listener", async () => {
    const ac = new AbortController();
    const signal = ac.signal;
    const jobs = chan<Job>();
    {
      using ctx = fromSignal(signal);
      const r = select({ job: jobs, gone: ctx.done });
      const reason = new Error("client went away");
      ac.abort(reason);
      expect((await r).case).toBe("gone");
      expect(ctx.cause()).toBe(signal.reason);
    }
    const other = new AbortController();
    {
      using ctx = fromSignal(other.signal);
      expect(watchers(other.signal)).toBe(1);
      void ctx;
    }
    expect(watchers(other.signal)).toBe(0);
  });

  it("differences: error names, foreign parents", () => {
    expect([Canceled.name, DeadlineExceeded.name]).toEqual(["AbortError", "TimeoutError"]);
    expect(() => withCancel({} as Context)).toThrow(TypeError);
  });
});
