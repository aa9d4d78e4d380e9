// after(ms): a receive-only channel that delivers its deadline once.

import { describe, expect, it } from "vitest";
import { after, chan, channelState, manualClock, select, setClock } from "../../src/index.js";
import { probe, settle } from "../chan/_helpers.js";
import { leaveParked } from "../setup/leaks.js";

describe("after(ms)", () => {
  it("delivers the deadline once, at the deadline and not before", async () => {
    const clock = manualClock(1_000);
    const t = after(100, { clock });
    const r = probe(t.recv());
    expect(clock.pending).toBe(1);
    await clock.advance(99);
    expect(r.status).toBe("pending");
    await clock.advance(1);
    expect(r.value).toEqual({ value: 1_100, ok: true });
    expect(clock.pending).toBe(0);

    // Once only: later receivers wait forever and arm nothing.
    expect(t.tryRecv()).toBeUndefined();
    const again = probe(t.recv());
    expect(clock.pending).toBe(0);
    await clock.advance(100_000);
    expect(again.status).toBe("pending");
    expect(t.closed).toBe(false);
    leaveParked("a spent after() never delivers again and the receive has no signal: nothing can release it", (b) => b.op === "recv" && b.on === "timer");
  });

  it("a deadline that passed with nobody waiting is still delivered once to the next receiver", async () => {
    const clock = manualClock();
    const t = after(50, { clock });
    expect(t.tryRecv()).toBeUndefined();
    await clock.advance(80);
    expect(clock.pending).toBe(0);
    expect(t.tryRecv()).toEqual({ value: 50, ok: true });
    expect(t.tryRecv()).toBeUndefined();
  });

  it.each([0, -5, Number.NEGATIVE_INFINITY])("after(%s) is ready at once with the current time", async (ms) => {
    const clock = manualClock(42);
    const t = after(ms, { clock });
    expect(await t.recv()).toEqual({ value: 42, ok: true });
    expect(t.tryRecv()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it("works as a select timeout; the other case's waiter is withdrawn", async () => {
    const clock = manualClock();
    const ch = chan<number>();
    const r = probe(select({ v: ch, t: after(5_000, { clock }) }));
    await clock.advance(4_999);
    expect(r.status).toBe("pending");
    await clock.advance(1);
    expect(r.value).toStrictEqual({ case: "t", value: 5_000, ok: true });
    expect(channelState(ch).receivers).toBe(0);
  });

  it("a ready after() in a select is an ordinary ready case", async () => {
    const clock = manualClock();
    const idle = chan<number>();
    expect(await select({ idle, t: after(0, { clock }) })).toStrictEqual({ case: "t", value: 0, ok: true });
  });

  it("uses the clock installed with setClock when none is passed", async () => {
    const clock = manualClock(7);
    const prev = setClock(clock);
    try {
      const t = after(3);
      const r = probe(t.recv());
      expect(clock.pending).toBe(1);
      await clock.advance(3);
      expect(r.value).toEqual({ value: 10, ok: true });
    } finally {
      expect(setClock(prev)).toBe(clock);
    }
  });

  it("with the system clock it really fires (short real wait)", async () => {
    const t0 = Date.now();
    const r = await after(5).recv();
    expect(r.ok).toBe(true);
    expect(r.value).toBeGreaterThanOrEqual(t0 + 5);
    expect(Date.now()).toBeGreaterThanOrEqual(t0 + 5);
    await settle();
  });
});
