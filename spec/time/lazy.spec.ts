// Timers are lazy: a host timeout exists only while someone waits. Issue 2:
// 100,000 iterations of select({ v: ch, t: after(10_000) }) that each win on ch
// leave no pending timers, and the process exits at once afterwards.

import { describe, expect, it } from "vitest";
import { after, chan, channelState, manualClock, select, setClock, tick, timer } from "../../src/index.js";
import { runChild } from "../chan/_child.js";
import { probe } from "../chan/_helpers.js";

const N = 100_000;

describe("lazy timers", () => {
  it("an after() nobody waits on arms nothing, even past its deadline", async () => {
    const clock = manualClock();
    after(10, { clock });
    timer(10, { clock });
    const t = tick(10, { clock });
    expect(clock.pending).toBe(0);
    await clock.advance(100);
    expect(clock.pending).toBe(0);
    t.stop();
  });

  it("a parked after() holds one host timeout only while the select waits: 1 → 0 when another case wins", async () => {
    const clock = manualClock();
    const ch = chan<number>();
    const p = select({ v: ch, t: after(10_000, { clock }) });
    expect(clock.pending).toBe(1);
    ch.trySend(1);
    expect(clock.pending).toBe(0);
    expect(await p).toStrictEqual({ case: "v", value: 1, ok: true });
    expect(channelState(ch).receivers).toBe(0);
  });

  it("an aborted receive on a timer clears its timeout; a remaining receiver keeps it", async () => {
    const clock = manualClock();
    const t = after(100, { clock });
    const ac = new AbortController();
    const a = probe(t.recv({ signal: ac.signal }));
    const b = probe(t.recv({ signal: new AbortController().signal }));
    expect(clock.pending).toBe(1);
    ac.abort("a leaves");
    expect(clock.pending).toBe(1);
    await clock.advance(100);
    expect(a.reason).toBe("a leaves");
    expect(b.value).toEqual({ value: 100, ok: true });
    expect(clock.pending).toBe(0);
  });

  it(`${N.toLocaleString("en")} selects with after(10_000) that each win on ch leave no pending timers`, async () => {
    const clock = manualClock();
    const prev = setClock(clock);
    try {
      const ch = chan<number>();
      let maxPending = 0;
      let wrong = 0;
      for (let i = 0; i < N; i++) {
        // Half the time ch is ready at once, half the time the select parks first.
        let p;
        if (i % 2 === 0) {
          const s = ch.send(i);
          p = select({ v: ch, t: after(10_000) });
          await s;
        } else {
          p = select({ v: ch, t: after(10_000) });
          maxPending = Math.max(maxPending, clock.pending);
          ch.trySend(i);
        }
        const r = await p;
        if (r.case !== "v" || r.value !== i) wrong++;
      }
      expect(wrong).toBe(0);
      expect(maxPending).toBe(1);
      expect(clock.pending).toBe(0);
      expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
    } finally {
      setClock(prev);
    }
  });

  it(`in a fresh process with the real clock, ${N.toLocaleString("en")} such selects leave no timer and the process exits at once`, async () => {
    const r = await runChild(
      `
      const { chan, select, after } = csp;
      const ch = chan();
      let wins = 0;
      for (let i = 0; i < ${N}; i++) {
        const p = select({ v: ch, t: after(10_000) });
        ch.trySend(i);
        if ((await p).case === "v") wins++;
      }
      const timeouts = process.getActiveResourcesInfo().filter((k) => k === "Timeout").length;
      const loopEnd = performance.now();
      process.on("exit", () => {
        console.log(JSON.stringify({ wins, timeouts, exitDelay: performance.now() - loopEnd }));
      });
      `,
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { wins: number; timeouts: number; exitDelay: number };
    expect(report.wins).toBe(N);
    expect(report.timeouts).toBe(0);
    // A single leaked after(10_000) would hold the process for 10 s.
    expect(report.exitDelay).toBeLessThan(5_000);
  });
});
