// group(): Go's errgroup — limits, go/tryGo/wait, the first error, the context.

import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { parkedOps } from "../../src/chan/registry.js";
import { childCount } from "../../src/context/node.js";
import {
  Canceled,
  DeadlineExceeded,
  background,
  group,
  select,
  watchers,
  withCancel,
  withCancelCause,
  type Context,
} from "../../src/index.js";
import { flush, gate, hygiene, track } from "./_util.js";

// hygiene() also checks that no group error ever reaches the panic handler.
hygiene();

/**
 * Functions that record how many of them run at once. Each runs until the test
 * releases it with `finish(id)` (or `fail(id, e)`).
 */
function probe() {
  let running = 0;
  let max = 0;
  const started: number[] = [];
  const exits = new Map<number, { ok: () => void; err: (e: unknown) => void }>();
  return {
    get running() {
      return running;
    },
    get max() {
      return max;
    },
    started,
    fn: (id: number) => (_ctx: Context) => {
      running++;
      max = Math.max(max, running);
      started.push(id);
      return new Promise<void>((ok, err) => exits.set(id, { ok, err })).finally(() => running--);
    },
    finish(id: number) {
      exits.get(id)!.ok();
    },
    fail(id: number, e: unknown) {
      exits.get(id)!.err(e);
    },
  };
}

describe("without a limit", () => {
  it("every go() starts its function at once; wait() resolves when all are done, then cancels ctx", async () => {
    const p = probe();
    const g = group();
    const gos = [1, 2, 3].map((id) => track(g.go(p.fn(id))));
    expect(p.started).toEqual([1, 2, 3]);
    expect(p.running).toBe(3);
    await flush();
    expect(gos.map((t) => t.state)).toEqual(["resolved", "resolved", "resolved"]);
    const w = track(g.wait());
    p.finish(2);
    p.finish(1);
    await flush();
    expect(w.state).toBe("pending");
    expect(g.ctx.err()).toBeUndefined();
    p.finish(3);
    await flush();
    expect(w.state).toBe("resolved");
    expect(g.ctx.err()).toBe(Canceled);
    expect(g.ctx.cause()).toBe(Canceled);
  });

  it("fn gets the group's ctx", async () => {
    const g = group();
    let seen: Context | undefined;
    await g.go((ctx) => {
      seen = ctx;
    });
    expect(seen).toBe(g.ctx);
    await g.wait();
  });

  it("wait() with nothing started resolves at once (and cancels ctx)", async () => {
    const g = group();
    await g.wait();
    expect(g.ctx.err()).toBe(Canceled);
  });

  it("a synchronous function counts, and so does its synchronous throw", async () => {
    const g = group();
    const boom = new Error("sync");
    let ran = 0;
    await g.go(() => {
      ran++;
    });
    await g.go(() => {
      ran++;
      throw boom;
    }); // go() still resolves: fn started
    expect(ran).toBe(2);
    await expect(g.wait()).rejects.toBe(boom);
  });
});

describe("limit", () => {
  it("at most `limit` functions run at once; queued go() calls start oldest first as slots free", async () => {
    const p = probe();
    const g = group({ limit: 2 });
    const gos = [1, 2, 3, 4, 5].map((id) => track(g.go(p.fn(id))));
    expect(p.started).toEqual([1, 2]);
    await flush();
    expect(gos.map((t) => t.state)).toEqual(["resolved", "resolved", "pending", "pending", "pending"]);
    const counts: number[] = [p.running];
    for (const id of [2, 1, 3, 4, 5]) {
      p.finish(id);
      await flush();
      counts.push(p.running);
    }
    expect(p.started).toEqual([1, 2, 3, 4, 5]);
    expect(counts).toEqual([2, 2, 2, 2, 1, 0]);
    expect(p.max).toBe(2);
    expect(gos.every((t) => t.state === "resolved")).toBe(true);
    await g.wait();
  });

  it("go() resolves only once its function has started", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    const log: string[] = [];
    const second = g.go((ctx) => {
      log.push("fn 2 started");
      return p.fn(2)(ctx);
    });
    void second.then(() => log.push("go 2 resolved"));
    await flush();
    expect(log).toEqual([]);
    p.finish(1);
    await flush();
    expect(log).toEqual(["fn 2 started", "go 2 resolved"]);
    p.finish(2);
    await g.wait();
  });

  it("a slot freed by a failure goes to the next in line too", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    p.fail(1, new Error("x"));
    await flush();
    expect(p.started).toEqual([1, 2]);
    p.finish(2);
    await expect(g.wait()).rejects.toThrow("x");
  });

  it("wait() also waits for go() calls still queued for a slot", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    const w = track(g.wait());
    p.finish(1);
    await flush();
    expect(w.state).toBe("pending");
    p.finish(2);
    await flush();
    expect(w.state).toBe("resolved");
  });

  it("limit 0: nothing starts until setLimit raises it (Go allows SetLimit(0))", async () => {
    const p = probe();
    const g = group({ limit: 0 });
    const first = track(g.go(p.fn(1)));
    expect(g.tryGo(p.fn(9))).toBe(false);
    await flush();
    expect(first.state).toBe("pending");
    expect(p.started).toEqual([]);
    g.setLimit(1);
    expect(p.started).toEqual([1]);
    p.finish(1);
    await g.wait();
    expect(first.state).toBe("resolved");
  });

  it("limit Infinity is no limit", async () => {
    const p = probe();
    const g = group({ limit: Infinity });
    for (let i = 0; i < 50; i++) void g.go(p.fn(i));
    expect(p.running).toBe(50);
    for (let i = 0; i < 50; i++) p.finish(i);
    await g.wait();
  });
});

describe("tryGo", () => {
  it("starts fn at once below the limit and returns true", async () => {
    const p = probe();
    const g = group({ limit: 2 });
    expect(g.tryGo(p.fn(1))).toBe(true);
    expect(p.started).toEqual([1]);
    p.finish(1);
    await g.wait();
  });

  it("returns false at the limit and does nothing: fn never runs, wait() does not count it", async () => {
    const p = probe();
    const g = group({ limit: 2 });
    expect(g.tryGo(p.fn(1))).toBe(true);
    expect(g.tryGo(p.fn(2))).toBe(true);
    let called = false;
    expect(
      g.tryGo(() => {
        called = true;
      }),
    ).toBe(false);
    expect(p.running).toBe(2);
    const w = track(g.wait());
    p.finish(1);
    p.finish(2);
    await flush();
    expect(w.state).toBe("resolved");
    expect(called).toBe(false);
    expect(p.max).toBe(2);
  });

  it("returns false while go() calls are queued, without jumping the queue", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    expect(g.tryGo(p.fn(3))).toBe(false);
    p.finish(1);
    await flush();
    expect(p.started).toEqual([1, 2]);
    p.finish(2);
    await g.wait();
  });
});

describe("setLimit", () => {
  it("throws while functions run, with Go's message and the count", async () => {
    const p = probe();
    const g = group({ name: "busy" });
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    expect(() => g.setLimit(4)).toThrow(Error);
    expect(() => g.setLimit(4)).toThrow('errgroup: modify limit while 2 goroutines in the group are still active (setLimit(4) on group "busy"');
    p.finish(1);
    p.finish(2);
    await g.wait();
    g.setLimit(4); // idle again: allowed
  });

  it("a lowered limit applies to what starts next", async () => {
    const p = probe();
    const g = group();
    g.setLimit(1);
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    expect(p.running).toBe(1);
    p.finish(1);
    await flush();
    p.finish(2);
    await g.wait();
    expect(p.max).toBe(1);
  });
});

describe("the first error", () => {
  it("cancels ctx with that error as cause; wait() rejects with it; later errors are dropped", async () => {
    const p = probe();
    const g = group();
    const first = new Error("first");
    const second = new Error("second");
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    let sawCancel: unknown;
    void g.go(async (ctx) => {
      await ctx.done.recv();
      sawCancel = ctx.cause();
    });
    p.fail(2, first);
    await flush();
    expect(g.ctx.err()).toBe(Canceled);
    expect(g.ctx.cause()).toBe(first);
    expect(sawCancel).toBe(first);
    p.fail(1, second);
    await expect(g.wait()).rejects.toBe(first);
    expect(g.ctx.cause()).toBe(first);
    await expect(g.wait()).rejects.toBe(first); // again: same answer
  });

  it("waitEither gives Left(first error) or Right(undefined), never rejecting", async () => {
    const bad = group();
    const boom = new Error("e");
    void bad.go(() => Promise.reject(boom));
    expect(await bad.waitEither()).toEqual(E.left(boom));
    const good = group();
    void good.go(() => 1);
    expect(await good.waitEither()).toEqual(E.right(undefined));
  });

  it("a non-Error throw is the error too (even undefined)", async () => {
    const g = group();
    void g.go(() => {
      throw undefined;
    });
    expect(await g.waitEither()).toEqual(E.left(undefined));
    expect(g.ctx.err()).toBe(Canceled);
  });

  it("functions started after the failure still run, with the cancelled ctx (as in Go)", async () => {
    const g = group();
    void g.go(() => Promise.reject(new Error("x")));
    await flush();
    let err: Error | undefined;
    await g.go((ctx) => {
      err = ctx.err();
    });
    expect(err).toBe(Canceled);
    await expect(g.wait()).rejects.toThrow("x");
  });
});

describe("the group's context", () => {
  it("is a child of ctx: the parent's cancellation reaches it; done closes", async () => {
    const [parent, cancel] = withCancelCause(background());
    const g = group(parent, { limit: 2 });
    const why = new Error("request gone");
    const r = g.go(async (ctx) => {
      const s = await select({ quit: ctx.done });
      return s.case;
    });
    await r;
    cancel(why);
    expect(g.ctx.err()).toBe(Canceled);
    expect(g.ctx.cause()).toBe(why);
    await g.wait();
  });

  it("is released from its parent when wait() completes", async () => {
    const [parent, cancel] = withCancel(background());
    const g = group(parent);
    expect(childCount(parent)).toBe(1);
    const gt = gate();
    void g.go(() => gt.promise);
    const w = g.wait();
    expect(childCount(parent)).toBe(1);
    gt.open();
    await w;
    expect(childCount(parent)).toBe(0);
    expect(parent.err()).toBeUndefined();
    cancel();
  });

  it("options.signal cancels it (a TimeoutError as DeadlineExceeded); its listener goes once wait() completes", async () => {
    const ac = new AbortController();
    const g = group({ signal: ac.signal });
    expect(watchers(ac.signal)).toBe(1);
    void g.go(async (ctx) => {
      await ctx.done.recv();
    });
    const reason = new DOMException("timed out", "TimeoutError");
    ac.abort(reason);
    expect(g.ctx.err()).toBe(DeadlineExceeded);
    expect(g.ctx.cause()).toBe(reason);
    await g.wait(); // a cancelled context is not an error of the group
    expect(watchers(ac.signal)).toBe(0);
  });

  it("the signal's listener is removed by wait() even if it never aborted", async () => {
    const ac = new AbortController();
    const g = group(background(), { signal: ac.signal });
    void g.go(() => 1);
    await g.wait();
    expect(watchers(ac.signal)).toBe(0);
  });

  it("after wait() the group can be reused; its ctx stays cancelled (Go's behaviour)", async () => {
    const g = group();
    await g.wait();
    let err: Error | undefined;
    await g.go((ctx) => {
      err = ctx.err();
    });
    await g.wait();
    expect(err).toBe(Canceled);
  });
});

describe("cancelling go() and wait()", () => {
  it("a queued go() whose signal aborts rejects with the reason; fn never runs; nothing is left", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    const ac = new AbortController();
    let ran = false;
    const queued = track(
      g.go(
        () => {
          ran = true;
        },
        { signal: ac.signal },
      ),
    );
    const third = track(g.go(p.fn(3)));
    expect(watchers(ac.signal)).toBe(1);
    ac.abort("changed my mind");
    await flush();
    expect(queued).toEqual({ state: "rejected", value: "changed my mind" });
    expect(watchers(ac.signal)).toBe(0);
    p.finish(1);
    await flush();
    expect(ran).toBe(false);
    expect(p.started).toEqual([1, 3]);
    expect(third.state).toBe("resolved");
    p.finish(3);
    await g.wait();
  });

  it("an abort of the only queued go() lets a parked wait() complete", async () => {
    const g = group({ limit: 0 });
    const ac = new AbortController();
    const queued = track(g.go(() => 1, { ctx: { signal: ac.signal } }));
    const w = track(g.wait());
    await flush();
    expect(w.state).toBe("pending");
    ac.abort("no");
    await flush();
    expect(queued.state).toBe("rejected");
    expect(w.state).toBe("resolved");
  });

  it("go() with an already-aborted signal rejects at once and starts nothing", async () => {
    const g = group();
    let ran = false;
    await expect(
      g.go(
        () => {
          ran = true;
        },
        { signal: AbortSignal.abort("before") },
      ),
    ).rejects.toBe("before");
    expect(ran).toBe(false);
    await g.wait();
  });

  it("wait({ signal }) rejects with the reason on abort and changes nothing", async () => {
    const p = probe();
    const g = group();
    void g.go(p.fn(1));
    const ac = new AbortController();
    const w = track(g.wait({ signal: ac.signal }));
    ac.abort("gave up");
    await flush();
    expect(w).toEqual({ state: "rejected", value: "gave up" });
    expect(g.ctx.err()).toBeUndefined();
    expect(watchers(ac.signal)).toBe(0);
    p.finish(1);
    await g.wait();
  });

  it("a queued go() whose fn aborts its own signal once started still counts as started", async () => {
    const p = probe();
    const g = group({ limit: 1 });
    void g.go(p.fn(1));
    const ac = new AbortController();
    const q = track(
      g.go(
        (ctx) => {
          ac.abort("too late to cancel");
          return p.fn(2)(ctx);
        },
        { signal: ac.signal },
      ),
    );
    p.finish(1);
    await flush();
    expect(q.state).toBe("resolved");
    expect(p.started).toEqual([1, 2]);
    expect(watchers(ac.signal)).toBe(0);
    p.finish(2);
    await g.wait();
  });

  it("wait({ ctx: g.ctx }) is answered, not aborted, by the completion that cancels g.ctx", async () => {
    const p = probe();
    const g = group();
    void g.go(p.fn(1));
    const w = track(g.wait({ ctx: g.ctx }));
    p.finish(1);
    await flush();
    expect(w.state).toBe("resolved");
    expect(g.ctx.err()).toBe(Canceled);
  });

  it("waitEither({ signal }) gives Left(reason) on abort", async () => {
    const p = probe();
    const g = group();
    void g.go(p.fn(1));
    const r = g.waitEither({ signal: AbortSignal.abort("stop") });
    expect(await r).toEqual(E.left("stop"));
    p.finish(1);
    await g.wait();
  });
});

describe("diagnostics and names", () => {
  it("running functions are listed as <group>.<n>; queued go() and parked wait() as parked operations", async () => {
    const p = probe();
    const g = group({ limit: 1, name: "crawl" });
    void g.go(p.fn(1));
    void g.go(p.fn(2));
    void g.wait();
    const ops = parkedOps().map(({ op, on, task }) => ({ op, on, task }));
    expect(ops).toEqual(
      expect.arrayContaining([
        { op: "running", on: "task", task: "crawl.1" },
        { op: "go", on: 'group "crawl"', task: undefined },
        { op: "wait", on: 'group "crawl"', task: undefined },
      ]),
    );
    expect(ops).toHaveLength(3);
    p.finish(1);
    await flush();
    expect(parkedOps().map(({ op, task }) => [op, task])).toEqual(
      expect.arrayContaining([
        ["running", "crawl.2"],
        ["wait", undefined],
      ]),
    );
    p.finish(2);
    await flush();
    expect(parkedOps()).toEqual([]);
  });

  it("default names are group-<n>; group(ctx, options) and group(options) both work", () => {
    const a = group();
    const b = group(background(), { name: "b" });
    const c = group({ name: "c" });
    expect(a.name).toMatch(/^group-\d+$/);
    expect([b.name, c.name]).toEqual(["b", "c"]);
  });

  it("its methods work detached: const { go, wait } = group()", async () => {
    const { go, tryGo, wait, waitEither, setLimit, ctx } = group();
    setLimit(1);
    const log: number[] = [];
    await go(() => log.push(1));
    expect(tryGo(() => log.push(2))).toBe(true);
    await wait();
    expect(await waitEither()).toEqual(E.right(undefined));
    expect(log).toEqual([1, 2]);
    expect(ctx.err()).toBe(Canceled);
  });
});
