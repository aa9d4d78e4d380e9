import { describe, expect, it } from "vitest";
import { chan, Once, onceFunc, onceValue, watchers } from "../../src/index.js";
import { flush, track } from "./util.js";

describe("Once", () => {
  it("runs fn on the first call only", async () => {
    const once = new Once();
    let n = 0;
    await once.do(() => n++);
    await once.do(() => n++);
    await once.do(() => {
      n += 10;
    });
    expect(n).toBe(1);
    expect(once.done).toBe(true);
  });

  it("concurrent callers resolve when the first fn has finished, not before", async () => {
    const once = new Once();
    const log: string[] = [];
    const gate = chan<void>();
    const first = track(
      once.do(async () => {
        log.push("start");
        await gate.recv();
        log.push("end");
      }),
      log,
      "first",
    );
    const second = track(once.do(() => log.push("never")), log, "second");
    const third = track(once.do(() => log.push("never")), log, "third");
    expect(once.waiters).toBe(2);
    await flush();
    expect([first.state, second.state, third.state]).toEqual(["pending", "pending", "pending"]);
    await gate.send();
    await flush();
    expect(log.slice(0, 2)).toEqual(["start", "end"]);
    expect(log.slice(2).sort()).toEqual(["first", "second", "third"]);
    expect(log.indexOf("second")).toBeLessThan(log.indexOf("third")); // waiters in arrival order
    expect(once.waiters).toBe(0);
  });

  it("a throwing fn still counts as done (Go): the first caller sees the error, the others resolve", async () => {
    const once = new Once();
    const boom = new Error("boom");
    let calls = 0;
    await expect(
      once.do(() => {
        calls++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    await once.do(() => calls++);
    expect(calls).toBe(1);
    expect(once.done).toBe(true);
  });

  it("a rejecting fn: first caller rejects, waiting callers resolve, fn never reruns", async () => {
    const once = new Once();
    const boom = new Error("async boom");
    const gate = chan<void>();
    const first = track(
      once.do(async () => {
        await gate.recv();
        throw boom;
      }),
    );
    const waiter = track(once.do(() => undefined));
    await gate.send();
    await flush();
    expect(first.state).toBe("rejected");
    expect(first.reason).toBe(boom);
    expect(waiter.state).toBe("resolved");
    let reran = false;
    await once.do(() => {
      reran = true;
    });
    expect(reran).toBe(false);
  });

  it("a waiting caller can give up; fn keeps running", async () => {
    const once = new Once();
    const gate = chan<void>();
    const first = track(once.do(() => gate.recv()));
    const ac = new AbortController();
    const waiter = track(once.do(() => undefined, { signal: ac.signal }));
    ac.abort("no time");
    await flush();
    expect(waiter.reason).toBe("no time");
    expect(once.waiters).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
    expect(first.state).toBe("pending");
    await gate.send();
    await flush();
    expect(first.state).toBe("resolved");
  });

  it("rejects a non-function with a TypeError, even once done", async () => {
    const once = new Once();
    await expect(once.do(42 as never)).rejects.toThrow(new TypeError("once.do(fn): fn must be a function, got 42"));
    expect(once.done).toBe(false);
    await once.do(() => undefined);
    await expect(once.do(undefined as never)).rejects.toThrow(TypeError);
  });
});

describe("onceValue", () => {
  it("computes once and returns the same value", () => {
    let calls = 0;
    const get = onceValue(() => ({ n: ++calls }));
    const a = get();
    expect(get()).toBe(a);
    expect(a).toEqual({ n: 1 });
    expect(calls).toBe(1);
  });

  it("a throwing fn rethrows the same error on every call and never reruns", () => {
    let calls = 0;
    const boom = new Error("bad config");
    const get = onceValue((): number => {
      calls++;
      throw boom;
    });
    for (let i = 0; i < 3; i++) {
      let caught: unknown;
      try {
        get();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBe(boom);
    }
    expect(calls).toBe(1);
  });

  it("an async fn gives every caller the same promise, rejection included", async () => {
    let calls = 0;
    const boom = new Error("no token");
    const token = onceValue(async () => {
      calls++;
      await flush();
      throw boom;
    });
    const p1 = token();
    const p2 = token();
    expect(p2).toBe(p1);
    await expect(p1).rejects.toBe(boom);
    expect(token()).toBe(p1);
    expect(calls).toBe(1);
  });

  it("calling the wrapper from inside fn throws instead of deadlocking", () => {
    const get: () => number = onceValue(() => get() + 1);
    expect(() => get()).toThrow("sync: onceValue(fn): fn called its own once-wrapper before returning");
  });

  it("rejects a non-function", () => {
    expect(() => onceValue("x" as never)).toThrow(new TypeError('onceValue(fn): fn must be a function, got "x"'));
    expect(() => onceFunc(null as never)).toThrow(new TypeError("onceFunc(fn): fn must be a function, got null"));
  });
});

describe("onceFunc", () => {
  it("makes close idempotent", () => {
    const ch = chan<number>();
    const closeOnce = onceFunc(() => ch.close());
    closeOnce();
    closeOnce();
    expect(ch.closed).toBe(true);
  });

  it("a throwing fn rethrows the same error on every call", () => {
    const boom = new Error("boom");
    let calls = 0;
    const f = onceFunc(() => {
      calls++;
      throw boom;
    });
    expect(f).toThrow(boom);
    expect(f).toThrow(boom);
    expect(calls).toBe(1);
  });

  it("an async fn: every call returns the one promise", async () => {
    let calls = 0;
    const connect = onceFunc(async () => {
      calls++;
      await flush();
    });
    const p = connect();
    expect(connect()).toBe(p);
    await Promise.all([p, connect()]);
    expect(calls).toBe(1);
  });
});
