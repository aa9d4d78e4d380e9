// go(): start, join, done, names, the task's context, and diagnostics.

import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { parkedOps } from "../../src/chan/registry.js";
import { childCount } from "../../src/context/node.js";
import {
  Canceled,
  DeadlineExceeded,
  TaskPanic,
  background,
  chan,
  channelState,
  go,
  select,
  withCancel,
  withCancelCause,
  watchers,
  type Context,
  type Task,
} from "../../src/index.js";
import { flush, gate, hygiene, track } from "./_util.js";

hygiene();

/** The Left of a join result (fails on a Right). */
function panicOf(r: E.Either<TaskPanic, unknown>): TaskPanic {
  if (E.isRight(r)) return expect.fail(`expected a panic, got Right(${String(r.right)})`);
  return r.left;
}

describe("starting and joining", () => {
  it("runs fn at once, synchronously up to its first await", async () => {
    const log: string[] = [];
    const t = go(async () => {
      log.push("sync part");
      await Promise.resolve();
      log.push("after await");
      return 7;
    });
    log.push("go returned");
    expect(log).toEqual(["sync part", "go returned"]);
    expect(await t.join()).toEqual(E.right(7));
    expect(log).toEqual(["sync part", "go returned", "after await"]);
  });

  it("a synchronous fn's value is the task's value; join() returns the same promise every time", async () => {
    const t = go(() => "plain");
    const j = t.join();
    expect(t.join()).toBe(j);
    expect(await j).toEqual(E.right("plain"));
    expect(await t.join()).toEqual(E.right("plain"));
  });

  it("join() after the task finished resolves with its result", async () => {
    const t = go(() => 1);
    await flush();
    expect(await t.join()).toEqual(E.right(1));
  });

  it("undefined is an ordinary value", async () => {
    expect(await go(() => undefined).join()).toEqual(E.right(undefined));
  });

  it("a synchronous throw is a panic, observed by a join() on the same line", async () => {
    const boom = new Error("boom");
    const p = panicOf(
      await go(
        () => {
          throw boom;
        },
        { name: "thrower" },
      ).join(),
    );
    expect(p).toBeInstanceOf(TaskPanic);
    expect(p).toBeInstanceOf(Error);
    expect(p.cause).toBe(boom);
    expect(p.task).toBe("thrower");
    expect(p.name).toBe("TaskPanic");
    expect(p.message).toBe('panic in task "thrower": boom');
  });

  it("a rejection is a panic", async () => {
    const boom = new Error("later");
    const t = go(
      async () => {
        await flush();
        throw boom;
      },
      { name: "rejecter" },
    );
    const p = panicOf(await t.join());
    expect(p.cause).toBe(boom);
    expect(p.message).toBe('panic in task "rejecter": later');
  });

  it("a returned thenable is adopted; one whose then() throws is a panic", async () => {
    // Minimal thenables (not full PromiseLikes), as foreign libraries return them.
    const ok = { then: (resolve: (v: number) => void) => resolve(5) } as unknown as PromiseLike<number>;
    expect(await go(() => ok).join()).toEqual(E.right(5));
    const bad = new Error("bad then");
    const evil = {
      then() {
        throw bad;
      },
    } as unknown as PromiseLike<number>;
    expect(panicOf(await go(() => evil).join()).cause).toBe(bad);
  });

  it("the message shows what was thrown: an Error's message (with its type unless plain Error), a string, a value", async () => {
    const msg = async (v: unknown): Promise<string> =>
      panicOf(
        await go(
          () => {
            throw v;
          },
          { name: "t" },
        ).join(),
      ).message;
    expect(await msg(new Error("plain"))).toBe('panic in task "t": plain');
    expect(await msg(new TypeError("x is not a function"))).toBe('panic in task "t": TypeError: x is not a function');
    expect(await msg("just a string")).toBe('panic in task "t": just a string');
    expect(await msg({ code: 42 })).toBe('panic in task "t": {"code":42}');
    expect(await msg(undefined)).toBe('panic in task "t": undefined');
    expect(await msg(7n)).toBe('panic in task "t": 7');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(await msg(cyclic)).toBe('panic in task "t": an object');
  });

  it("a panic whose cause is another task's panic nests the messages", async () => {
    const inner = await go(
      () => {
        throw new Error("deep");
      },
      { name: "inner" },
    ).join();
    const outer = panicOf(
      await go(
        () => {
          if (E.isLeft(inner)) throw inner.left;
        },
        { name: "outer" },
      ).join(),
    );
    expect(outer.message).toBe('panic in task "outer": TaskPanic: panic in task "inner": deep');
  });
});

describe("where a task was started", () => {
  function explodes(): never {
    throw new Error("kaboom");
  }
  function startsTheTask(): Task<never> {
    return go(explodes, { name: "site" });
  }

  it("startedAt is the line that called go() (one frame outside debug mode)", async () => {
    const p = panicOf(await startsTheTask().join());
    expect(p.startedAt).toMatch(/^ {4}at startsTheTask \(.*go\.spec\.ts:\d+:\d+\)$/);
    expect(p.startedAt.split("\n")).toHaveLength(1);
  });

  it("the stack shows the cause's frames, then the start site", async () => {
    const p = panicOf(await startsTheTask().join());
    const lines = p.stack!.split("\n");
    expect(lines[0]).toBe('TaskPanic: panic in task "site": kaboom');
    expect(lines[1]).toMatch(/^ {4}at explodes \(/);
    const created = lines.indexOf('task "site" was started by go() at:');
    expect(created).toBeGreaterThan(1);
    expect(lines[created + 1]).toMatch(/^ {4}at startsTheTask \(/);
    expect(lines).toHaveLength(created + 2);
  });

  it("a cause with no stack leaves only the start site", async () => {
    const p = panicOf(
      await go(
        () => {
          throw "no stack";
        },
        { name: "s" },
      ).join(),
    );
    const lines = p.stack!.split("\n");
    expect(lines[0]).toBe('TaskPanic: panic in task "s": no stack');
    expect(lines[1]).toBe('task "s" was started by go() at:');
    expect(lines[2]).toMatch(/^ {4}at .*go\.spec\.ts:\d+:\d+/);
  });

  it("stack can be overwritten (as tools that rewrite stacks do)", async () => {
    const p = panicOf(await startsTheTask().join());
    p.stack = "rewritten";
    expect(p.stack).toBe("rewritten");
  });

  it("the start site costs nothing until read: it is formatted once, on demand", () => {
    let calls = 0;
    const p = new TaskPanic(new Error("x"), "lazy", () => {
      calls++;
      return "    at somewhere (file.ts:1:1)";
    });
    expect(calls).toBe(0);
    expect(p.startedAt).toBe("    at somewhere (file.ts:1:1)");
    expect(p.startedAt).toBe("    at somewhere (file.ts:1:1)");
    expect(p.stack).toContain('task "lazy" was started by go() at:\n    at somewhere (file.ts:1:1)');
    expect(calls).toBe(1);
  });

  it("new TaskPanic without a start site has startedAt ''", () => {
    const p = new TaskPanic("why", "manual");
    expect(p.startedAt).toBe("");
    expect(p.stack).toBe('TaskPanic: panic in task "manual": why');
  });
});

describe("done", () => {
  it("is a channel closed when the task finishes, usable as a select case", async () => {
    const g = gate();
    const t = go(() => g.promise);
    const other = chan<number>();
    const r = track(select({ done: t.done, other }));
    await flush();
    expect(r.state).toBe("pending");
    g.open();
    await flush();
    expect(r.state).toBe("resolved");
    expect(r.value).toEqual({ case: "done", value: undefined, ok: false });
    expect(channelState(other).receivers).toBe(0);
    expect(channelState(t.done)).toMatchObject({ closed: true, receivers: 0 });
  });

  it("closes on a panic too", async () => {
    const t = go(() => Promise.reject(new Error("x")));
    const j = t.join();
    expect(await t.done.recv()).toEqual({ value: undefined, ok: false });
    expect(E.isLeft(await j)).toBe(true);
  });

  it("read after the task finished, it is already closed", async () => {
    const t = go(() => 1);
    await t.join();
    expect(t.done.closed).toBe(true);
    expect(t.done.tryRecv()).toEqual({ value: undefined, ok: false });
  });

  it("is the same channel on every read, named after the task", () => {
    const t = go(() => 1, { name: "worker" });
    expect(t.done).toBe(t.done);
    expect(t.done.name).toBe("worker.done");
  });
});

describe("names", () => {
  it("default names are task-<n>, distinct and increasing", () => {
    const a = go(() => 1);
    const b = go(() => 1);
    const na = Number(/^task-(\d+)$/.exec(a.name)?.[1]);
    const nb = Number(/^task-(\d+)$/.exec(b.name)?.[1]);
    expect(nb).toBe(na + 1);
  });

  it("options.name is the task's name (any string, even a repeated one)", () => {
    expect(go(() => 1, { name: "fetch users" }).name).toBe("fetch users");
    expect(go(() => 1, { name: "fetch users" }).name).toBe("fetch users");
    expect(go(() => 1, { name: "" }).name).toBe("");
  });
});

describe("the task's context", () => {
  it("fn gets a live context, cancelled (Canceled) once fn finishes", async () => {
    let seen: Context | undefined;
    let errInside: Error | undefined = new Error("not set");
    const t = go(async (ctx) => {
      seen = ctx;
      await flush();
      errInside = ctx.err();
    });
    expect(seen!.err()).toBeUndefined();
    await t.join();
    expect(errInside).toBeUndefined();
    expect(seen!.err()).toBe(Canceled);
    expect(seen!.cause()).toBe(Canceled);
  });

  it("with options.ctx it is a child: the parent holds it while the task runs, and nothing after", async () => {
    const [parent, cancel] = withCancel(background());
    const g = gate();
    const t = go(() => g.promise, { ctx: parent });
    expect(childCount(parent)).toBe(1);
    g.open();
    await t.join();
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeUndefined(); // the task's end never cancels its parent
    cancel();
  });

  it("cancelling options.ctx reaches fn's ctx, with the parent's cause", async () => {
    const [parent, cancel] = withCancelCause(background());
    const why = new Error("shutting down");
    const t = go(
      async (ctx) => {
        const r = await select({ quit: ctx.done });
        return [r.case, ctx.err(), ctx.cause()];
      },
      { ctx: parent },
    );
    cancel(why);
    expect(await t.join()).toEqual(E.right(["quit", Canceled, why]));
  });

  it("aborting options.signal reaches fn's ctx (cause: the reason); the signal keeps one listener while the task runs", async () => {
    const ac = new AbortController();
    const why = new Error("user left");
    let ctxSeen: Context | undefined;
    const t = go(
      async (ctx) => {
        ctxSeen = ctx;
        await ctx.done.recv();
        return ctx.cause();
      },
      { signal: ac.signal },
    );
    expect(watchers(ac.signal)).toBe(1);
    ac.abort(why);
    expect(await t.join()).toEqual(E.right(why));
    expect(ctxSeen!.err()).toBe(Canceled);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("the signal's listener goes away when the task ends first", async () => {
    const ac = new AbortController();
    await go(() => 1, { signal: ac.signal }).join();
    expect(watchers(ac.signal)).toBe(0);
    ac.abort(); // nothing listens, nothing happens
  });

  it("a TimeoutError reason gives DeadlineExceeded, as fromSignal does", async () => {
    const ac = new AbortController();
    const reason = new DOMException("The operation timed out.", "TimeoutError");
    const t = go(
      async (ctx) => {
        await ctx.done.recv();
        return [ctx.err(), ctx.cause()];
      },
      { signal: ac.signal },
    );
    ac.abort(reason);
    expect(await t.join()).toEqual(E.right([DeadlineExceeded, reason]));
  });

  it("an already-aborted signal starts fn with a cancelled context (fn still runs; it decides)", async () => {
    const reason = new Error("too late");
    const t = go((ctx) => [ctx.err(), ctx.cause()], { signal: AbortSignal.abort(reason) });
    expect(await t.join()).toEqual(E.right([Canceled, reason]));
  });

  it("with both ctx and signal, whichever cancels first wins", async () => {
    const [parent, cancel] = withCancelCause(background());
    const ac = new AbortController();
    const t = go(
      async (ctx) => {
        await ctx.done.recv();
        return ctx.cause();
      },
      { ctx: parent, signal: ac.signal },
    );
    ac.abort("signal first");
    cancel(new Error("ctx second"));
    expect(await t.join()).toEqual(E.right("signal first"));
    expect(watchers(ac.signal)).toBe(0);
    expect(childCount(parent)).toBe(0);
  });

  it("the context is cancelled before join() resolves and before done closes", async () => {
    let ctxSeen: Context | undefined;
    const t = go((ctx) => {
      ctxSeen = ctx;
    });
    const order: string[] = [];
    void t.join().then(() => order.push(`join: ${String(ctxSeen!.err()?.message)}`));
    void t.done.recv().then(() => order.push(`done: ${String(ctxSeen!.err()?.message)}`));
    await flush();
    expect(order.sort()).toEqual(["done: context canceled", "join: context canceled"]);
  });
});

describe("diagnostics", () => {
  it("a running task is listed (op running, its name) until it settles", async () => {
    const g = gate();
    const t = go(() => g.promise, { name: "listed" });
    expect(parkedOps()).toEqual([{ op: "running", on: "task", since: expect.any(Number), task: "listed", stack: undefined, group: undefined }]);
    g.open();
    await t.join();
    expect(parkedOps()).toEqual([]);
  });

  it("an operation parked in the task's synchronous part records the task's name", async () => {
    const ch = chan<number>(0, { name: "inbox" });
    const t = go(() => ch.recv({ signal: AbortSignal.timeout(60_000) }), { name: "reader" });
    const ops = parkedOps();
    expect(ops).toContainEqual(expect.objectContaining({ op: "recv", on: 'chan "inbox"', task: "reader" }));
    expect(ops).toContainEqual(expect.objectContaining({ op: "running", task: "reader" }));
    await ch.send(3);
    expect(await t.join()).toEqual(E.right({ value: 3, ok: true }));
  });

  it("outside the task's code there is no current task", async () => {
    const ch = chan<number>(0, { name: "outside" });
    go(() => 1);
    const r = ch.recv({ signal: AbortSignal.timeout(60_000) });
    expect(parkedOps()).toContainEqual(expect.objectContaining({ op: "recv", on: 'chan "outside"', task: undefined }));
    await ch.send(1);
    await r;
    await flush();
  });

  it("a synchronous throw also ends the listing", async () => {
    const t = go(
      () => {
        throw new Error("x");
      },
      { name: "short" },
    );
    expect(parkedOps()).toContainEqual(expect.objectContaining({ op: "running", task: "short" }));
    await t.join();
    expect(parkedOps()).toEqual([]);
  });
});

describe("hostile thrown values", () => {
  it("a cause whose name, message and stack getters throw still makes a panic", async () => {
    const hostile = new Error("x");
    for (const key of ["stack", "name", "message"]) {
      Object.defineProperty(hostile, key, {
        get() {
          throw new Error(`no ${key} for you`);
        },
      });
    }
    const p = panicOf(await go(() => Promise.reject(hostile), { name: "h" }).join());
    expect(p.cause).toBe(hostile);
    expect(p.message).toBe('panic in task "h": an object (Error)');
    expect(p.stack).toMatch(/^TaskPanic: panic in task "h": an object \(Error\)\ntask "h" was started by go\(\) at:\n {4}at /);
  });
});
