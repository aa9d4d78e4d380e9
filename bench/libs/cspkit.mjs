// cspkit, the project under test, loaded from the root build (dist/index.js) or
// from CSPKIT_ENTRY. Variants switch engine settings for the cost rows of the report.

import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { function as F } from "fp-ts";
import { asyncIdentity, calls, even, half, inc } from "../lib/ops.mjs";
import { EMPTY } from "../lib/workloads.mjs";

const entry = process.env.CSPKIT_ENTRY ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "index.js");
const m = await import(pathToFileURL(path.resolve(entry)).href);

const value = (r) => {
  if (!r.ok) throw new Error("receive on a closed channel in the middle of a workload");
  return r.value;
};

// Each variant: how to switch it on and off. An entry whose hook is missing from the
// build is skipped by run.mjs (so a later layer can add one here without breaking
// older builds).
export const VARIANTS = {
  "guard-off": { available: () => typeof m.setStarvationGuard === "function", set: (on) => m.setStarvationGuard(!on) },
  debug: { available: () => typeof m.setDebug === "function", set: (on) => m.setDebug(on) },
};


// ---------- operators and resilience (issue 4) ----------


const sum = (acc, v) => acc + v;

/** Eight cap-64 channels, each fed 0…n-1 in its own slice by a producer that closes it. */
function feeds(n, k = 8) {
  const per = n / k;
  const chans = [];
  for (let p = 0; p < k; p++) {
    const ch = m.chan(64);
    const base = p * per;
    (async () => {
      for (let i = 0; i < per; i++) await ch.send(base + i);
      ch.close();
    })();
    chans.push(ch);
  }
  return chans;
}

export const ops = {
  pipeline: (a, n) => F.pipe(
    m.range(0, n, { buffer: 64 }),
    m.map(inc, { buffer: 64 }),
    m.filter(even, { buffer: 64 }),
    m.map(half, { buffer: 64 }),
    m.reduce(sum, 0),
  ),
  pmap: (a, n) => F.pipe(m.range(0, n), m.parallelMap(asyncIdentity, { concurrency: 8 }), m.reduce(sum, 0)),
  // consumed like the core fan-in workload: n receives on the output
  merge: async (a, n) => {
    const out = m.merge(...feeds(n), { buffer: 64 });
    let s = 0;
    for (let i = 0; i < n; i++) s += value(await out.recv());
    return s;
  },
  breaker: (a, n) => {
    const cb = m.circuitBreaker({ breaker: m.consecutiveBreaker(5), halfOpenAfter: 1000 });
    return calls(n, (fn) => cb.execute(fn));
  },
};

export default {
  id: "cspkit",
  title: "cspkit",
  pkg: null,
  notes: "the project under test (dist/). Rendezvous on cap 0, Go close semantics, select with withdrawal, starvation guard on by default.",
  /** Switch a variant on or off (paired cells switch it rep by rep). */
  variant(name, on) {
    const v = VARIANTS[name];
    if (!v || !v.available()) throw new Error(`cspkit has no variant "${name}" in this build`);
    v.set(on);
  },
  make: (cap) => m.chan(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  value,
  close: (ch) => ch.close(),
  iterate: (ch) => ch,
  select: (chans) => m.select(chans),
  selected: value,
  receivers: (ch) => m.channelState(ch).receivers,
  trySend: (ch, v) => ch.trySend(v),
  tryRecv: (ch) => {
    const r = ch.tryRecv();
    return r === undefined ? EMPTY : r.value;
  },
  native: ops, // the issue-4 workloads; the channel workloads use the generic code
};
