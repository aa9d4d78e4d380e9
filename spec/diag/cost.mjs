// What the always-on diagnostics registry costs, and what debug mode costs.
//
//   node spec/diag/cost.mjs [reps=7] [scale=1] [variants=stub,real,debug]
//
// Builds src/ once (tsc, into a temp dir) and makes three independent copies:
//   stub  — chan/registry.js with track(), untrack() and coarseNow() as no-ops
//   real  — as shipped (the registry on)
//   debug — as shipped, with setDebug(true) (a stack captured at every park)
// Each copy is its own module graph, so the three never share JIT state or
// flags. For each workload, the variants run interleaved in this one process,
// `reps` rounds, timed in CPU time
// (process.cpuUsage, user + system), in a random order each round, and the
// medians are compared.
// Not a spec file (vitest only runs *.spec.ts): a measurement to run by hand.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REPS = Number(process.argv[2] ?? 7);
const SCALE = Number(process.argv[3] ?? 1);
const PICK = (process.argv[4] ?? "stub,real,debug").split(",");

const dir = mkdtempSync(join(tmpdir(), "cspkit-cost-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(dir, "real")], {
  stdio: "inherit",
});
for (const v of ["stub", "debug", "count"]) cpSync(join(dir, "real"), join(dir, v), { recursive: true });
writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');

// The stub: the three registry entry points every park goes through do nothing.
const regPath = join(dir, "stub", "chan", "registry.js");
let stubbed = readFileSync(regPath, "utf8");
for (const [fn, body] of [
  ["track(t)", "return;"],
  ["untrack(t)", "return;"],
  ["coarseNow()", "return 0;"],
]) {
  const head = `export function ${fn} {`;
  if (!stubbed.includes(head)) throw new Error(`cost.mjs: cannot find "${head}" in the built registry`);
  stubbed = stubbed.replace(head, `${head} ${body}`);
}
writeFileSync(regPath, stubbed);

// The counting copy: the registry as shipped, plus a counter per call.
const countPath = join(dir, "count", "chan", "registry.js");
let counted = readFileSync(countPath, "utf8");
counted = `export const calls = { track: 0, untrack: 0, coarseNow: 0 };\n${counted}`;
for (const fn of ["track(t)", "untrack(t)", "coarseNow()"]) {
  counted = counted.replace(`export function ${fn} {`, `export function ${fn} { calls.${fn.slice(0, fn.indexOf("("))}++;`);
}
writeFileSync(countPath, counted);

const load = async (v) => import(pathToFileURL(join(dir, v, "index.js")).href);
const variants = {};
for (const v of PICK) variants[v] = await load(v);
variants.debug?.setDebug(true);
// The debug copy would install the deadlock detector: this script ends with nothing parked anyway.

// ---- workloads (N hand-offs each) ------------------------------------------------

async function pingpong(m, n) {
  const there = m.chan(0);
  const back = m.chan(0);
  const echo = (async () => {
    for (let i = 0; i < n / 2; i++) await back.send((await there.recv()).value + 1);
  })();
  let c = 0;
  for (let i = 0; i < n / 2; i++) {
    await there.send(c);
    c = (await back.recv()).value + 1;
  }
  await echo;
  return c;
}

async function buffered(m, n) {
  const ch = m.chan(1024);
  const producer = (async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
  })();
  let s = 0;
  for (let i = 0; i < n; i++) s += (await ch.recv()).value;
  await producer;
  return s;
}

async function forawait(m, n) {
  const ch = m.chan(1024);
  const producer = (async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  })();
  let s = 0;
  for await (const v of ch) s += v;
  await producer;
  return s;
}

async function fanin(m, n) {
  const ch = m.chan(64);
  const per = n / 8;
  const ps = [];
  for (let p = 0; p < 8; p++) {
    ps.push(
      (async () => {
        for (let i = 0; i < per; i++) await ch.send(i);
      })(),
    );
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += (await ch.recv()).value;
  await Promise.all(ps);
  return s;
}

async function select4(m, n) {
  const chans = [m.chan(0), m.chan(0), m.chan(0), m.chan(0)];
  const per = n / 4;
  const ps = chans.map((c) =>
    (async () => {
      for (let i = 0; i < per; i++) await c.send(i);
    })(),
  );
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = await m.select(chans);
    s += r.value;
  }
  await Promise.all(ps);
  return s;
}

/** Many receivers parked at once, then woken: the registry's list/unlink path at scale. */
async function parked(m, n) {
  const ch = m.chan(0);
  const ps = [];
  for (let i = 0; i < n; i++) ps.push(ch.recv());
  for (let i = 0; i < n; i++) ch.trySend(i);
  await Promise.all(ps);
  return n;
}

const WORKLOADS = { pingpong: 200_000, buffered: 400_000, forawait: 400_000, fanin: 200_000, select4: 100_000, parked: 100_000 };
const FNS = { pingpong, buffered, forawait, fanin, select4, parked };

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

const stubPerOp = {};
console.log(`node ${process.version}, ${REPS} reps per variant, CPU ms (median); ratios to the stubbed registry`);
console.log("workload    stub ms   real ms   debug ms   real/stub   debug/stub");
for (let [name, n] of Object.entries(WORKLOADS)) {
  const fn = FNS[name];
  n *= SCALE;
  const times = { stub: [], real: [], debug: [] };
  for (const v of Object.keys(variants)) await fn(variants[v], n / 10); // warm-up
  for (let r = 0; r < REPS; r++) {
    // A fresh random order each round, so no variant always follows another's garbage.
    const order = Object.keys(variants).sort(() => Math.random() - 0.5);
    for (const v of order) {
      await new Promise((res) => setImmediate(res));
      const t0 = cpu();
      await fn(variants[v], n);
      times[v].push(cpu() - t0);
    }
  }
  const [s, rl, d] = [median(times.stub), median(times.real), median(times.debug) ?? NaN];
  stubPerOp[name] = (s * 1e6) / n;
  console.log(
    `${name.padEnd(10)} ${s.toFixed(0).padStart(8)} ${rl.toFixed(0).padStart(9)} ${d.toFixed(0).padStart(10)} ${(rl / s).toFixed(3).padStart(11)} ${(d / s).toFixed(3).padStart(12)}`,
  );
}

// ---- a noise-robust estimate ------------------------------------------------------
// On a loaded machine the ratios above swing by ±10 %. So also: count the registry
// calls each workload makes per hand-off, time those calls alone, and relate that
// to the stubbed time per hand-off.

const counter = await load("count");
const { calls } = await import(pathToFileURL(join(dir, "count", "chan", "registry.js")).href);
const reg = await import(pathToFileURL(join(dir, "real", "chan", "registry.js")).href);
const nsNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
// One loop per measured call (a shared loop would turn its call site megamorphic
// and inflate whatever runs after the baseline), in interleaved rounds.
const A = { tprev: null, tnext: null, since: 0, list() {} };
const other = { tprev: null, tnext: null, since: 0, list() {} };
reg.track(other); // the list is usually non-empty
const LOOP = 2e6;
const loops = {
  empty() {
    let x = 0;
    for (let i = 0; i < LOOP; i++) x += A.since;
    return x;
  },
  pair() {
    let x = 0;
    for (let i = 0; i < LOOP; i++) {
      reg.track(A);
      reg.untrack(A);
      x += A.since;
    }
    return x;
  },
  now() {
    let x = 0;
    for (let i = 0; i < LOOP; i++) x += reg.coarseNow();
    return x;
  },
};
const samples = { empty: [], pair: [], now: [] };
for (const f of Object.values(loops)) f();
for (let r = 0; r < 4 * REPS + 1; r++) {
  for (const k of Object.keys(loops).sort(() => Math.random() - 0.5)) {
    const t = nsNow();
    loops[k]();
    samples[k].push((nsNow() - t) / LOOP);
  }
}
reg.untrack(other);
const empty = median(samples.empty);
const pair = median(samples.pair) - empty;
const now = median(samples.now) - empty;
console.log(`\nper call (CPU ns, loop overhead removed): track+untrack ${pair.toFixed(1)}, coarseNow ${now.toFixed(1)}`);
console.log("workload    hand-offs  track/op  untrack/op  coarseNow/op  stub ns/op  est. cost");
for (let [name, n] of Object.entries(WORKLOADS)) {
  n *= SCALE;
  calls.track = calls.untrack = calls.coarseNow = 0;
  await FNS[name](counter, n);
  const [t, u, c] = [calls.track / n, calls.untrack / n, calls.coarseNow / n];
  const stubNs = stubPerOp[name];
  // track() reads the coarse clock inline (`pair` includes that); calls counted
  // here come from elsewhere (waiters) or from a stale clock: all are added.
  const est = (Math.max(t, u) * pair + c * now) / stubNs;
  console.log(
    `${name.padEnd(10)} ${String(n).padStart(10)} ${t.toFixed(2).padStart(9)} ${u.toFixed(2).padStart(11)} ${c.toFixed(2).padStart(13)} ${stubNs.toFixed(0).padStart(11)} ${(est * 100).toFixed(1).padStart(9)} %`,
  );
}
