// sleep(ms, { signal, clock })

import { describe, expect, it } from "vitest";
import { manualClock, setClock, sleep, watchers } from "../../src/index.js";
import { abortListeners, collectWarnings, macrotask, probe } from "../chan/_helpers.js";

describe("sleep(ms)", () => {
  it("resolves after ms of clock time, not before", async () => {
    const clock = manualClock();
    const s = probe(sleep(100, { clock }));
    expect(clock.pending).toBe(1);
    await clock.advance(99);
    expect(s.status).toBe("pending");
    await clock.advance(1);
    expect(s.status).toBe("fulfilled");
    expect(s.value).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it.each([0, -10])("sleep(%s) resolves at the next clock turn", async (ms) => {
    const clock = manualClock();
    const s = probe(sleep(ms, { clock }));
    await clock.advance(0);
    expect(s.status).toBe("fulfilled");
  });

  it("abort rejects with the identical reason and clears the timeout", async () => {
    const clock = manualClock();
    const ac = new AbortController();
    const s = probe(sleep(1_000, { clock, signal: ac.signal }));
    expect(watchers(ac.signal)).toBe(1);
    const reason = new Error("wake up");
    ac.abort(reason);
    await macrotask();
    expect(s.reason).toBe(reason);
    expect(clock.pending).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);
  });

  it("an already-aborted signal rejects at once and arms nothing", async () => {
    const clock = manualClock();
    const signal = AbortSignal.abort("no");
    await expect(sleep(10, { clock, signal })).rejects.toBe("no");
    expect(clock.pending).toBe(0);
  });

  it("completing removes the abort listener; a later abort is ignored", async () => {
    const clock = manualClock();
    const ac = new AbortController();
    const s = probe(sleep(10, { clock, signal: ac.signal }));
    await clock.advance(10);
    expect(s.status).toBe("fulfilled");
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);
    ac.abort("late");
    await macrotask();
    expect(s.status).toBe("fulfilled");
  });

  it("10,000 sleeps on one signal add one listener and leave none", async () => {
    const w = collectWarnings();
    try {
      const clock = manualClock();
      const ac = new AbortController();
      const done = Array.from({ length: 5_000 }, () => probe(sleep(10, { clock, signal: ac.signal })));
      const aborted = Array.from({ length: 5_000 }, () => probe(sleep(20, { clock, signal: ac.signal })));
      expect(abortListeners(ac.signal)).toBe(1);
      await clock.advance(10);
      expect(done.every((s) => s.status === "fulfilled")).toBe(true);
      expect(watchers(ac.signal)).toBe(5_000);
      ac.abort("rest");
      await macrotask();
      expect(aborted.every((s) => s.status === "rejected" && s.reason === "rest")).toBe(true);
      expect(abortListeners(ac.signal)).toBe(0);
      expect(clock.pending).toBe(0);
      await macrotask();
      expect(w.names).not.toContain("MaxListenersExceededWarning");
    } finally {
      w.stop();
    }
  });

  it("uses the clock installed with setClock", async () => {
    const clock = manualClock();
    const prev = setClock(clock);
    try {
      const s = probe(sleep(5));
      expect(clock.pending).toBe(1);
      await clock.advance(5);
      expect(s.status).toBe("fulfilled");
    } finally {
      setClock(prev);
    }
  });
});
