// Who sees a panic: join(), recover, or the process-wide handler. The default
// handler (a crash) is tested in child processes: crash.spec.ts.

import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { TaskPanic, WaitGroup, go, onPanic } from "../../src/index.js";
import { flush, gate, hygiene } from "./_util.js";

const recorded = hygiene();

const fail = (e: unknown) => (): never => {
  throw e;
};

describe("unobserved panics go to the handler", () => {
  it("a task nobody joins: the handler gets its TaskPanic once, and a later join() gets the same one", async () => {
    const boom = new Error("lost");
    const t = go(fail(boom), { name: "orphan" });
    await flush();
    const seen = recorded.take();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(TaskPanic);
    expect(seen[0]!.cause).toBe(boom);
    expect(seen[0]!.task).toBe("orphan");
    expect(seen[0]!.message).toBe('panic in task "orphan": lost');
    const r = await t.join();
    expect(E.isLeft(r) && r.left).toBe(seen[0]);
    await flush();
    expect(recorded.take()).toEqual([]);
  });

  it("a rejection after an await, nobody joined yet: handler", async () => {
    const g = gate();
    go(async () => {
      await g.promise;
      throw new Error("late");
    });
    await flush();
    expect(recorded.take()).toEqual([]);
    g.open();
    await flush();
    expect(recorded.take().map((p) => p.message)).toEqual([expect.stringMatching(/^panic in task "task-\d+": late$/)]);
  });

  it("join() called after the failure does not un-report it", async () => {
    const g = gate();
    const t = go(async () => {
      await g.promise;
      throw new Error("too early");
    });
    g.open();
    await flush();
    const r = await t.join();
    expect(E.isLeft(r)).toBe(true);
    expect(recorded.take()).toHaveLength(1);
  });

  it("join() called before the failure observes it: no handler", async () => {
    const g = gate();
    const t = go(async () => {
      await g.promise;
      throw new Error("seen");
    });
    const j = t.join();
    g.open();
    expect(E.isLeft(await j)).toBe(true);
    await flush();
    expect(recorded.take()).toEqual([]);
  });

  it("a task that succeeds never reaches the handler", async () => {
    go(() => 1);
    go(async () => 2);
    await flush();
    expect(recorded.take()).toEqual([]);
  });
});

describe("recover", () => {
  it("turns a panic into the task's value: Right(recover(panic)), no handler", async () => {
    const boom = new Error("flaky");
    let got: TaskPanic | undefined;
    const t = go<string>(
      async () => {
        await flush();
        throw boom;
      },
      {
        name: "guarded",
        recover: (p) => {
          got = p;
          return `fallback after ${p.task}`;
        },
      },
    );
    await flush();
    await flush();
    expect(recorded.take()).toEqual([]);
    expect(got).toBeInstanceOf(TaskPanic);
    expect(got!.cause).toBe(boom);
    expect(await t.join()).toEqual(E.right("fallback after guarded"));
  });

  it("is not called when the task succeeds", async () => {
    let calls = 0;
    const t = go(() => 1, {
      recover: () => {
        calls++;
        return -1;
      },
    });
    expect(await t.join()).toEqual(E.right(1));
    expect(calls).toBe(0);
  });

  it("a recover that throws makes that the panic (unobserved: handler)", async () => {
    const second = new Error("recover failed too");
    const t = go(fail(new Error("first")), { name: "r", recover: fail(second) });
    await flush();
    const seen = recorded.take();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.cause).toBe(second);
    expect(seen[0]!.message).toBe('panic in task "r": recover failed too');
    expect(await t.join()).toEqual(E.left(seen[0]));
  });

  it("a recover that throws, joined: Left, no handler", async () => {
    const second = new Error("again");
    const r = await go(fail(new Error("first")), { recover: fail(second) }).join();
    expect(E.isLeft(r) && r.left.cause).toBe(second);
    await flush();
    expect(recorded.take()).toEqual([]);
  });
});

describe("onPanic", () => {
  it("replaces the handler and returns a restore function for the previous one", async () => {
    const a: string[] = [];
    const b: string[] = [];
    const restoreA = onPanic((p) => a.push(p.task));
    const restoreB = onPanic((p) => b.push(p.task));
    go(fail(1), { name: "one" });
    await flush();
    restoreB();
    go(fail(2), { name: "two" });
    await flush();
    restoreA();
    go(fail(3), { name: "three" });
    await flush();
    expect(b).toEqual(["one"]);
    expect(a).toEqual(["two"]);
    expect(recorded.take().map((p) => p.task)).toEqual(["three"]); // the spec's own recorder was back in place
  });

  it("a restore function works once: calling it again does not undo a later onPanic", async () => {
    const a: string[] = [];
    const c: string[] = [];
    const restoreA = onPanic((p) => a.push(p.task));
    restoreA();
    const restoreC = onPanic((p) => c.push(p.task));
    restoreA(); // no effect
    go(fail(1), { name: "x" });
    await flush();
    restoreC();
    expect(c).toEqual(["x"]);
    expect(a).toEqual([]);
  });

  it("the handler runs after the task has finished (done closed, join settled)", async () => {
    const states: string[] = [];
    const t = go(fail(new Error("x")), { name: "late-join" });
    const restore = onPanic(() => states.push(`done closed: ${String(t.done.closed)}`));
    await flush();
    restore();
    expect(states).toEqual(["done closed: true"]);
    expect(E.isLeft(await t.join())).toBe(true);
  });
});

describe("WaitGroup.go's failures are panics too", () => {
  it("a throwing or rejecting function reaches the handler as a TaskPanic with the error as cause", async () => {
    const wg = new WaitGroup();
    const sync = new Error("sync throw");
    const async = new Error("async rejection");
    wg.go(fail(sync));
    wg.go(() => Promise.reject(async));
    await wg.wait();
    await flush();
    const seen = recorded.take();
    expect(seen.map((p) => [p.task, p.cause, p.message])).toEqual([
      ["WaitGroup.go", sync, 'panic in task "WaitGroup.go": sync throw'],
      ["WaitGroup.go", async, 'panic in task "WaitGroup.go": async rejection'],
    ]);
    expect(seen.every((p) => p instanceof TaskPanic)).toBe(true);
  });
});
