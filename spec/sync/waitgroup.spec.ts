import { describe, expect, it } from "vitest";
// Imported from the sync layer directly: the task layer (loaded by src/index.ts)
// routes WaitGroup.go errors to its panic handler; spec/task covers that route.
import { watchers } from "../../src/chan/signal.js";
import { WaitGroup } from "../../src/sync/waitgroup.js";
import { setUnhandledRoute } from "../../src/sync/unhandled.js";
import { flush, track } from "./util.js";

/** Capture what WaitGroup.go reports, for the duration of `body`. */
async function capture(body: (seen: unknown[]) => Promise<void>): Promise<void> {
  const seen: unknown[] = [];
  const was = setUnhandledRoute((e) => seen.push(e));
  try {
    await body(seen);
  } finally {
    setUnhandledRoute(was);
  }
}

describe("WaitGroup", () => {
  it("wait resolves at once when the counter is zero", async () => {
    const wg = new WaitGroup();
    await wg.wait();
    expect(wg.count).toBe(0);
  });

  it("wait resolves when the counter returns to zero, every waiter in order", async () => {
    const wg = new WaitGroup();
    wg.add(3);
    const log: string[] = [];
    const a = track(wg.wait(), log, "a");
    const b = track(wg.wait(), log, "b");
    expect(wg.waiters).toBe(2);
    wg.done();
    wg.add(-1);
    await flush();
    expect([a.state, b.state]).toEqual(["pending", "pending"]);
    wg.done();
    await flush();
    expect(log).toEqual(["a", "b"]);
    expect(wg.waiters).toBe(0);
  });

  it("can be reused after reaching zero", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const first = track(wg.wait());
    wg.done();
    wg.add(2);
    const second = track(wg.wait());
    await flush();
    expect([first.state, second.state]).toEqual(["resolved", "pending"]);
    wg.add(-2);
    await flush();
    expect(second.state).toBe("resolved");
  });

  it("a negative counter throws Go's words and leaves the counter unchanged", () => {
    const wg = new WaitGroup({ name: "workers" });
    expect(() => wg.done()).toThrow('sync: negative WaitGroup counter "workers"');
    wg.add(1);
    expect(() => wg.add(-2)).toThrow("sync: negative WaitGroup counter");
    expect(() => wg.add(-2)).toThrow("add(-2) with the counter at 1");
    expect(wg.count).toBe(1);
  });

  it("rejects non-integer deltas naming the argument and value", () => {
    const wg = new WaitGroup();
    expect(() => wg.add(1.5)).toThrow(new RangeError("waitGroup.add(delta): delta must be an integer, got 1.5"));
    expect(() => wg.add(Number.NaN)).toThrow(RangeError);
    expect(() => wg.add(Number.POSITIVE_INFINITY)).toThrow("got Infinity");
    expect(() => wg.add("1" as never)).toThrow(new TypeError('waitGroup.add(delta): delta must be an integer, got "1"'));
    expect(wg.count).toBe(0);
  });

  it("wait aborts with the reason and leaves no trace; other waiters are unaffected", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const ac = new AbortController();
    const a = track(wg.wait({ signal: ac.signal }));
    const b = track(wg.wait());
    ac.abort("bored");
    expect(wg.waiters).toBe(1);
    expect(watchers(ac.signal)).toBe(0);
    await flush();
    expect(a.reason).toBe("bored");
    wg.done();
    await flush();
    expect(b.state).toBe("resolved");
    const pre = new AbortController();
    pre.abort("pre");
    wg.add(1);
    await expect(wg.wait({ signal: pre.signal })).rejects.toBe("pre");
    expect(wg.waiters).toBe(0);
    await expect(wg.wait(3 as never)).rejects.toThrow("waitGroup.wait(options): options must be an object");
  });

  describe("go", () => {
    it("counts sync and async functions until they finish", async () => {
      const wg = new WaitGroup();
      const log: string[] = [];
      wg.go(() => log.push("sync"));
      expect(wg.count).toBe(0);
      wg.go(async () => {
        await flush();
        log.push("async");
      });
      expect(wg.count).toBe(1);
      await wg.wait();
      log.push("waited");
      expect(log).toEqual(["sync", "async", "waited"]);
    });

    it("re-raises a throw after done(), it does not swallow it", async () => {
      await capture(async (seen) => {
        const wg = new WaitGroup();
        const boom = new Error("boom");
        let countWhenReported = -1;
        setUnhandledRoute((e) => {
          countWhenReported = wg.count;
          seen.push(e);
        });
        wg.go(() => {
          throw boom;
        });
        expect(seen).toEqual([boom]);
        expect(countWhenReported).toBe(0);
        await wg.wait();
      });
    });

    it("re-raises a rejection after done()", async () => {
      await capture(async (seen) => {
        const wg = new WaitGroup();
        const boom = new Error("async boom");
        wg.go(async () => {
          await flush();
          throw boom;
        });
        expect(wg.count).toBe(1);
        await wg.wait();
        await flush();
        expect(seen).toEqual([boom]);
      });
    });

    it("without the task layer, the error surfaces as an unhandled rejection", async () => {
      const saved = process.listeners("unhandledRejection");
      process.removeAllListeners("unhandledRejection");
      const seen: unknown[] = [];
      process.on("unhandledRejection", (r) => seen.push(r));
      try {
        const wg = new WaitGroup();
        const boom = new Error("loud");
        wg.go(() => Promise.reject(boom));
        await wg.wait();
        await flush();
        await flush();
        expect(seen).toEqual([boom]);
      } finally {
        process.removeAllListeners("unhandledRejection");
        for (const l of saved) process.on("unhandledRejection", l);
      }
    });

    it("rejects a non-function without touching the counter", () => {
      const wg = new WaitGroup();
      expect(() => wg.go("run" as never)).toThrow(new TypeError('waitGroup.go(fn): fn must be a function, got "run"'));
      expect(wg.count).toBe(0);
    });
  });

  it("rejects bad constructor options", () => {
    expect(() => new WaitGroup(null as never)).toThrow("new WaitGroup(options): options must be an object");
  });
});
