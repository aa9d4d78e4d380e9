// One cell of the table: one library × one workload, in a fresh `node --expose-gc`
// process (its own JIT feedback and its own heap). Prints "@@cell <json>" last.
//   node --expose-gc bench/lib/cell.mjs <lib> <workload> [--variant=NAME] [--reps=5]
//        [--target-ms=300] [--scale=1]
// "floor" as <lib> measures the references alone, for the report's baseline table.

import { pathToFileURL } from "node:url";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLOADS, barePromises } from "./workloads.mjs";
import { arrayQueue, promisePingPong } from "./floor.mjs";
import * as measure from "./measure.mjs";
import { roundSize, settledHeap, summary, timed } from "./measure.mjs";

const now = () => measure.now();

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [libId, workloadId, ...flags] = process.argv.slice(2);
const opt = Object.fromEntries(flags.map((f) => { const [k, v] = f.replace(/^--/, "").split("="); return [k, v ?? "true"]; }));
const REPS = Number(opt.reps ?? 5);
const TARGET_MS = Number(opt["target-ms"] ?? 300);
const SCALE = Number(opt.scale ?? 1);
const VARIANT = opt.variant ?? "";
const GC_EACH_REP = opt["gc-each-rep"] === "true";
const PAIRED = opt.paired === "true";
measure.useClock(opt.clock ?? "wall");
const REF_N = 200_000; // promise ping-pong hand-offs per reference run (≈ 20 ms)
const REF_SYNC_N = 1_000_000; // array queue ops per reference run (≈ 30 ms)

let done = false;
const emit = (obj) => { done = true; process.stdout.write(`@@cell ${JSON.stringify(obj)}\n`); };
process.on("exit", (code) => {
  if (!done) emit({ error: `the event loop ran dry before the workload finished (a deadlock or a lost value), exit ${code}` });
});

const triangle = (n) => (n * (n - 1)) / 2;
const check = (what, got, want) => {
  if (got !== want) throw new Error(`${what}: checksum ${got} ≠ ${want} (a value was lost or duplicated)`);
};

async function refPingPong() {
  if (GC_EACH_REP) globalThis.gc();
  const { ms, result } = await timed(() => promisePingPong(REF_N));
  check("promise ping-pong", result, REF_N);
  return (REF_N / ms) * 1000;
}

/** A workload's own reference (`w.ref`), run at the rep's N: ops/s. */
async function refSameN(a, w, n) {
  if (GC_EACH_REP) globalThis.gc();
  const { ms, result } = await timed(() => w.ref(a, n));
  check(w.refLabel ?? "reference", result, w.refExpect(n));
  return (n / ms) * 1000;
}

async function refArrayQueue() {
  const { ms, result } = await timed(() => arrayQueue(REF_SYNC_N));
  check("array queue", result, triangle(REF_SYNC_N));
  return (REF_SYNC_N / ms) * 1000;
}

async function warmRefs(sync) {
  for (let i = 0; i < 3; i++) {
    await refPingPong();
    if (sync) await refArrayQueue();
  }
}

// A paired cell (--paired, with --variant) measures the variant and the default in
// the same process, alternating rep by rep (ABBA…), so that both see the same machine
// and the cost of the variant is read from pairs of reps taken moments apart.
let switchMode = null; // (variantOn: boolean) => void, set in main for paired cells

/** Toggle the variant in a paired cell (no-op otherwise); warm-ups call it to warm both modes. */
const toggle = (k) => switchMode?.((k & 1) === 0);

/** Run `oneRep` REPS times; in a paired cell once with the variant and once without per rep. */
async function repeat(oneRep) {
  const rows = [];
  const base = [];
  for (let r = 0; r < REPS; r++) {
    if (!switchMode) { rows.push(await oneRep()); continue; }
    for (const on of (r & 1) === 0 ? [true, false] : [false, true]) {
      switchMode(on);
      (on ? rows : base).push(await oneRep());
    }
  }
  switchMode?.(true);
  const col = (xs, k) => summary(xs.map((x) => x[k]));
  const paired = base.length === 0 ? {} : {
    base: { ops: col(base, "ops"), ratio: col(base, "ratio"), ref: col(base, "ref") },
    pairs: summary(rows.map((x, i) => x.ratio / base[i].ratio)), // variant ÷ default, per pair
  };
  return { rows, col: (k) => col(rows, k), paired };
}

/** Calibrate N so that one rep takes about TARGET_MS (never more than the workload's cap), then measure. */
async function throughput(a, w) {
  const cap = roundSize(w.size * SCALE, w.unit);
  const once = async (n) => {
    const r = await timed(() => w.run(a, n));
    check(w.label, r.result, w.expect(n));
    return r.ms;
  };
  // Warm-up: start small (a slow library must not spend seconds on its first
  // probe), double while a run is short, and keep running until 2 × TARGET_MS of
  // work is done — V8 needs that much before the code is fully optimised (a
  // select loop runs 10× slower for its first ~20k iterations).
  globalThis.gc(); // the cell starts from a collected heap; the reps below force no GC (see measure.mjs)
  let n = roundSize(cap / 2048, w.unit);
  let ms = 0;
  let spent = 0;
  for (let k = 0; spent < 2 * (switchMode ? 2 : 1) * TARGET_MS; k++) {
    toggle(k + 1);
    if (w.ref) await refSameN(a, w, n); // the workload's own reference warms beside it
    ms = await once(n);
    spent += ms;
    if (ms < TARGET_MS / 4 && n < cap) n = Math.min(cap, roundSize(n * 2, w.unit));
  }
  toggle(0);
  // Size a rep from the warm rate; re-project if a run at that size misses by 2×.
  let N = Math.min(cap, roundSize((n * TARGET_MS) / Math.max(ms, 0.01), w.unit));
  for (let tries = 0; tries < 3; tries++) {
    ms = await once(N);
    if (ms <= 2 * TARGET_MS && (ms >= TARGET_MS / 2 || N === cap)) break;
    N = Math.min(cap, roundSize((N * TARGET_MS) / Math.max(ms, 0.01), w.unit));
  }
  const sync = w.kind === "sync";
  const { col, paired } = await repeat(async () => {
    const pp = w.ref ? await refSameN(a, w, N) : await refPingPong();
    const ref = sync ? await refArrayQueue() : pp;
    if (GC_EACH_REP) globalThis.gc(); // the organisation's peer-bench does this; see README
    const n = N;
    const t = await once(n);
    // a rep far slower than calibrated (a mode that turned slow) shrinks the next ones
    if (t > 4 * TARGET_MS) N = Math.max(w.unit, roundSize((N * TARGET_MS) / t, w.unit));
    const ops = (n / t) * 1000;
    return { ops, ref, ratio: ops / ref, ppRatio: ops / pp };
  });
  return { N, cap, ops: col("ops"), ratio: col("ratio"), ref: col("ref"), ...(sync ? { ppRatio: col("ppRatio") } : {}), ...paired };
}

/** Park, weigh and wake a few fresh receivers, untimed: re-optimises the driver after a full GC. */
async function rewarm(driver, m) {
  const k = Math.min(5000, Math.ceil(m / 4));
  const chans = driver.makeChans(k);
  const { sum } = await driver.wake(chans, driver.park(chans), now);
  check("wake all (re-warm)", sum, triangle(k));
}

/** Park m receivers, weigh them, wake them all; the caller pairs this with the bare-promise floor. */
async function parkOnce(driver, m) {
  const h0 = settledHeap();
  let t = now();
  let chans = driver.makeChans(m);
  let work = now() - t;
  const h1 = settledHeap();
  t = now();
  let parked = driver.park(chans);
  work += now() - t;
  const h2 = settledHeap(); // after this, everything parked lives in the old generation
  await rewarm(driver, m); // hot code waking old waiters, as in a long-running program
  t = now();
  const { ms, sum } = await driver.wake(chans, parked, measure.now);
  work += now() - t;
  check("wake all", sum, triangle(m));
  chans = parked = null;
  return { chanBytes: (h1 - h0) / m, parkBytes: (h2 - h1) / m, wakeOps: (m / ms) * 1000, work };
}

async function parked(a, w) {
  let m = Math.round(w.size * SCALE);
  const driver = w.driver(a);
  const probe = Math.min(2000, Math.round(m / 10));
  await parkOnce(barePromises, probe);
  // making, parking and waking (GCs aside) should stay within a few target times;
  // a slow library parks fewer receivers (N says how many)
  const { work } = await parkOnce(driver, probe);
  const projected = (work * m) / probe;
  if (projected > 4 * TARGET_MS) m = Math.max(2000, roundSize((m * 4 * TARGET_MS) / projected, 1000));
  for (let k = 0; k < (switchMode ? 2 : 1); k++) {
    toggle(k + 1);
    await parkOnce(driver, Math.round(m / 4));
  }
  const { col, paired } = await repeat(async () => {
    const floor = await parkOnce(barePromises, m);
    const lib = await parkOnce(driver, m);
    return { ...lib, ops: lib.wakeOps, floorBytes: floor.parkBytes, ref: floor.wakeOps, ratio: lib.wakeOps / floor.wakeOps };
  });
  return {
    N: m, chanBytes: col("chanBytes"), parkBytes: col("parkBytes"), ops: col("ops"),
    ratio: col("ratio"), floorBytes: col("floorBytes"), ref: col("ref"), ...paired,
  };
}

async function selclean(a, w) {
  const driver = w.driver(a);
  let m = Math.round(w.size * SCALE);
  // warm up as the throughput cells do: from 100 iterations, doubling while a loop
  // is short, until 2 × TARGET_MS of work is done
  let warm = 100;
  let ms = 0;
  let spent = 0;
  for (let k = 0; spent < 2 * (switchMode ? 2 : 1) * TARGET_MS; k++) {
    toggle(k + 1);
    const t0 = now();
    await driver.loop(driver.quiet(), warm);
    ms = now() - t0;
    spent += ms;
    if (ms < TARGET_MS / 4 && warm < m) warm = Math.min(m, warm * 2);
  }
  toggle(0);
  const projected = (ms * m) / warm;
  if (projected > 4 * TARGET_MS) m = Math.max(1000, roundSize((m * 4 * TARGET_MS) / projected, 100)); // a slow library: fewer iterations
  const { rows, col, paired } = await repeat(async () => {
    const pp = await refPingPong();
    const quiet = driver.quiet();
    const h0 = settledHeap();
    // the GC above deoptimises hot code; re-warm on a throw-away channel for half a rep
    for (const t1 = now(); now() - t1 < TARGET_MS / 2;) await driver.loop(driver.quiet(), Math.ceil(m / 20));
    const t = now();
    await driver.loop(quiet, m);
    const ms = now() - t;
    const h1 = settledHeap();
    const waiters = driver.receivers(quiet);
    const delivers = await driver.stillDelivers(quiet);
    return { ops: (m / ms) * 1000, ratio: (m / ms) * 1000 / pp, ref: pp, bytes: (h1 - h0) / m, waiters, delivers };
  });
  return {
    N: m, ops: col("ops"), ratio: col("ratio"), ref: col("ref"), bytesPerSelect: col("bytes"),
    waiters: rows.map((x) => x.waiters), delivers: rows.map((x) => x.delivers), ...paired,
  };
}

async function floor() {
  await warmRefs(true);
  const pp = [], aq = [];
  for (let r = 0; r < REPS; r++) { pp.push(await refPingPong()); aq.push(await refArrayQueue()); }
  const m = Math.round(WORKLOADS.parked.size * SCALE);
  await parkOnce(barePromises, m / 10);
  const parkedRows = [];
  for (let r = 0; r < REPS; r++) parkedRows.push(await parkOnce(barePromises, m));
  return {
    promisePingPong: summary(pp), arrayQueue: summary(aq), parkedN: m,
    bareParkBytes: summary(parkedRows.map((x) => x.parkBytes)), bareWakeOps: summary(parkedRows.map((x) => x.wakeOps)),
  };
}

async function main() {
  const t0 = performance.now();
  if (libId === "floor") return emit({ floor: await floor(), wallMs: performance.now() - t0 });
  const a = (await import(pathToFileURL(path.join(HERE, "..", "libs", `${libId}.mjs`)).href)).default;
  const w = WORKLOADS[workloadId];
  if (!w) throw new Error(`unknown workload "${workloadId}"; known: ${Object.keys(WORKLOADS).join(", ")}`);
  if (w.needs && !w.needs(a)) return emit({ na: true });
  if (VARIANT) {
    if (!a.variant) throw new Error(`${libId} has no variants`);
    a.variant(VARIANT, true);
    if (PAIRED) switchMode = (on) => a.variant(VARIANT, on);
  }
  await warmRefs(w.kind === "sync");
  const run = { throughput, sync: throughput, parked, selclean }[w.kind];
  const result = await run(a, w);
  emit({ ...result, wallMs: performance.now() - t0 });
}

main().then(
  () => process.exit(0),
  (e) => { emit({ error: String(e?.stack ?? e).split("\n").slice(0, 3).join(" | ") }); process.exit(1); },
);
