// Cancelling a select: abort before commit withdraws every case and rejects with
// signal.reason; commit before abort resolves; one listener per signal.

import { describe, expect, it } from "vitest";
import { chan, channelState, select, send, watchers } from "../../src/index.js";
import { abortListeners, collectWarnings, countAdds, macrotask, probe, settle } from "../chan/_helpers.js";

describe("select with a signal", () => {
  it("abort of a parked select rejects with the identical reason and withdraws every case", async () => {
    const a = chan<number>();
    const b = chan<number>(1);
    b.trySend(0); // full: the send case parks
    const out = chan<string>();
    const ac = new AbortController();
    const p = probe(select({ a, s: send(b, 1), o: send(out, "x") }, { signal: ac.signal }));
    await settle();
    expect(p.status).toBe("pending");
    expect(watchers(ac.signal)).toBe(1);

    const reason = Symbol("cancelled");
    ac.abort(reason);
    await settle();
    expect(p.status).toBe("rejected");
    expect(p.reason).toBe(reason);
    for (const ch of [a, b, out]) expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);

    // As if never issued: no receiver on a, nothing extra in b, nothing offered on out.
    expect(a.trySend(1)).toBe(false);
    expect(b.tryRecv()).toEqual({ value: 0, ok: true });
    expect(b.tryRecv()).toBeUndefined();
    expect(out.tryRecv()).toBeUndefined();
  });

  it("abort of a select parked on a timer channel clears its host timeout", async () => {
    const { after, manualClock } = await import("../../src/index.js");
    const clock = manualClock();
    const ac = new AbortController();
    const p = probe(select({ t: after(1_000, { clock }) }, { signal: ac.signal }));
    expect(clock.pending).toBe(1);
    ac.abort("x");
    expect(clock.pending).toBe(0);
    await clock.advance(2_000);
    expect(p.reason).toBe("x");
  });

  it("an already-aborted signal rejects even with ready cases, consuming nothing", async () => {
    const a = chan<number>(1);
    a.trySend(1);
    const out = chan<number>(1);
    const reason = new Error("already");
    await expect(select({ a, o: send(out, 2) }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(a.len).toBe(1);
    expect(out.len).toBe(0);
  });

  it("commit before abort: the select resolves and the late abort is ignored", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const ac = new AbortController();
    const p = select({ a, b }, { signal: ac.signal });
    expect(a.trySend(3)).toBe(true);
    ac.abort("late");
    expect(await p).toStrictEqual({ case: "a", value: 3, ok: true });
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);
  });

  it("commit through a send case before abort: the receiver has the value, the select resolves", async () => {
    const out = chan<number>();
    const ac = new AbortController();
    const p = select({ o: send(out, 4), n: chan<number>() }, { signal: ac.signal });
    expect(out.tryRecv()).toEqual({ value: 4, ok: true });
    ac.abort("late");
    expect(await p).toStrictEqual({ case: "o" });
  });

  it("10,000 parked selects on one signal add one listener; none is left after abort or completion", async () => {
    const w = collectWarnings();
    try {
      const ac = new AbortController();
      const adds = countAdds(ac.signal);
      const quiet = chan<number>();
      const wake = chan<number>();
      const ps = Array.from({ length: 10_000 }, () => probe(select({ q: quiet, w: wake }, { signal: ac.signal })));
      expect(adds.adds).toBe(1);
      expect(abortListeners(ac.signal)).toBe(1);
      expect(watchers(ac.signal)).toBe(10_000);
      expect(channelState(quiet).receivers).toBe(10_000);

      // Complete half of them...
      for (let i = 0; i < 5_000; i++) wake.trySend(i);
      expect(watchers(ac.signal)).toBe(5_000);
      expect(channelState(quiet).receivers).toBe(5_000);
      // ...and abort the rest.
      ac.abort("rest");
      await settle();
      expect(ps.slice(0, 5_000).map((p) => (p.value as { value: number }).value)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
      expect(ps.slice(5_000).every((p) => p.status === "rejected" && p.reason === "rest")).toBe(true);
      expect(watchers(ac.signal)).toBe(0);
      expect(abortListeners(ac.signal)).toBe(0);
      expect(channelState(quiet).receivers).toBe(0);
      expect(channelState(wake).receivers).toBe(0);

      // Completion alone also removes the listener.
      const ac2 = new AbortController();
      const ps2 = Array.from({ length: 10_000 }, () => select({ q: quiet, w: wake }, { signal: ac2.signal }));
      expect(abortListeners(ac2.signal)).toBe(1);
      for (let i = 0; i < 10_000; i++) wake.trySend(i);
      expect(abortListeners(ac2.signal)).toBe(0);
      expect(watchers(ac2.signal)).toBe(0);
      await Promise.all(ps2);
      await macrotask();
      expect(w.names).not.toContain("MaxListenersExceededWarning");
    } finally {
      w.stop();
    }
  });
});
