// Turns the cells' JSON into the markdown report: the side-by-side table with
// cspkit's targets, the starvation-guard (and other variant) costs, the references,
// and the per-cell detail.

import { median } from "./measure.mjs";
import { WORKLOADS } from "./workloads.mjs";

// Targets from the core issue, as checks on a cspkit cell.
export const TARGETS = {
  pingpong: { text: "≥ 0.42×", ok: (r) => r.ratio.median >= 0.42 },
  buffered: { text: "≥ 0.75×", ok: (r) => r.ratio.median >= 0.75 },
  forawait: { text: "≥ 0.7×", ok: (r) => r.ratio.median >= 0.7 },
  fanin: { text: "≥ 0.5×", ok: (r) => r.ratio.median >= 0.5 },
  select: { text: "≥ 0.35×", ok: (r) => r.ratio.median >= 0.35 },
  selclean: { text: "≥ 0.25×", ok: (r) => r.ratio.median >= 0.25 },
  selcleanLeft: { text: "0 waiters", ok: (r) => r.waiters.every((w) => w === 0) && r.delivers.every((d) => d === "yes") },
  parkedBytes: { text: "≤ 180 B", ok: (r) => r.parkBytes.median <= 180 },
  parked: { text: "≥ 0.3×", ok: (r) => r.ratio.median >= 0.3 },
  trysync: { text: "≥ 1.0×", ok: (r) => r.ratio.median >= 1.0 },
};
export const GUARD_LIMIT = 0.1;

const mark = (ok) => (ok ? " ✓" : " ✗");

export const fmtOps = (x) => {
  if (x == null || !Number.isFinite(x)) return "-";
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e7 ? 1 : 2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)}k`;
  return x.toFixed(0);
};
export const fmtRatio = (x) => {
  if (x == null || !Number.isFinite(x)) return "-";
  if (x >= 10) return `${x.toFixed(0)}×`;
  if (x >= 0.1) return `${x.toFixed(2)}×`;
  return `${x.toPrecision(2)}×`;
};
const fmtN = (n) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n));
const fmtB = (x) => (x == null ? "-" : `${Math.round(x)} B`);
const pct = (x) => `${x >= 0 ? "" : "−"}${Math.abs(x * 100).toFixed(1)}%`;
const esc = (s) => String(s).replace(/\|/g, "/").replace(/\n/g, " ");

const table = (head, rows, align) => [
  `| ${head.join(" | ")} |`,
  `|${head.map((_, i) => (align?.[i] === "l" || (!align && i === 0) ? " --- " : " ---: ")).join("|")}|`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");

/**
 * The rows of the side-by-side table: each takes a cell result and returns its text,
 * and names the cspkit target it is checked against.
 */
const ROWS = [
  { w: "pingpong", label: "unbuffered ping-pong", target: "pingpong", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "buffered", label: "buffered cap 1024, `await recv()`", target: "buffered", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "forawait", label: "buffered cap 1024, `for await`", target: "forawait", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "fanin", label: "fan-in 8 → 1, cap 64", target: "fanin", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "select", label: "select over 4 unbuffered", target: "select", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "selclean", label: "select cleanup loop", target: "selclean", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  {
    w: "selclean", label: "↳ waiters left on the quiet channel · heap kept per select", target: "selcleanLeft",
    cell: (r) => `${r.waiters.every((x) => x === null) ? "?" : Math.max(...r.waiters)}${r.delivers.every((d) => d === "yes") ? "" : " (LOST a later value)"} · ${r.bytesPerSelect.median.toFixed(1)} B`,
  },
  { w: "parked", label: "100k parked: heap per parked receiver", target: "parkedBytes", cell: (r) => fmtB(r.parkBytes.median) },
  { w: "parked", label: "100k parked: wake all (× bare promises)", target: "parked", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
  { w: "trysync", label: "trySend/tryRecv, depth 1024 (× array push/shift)", target: "trysync", cell: (r) => `${fmtOps(r.ops.median)} · ${fmtRatio(r.ratio.median)}` },
];

const shown = (r) => (!r ? "-" : r.na ? "n/a" : r.error ? "FAIL" : null);

/** The least disturbed figure of a cell: its fastest rep over its fastest reference. */
const best = (r) => r.ops.max / r.ref.max;

export function render({ env, libs, variants, wlist, cells, floor }) {
  const L = [];
  const key = (lib, variant = "") => (variant ? `${lib}[${variant}]` : lib);
  const get = (lib, w, variant) => cells[key(lib, variant)]?.[w];

  L.push(`## cspkit benchmark\n`);
  L.push(`**Machine:** node ${env.node} · ${env.cpu} · ${env.cores} cores · ${env.platform} · ${env.date}`);
  L.push(`**Run:** clock ${env.clock === "cpu" ? "cpu (process CPU time, `--single-threaded-gc`)" : "wall"} · reps ${env.reps} · target ${env.targetMs} ms/rep · scale ${env.scale}${env.quick ? " (quick)" : ""}${env.gcEachRep ? " · full GC before each rep" : ""} · load ${env.loadStart} → ${env.loadEnd} · ${env.seconds} s\n`);

  // side by side
  const rows = [];
  for (const row of ROWS.filter((x) => wlist.includes(x.w))) {
    const t = TARGETS[row.target];
    const out = [row.label, t.text];
    for (const lib of libs) {
      const r = get(lib.id, row.w);
      const s = shown(r);
      if (s) { out.push(s); continue; }
      out.push(row.cell(r) + (lib.id === "cspkit" ? mark(t.ok(r)) : ""));
    }
    rows.push(out);
  }
  // peers that only run an operator workload (p-map, cockatiel, opossum) get no column here
  const core = libs.filter((l) => ROWS.some((row) => wlist.includes(row.w) && get(l.id, row.w) && !get(l.id, row.w).na));
  const coreRows = rows.map((r) => [r[0], r[1], ...libs.flatMap((l, i) => (core.includes(l) ? [r[2 + i]] : []))]);
  if (coreRows.length) {
    L.push(`### Side by side\n`);
    L.push(table(["workload", "cspkit target", ...core.map((l) => l.title)], coreRows, ["l", "l"]));
  }
  if (coreRows.length) L.push(`\nCells: median ops/s · median ratio. The ratio is to a raw-promise ping-pong (bare resolve callbacks) measured in the same process right before each rep, except where the row says otherwise (bare promises parked the same way; a plain array used as a queue at the same depth). ✓/✗: cspkit against the core issue's target. n/a: the library has no such operation. FAIL: see the detail table.`);

  const ops = renderOps({ wlist, get, libs });
  if (ops) L.push(ops);

  // variant costs, from the paired cells (variant and default alternating in one process)
  for (const v of variants) {
    const vrows = [];
    let all = true;
    for (const w of wlist) {
      const r = get("cspkit", w, v.id);
      if (!r || r.na) continue;
      if (r.error || !r.pairs) {
        vrows.push([WORKLOADS[w].label, "-", "-", "-", r.error ? "FAIL" : "-", ...(v.limit == null ? [] : [""])]);
        all = false;
        continue;
      }
      // pairs = variant ÷ default per pair of reps; "with" is the default for the guard
      const withOver = median(r.pairs.samples.map((x) => (v.withIsDefault ? 1 / x : x)));
      const cost = 1 - withOver;
      const withR = v.withIsDefault ? r.base.ratio.median : r.ratio.median;
      const withoutR = v.withIsDefault ? r.ratio.median : r.base.ratio.median;
      const ok = v.limit == null ? null : cost <= v.limit;
      if (ok === false) all = false;
      vrows.push([WORKLOADS[w].label, fmtRatio(withR), fmtRatio(withoutR), withOver.toFixed(3), pct(cost), ...(ok == null ? [] : [mark(ok).trim()])]);
    }
    if (!vrows.length) continue;
    L.push(`\n### ${v.title}\n`);
    L.push(table(["workload", v.withHead, v.withoutHead, `${v.withHead} / ${v.withoutHead}`, "cost", ...(v.limit == null ? [] : [`≤ ${v.limit * 100}%`])], vrows));
    L.push(`\n${v.explain}${v.limit == null ? "" : all ? " Every workload is within the limit." : " ✗ marks a workload over the limit."}`);
  }

  // references
  if (floor && !floor.error) {
    const f = floor.floor;
    L.push(`\n### References (their own process)\n`);
    L.push(table(["reference", "median", "min–max"], [
      ["raw-promise ping-pong, hand-offs/s", fmtOps(f.promisePingPong.median), `${fmtOps(f.promisePingPong.min)}–${fmtOps(f.promisePingPong.max)}`],
      ["array push + shift at depth 1024, ops/s", fmtOps(f.arrayQueue.median), `${fmtOps(f.arrayQueue.min)}–${fmtOps(f.arrayQueue.max)}`],
      [`${fmtN(f.parkedN)} bare parked promises: heap per promise`, fmtB(f.bareParkBytes.median), `${fmtB(f.bareParkBytes.min)}–${fmtB(f.bareParkBytes.max)}`],
      [`${fmtN(f.parkedN)} bare parked promises: wake all, ops/s`, fmtOps(f.bareWakeOps.median), `${fmtOps(f.bareWakeOps.min)}–${fmtOps(f.bareWakeOps.max)}`],
    ]));
  }

  // detail
  const drows = [];
  const columns = [...libs.map((l) => ({ id: l.id, variant: "", name: l.title })), ...variants.map((v) => ({ id: "cspkit", variant: v.id, name: `cspkit, ${v.label}` }))];
  for (const w of wlist) {
    for (const c of columns) {
      const r = get(c.id, w, c.variant);
      if (!r || r.na) continue;
      if (r.error) { drows.push([WORKLOADS[w].label, c.name, "-", `FAIL: ${esc(r.error).slice(0, 200)}`, "", "", ""]); continue; }
      const extra = w === "parked"
        ? ` · ${fmtB(r.chanBytes.median)}/channel, ${fmtB(r.parkBytes.median)}/receiver (bare ${fmtB(r.floorBytes.median)})`
        : w === "selclean" ? ` · waiters ${r.waiters.join("/")} · later send delivered: ${r.delivers.join("/")}` : "";
      drows.push([
        WORKLOADS[w].label, c.name, fmtN(r.N),
        `${fmtOps(r.ops.median)} (${fmtOps(r.ops.min)}–${fmtOps(r.ops.max)})${extra}`,
        `${fmtRatio(r.ratio.median)} (${fmtRatio(r.ratio.min)}–${fmtRatio(r.ratio.max)})`,
        fmtRatio(best(r)),
        fmtOps(r.ref.median),
      ]);
    }
  }
  L.push(`\n### Detail\n`);
  L.push(table(["workload", "library", "N", "ops/s median (min–max)", "ratio median (min–max)", "best ÷ best", "reference ops/s"], drows, ["l", "l"]));
  L.push(`\nN: operations per rep (calibrated so that a rep takes about ${env.targetMs} ms, capped at the workload's full size); for the select cleanup, iterations; for parked, receivers. Reference: the in-process baseline the ratio divides by (promise ping-pong; bare parked promises for parked; array queue for trySend/tryRecv; core fan-in at the same N for merge; bare \`await fn()\` at the same N for the breaker), median. best ÷ best: the fastest rep over the fastest reference — on a busy machine the least disturbed figures, a check on the median (the table above quotes medians).`);

  L.push(`\n### Libraries\n`);
  for (const l of libs) L.push(`- **${l.title}**${l.version ? ` ${l.version}` : ""}: ${l.notes}`);
  return L.join("\n") + "\n";
}

// ---------- operators and resilience (issue 4) ----------

// Each row: cspkit's cell against one peer cell (or, for merge, against the core
// fan-in measured at the same N in cspkit's own cell). "×" columns divide ratios —
// each figure over the reference measured in its own process right before each rep —
// so that load drifting between the processes cancels out.
const OPS_ROWS = [
  { w: "pipeline", label: "3-stage pipeline map → filter → map, buffers 64 (items/s)", peers: [["thing-csp", "@thi.ng/csp, hand-built"], ["js-csp", "js-csp, hand-built go blocks"]], min: 3, target: "≥ 3×" },
  { w: "pmap", label: "`parallelMap`, concurrency 8, async identity (items/s)", peers: [["p-map", "p-map, concurrency 8"], ["effect", "effect `Stream.mapEffect`, concurrency 8"]], min: 1, target: "≥ 1×" },
];

/** ns added per call over the bare `await fn()` measured before each rep, and the same as a multiple of the bare call. */
function overhead(r) {
  const ns = r.ops.samples.map((ops, i) => 1e9 / ops - 1e9 / r.ref.samples[i]);
  const rel = r.ops.samples.map((ops, i) => r.ref.samples[i] / ops - 1);
  return { ns: median(ns), rel: median(rel), bareNs: median(r.ref.samples.map((x) => 1e9 / x)) };
}

function renderOps({ wlist, get, libs }) {
  const have = (id) => libs.some((l) => l.id === id);
  const fig = (r) => (!r ? null : r.na ? "n/a" : r.error ? "FAIL" : null);
  const rows = [];
  for (const row of OPS_ROWS.filter((x) => wlist.includes(x.w))) {
    const c = get("cspkit", row.w);
    row.peers.forEach(([id, name], k) => {
      if (!have(id)) return;
      const p = get(id, row.w);
      const cs = fig(c) ?? `${fmtOps(c.ops.median)} (N ${fmtN(c.N)})`;
      const ps = fig(p) ?? `${fmtOps(p.ops.median)} (N ${fmtN(p.N)})`;
      const ok = !fig(c) && !fig(p) ? c.ratio.median / p.ratio.median : null;
      rows.push([k === 0 ? row.label : "↳", k === 0 ? cs : "″", name, ps, ok == null ? "-" : fmtRatio(ok), row.target, ok == null ? "" : mark(ok >= row.min).trim()]);
    });
  }
  if (wlist.includes("merge") && have("cspkit")) {
    const c = get("cspkit", "merge");
    const bad = fig(c);
    rows.push([
      "`merge` of 8 cap-64 inputs, buffer 64 (items/s)", bad ?? `${fmtOps(c.ops.median)} (N ${fmtN(c.N)})`,
      "cspkit core fan-in 8 → 1 cap 64, same N, same process", bad ? "-" : fmtOps(c.ref.median),
      bad ? "-" : fmtRatio(c.ratio.median), "≥ 0.8×", bad ? "" : mark(c.ratio.median >= 0.8).trim(),
    ]);
  }
  if (wlist.includes("breaker") && have("cspkit")) {
    const c = get("cspkit", "breaker");
    const co = fig(c) ? null : overhead(c);
    [["cockatiel", "cockatiel 3 `execute(fn)`"], ["opossum", "opossum 9 `fire()`, `timeout: false`"]].forEach(([id, name], k) => {
      if (!have(id)) return;
      const p = get(id, "breaker");
      const po = fig(p) ? null : overhead(p);
      const ok = co && po ? co.rel <= po.rel : null;
      rows.push([
        k === 0 ? "circuit breaker, closed: overhead per call over a bare `await fn()`" : "↳",
        k === 0 ? (co ? `${co.ns.toFixed(0)} ns (bare ${co.bareNs.toFixed(0)} ns, N ${fmtN(c.N)})` : fig(c)) : "″",
        name, po ? `${po.ns.toFixed(0)} ns (bare ${po.bareNs.toFixed(0)} ns, N ${fmtN(p.N)})` : fig(p) ?? "-",
        co && po ? fmtRatio(co.rel / po.rel) : "-", "≤ 1×", ok == null ? "" : mark(ok).trim(),
      ]);
    });
  }
  if (!rows.length) return "";
  return [
    `\n### Operators and resilience (issue 4)\n`,
    table(["workload", "cspkit", "vs", "peer", "cspkit ÷ peer", "target", ""], rows, ["l", "l", "l"]),
    `\nFigures are medians over the reps. \`cspkit ÷ peer\` divides the two cells' median ratios (each rep's throughput over the raw-promise ping-pong timed in the same process just before it), so load that drifts between the two processes cancels out; for \`merge\` the reference is the core fan-in itself, timed at the same N in the same process before each rep. The breaker's overhead is (time per call − time per bare \`await fn()\`), the bare loop timed at the same N in the same process before each rep; its \`cspkit ÷ peer\` divides the overheads expressed as multiples of each process's bare call. N: items (calls) per rep, calibrated to the target time and capped at 1M (breaker: 2M) × scale; a slow library runs fewer.`,
  ].join("\n");
}
