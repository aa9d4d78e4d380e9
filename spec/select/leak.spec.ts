// Issue 2: "100,000 selects against a quiet channel leave zero waiters on it and
// no heap growth".
//
// Waiters are checked in-process with channelState. Heap growth is measured in a
// child `node --expose-gc` (a forced GC before each reading; inside the vitest
// worker there is no gc() and its own allocations blur the numbers): a leak of
// one small object per iteration (≥ 16 bytes, e.g. one array slot plus header)
// is ≥ 1.6 MB over 100k iterations, so the bound is 1 MB; a clean run measures
// a few KB.

import { describe, expect, it } from "vitest";
import { chan, channelState, select } from "../../src/index.js";
import { runChild } from "../chan/_child.js";

const N = 100_000;

describe("select against a quiet channel", () => {
  it("100,000 selects that park and then win elsewhere leave zero waiters on the quiet channel", async () => {
    const quiet = chan<number>();
    let wrong = 0;
    let maxReceivers = 0;
    for (let i = 0; i < N; i++) {
      const fresh = chan<number>();
      const p = select({ q: quiet, f: fresh });
      maxReceivers = Math.max(maxReceivers, channelState(quiet).receivers);
      fresh.trySend(i);
      const r = await p;
      if (r.case !== "f" || r.value !== i) wrong++;
    }
    expect(wrong).toBe(0);
    expect(maxReceivers).toBe(1);
    expect(channelState(quiet)).toEqual({ len: 0, cap: 0, closed: false, senders: 0, receivers: 0, dropped: 0 });
  });

  it("with a long-lived receiver parked ahead, withdrawn selects leave only that receiver", async () => {
    const quiet = chan<number>();
    const elder = quiet.recv();
    for (let i = 0; i < N; i++) {
      const f1 = chan<number>();
      const f2 = chan<number>();
      const p1 = select({ q: quiet, f: f1 });
      const p2 = select({ q: quiet, f: f2 });
      // Withdraw from the middle first, then the tail.
      f1.trySend(i);
      f2.trySend(i);
      await Promise.all([p1, p2]);
    }
    expect(channelState(quiet).receivers).toBe(1);
    expect(quiet.trySend(-1)).toBe(true);
    expect(await elder).toEqual({ value: -1, ok: true });
    expect(channelState(quiet).receivers).toBe(0);
  });

  it("100,000 selects against a quiet channel do not grow the heap (child process, forced GC)", async () => {
    const r = await runChild(
      `
      const { chan, select, channelState } = csp;
      const quiet = chan();
      const elder = quiet.recv(); // a long-lived waiter, so withdrawals also hit the middle of the queue
      async function round(n) {
        for (let i = 0; i < n; i++) {
          const f1 = chan(), f2 = chan();
          const p1 = select({ q: quiet, f: f1 });
          const p2 = select([quiet, f2]);
          f1.trySend(i);
          f2.trySend(i);
          await p1; await p2;
        }
      }
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      await round(20_000); // warm up: JIT, queue arrays at their steady size
      const before = heap();
      await round(${N});
      const after = heap();
      console.log(JSON.stringify({ before, after, receivers: channelState(quiet).receivers }));
      `,
      { timeoutMs: 60_000, nodeArgs: ["--expose-gc"] },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { before, after, receivers } = JSON.parse(r.stdout) as { before: number; after: number; receivers: number };
    expect(receivers).toBe(1);
    expect(after - before).toBeLessThan(1 << 20);
  });

  it("a settled select leaves nothing of it reachable from the engine: its value can be collected (child process, forced GC)", async () => {
    const r = await runChild(
      `
      const { chan, select } = csp;
      const heavy = chan();
      // In a function of its own: a suspended async function keeps its locals.
      async function once() {
        const p = select({ h: heavy }); // parks: its promise's settle functions pass through the engine
        const big = { payload: new Array(1000).fill(7) };
        heavy.trySend(big);
        const r = await p;
        if (r.value !== big) throw new Error("wrong value");
        return new WeakRef(big);
      }
      const ref = await once();
      await new Promise((res) => setTimeout(res, 0));
      globalThis.gc(); globalThis.gc();
      console.log(JSON.stringify({ collected: ref.deref() === undefined }));
      `,
      { timeoutMs: 30_000, nodeArgs: ["--expose-gc"] },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ collected: true });
  });
});
