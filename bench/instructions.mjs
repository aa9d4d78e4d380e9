// Instructions per operation, for A/B-ing engine changes on a noisy machine.
//
// Wall and CPU clocks on a shared box swing by more than the few percent an
// engine change is worth. Counting instructions does not: under valgrind's
// callgrind, with V8's --predictable (single-threaded, deterministic GC and
// compilation), two runs of one build agree to ~0.1%. This runs one workload of
// lib/workloads.mjs twice under callgrind, with N operations and with none, and
// prints (I(N) − I(0)) / N. It says nothing about cache misses or GC pauses on
// other threads, so confirm a change that matters with `npm run bench`.
//
//   node bench/instructions.mjs <workload> [N] [dist entry]     (needs valgrind)
//   node bench/instructions.mjs selclean 20000 /tmp/other-build/index.js
//
// Workloads: pingpong, buffered, forawait, fanin, select, selclean.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [workload, nArg, entryArg] = process.argv.slice(2);

if (process.env.BENCH_INSTRUCTIONS_CHILD === "1") {
  // The measured process: warm up, then run N operations (none when N is 0).
  const { WORKLOADS } = await import(pathToFileURL(path.join(here, "lib", "workloads.mjs")).href);
  const cspkit = (await import(pathToFileURL(path.join(here, "libs", "cspkit.mjs")).href)).default;
  const w = WORKLOADS[workload];
  const run =
    w.kind === "selclean"
      ? async (n) => {
          const d = w.driver(cspkit);
          await d.loop(d.quiet(), n);
        }
      : (n) => w.run(cspkit, n);
  await run(20_000);
  const n = Number(nArg);
  if (n > 0) await run(n);
} else {
  const names = ["pingpong", "buffered", "forawait", "fanin", "select", "selclean"];
  if (!names.includes(workload)) {
    console.error(`usage: node bench/instructions.mjs <${names.join("|")}> [N] [dist entry]`);
    process.exit(2);
  }
  const n = Number(nArg ?? 20_000);
  const entry = path.resolve(entryArg ?? path.join(here, "..", "dist", "index.js"));
  // callgrind reports on stderr: "==pid== Collected : <instructions>".
  const collected = (ops) => {
    const r = spawnSync(
      "valgrind",
      ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--predictable", fileURLToPath(import.meta.url), workload, String(ops)],
      { env: { ...process.env, BENCH_INSTRUCTIONS_CHILD: "1", CSPKIT_ENTRY: entry }, encoding: "utf8" },
    );
    if (r.error?.code === "ENOENT") throw new Error("valgrind is not installed (apt-get install valgrind)");
    const m = /Collected : (\d+)/.exec(r.stderr ?? "");
    if (r.status !== 0 || m === null) throw new Error(`callgrind run failed (exit ${r.status}):\n${(r.stderr ?? "").slice(-2000)}`);
    return Number(m[1]);
  };
  const base = collected(0);
  const total = collected(n);
  console.log(`${workload}: ${Math.round((total - base) / n)} instructions per operation (N ${n}, ${path.relative(process.cwd(), entry)})`);
}
