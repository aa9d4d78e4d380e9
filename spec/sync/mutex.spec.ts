import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Mutex, watchers } from "../../src/index.js";
import { flush, track } from "./util.js";

describe("Mutex", () => {
  it("locks at once when free; tryLock fails while held", async () => {
    const m = new Mutex();
    await m.lock();
    expect(m.locked).toBe(true);
    expect(m.tryLock()).toBe(false);
    m.unlock();
    expect(m.locked).toBe(false);
    expect(m.tryLock()).toBe(true);
    m.unlock();
  });

  it("serves waiters in FIFO order, one at a time", async () => {
    const m = new Mutex();
    await m.lock();
    const log: string[] = [];
    const all = [1, 2, 3, 4, 5].map(async (i) => {
      await m.lock();
      log.push(`in ${i}`);
      await flush();
      log.push(`out ${i}`);
      m.unlock();
    });
    expect(m.waiters).toBe(5);
    m.unlock();
    await Promise.all(all);
    expect(log).toEqual(["in 1", "out 1", "in 2", "out 2", "in 3", "out 3", "in 4", "out 4", "in 5", "out 5"]);
    expect(m.locked).toBe(false);
    expect(m.waiters).toBe(0);
  });

  it("hands the lock straight to the oldest waiter: no barging by tryLock or a new lock()", async () => {
    const m = new Mutex();
    await m.lock();
    const log: string[] = [];
    const a = track(m.lock(), log, "a");
    m.unlock();
    expect(m.locked).toBe(true); // handed to a, never free in between
    expect(m.tryLock()).toBe(false);
    const b = track(m.lock(), log, "b");
    await flush();
    expect(a.state).toBe("resolved");
    expect(b.state).toBe("pending");
    m.unlock();
    await flush();
    expect(log).toEqual(["a", "b"]);
    m.unlock();
    expect(m.locked).toBe(false);
  });

  it("unlock of an unlocked mutex throws Go's words, with the name", () => {
    expect(() => new Mutex().unlock()).toThrow("sync: unlock of unlocked mutex");
    expect(() => new Mutex({ name: "db" }).unlock()).toThrow('sync: unlock of unlocked mutex "db"');
    const m = new Mutex();
    expect(m.tryLock()).toBe(true);
    m.unlock();
    expect(() => m.unlock()).toThrow(Error);
  });

  it("abort before the grant rejects with the reason and leaves the others in order", async () => {
    const m = new Mutex();
    await m.lock();
    const log: string[] = [];
    const ac = new AbortController();
    const reason = new Error("give up");
    const a = track(m.lock(), log, "a");
    const b = track(m.lock({ signal: ac.signal }), log, "b");
    const c = track(m.lock(), log, "c");
    expect(watchers(ac.signal)).toBe(1);
    ac.abort(reason);
    expect(m.waiters).toBe(2);
    expect(watchers(ac.signal)).toBe(0);
    await flush();
    expect(b.state).toBe("rejected");
    expect(b.reason).toBe(reason);
    m.unlock();
    await flush();
    expect(a.state).toBe("resolved");
    expect(c.state).toBe("pending");
    m.unlock();
    await flush();
    expect(c.state).toBe("resolved");
    expect(log).toEqual(["b!", "a", "c"]);
    m.unlock();
    expect(m.locked).toBe(false);
  });

  it("an already aborted signal rejects at once without touching the mutex", async () => {
    const m = new Mutex();
    const ac = new AbortController();
    ac.abort("stop");
    await expect(m.lock({ signal: ac.signal })).rejects.toBe("stop");
    expect(m.locked).toBe(false);
    expect(m.waiters).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a grant before the abort wins: the lock is held and the promise resolves", async () => {
    const m = new Mutex();
    await m.lock();
    const ac = new AbortController();
    const p = track(m.lock({ signal: ac.signal }));
    m.unlock(); // grant
    ac.abort(new Error("late"));
    await flush();
    expect(p.state).toBe("resolved");
    expect(m.locked).toBe(true);
    expect(watchers(ac.signal)).toBe(0);
    m.unlock();
    expect(m.locked).toBe(false);
  });

  it("the grant/abort race is decided by which step runs first (microtask order)", async () => {
    // abort queued first → abort wins; the mutex ends up free, not owned by nobody.
    const m1 = new Mutex();
    await m1.lock();
    const ac1 = new AbortController();
    const p1 = track(m1.lock({ signal: ac1.signal }));
    queueMicrotask(() => ac1.abort("first"));
    queueMicrotask(() => m1.unlock());
    await flush();
    expect(p1.state).toBe("rejected");
    expect(p1.reason).toBe("first");
    expect(m1.locked).toBe(false);

    // unlock queued first → grant wins; the late abort is ignored.
    const m2 = new Mutex();
    await m2.lock();
    const ac2 = new AbortController();
    const p2 = track(m2.lock({ signal: ac2.signal }));
    queueMicrotask(() => m2.unlock());
    queueMicrotask(() => ac2.abort("second"));
    await flush();
    expect(p2.state).toBe("resolved");
    expect(m2.locked).toBe(true);
    expect(watchers(ac2.signal)).toBe(0);
  });

  it("an unlock made while an abort is being delivered refuses the aborted waiters", async () => {
    const m = new Mutex();
    await m.lock();
    const ac = new AbortController();
    // This listener runs before the one cspkit adds, while the signal is already aborted.
    ac.signal.addEventListener("abort", () => m.unlock());
    const a = track(m.lock({ signal: ac.signal }));
    const b = track(m.lock({ signal: ac.signal }));
    ac.abort("gone");
    await flush();
    expect([a.state, b.state]).toEqual(["rejected", "rejected"]);
    expect([a.reason, b.reason]).toEqual(["gone", "gone"]);
    expect(m.locked).toBe(false); // nobody was handed a lock it cannot know about
    expect(m.waiters).toBe(0);
  });

  it("takes a context's signal through { ctx }", async () => {
    const m = new Mutex();
    await m.lock();
    const ac = new AbortController();
    const other = new AbortController();
    const p = track(m.lock({ ctx: { signal: ac.signal }, signal: other.signal }));
    expect(watchers(ac.signal)).toBe(1);
    expect(watchers(other.signal)).toBe(1);
    ac.abort("ctx done");
    await flush();
    expect(p.reason).toBe("ctx done");
    expect(watchers(other.signal)).toBe(0);
    expect(m.waiters).toBe(0);
  });

  it("10,000 waiters on one signal add one listener and leave none (grant path)", async () => {
    const m = new Mutex();
    await m.lock();
    const ac = new AbortController();
    const ps = Array.from({ length: 10_000 }, () => m.lock({ signal: ac.signal }));
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(1);
    expect(watchers(ac.signal)).toBe(10_000);
    for (let i = 0; i < 10_000; i++) m.unlock();
    await Promise.all(ps);
    expect(watchers(ac.signal)).toBe(0);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    m.unlock();
    expect(m.locked).toBe(false);
  });

  it("10,000 waiters on one signal leave none after an abort", async () => {
    const m = new Mutex();
    await m.lock();
    const ac = new AbortController();
    const ps = Array.from({ length: 10_000 }, () => m.lock({ signal: ac.signal }));
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(1);
    ac.abort("all");
    const rs = await Promise.allSettled(ps);
    expect(rs.every((r) => r.status === "rejected" && r.reason === "all")).toBe(true);
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    expect(m.waiters).toBe(0);
    m.unlock();
    expect(m.locked).toBe(false);
  });

  it("a lock/unlock loop that never parks still lets timers run (starvation guard)", async () => {
    const m = new Mutex();
    let fired = false;
    setTimeout(() => (fired = true), 0);
    let i = 0;
    for (; i < 5_000_000 && !fired; i++) {
      await m.lock();
      m.unlock();
    }
    expect(fired).toBe(true);
    expect(i).toBeLessThan(5_000_000);
  });

  describe("withLock", () => {
    it("runs fn under the lock and returns its value", async () => {
      const m = new Mutex();
      const seen: boolean[] = [];
      const v = await m.withLock(() => {
        seen.push(m.locked);
        return 42;
      });
      expect(v).toBe(42);
      expect(seen).toEqual([true]);
      expect(m.locked).toBe(false);
    });

    it("serialises async critical sections", async () => {
      const m = new Mutex();
      const log: string[] = [];
      await Promise.all(
        ["a", "b", "c"].map((k) =>
          m.withLock(async () => {
            log.push(`${k}<`);
            await flush();
            log.push(`>${k}`);
          }),
        ),
      );
      expect(log).toEqual(["a<", ">a", "b<", ">b", "c<", ">c"]);
    });

    it("unlocks when fn throws, rejects, or the wait is aborted", async () => {
      const m = new Mutex();
      const boom = new Error("boom");
      await expect(
        m.withLock(() => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(m.locked).toBe(false);
      await expect(m.withLock(() => Promise.reject(boom))).rejects.toBe(boom);
      expect(m.locked).toBe(false);

      await m.lock();
      const ac = new AbortController();
      let ran = false;
      const p = m.withLock(
        () => {
          ran = true;
        },
        { signal: ac.signal },
      );
      ac.abort("no");
      await expect(p).rejects.toBe("no");
      expect(ran).toBe(false);
      expect(m.locked).toBe(true); // still ours from lock() above
      m.unlock();
      expect(m.locked).toBe(false);
    });

    it("rejects a non-function with a TypeError and does not lock", async () => {
      const m = new Mutex();
      await expect(m.withLock(5 as unknown as () => void)).rejects.toThrow(
        new TypeError("mutex.withLock(fn): fn must be a function, got 5"),
      );
      expect(m.locked).toBe(false);
    });
  });

  describe("bad input", () => {
    it("rejects bad options", async () => {
      const m = new Mutex();
      await expect(m.lock(5 as never)).rejects.toThrow(TypeError);
      await expect(m.lock(5 as never)).rejects.toThrow("mutex.lock(options): options must be an object like { signal }, got 5");
      await expect(m.lock({ signal: "x" as never })).rejects.toThrow('options.signal must be an AbortSignal, got "x"');
      await expect(m.lock({ ctx: {} as never })).rejects.toThrow("options.ctx must be a context");
      expect(m.locked).toBe(false);
    });

    it("rejects a bad constructor option", () => {
      expect(() => new Mutex("db" as never)).toThrow(new TypeError('new Mutex(options): options must be an object like { name: "db" }, got "db"'));
      expect(() => new Mutex({ name: 7 as never })).toThrow(new TypeError("new Mutex(options): options.name must be a string, got 7"));
      expect(new Mutex({ name: "db" }).name).toBe("db");
      expect(new Mutex().name).toBeUndefined();
    });
  });
});
