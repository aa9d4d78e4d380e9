// gather: results by position or key, a concurrency limit, first-error
// cancellation, settle mode.

import { describe, expect, it } from "vitest";
import { background, Canceled, gather, withCancel, type Context, type GatherFailure, type TaskFn } from "../../src/index.js";
import { gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

/** Tasks the test finishes by hand. */
function manual(n: number) {
  const started: number[] = [];
  const ctxs: Context[] = [];
  const gates = Array.from({ length: n }, () => gate<unknown>());
  const fails = Array.from({ length: n }, () => gate<unknown>());
  const tasks: TaskFn<unknown>[] = gates.map((g, i) => async (ctx: Context) => {
    started.push(i);
    ctxs[i] = ctx;
    return Promise.race([g.promise, fails[i]!.promise.then((e) => Promise.reject(e))]);
  });
  return { tasks, started, ctxs, finish: (i: number, v: unknown) => gates[i]!.open(v), fail: (i: number, e: unknown) => fails[i]!.open(e) };
}

describe("gather", () => {
  it("an array: results in submission order, whatever the completion order", async () => {
    const m = manual(3);
    const res = gather(m.tasks);
    await settle();
    m.finish(2, "c");
    m.finish(0, "a");
    m.finish(1, "b");
    expect(await res).toEqual(["a", "b", "c"]);
  });

  it("a record: results by key; tuples and records keep their types", async () => {
    const r = await gather({ n: () => 1, s: async () => "two" });
    const n: number = r.n;
    const s: string = r.s;
    expect([n, s]).toEqual([1, "two"]);
    const [a, b] = await gather([() => 1, async () => true] as const);
    const x: number = a;
    const y: boolean = b;
    expect([x, y]).toEqual([1, true]);
    expect(await gather([])).toEqual([]);
  });

  it("limit: at most `limit` run at once, started in submission order", async () => {
    const m = manual(4);
    const res = gather(m.tasks, { limit: 2 });
    await settle();
    expect(m.started).toEqual([0, 1]);
    m.finish(1, 1);
    await settle();
    expect(m.started).toEqual([0, 1, 2]);
    m.finish(0, 0);
    m.finish(2, 2);
    await settle();
    expect(m.started).toEqual([0, 1, 2, 3]);
    m.finish(3, 3);
    expect(await res).toEqual([0, 1, 2, 3]);
  });

  it("the first error cancels the others' context, starts nothing more, and rejects once all have stopped", async () => {
    const m = manual(4);
    const res = gather(m.tasks, { limit: 2 });
    let settled = false;
    void res.catch(() => (settled = true));
    await settle();
    const boom = new Error("task 1 failed");
    m.fail(1, boom);
    await settle();
    expect(m.ctxs[0]!.err()).toBe(Canceled);
    expect(m.ctxs[0]!.cause()).toBe(boom);
    expect(m.started).toEqual([0, 1]);
    expect(settled).toBe(false); // task 0 is still running
    m.finish(0, "late");
    await expect(res).rejects.toBe(boom);
    expect(m.started).toEqual([0, 1]);
  });

  it("settle: Right with every result, or Left listing every failure in submission order", async () => {
    expect(await gather([() => 1, () => 2], { settle: true })).toEqual({ _tag: "Right", right: [1, 2] });
    const m = manual(3);
    const res = gather(m.tasks, { settle: true });
    await settle();
    const e2 = new Error("two");
    const e0 = new Error("zero");
    m.fail(2, e2);
    m.finish(1, "ok");
    m.fail(0, e0);
    const r = await res;
    expect(r).toEqual({
      _tag: "Left",
      left: [
        { key: 0, error: e0 },
        { key: 2, error: e2 },
      ],
    });
    const rec = await gather(
      {
        a: () => 1,
        b: () => {
          throw "b broke";
        },
      },
      { settle: true },
    );
    const expected: GatherFailure<"a" | "b">[] = [{ key: "b", error: "b broke" }];
    expect(rec).toEqual({ _tag: "Left", left: expected });
  });

  it("settle runs everything: one failure cancels nothing", async () => {
    const m = manual(2);
    const res = gather(m.tasks, { settle: true, limit: 1 });
    await settle();
    m.fail(0, new Error("x"));
    await settle();
    expect(m.started).toEqual([0, 1]);
    expect(m.ctxs[1]!.err()).toBeUndefined();
    m.finish(1, 1);
    expect((await res)._tag).toBe("Left");
  });

  it("an abort cancels the tasks and rejects with the reason", async () => {
    const m = manual(2);
    const ac = new AbortController();
    const res = gather(m.tasks, { signal: ac.signal, limit: 1 });
    await settle();
    ac.abort("stop");
    await settle();
    expect(m.ctxs[0]!.err()).toBeDefined();
    m.finish(0, 0);
    await expect(res).rejects.toBe("stop");
    expect(m.started).toEqual([0]);
  });

  it("a cancelled ctx works like a signal", async () => {
    const [ctx, cancel] = withCancel(background());
    const m = manual(1);
    const res = gather(m.tasks, { ctx });
    await settle();
    cancel();
    m.finish(0, 0);
    await expect(res).rejects.toBe(Canceled);
  });

  it("bad input lists every problem", () => {
    const e = thrown(() => gather([() => 1, 2, "x"] as any, { limit: 0, settle: "yes" } as any));
    expect(e.message).toBe(
      'gather(tasks, options): 4 invalid arguments: tasks[1] must be a function (ctx) => value, got 2; tasks[2] must be a function (ctx) => value, got "x"; options.limit must be a positive integer, or Infinity for no limit, got 0; options.settle must be a boolean, got "yes"',
    );
    expect(thrown(() => gather({ a: 1 } as any)).message).toBe("gather(tasks, options): tasks.a must be a function (ctx) => value, got 1");
    expect(thrown(() => gather(new Map() as any)).message).toBe("gather(tasks, options): tasks must be an array or a plain object of task functions, got an object");
  });
});
