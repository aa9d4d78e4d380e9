import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Semaphore, watchers } from "../../src/index.js";
import { flush, track } from "./util.js";

describe("Semaphore", () => {
  it("grants up to n permits, then waits", async () => {
    const s = new Semaphore(3, { name: "pool" });
    expect([s.size, s.name]).toEqual([3, "pool"]);
    await s.acquire();
    await s.acquire(2);
    expect(s.held).toBe(3);
    expect(s.tryAcquire()).toBe(false);
    const p = track(s.acquire());
    await flush();
    expect(p.state).toBe("pending");
    s.release();
    await flush();
    expect(p.state).toBe("resolved");
    expect(s.held).toBe(3);
    s.release(3);
    expect(s.held).toBe(0);
    expect(s.tryAcquire(3)).toBe(true);
    s.release(3);
  });

  it("serves requests in arrival order whatever their weight", async () => {
    const s = new Semaphore(4);
    await s.acquire(4);
    const log: string[] = [];
    track(s.acquire(2), log, "a2");
    track(s.acquire(1), log, "b1");
    track(s.acquire(3), log, "c3");
    track(s.acquire(1), log, "d1");
    s.release(4); // a2 + b1 fit (3), c3 does not: it blocks d1 even though 1 is free
    await flush();
    expect(log).toEqual(["a2", "b1"]);
    expect(s.held).toBe(3);
    s.release(2); // 3 free: c3 fits, then d1 does not (held 4)
    await flush();
    expect(log).toEqual(["a2", "b1", "c3"]);
    s.release(1);
    await flush();
    expect(log).toEqual(["a2", "b1", "c3", "d1"]);
    expect(s.held).toBe(4);
  });

  it("a large request at the head blocks smaller ones; tryAcquire fails while anyone waits", async () => {
    const s = new Semaphore(5);
    await s.acquire(3);
    const log: string[] = [];
    const big = track(s.acquire(4), log, "big");
    const small = track(s.acquire(1), log, "small");
    expect(s.tryAcquire(1)).toBe(false); // 2 are free, but someone waits: no barging
    await flush();
    expect([big.state, small.state]).toEqual(["pending", "pending"]);
    expect(s.waiters).toBe(2);
    s.release(3);
    await flush();
    expect(log).toEqual(["big", "small"]);
    expect(s.held).toBe(5);
  });

  it("aborting the blocking head lets the smaller requests behind it through", async () => {
    const s = new Semaphore(5);
    await s.acquire(3);
    const ac = new AbortController();
    const log: string[] = [];
    track(s.acquire(4, { signal: ac.signal }), log, "big");
    track(s.acquire(1), log, "s1");
    track(s.acquire(1), log, "s2");
    track(s.acquire(1), log, "s3");
    ac.abort("too slow");
    await flush();
    // (settlement order across different promises is not part of the contract)
    expect([...log].sort()).toEqual(["big!", "s1", "s2"]);
    expect(log.indexOf("s1")).toBeLessThan(log.indexOf("s2"));
    expect(s.held).toBe(5);
    expect(s.waiters).toBe(1);
    expect(watchers(ac.signal)).toBe(0);
    // The last one gets a permit once one comes back: nothing stays parked.
    s.release(1);
    await flush();
    expect(log.at(-1)).toBe("s3");
    expect([s.held, s.waiters]).toEqual([5, 0]);
  });

  it("aborting a request in the middle leaves the queue order untouched", async () => {
    const s = new Semaphore(2);
    await s.acquire(2);
    const ac = new AbortController();
    const log: string[] = [];
    track(s.acquire(1), log, "a");
    const b = track(s.acquire(2, { signal: ac.signal }), log, "b");
    track(s.acquire(1), log, "c");
    ac.abort(new Error("b gives up"));
    await flush();
    expect((b.reason as Error).message).toBe("b gives up");
    s.release(2);
    await flush();
    expect(log).toEqual(["b!", "a", "c"]);
    expect(s.held).toBe(2);
  });

  it("a grant that races an abort gives its permits back to the next in line", async () => {
    const s = new Semaphore(2);
    await s.acquire(2);
    const ac = new AbortController();
    const log: string[] = [];
    const a = track(s.acquire(2, { signal: ac.signal }), log, "a");
    const b = track(s.acquire(2), log, "b");
    s.release(2); // grants a…
    expect(s.held).toBe(2);
    ac.abort("raced"); // …which aborts before it resumes
    await flush();
    expect(a.state).toBe("rejected");
    expect(a.reason).toBe("raced");
    expect(b.state).toBe("resolved"); // a's permits went on to b
    expect([...log].sort()).toEqual(["a!", "b"]);
    expect(s.held).toBe(2);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("the race in microtask order: abort first → rejected; grant observed first → kept", async () => {
    const s1 = new Semaphore(1);
    await s1.acquire();
    const ac1 = new AbortController();
    const p1 = track(s1.acquire(1, { signal: ac1.signal }));
    queueMicrotask(() => ac1.abort("first"));
    queueMicrotask(() => s1.release());
    await flush();
    expect(p1.state).toBe("rejected");
    expect(s1.held).toBe(0);

    const s2 = new Semaphore(1);
    await s2.acquire();
    const ac2 = new AbortController();
    const p2 = track(s2.acquire(1, { signal: ac2.signal }));
    s2.release();
    await flush(); // the acquirer resumed: the permit is its own
    ac2.abort("late");
    await flush();
    expect(p2.state).toBe("resolved");
    expect(s2.held).toBe(1);
  });

  it("a request whose signal aborts while the abort is being delivered is refused, not granted", async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const ac = new AbortController();
    ac.signal.addEventListener("abort", () => s.release());
    const p = track(s.acquire(1, { signal: ac.signal }));
    ac.abort("x");
    await flush();
    expect(p.state).toBe("rejected");
    expect(s.held).toBe(0);
  });

  it("a request larger than the size rejects at once (it could never be granted)", async () => {
    const s = new Semaphore(3, { name: "io" });
    await expect(s.acquire(4)).rejects.toThrow(RangeError);
    await expect(s.acquire(4)).rejects.toThrow(
      'semaphore.acquire(k): k = 4 exceeds the semaphore\'s size 3 "io" (it could never be granted)',
    );
    expect(() => s.tryAcquire(4)).toThrow("semaphore.tryAcquire(k): k = 4 exceeds the semaphore's size 3");
    expect(s.waiters).toBe(0);
  });

  it("releasing more than held throws Go's words and changes nothing", async () => {
    const s = new Semaphore(3);
    expect(() => s.release()).toThrow("semaphore: released more than held (release(1) with 0 held");
    await s.acquire(2);
    expect(() => s.release(3)).toThrow("semaphore: released more than held");
    expect(s.held).toBe(2);
    s.release(2);
  });

  it("rejects bad sizes and weights, naming the argument and value", async () => {
    for (const n of [-1, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Semaphore(n)).toThrow(new RangeError(`new Semaphore(n): n must be a positive integer (a number of permits), got ${n}`));
    }
    expect(() => new Semaphore("2" as never)).toThrow(new TypeError('new Semaphore(n): n must be a positive integer (a number of permits), got "2"'));
    expect(() => new Semaphore(2, { name: 2 as never })).toThrow("new Semaphore(n, options): options.name must be a string, got 2");
    const s = new Semaphore(2);
    for (const k of [0, -1, 1.5, Number.NaN]) {
      await expect(s.acquire(k)).rejects.toThrow(new RangeError(`semaphore.acquire(k): k must be a positive integer (a number of permits), got ${k}`));
      expect(() => s.tryAcquire(k)).toThrow(`semaphore.tryAcquire(k): k must be a positive integer (a number of permits), got ${k}`);
      expect(() => s.release(k)).toThrow(new RangeError(`semaphore.release(k): k must be a positive integer (a number of permits), got ${k}`));
    }
    await expect(s.acquire(null as never)).rejects.toThrow(TypeError);
    await expect(s.acquire(1, 1 as never)).rejects.toThrow("semaphore.acquire(k, options): options must be an object");
    expect(s.held).toBe(0);
  });

  it("an already aborted signal rejects at once and changes nothing", async () => {
    const s = new Semaphore(1);
    const ac = new AbortController();
    ac.abort("pre");
    await expect(s.acquire(1, { signal: ac.signal })).rejects.toBe("pre");
    expect([s.held, s.waiters, watchers(ac.signal)]).toEqual([0, 0, 0]);
  });

  it("an acquire/release loop that never parks still lets timers run (starvation guard)", async () => {
    const s = new Semaphore(1);
    let fired = false;
    setTimeout(() => (fired = true), 0);
    let i = 0;
    for (; i < 5_000_000 && !fired; i++) {
      await s.acquire();
      s.release();
    }
    expect(fired).toBe(true);
  });

  it("10,000 waiters on one signal share one listener and leave none", async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const ac = new AbortController();
    const ps = Array.from({ length: 10_000 }, () => s.acquire(1, { signal: ac.signal }));
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(1);
    for (let i = 0; i < 5_000; i++) {
      s.release();
      await ps[i];
    }
    expect(watchers(ac.signal)).toBe(5_000);
    ac.abort("rest");
    const rest = await Promise.allSettled(ps.slice(5_000));
    expect(rest.every((r) => r.status === "rejected")).toBe(true);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    expect(s.waiters).toBe(0);
    expect(s.held).toBe(1);
  });
});
