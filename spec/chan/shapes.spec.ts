// The engine keeps one object of each hot shape alive (src/chan/chan.ts, end of
// file; src/select/select.ts): a GC between bursts of channel work must not
// drop the hidden classes the optimised engine depends on. Observed from
// outside, with V8's own deoptimisation trace.

import { describe, expect, it } from "vitest";
import { blocked } from "../../src/index.js";
import { runChild } from "./_child.js";

// Bursts of every kind of engine work (unbuffered and buffered hand-offs, for
// await, select with withdrawal, parked waiters woken), each followed by a full
// GC that collects every channel and waiter of the burst.
const program = `
const N = 20000;
async function burst() {
  const a = csp.chan(), b = csp.chan();
  const t = (async () => { for (let i = 0; i < N; i++) { const r = await a.recv(); await b.send(r.value); } })();
  for (let i = 0; i < N; i++) { await a.send(i); await b.recv(); }
  await t;
  const c = csp.chan(64);
  const p = (async () => { for (let i = 0; i < N; i++) await c.send(i); c.close(); })();
  let s = 0;
  for await (const v of c) s += v;
  await p;
  const quiet = csp.chan();
  for (let i = 0; i < N / 4; i++) {
    const fresh = csp.chan();
    const sel = csp.select([quiet, fresh]);
    await fresh.send(i);
    await sel;
  }
  const chans = Array.from({ length: N / 4 }, () => csp.chan());
  const ps = chans.map((ch) => ch.recv());
  for (let i = 0; i < chans.length; i++) await chans[i].send(i);
  await Promise.all(ps);
  return s;
}
for (let k = 0; k < 8; k++) { await burst(); globalThis.gc(); }
console.log("done");
`;

describe("hot shapes survive a GC", () => {
  it("bursts of channel work separated by full GCs deoptimise nothing for 'weak objects'", async () => {
    const r = await runChild(program, { timeoutMs: 60_000, nodeArgs: ["--expose-gc", "--trace-deopt"] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("done");
    // The trace is on (some code always deoptimises for other reasons while it warms up)...
    expect(r.stdout).toMatch(/\[bailout \(kind: deopt-/);
    // ...and a dropped hidden class would show as "marking dependent code ... reason: weak objects".
    const weak = r.stdout.split("\n").filter((l) => l.includes("reason: weak objects"));
    expect(weak).toEqual([]);
  }, 70_000);

  it("the kept objects are invisible to diagnostics", () => {
    expect(blocked()).toEqual([]);
  });
});
