#!/usr/bin/env node
// cspkit's benchmark: cspkit beside its peer libraries, every figure also as a ratio
// to what plain JavaScript does in the same process. See bench/README.md.
//
//   npm run bench                      full run (≈ 3 CPU-minutes), writes bench/RESULTS.md
//   npm run bench -- --quick           smaller sizes, 3 reps, guard variant only (≈ 1 CPU-minute)
//   npm run bench -- --only=cspkit --workloads=pingpong,select
//   npm run bench -- --workloads=pipeline,pmap,merge,breaker   the operator/resilience table only
//   options: --reps=N --target-ms=N --scale=X --clock=cpu|wall --gc-each-rep
//            --variants=guard-off,debug|none --timeout=S --write / --no-write --no-build --help

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const LIB_IDS = ["cspkit", "ts-chan", "thing-csp", "js-csp", "async-channel", "channel-ts", "effect", "p-map", "cockatiel", "opossum"];
const VARIANT_INFO = {
  "guard-off": {
    title: "Starvation guard cost", label: "guard off", withHead: "guard on", withoutHead: "guard off", limit: 0.1,
    withIsDefault: true,
    explain: "Measured in one process per workload, alternating guard on (the default) and `setStarvationGuard(false)` rep by rep; the columns are the median ratios (as in the table above) of each mode, `on / off` the median over pairs of reps of their ratio, cost = 1 − on/off. A negative cost is noise.",
  },
  debug: {
    title: "Debug mode cost", label: "debug mode", withHead: "debug", withoutHead: "normal", limit: null,
    withIsDefault: false,
    explain: "Measured like the guard: one process per workload alternating `setDebug(true)` and the default rep by rep; cost = 1 − debug/normal. N is sized for debug mode, so the normal reps there are short.",
  },
};

const log = (...a) => process.stderr.write(`${a.join(" ")}\n`);

function parseArgs(argv) {
  const opt = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${JSON.stringify(a)} (try --help)`);
    opt[m[1]] = m[2] ?? "true";
  }
  return opt;
}

let opt;
try {
  opt = parseArgs(process.argv.slice(2));
} catch (e) {
  log(`bench: ${e.message}`);
  process.exit(2);
}
if (opt.help) {
  process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 11).map((l) => l.replace(/^\/\/ ?/, "")).join("\n") + "\n");
  process.exit(0);
}
const QUICK = opt.quick === "true";
const REPS = Number(opt.reps ?? (QUICK ? 3 : 5));
const TARGET_MS = Number(opt["target-ms"] ?? (QUICK ? 60 : 200));
const SCALE = Number(opt.scale ?? (QUICK ? 0.25 : 1));
const CLOCK = opt.clock ?? "cpu";
const TIMEOUT_S = Number(opt.timeout ?? 150);
const GC_EACH_REP = opt["gc-each-rep"] === "true";

function checkOptions() {
  for (const [k, v] of [["reps", REPS], ["target-ms", TARGET_MS], ["scale", SCALE], ["timeout", TIMEOUT_S]]) {
    if (!(v > 0)) throw new Error(`--${k} must be a positive number, got ${JSON.stringify(opt[k])}`);
  }
  if (CLOCK !== "cpu" && CLOCK !== "wall") throw new Error(`--clock must be cpu or wall, got ${JSON.stringify(CLOCK)}`);
}

// ---------- prerequisites ----------

function newestMtime(dir, pick) {
  let best = pick === "max" ? 0 : Infinity;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const t = fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs;
    best = pick === "max" ? Math.max(best, t) : Math.min(best, t);
  }
  return best;
}

function prerequisites() {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const quietOut = { stdio: ["ignore", process.stderr, process.stderr] };
  if (!fs.existsSync(path.join(BENCH, "node_modules"))) {
    log("bench: installing the peer libraries (npm ci --prefix bench) ...");
    execFileSync(npm, ["ci", "--prefix", BENCH, "--no-audit", "--no-fund"], { cwd: ROOT, ...quietOut });
  }
  if (process.env.CSPKIT_ENTRY || opt["no-build"] === "true") return;
  const dist = path.join(ROOT, "dist");
  const stale = !fs.existsSync(path.join(dist, "index.js"))
    || newestMtime(path.join(ROOT, "src"), "max") > newestMtime(dist, "min");
  if (stale) {
    log("bench: dist/ is missing or older than src/: npm run build ...");
    try {
      execFileSync(npm, ["run", "build"], { cwd: ROOT, ...quietOut });
    } catch {
      // tsc still emits on type errors; measure what it emitted, but say so
      if (!fs.existsSync(path.join(dist, "index.js"))) {
        throw new Error("npm run build failed and left no dist/index.js (see above)");
      }
      log("bench: WARNING: npm run build reported errors (see above); measuring the dist/ it emitted");
    }
  }
}

// ---------- cells ----------

function runCell(lib, workload, variant = "") {
  return new Promise((resolve) => {
    const node = ["--expose-gc", ...(CLOCK === "cpu" ? ["--single-threaded-gc"] : []), "--max-old-space-size=4096"];
    const args = [...node, path.join(BENCH, "lib", "cell.mjs"), lib, workload,
      `--reps=${REPS}`, `--target-ms=${TARGET_MS}`, `--scale=${SCALE}`, `--clock=${CLOCK}`,
      ...(GC_EACH_REP ? ["--gc-each-rep"] : []), ...(variant ? [`--variant=${variant}`, "--paired"] : [])];
    const child = spawn(process.execPath, args, { cwd: BENCH, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, TIMEOUT_S * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ error: `no result within ${TIMEOUT_S} s (killed)` });
      const line = out.split("\n").reverse().find((l) => l.startsWith("@@cell "));
      if (!line) return resolve({ error: `exit ${code}: ${err.trim().split("\n").slice(-3).join(" | ") || "no output"}` });
      resolve(JSON.parse(line.slice(7)));
    });
  });
}

const brief = (r) => {
  if (r.na) return "n/a";
  if (r.error) return `FAIL ${r.error.slice(0, 160)}`;
  const f = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);
  let s = `${f(r.ops.median)}/s ×${r.ratio.median.toFixed(3)} N=${r.N}`;
  if (r.parkBytes) s += ` ${r.parkBytes.median.toFixed(0)} B/receiver`;
  if (r.waiters) s += ` waiters ${r.waiters.join("/")}`;
  return s;
};

async function main() {
  const t0 = Date.now();
  checkOptions();
  const { WORKLOADS } = await import(pathToFileURL(path.join(BENCH, "lib", "workloads.mjs")).href);
  const { render } = await import(pathToFileURL(path.join(BENCH, "lib", "report.mjs")).href);

  const pick = (list, flag, known) => {
    if (!opt[flag]) return list;
    const want = opt[flag].split(",").map((s) => s.trim()).filter(Boolean);
    for (const x of want) if (!known.some((k) => k.includes(x))) throw new Error(`--${flag}: "${x}" matches none of ${known.join(", ")}`);
    return list.filter((k) => want.some((x) => k.includes(x)));
  };
  const libIds = pick(LIB_IDS, "only", LIB_IDS);
  const wlist = pick(Object.keys(WORKLOADS), "workloads", Object.keys(WORKLOADS));
  prerequisites(); // the adapters below import the peers and dist/

  const libs = [];
  for (const id of libIds) {
    const mod = await import(pathToFileURL(path.join(BENCH, "libs", `${id}.mjs`)).href);
    const a = mod.default;
    let version = "";
    if (a.pkg) {
      try { version = JSON.parse(fs.readFileSync(path.join(BENCH, "node_modules", a.pkg, "package.json"), "utf8")).version; } catch { version = "?"; }
    } else {
      try { version = `${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version} (dist/)`; } catch { /* unknown */ }
    }
    libs.push({ id, title: a.title, notes: a.notes, version, adapter: a, variants: mod.VARIANTS });
  }

  const cspkit = libs.find((l) => l.id === "cspkit");
  let variants = [];
  if (cspkit) {
    // a quick run measures the guard only; a full run every variant the build has
    const asked = opt.variants === "none" ? [] : opt.variants ? opt.variants.split(",") : QUICK ? ["guard-off"] : Object.keys(cspkit.variants);
    for (const v of asked) {
      const def = cspkit.variants[v];
      if (!def) throw new Error(`--variants: unknown variant "${v}"; known: ${Object.keys(cspkit.variants).join(", ")}`);
      if (!def.available()) { log(`bench: variant ${v} skipped: this build has no hook for it`); continue; }
      variants.push({ id: v, ...VARIANT_INFO[v] });
    }
  }

  const env = {
    node: process.version, cpu: os.cpus()[0]?.model?.trim() ?? "?", cores: os.availableParallelism?.() ?? os.cpus().length,
    platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    clock: CLOCK, reps: REPS, targetMs: TARGET_MS, scale: SCALE, quick: QUICK, gcEachRep: GC_EACH_REP,
    loadStart: os.loadavg()[0].toFixed(1),
  };
  log(`bench: node ${env.node}, ${env.cores} cores, ${env.cpu}; clock ${CLOCK}, reps ${REPS}, target ${TARGET_MS} ms, scale ${SCALE}; load ${env.loadStart}`);

  log("bench: references ...");
  const floor = await runCell("floor", "-");
  if (floor.error) log(`bench: references FAILED: ${floor.error}`);

  const cells = {};
  for (const w of wlist) {
    const columns = [];
    for (const l of libs) {
      columns.push({ l, variant: "" });
      // the variants measure the engine; the operator workloads (group "ops") skip them
      if (l.id === "cspkit" && WORKLOADS[w].group !== "ops") for (const v of variants) columns.push({ l, variant: v.id });
    }
    for (const { l, variant } of columns) {
      const key = variant ? `${l.id}[${variant}]` : l.id;
      // a peer with no channel adapter (p-map, cockatiel, opossum) runs only its own workload
      const needs = WORKLOADS[w].needs ?? ((a) => Boolean(a.make));
      const t = Date.now();
      const r = needs && !needs(l.adapter) ? { na: true } : await runCell(l.id, w, variant);
      (cells[key] ??= {})[w] = r;
      if (!r.na) log(`${w.padEnd(9)} ${key.padEnd(20)} ${brief(r)}  [${((Date.now() - t) / 1000).toFixed(1)} s]`);
    }
  }
  env.loadEnd = os.loadavg()[0].toFixed(1);
  env.seconds = Math.round((Date.now() - t0) / 1000);

  const md = render({ env, libs, variants, wlist, cells, floor });
  process.stdout.write(md);
  const outDir = path.join(BENCH, "results");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "latest.md"), md);
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify({ env, libs: libs.map(({ adapter, variants: _v, ...l }) => l), variants, cells, floor }, null, 1));
  const full = !QUICK && !opt.only && !opt.workloads && !opt.variants && !opt.reps && !opt["target-ms"] && !opt.scale && !opt.clock && !GC_EACH_REP;
  const write = opt.write === "true" || (full && opt["no-write"] !== "true" && opt.write !== "false");
  if (write) fs.writeFileSync(path.join(BENCH, "RESULTS.md"), md);
  log(`bench: done in ${env.seconds} s; wrote bench/results/latest.{md,json}${write ? " and bench/RESULTS.md" : " (RESULTS.md only on a full run or with --write)"}`);
}

main().catch((e) => {
  log(`bench: ${e?.message ?? e}`);
  process.exit(1);
});
