import { describe, expect, it } from "vitest";
import { Cond, RWMutex, watchers } from "../../src/index.js";
import { flush, track } from "./util.js";

describe("RWMutex", () => {
  it("admits many readers at once; a writer waits for all of them", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    await rw.rLock();
    expect(rw.readerCount).toBe(2);
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    const w = track(rw.lock());
    rw.rUnlock();
    rw.rUnlock();
    await flush();
    expect(w.state).toBe("pending");
    rw.rUnlock();
    await flush();
    expect(w.state).toBe("resolved");
    expect(rw.locked).toBe(true);
    rw.unlock();
    expect(rw.locked).toBe(false);
    expect(rw.readerCount).toBe(0);
  });

  it("is writer-preferring: a waiting writer blocks new readers", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const log: string[] = [];
    const w = track(rw.lock(), log, "w");
    expect(rw.tryRLock()).toBe(false);
    const r2 = track(rw.rLock(), log, "r2");
    await flush();
    expect([w.state, r2.state]).toEqual(["pending", "pending"]);
    expect(rw.readerCount).toBe(1);
    expect(rw.waiters).toBe(2);
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["w"]);
    rw.unlock();
    await flush();
    expect(log).toEqual(["w", "r2"]);
    rw.rUnlock();
    expect(rw.waiters).toBe(0);
  });

  it("after a writer, every reader that waited goes before the next writer (Go's order)", async () => {
    const rw = new RWMutex();
    await rw.lock();
    const log: string[] = [];
    track(rw.rLock(), log, "r1");
    track(rw.lock(), log, "w2");
    track(rw.rLock(), log, "r2");
    track(rw.lock(), log, "w3");
    track(rw.rLock(), log, "r3");
    rw.unlock();
    await flush();
    // r1, r2, r3 admitted together; w2 is now pending behind them.
    expect(log).toEqual(["r1", "r2", "r3"]);
    expect(rw.readerCount).toBe(3);
    expect(rw.tryRLock()).toBe(false); // w2 pending blocks new readers
    const r4 = track(rw.rLock(), log, "r4");
    rw.rUnlock();
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["r1", "r2", "r3"]);
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["r1", "r2", "r3", "w2"]);
    rw.unlock(); // r4 waited behind w2 → it goes before w3
    await flush();
    expect(log).toEqual(["r1", "r2", "r3", "w2", "r4"]);
    expect(r4.state).toBe("resolved");
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["r1", "r2", "r3", "w2", "r4", "w3"]);
    rw.unlock();
    expect(rw.locked).toBe(false);
    expect(rw.waiters).toBe(0);
  });

  it("writers queue FIFO among themselves; tryLock never barges", async () => {
    const rw = new RWMutex();
    await rw.lock();
    const log: string[] = [];
    track(rw.lock(), log, "a");
    track(rw.lock(), log, "b");
    rw.unlock();
    expect(rw.tryLock()).toBe(false);
    expect(rw.tryRLock()).toBe(false);
    await flush();
    rw.unlock();
    await flush();
    expect(log).toEqual(["a", "b"]);
    rw.unlock();
    expect(rw.tryLock()).toBe(true);
    rw.unlock();
  });

  it("throws Go's words on bad unlocks", async () => {
    const rw = new RWMutex({ name: "cache" });
    expect(() => rw.rUnlock()).toThrow('sync: RUnlock of unlocked RWMutex "cache"');
    expect(() => rw.unlock()).toThrow('sync: Unlock of unlocked RWMutex "cache"');
    await rw.rLock();
    expect(() => rw.unlock()).toThrow("sync: Unlock of unlocked RWMutex"); // a read lock is not the write lock
    rw.rUnlock();
    await rw.lock();
    expect(() => rw.rUnlock()).toThrow("sync: RUnlock of unlocked RWMutex");
    rw.unlock();
    // a pending (not yet granted) writer cannot be unlocked either
    await rw.rLock();
    const w = track(rw.lock());
    expect(() => rw.unlock()).toThrow("sync: Unlock of unlocked RWMutex");
    rw.rUnlock();
    await flush();
    expect(w.state).toBe("resolved");
    rw.unlock();
  });

  it("aborting the pending writer lets the readers it held back in, then the next writer lines up", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const ac = new AbortController();
    const log: string[] = [];
    const w1 = track(rw.lock({ signal: ac.signal }), log, "w1");
    const r = track(rw.rLock(), log, "r");
    const w2 = track(rw.lock(), log, "w2");
    ac.abort("cancel w1");
    await flush();
    expect(w1.reason).toBe("cancel w1");
    expect(r.state).toBe("resolved");
    expect(rw.readerCount).toBe(2);
    expect(w2.state).toBe("pending"); // now pending behind the two readers
    expect(rw.tryRLock()).toBe(false);
    rw.rUnlock();
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["w1!", "r", "w2"]);
    expect(watchers(ac.signal)).toBe(0);
    rw.unlock();
    expect(rw.waiters).toBe(0);
  });

  it("aborting a queued reader or writer leaves the rest untouched", async () => {
    const rw = new RWMutex();
    await rw.lock();
    const ac = new AbortController();
    const log: string[] = [];
    track(rw.rLock({ signal: ac.signal }), log, "r1");
    track(rw.lock({ signal: ac.signal }), log, "w1");
    track(rw.rLock(), log, "r2");
    track(rw.lock(), log, "w2");
    expect(rw.waiters).toBe(4);
    ac.abort("x");
    expect(rw.waiters).toBe(2);
    rw.unlock();
    await flush();
    expect(log).toEqual(["r1!", "w1!", "r2"]);
    rw.rUnlock();
    await flush();
    expect(log).toEqual(["r1!", "w1!", "r2", "w2"]);
    rw.unlock();
  });

  it("a pending writer whose signal aborts during delivery is refused, not granted", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const ac = new AbortController();
    ac.signal.addEventListener("abort", () => rw.rUnlock());
    const w = track(rw.lock({ signal: ac.signal }));
    ac.abort("late");
    await flush();
    expect(w.state).toBe("rejected");
    expect(rw.locked).toBe(false);
    expect(rw.tryLock()).toBe(true);
    rw.unlock();
  });

  it("a grant before the abort wins", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const ac = new AbortController();
    const w = track(rw.lock({ signal: ac.signal }));
    rw.rUnlock();
    ac.abort("too late");
    await flush();
    expect(w.state).toBe("resolved");
    expect(rw.locked).toBe(true);
    rw.unlock();
  });

  it("withRLock/withLock release on every exit path", async () => {
    const rw = new RWMutex();
    const boom = new Error("boom");
    expect(await rw.withRLock(() => rw.readerCount)).toBe(1);
    await expect(rw.withRLock(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(rw.readerCount).toBe(0);
    expect(await rw.withLock(async () => rw.locked)).toBe(true);
    await expect(
      rw.withLock(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(rw.locked).toBe(false);
    await expect(rw.withRLock(null as never)).rejects.toThrow("rwMutex.withRLock(fn): fn must be a function, got null");
    await expect(rw.withLock(null as never)).rejects.toThrow("rwMutex.withLock(fn): fn must be a function, got null");
  });

  it("rLocker() is the read side as a Locker (usable by Cond)", async () => {
    const rw = new RWMutex();
    const rl = rw.rLocker();
    await rl.lock();
    expect(rw.readerCount).toBe(1);
    const c = new Cond(rl);
    const p = track(c.wait());
    expect(rw.readerCount).toBe(0);
    c.signal();
    await flush();
    expect(p.state).toBe("resolved");
    expect(rw.readerCount).toBe(1);
    rl.unlock();
    expect(rw.readerCount).toBe(0);
  });

  it("rejects bad options and constructor options", async () => {
    const rw = new RWMutex();
    await expect(rw.rLock(1 as never)).rejects.toThrow("rwMutex.rLock(options): options must be an object");
    await expect(rw.lock(1 as never)).rejects.toThrow("rwMutex.lock(options): options must be an object");
    expect(() => new RWMutex({ name: 1 as never })).toThrow(new TypeError("new RWMutex(options): options.name must be a string, got 1"));
    const ac = new AbortController();
    ac.abort("pre");
    await expect(rw.rLock({ signal: ac.signal })).rejects.toBe("pre");
    await expect(rw.lock({ signal: ac.signal })).rejects.toBe("pre");
    expect([rw.readerCount, rw.locked, rw.waiters]).toEqual([0, false, 0]);
  });
});
