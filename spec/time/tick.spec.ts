// tick(ms): at most one pending tick, slow receivers drop ticks, stop() does
// not close.

import { describe, expect, it } from "vitest";
import { chan, manualClock, select, tick } from "../../src/index.js";
import { probe } from "../chan/_helpers.js";

describe("tick(ms)", () => {
  it("delivers a tick every period to a waiting receiver", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    const got: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = probe(t.c.recv());
      await clock.advance(9);
      expect(r.status).toBe("pending");
      await clock.advance(1);
      expect(r.status).toBe("fulfilled");
      got.push(r.value!.value!);
    }
    expect(got).toEqual([10, 20, 30, 40]);
    t.stop();
  });

  it("a slow receiver gets one tick at once, then the next only after the next period", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    await clock.advance(50); // five periods, nobody receiving
    expect(clock.pending).toBe(0);
    // One tick is pending (the first one missed); the other four were dropped.
    expect(t.c.tryRecv()).toEqual({ value: 10, ok: true });
    expect(t.c.tryRecv()).toBeUndefined();
    const r = probe(t.c.recv());
    await clock.advance(9);
    expect(r.status).toBe("pending");
    await clock.advance(1);
    expect(r.value).toEqual({ value: 60, ok: true });
    t.stop();
  });

  it("keeps its phase when a receiver is late by less than a period", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    await clock.advance(13);
    expect(t.c.tryRecv()).toEqual({ value: 10, ok: true });
    const r = probe(t.c.recv());
    await clock.advance(7); // t = 20
    expect(r.value).toEqual({ value: 20, ok: true });
    t.stop();
  });

  it("stop() does not close the channel and no tick arrives afterwards, not even a due one", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    await clock.advance(15); // one tick due, not received
    t.stop();
    expect(t.c.closed).toBe(false);
    expect(t.c.tryRecv()).toBeUndefined();
    const r = probe(t.c.recv());
    expect(clock.pending).toBe(0);
    await clock.advance(1_000);
    expect(r.status).toBe("pending");

    // reset() restarts it with the new period from now; the parked receiver gets the tick.
    t.reset(5);
    expect(clock.pending).toBe(1);
    await clock.advance(5);
    expect(r.value).toEqual({ value: 1_020, ok: true });
    t.stop();
  });

  it("reset() changes the period", async () => {
    const clock = manualClock();
    const t = tick(100, { clock });
    await clock.advance(30);
    t.reset(7);
    const r1 = probe(t.c.recv());
    await clock.advance(7);
    expect(r1.value).toEqual({ value: 37, ok: true });
    const r2 = probe(t.c.recv());
    await clock.advance(7);
    expect(r2.value).toEqual({ value: 44, ok: true });
    t.stop();
  });

  it("a ticker in a select loop: ticks interleave with other cases and nothing is left armed when the loop ends", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    const quit = chan<void>();
    const log: string[] = [];
    const loop = (async () => {
      for (;;) {
        const r = await select({ tick: t.c, quit });
        if (r.case === "quit") return;
        log.push(`tick ${r.value}`);
      }
    })();
    await clock.advance(35);
    quit.close();
    await loop;
    expect(log).toEqual(["tick 10", "tick 20", "tick 30"]);
    expect(clock.pending).toBe(0);
    t.stop();
  });
});
