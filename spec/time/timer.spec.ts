// timer(ms): stop/reset return values and Go 1.23's rule that no value from
// before a stop() or reset() can be received after it returns.

import { describe, expect, it } from "vitest";
import { manualClock, select, chan, timer } from "../../src/index.js";
import { probe } from "../chan/_helpers.js";

describe("timer(ms)", () => {
  it("delivers its deadline once, like after()", async () => {
    const clock = manualClock(100);
    const t = timer(50, { clock });
    const r = probe(t.c.recv());
    await clock.advance(49);
    expect(r.status).toBe("pending");
    await clock.advance(1);
    expect(r.value).toEqual({ value: 150, ok: true });
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("stop() before it fires returns true and nothing is ever delivered", async () => {
    const clock = manualClock();
    const t = timer(50, { clock });
    const r = probe(t.c.recv());
    expect(clock.pending).toBe(1);
    expect(t.stop()).toBe(true);
    expect(clock.pending).toBe(0);
    await clock.advance(1_000);
    expect(r.status).toBe("pending");
    expect(t.c.tryRecv()).toBeUndefined();
    // Go: stop does not close the channel.
    expect(t.c.closed).toBe(false);
    expect(t.stop()).toBe(false);
    // Only a reset delivers again, and it goes to the receiver still waiting.
    expect(t.reset(0)).toBe(false);
    await clock.advance(0);
    expect(r.value).toEqual({ value: 1_000, ok: true });
  });

  it("stop() after the value was received returns false", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const r = t.c.recv();
    await clock.advance(10);
    expect(await r).toEqual({ value: 10, ok: true });
    expect(t.stop()).toBe(false);
  });

  it("stop() after expiry but before any receive returns true and leaves no stale value", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    await clock.advance(20);
    expect(t.stop()).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
    const r = probe(t.c.recv());
    await clock.advance(1_000);
    expect(r.status).toBe("pending");
    expect(clock.pending).toBe(0);
    // Only a reset delivers again, and it goes to the receiver still waiting.
    expect(t.reset(0)).toBe(false);
    await clock.advance(0);
    expect(r.value).toEqual({ value: 1_020, ok: true });
  });

  it("reset() of an active timer returns true and moves the deadline; the old one never fires", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const r = probe(t.c.recv());
    await clock.advance(5);
    expect(t.reset(20)).toBe(true);
    expect(clock.pending).toBe(1);
    await clock.advance(5); // the old deadline (10)
    expect(r.status).toBe("pending");
    await clock.advance(14);
    expect(r.status).toBe("pending");
    await clock.advance(1); // the new deadline: 5 + 20
    expect(r.value).toEqual({ value: 25, ok: true });
  });

  it("reset() after expiry but before any receive returns true and the stale value is gone", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    await clock.advance(30);
    expect(t.reset(100)).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
    const r = probe(t.c.recv());
    await clock.advance(99);
    expect(r.status).toBe("pending");
    await clock.advance(1);
    expect(r.value).toEqual({ value: 130, ok: true });
  });

  it("reset() after stop() returns false and re-arms", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    expect(t.stop()).toBe(true);
    expect(t.reset(40)).toBe(false);
    const r = probe(t.c.recv());
    await clock.advance(40);
    expect(r.value).toEqual({ value: 40, ok: true });
  });

  it("reset() after the value was received returns false and the timer can fire again", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const first = t.c.recv();
    await clock.advance(10);
    expect(await first).toEqual({ value: 10, ok: true });
    expect(t.reset(5)).toBe(false);
    const second = probe(t.c.recv());
    await clock.advance(5);
    expect(second.value).toEqual({ value: 15, ok: true });
    expect(t.stop()).toBe(false);
  });

  it("a receiver parked across stop() gets the value of a later reset(), not the old one", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const r = probe(t.c.recv());
    expect(t.stop()).toBe(true);
    await clock.advance(50);
    expect(r.status).toBe("pending");
    expect(clock.pending).toBe(0);
    expect(t.reset(10)).toBe(false);
    expect(clock.pending).toBe(1);
    await clock.advance(10);
    expect(r.value).toEqual({ value: 60, ok: true });
  });

  it("reset(0) and negative reset fire at once", async () => {
    const clock = manualClock(9);
    const t = timer(100, { clock });
    expect(t.reset(0)).toBe(true);
    expect(t.c.tryRecv()).toEqual({ value: 9, ok: true });
    expect(t.reset(-3)).toBe(false);
    expect(await t.c.recv()).toEqual({ value: 9, ok: true });
  });

  it("a stopped timer in a select never wins; the select waits for the other case", async () => {
    const clock = manualClock();
    const t = timer(10, { clock });
    const ch = chan<number>();
    const r = probe(select({ t: t.c, v: ch }));
    t.stop();
    await clock.advance(100);
    expect(r.status).toBe("pending");
    ch.trySend(1);
    await clock.advance(0);
    expect(r.value).toStrictEqual({ case: "v", value: 1, ok: true });
  });
});
