// Port of the intent of Go's runtime/chan_test.go TestSelectFairness.
//
// Go: two buffered channels are filled with 1s and 2s; a goroutine loops over a
// select of four receive cases (two never ready, then the two full channels) and
// forwards what it got; over 10,000 trials each ready case must be chosen within
// 10σ of 5,000 (σ = sqrt(10,000 · 0.5 · 0.5) = 50).
//
// Translation: the same worker as an async function, forwarding through a select
// that also watches a `done` channel (closing it ends the worker, as in Go). The
// same bound for trySelect (select with default) and for a mix of one ready
// receive and one ready send case. With `priority: true` the first ready case in
// order must win every time. Buffer levels and "nothing parked" are checked exactly.

import { describe, expect, it } from "vitest";
import { chan, select, send, trySelect, type Chan } from "../../src/index.js";
import { expectIdle } from "./util.js";

const TRIALS = 10_000;
const SIGMA = Math.sqrt(TRIALS * 0.25);
const LOW = TRIALS / 2 - 10 * SIGMA;
const HIGH = TRIALS / 2 + 10 * SIGMA;

function filled(v: number): Chan<number> {
  const c = chan<number>(TRIALS + 1);
  for (let i = 0; i < TRIALS + 1; i++) c.trySend(v);
  return c;
}

async function forwardingWorker(priority: boolean): Promise<{ counts: number[]; chans: Chan<number>[] }> {
  const c1 = filled(1);
  const c2 = filled(2);
  const c3 = chan<number>();
  const c4 = chan<number>();
  const out = chan<number>();
  const done = chan<void>();

  const worker = async (): Promise<void> => {
    for (;;) {
      const r = await select([c3, c4, c1, c2], { priority });
      const b = r.ok ? r.value : -1;
      const o = await select({ out: send(out, b), done });
      if (o.case === "done") return;
    }
  };

  const running = worker();
  const counts = [0, 0, 0];
  for (let i = 0; i < TRIALS; i++) {
    const r = await out.recv();
    const v = r.ok ? r.value : -1;
    if (v === 1 || v === 2) counts[v] = (counts[v] ?? 0) + 1;
    else counts[0] = (counts[0] ?? 0) + 1;
  }
  done.close();
  await running;
  // One more value was taken by the worker than was forwarded (it was parked
  // on `out` when done closed).
  expect(c1.len + c2.len).toBe(2 * (TRIALS + 1) - TRIALS - 1);
  return { counts, chans: [c1, c2, c3, c4, out] };
}

describe("Go runtime TestSelectFairness", () => {
  it("10,000 selects with two ready cases: each within 10σ of 5,000", async () => {
    const { counts, chans } = await forwardingWorker(false);
    const [bad = -1, n1 = -1, n2 = -1] = counts;
    expect(bad).toBe(0);
    expect(n1 + n2).toBe(TRIALS);
    expect(n1).toBeGreaterThanOrEqual(LOW);
    expect(n1).toBeLessThanOrEqual(HIGH);
    expect(n2).toBeGreaterThanOrEqual(LOW);
    expect(n2).toBeLessThanOrEqual(HIGH);
    expectIdle(...chans);
  });

  it("priority: true picks the first ready case every time", async () => {
    const { counts, chans } = await forwardingWorker(true);
    expect(counts).toEqual([0, TRIALS, 0]);
    expect(chans[0]?.len).toBe(0);
    expect(chans[1]?.len).toBe(TRIALS + 1);
    expectIdle(...chans);
  });

  it("trySelect is just as fair, and with priority just as ordered", () => {
    const c1 = filled(1);
    const c2 = filled(2);
    const c3 = chan<number>();
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < TRIALS; i++) {
      const r = trySelect({ c3, c1, c2 });
      if (r?.case === "c1" && r.value === 1) n1++;
      else if (r?.case === "c2" && r.value === 2) n2++;
    }
    expect(n1 + n2).toBe(TRIALS);
    expect(n1).toBeGreaterThanOrEqual(LOW);
    expect(n1).toBeLessThanOrEqual(HIGH);
    expect(c1.len).toBe(TRIALS + 1 - n1);
    expect(c2.len).toBe(TRIALS + 1 - n2);

    const d1 = filled(1);
    const d2 = filled(2);
    for (let i = 0; i < TRIALS; i++) expect(trySelect({ c3, d2, d1 }, { priority: true })?.case).toBe("d2");
    expect(d1.len).toBe(TRIALS + 1);
    expect(d2.len).toBe(1);
    expectIdle(c1, c2, c3, d1, d2);
  });

  it("a ready receive and a ready send are chosen evenly too", async () => {
    const from = filled(7);
    const to = chan<number>(TRIALS);
    let recvs = 0;
    let sends = 0;
    for (let i = 0; i < TRIALS; i++) {
      const r = await select({ from, to: send(to, i) });
      if (r.case === "from") recvs++;
      else sends++;
    }
    expect(recvs + sends).toBe(TRIALS);
    expect(recvs).toBeGreaterThanOrEqual(LOW);
    expect(recvs).toBeLessThanOrEqual(HIGH);
    expect(from.len).toBe(TRIALS + 1 - recvs);
    expect(to.len).toBe(sends);
    expectIdle(from, to);
  });
});
