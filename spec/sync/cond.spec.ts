import { describe, expect, it } from "vitest";
import { Cond, Mutex, RWMutex, watchers } from "../../src/index.js";
import { flush, track } from "./util.js";

describe("Cond", () => {
  it("wait unlocks, parks, and relocks before resolving", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    await m.lock();
    const w = track(c.wait());
    expect(m.locked).toBe(false); // wait released the lock
    expect(c.waiters).toBe(1);
    await m.lock(); // the signaller takes it
    c.signal();
    expect(c.waiters).toBe(0);
    await flush();
    expect(w.state).toBe("pending"); // woken, but the lock is still the signaller's
    m.unlock();
    await flush();
    expect(w.state).toBe("resolved");
    expect(m.locked).toBe(true); // the waiter holds it again
    m.unlock();
  });

  it("signal wakes exactly one waiter, the oldest", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const log: string[] = [];
    for (const k of ["a", "b", "c"]) {
      await m.lock();
      track(
        c.wait().then(() => m.unlock()),
        log,
        k,
      );
    }
    c.signal();
    await flush();
    expect(log).toEqual(["a"]);
    c.signal();
    await flush();
    expect(log).toEqual(["a", "b"]);
    expect(c.waiters).toBe(1);
    c.signal();
    c.signal(); // no waiter: nothing happens, nothing is remembered
    await flush();
    expect(log).toEqual(["a", "b", "c"]);
    await m.lock();
    const late = track(c.wait());
    await flush();
    expect(late.state).toBe("pending");
    c.signal();
    await flush();
    expect(late.state).toBe("resolved");
    m.unlock();
  });

  it("broadcast wakes every waiter; they get the lock back one at a time in wait order", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const log: string[] = [];
    const all: Promise<void>[] = [];
    for (const k of ["a", "b", "c"]) {
      await m.lock();
      const p = c.wait();
      all.push(
        p.then(async () => {
          log.push(`${k}<`);
          await flush();
          log.push(`>${k}`);
          m.unlock();
        }),
      );
    }
    await m.lock();
    c.broadcast();
    expect(c.waiters).toBe(0);
    m.unlock();
    await Promise.all(all);
    expect(log).toEqual(["a<", ">a", "b<", ">b", "c<", ">c"]);
    expect(m.locked).toBe(false);
  });

  it("an aborted wait relocks, then rejects with the reason, leaving no listener", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const ac = new AbortController();
    await m.lock();
    const w = track(c.wait({ signal: ac.signal }));
    expect(watchers(ac.signal)).toBe(1);
    await m.lock();
    ac.abort("timeout");
    expect(c.waiters).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
    await flush();
    expect(w.state).toBe("pending"); // still waiting for the lock
    m.unlock();
    await flush();
    expect(w.state).toBe("rejected");
    expect(w.reason).toBe("timeout");
    expect(m.locked).toBe(true); // the rejected waiter holds it, for its finally { unlock() }
    m.unlock();
  });

  it("an abort after the wake is ignored: the wait resolves", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const ac = new AbortController();
    await m.lock();
    const w = track(c.wait({ signal: ac.signal }));
    c.signal();
    ac.abort("late");
    await flush();
    expect(w.state).toBe("resolved");
    expect(m.locked).toBe(true);
    m.unlock();
  });

  it("an already aborted signal rejects at once and keeps the lock held", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    await m.lock();
    const ac = new AbortController();
    ac.abort("pre");
    await expect(c.wait({ signal: ac.signal })).rejects.toBe("pre");
    expect(m.locked).toBe(true);
    expect(c.waiters).toBe(0);
    m.unlock();
  });

  it("wait without holding the lock rejects with the lock's error and parks nothing", async () => {
    const c = new Cond(new Mutex());
    await expect(c.wait()).rejects.toThrow("sync: unlock of unlocked mutex");
    expect(c.waiters).toBe(0);
    await expect(new Cond(new RWMutex()).wait()).rejects.toThrow("sync: Unlock of unlocked RWMutex");
  });

  it("works with an RWMutex's write side", async () => {
    const rw = new RWMutex();
    const c = new Cond(rw);
    await rw.lock();
    const w = track(c.wait());
    expect(rw.locked).toBe(false);
    c.broadcast();
    await flush();
    expect(w.state).toBe("resolved");
    expect(rw.locked).toBe(true);
    rw.unlock();
  });

  it("a producer/consumer queue built on it delivers every item in order", async () => {
    const m = new Mutex();
    const nonEmpty = new Cond(m, { name: "nonEmpty" });
    const queue: number[] = [];
    const got: number[] = [];
    const consumer = (async () => {
      for (let i = 0; i < 5; i++) {
        await m.lock();
        try {
          while (queue.length === 0) await nonEmpty.wait();
          got.push(queue.shift()!);
        } finally {
          m.unlock();
        }
      }
    })();
    for (let i = 1; i <= 5; i++) {
      await flush();
      await m.withLock(() => {
        queue.push(i);
        nonEmpty.signal();
      });
    }
    await consumer;
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(nonEmpty.name).toBe("nonEmpty");
  });

  it("rejects a non-Locker and bad options", async () => {
    expect(() => new Cond({} as never)).toThrow(
      new TypeError("new Cond(locker): locker must be a Locker (a Mutex, an RWMutex or rw.rLocker()), got an object"),
    );
    expect(() => new Cond(undefined as never)).toThrow("got undefined");
    expect(() => new Cond(new Mutex(), { name: false as never })).toThrow("new Cond(locker, options): options.name must be a string, got false");
    const m = new Mutex();
    await m.lock();
    await expect(new Cond(m).wait("x" as never)).rejects.toThrow("cond.wait(options): options must be an object");
    expect(m.locked).toBe(true);
  });
});
