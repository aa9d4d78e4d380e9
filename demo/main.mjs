// npm run demo [-- <dir>] [--seed=n] [--rate=n] [--timeout=ms] [--deadline=ms]
//                         [--drain-timeout=ms] [--stop-after=n]
//
// A Go-style pipeline doing real work, assembled from cspkit's pieces:
//
//   walk ──▶ hash (×8) ──▶ rate limit ──▶ index (×4) ──▶ record
//   from     parallelMap    rateLimit      parallelMap     forEach
//                                          └ circuit breaker ∘ timeout per call
//
// It walks a directory tree (default: this repository), hashes and counts the
// lines of every file with 8 workers, then sends each file, at most --rate per
// second, to a deliberately flaky SIMULATED index service (./service.mjs),
// through a circuit breaker and a per-call timeout. The whole run has a
// deadline. Ctrl-C drains: no new file is taken, the files in flight finish
// (within --drain-timeout), then it stops and prints what happened to every
// file it took in — none may be missing.
//
// Two pieces of cspkit carry the stop:
// - shutdown(), the coordinator: Running → Draining → Stopped. Its `ctx` tells
//   the intake to stop taking files; its `workCtx` stops the pipeline at the
//   end. Every file is tracked from intake to its result, so at the stop each
//   one is finished, failed, or returned (still in flight), never lost.
// - a context with a deadline (withTimeout, as Go's context.WithTimeout): when
//   it expires, the coordinator stops at once and returns what is in flight.
//
// Each stage is an operator: it closes its output when its input is exhausted,
// and when its consumer stops, it stops and stops the stages feeding it. So
// stopping the last stage (record) stops the whole pipeline, walk included.

import { stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { either as E, function as F } from "fp-ts";
import {
  afterFunc,
  background,
  BrokenCircuitError,
  chan,
  circuitBreaker,
  consecutiveBreaker,
  forEach,
  from,
  go,
  parallelMap,
  rateLimit,
  select,
  shutdown,
  tick,
  timeoutPolicy,
  TimeoutRejectedError,
  withTimeout,
  wrap,
} from "cspkit";
import { hashFile } from "./hash.mjs";
import { indexService, ServiceError } from "./service.mjs";
import { terminal } from "./terminal.mjs";
import { walk } from "./walk.mjs";

// ── Options ────────────────────────────────────────────────────────────────

const USAGE = `usage: npm run demo [-- <dir>] [--seed=n] [--rate=n] [--timeout=ms] [--deadline=ms] [--drain-timeout=ms] [--stop-after=n]

  <dir>               the tree to walk (default: this repository; node_modules, .git and dist are skipped)
  --seed=n            the simulated service's random seed: same seed, same fate for each file (default 1)
  --rate=n            calls to the index service per second (default 100)
  --timeout=ms        time limit of one index call (default 250)
  --deadline=ms       time limit of the whole run; then it stops at once (default 30000)
  --drain-timeout=ms  how long Ctrl-C's drain may take before the rest is returned (default 3000)
  --stop-after=n      begin the drain after taking in n files, as Ctrl-C would`;

function options(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: "string", default: "1" },
        rate: { type: "string", default: "100" },
        timeout: { type: "string", default: "250" },
        deadline: { type: "string", default: "30000" },
        "drain-timeout": { type: "string", default: "3000" },
        "stop-after": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    usage(e.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 1) usage(`expected at most one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(values[name])}`);
    return n;
  };
  return {
    root: resolve(positionals[0] ?? fileURLToPath(new URL("..", import.meta.url))),
    seed: int("seed", 0),
    rate: int("rate", 1),
    timeout: int("timeout", 1),
    deadline: int("deadline", 1),
    drainTimeout: int("drain-timeout", 0),
    stopAfter: values["stop-after"] === undefined ? Infinity : int("stop-after", 1),
  };
}

function usage(problem) {
  console.error(`demo: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

const opt = options(process.argv.slice(2));
const rootStat = await stat(opt.root).catch((e) => usage(`cannot read ${opt.root}: ${e.code ?? e.message}`));
if (!rootStat.isDirectory()) usage(`${opt.root} is not a directory`);

// ── What we count ──────────────────────────────────────────────────────────

const started = performance.now();
const term = terminal();
const stats = { seen: 0, hashed: 0, bytes: 0, lines: 0, indexed: 0, failed: new Map(), breaker: [], stops: [] };
const failedCount = () => [...stats.failed.values()].reduce((a, b) => a + b, 0);
const elapsed = () => `${((performance.now() - started) / 1_000).toFixed(1)}s`;
const event = (line) => term.log(`[${elapsed().padStart(6)}] ${line}`);

// ── The stop: a shutdown coordinator, Ctrl-C and a deadline ────────────────

// Aborting `interrupt` begins the drain (shutdown's `signal` option).
const interrupt = new AbortController();
const sd = shutdown({ drainTimeout: opt.drainTimeout, signal: interrupt.signal, name: "demo" });

const drain = (why) => {
  if (interrupt.signal.aborted || sd.state !== "running") return;
  stats.stops.push(why);
  interrupt.abort(why);
};
const stopNow = (why) => {
  if (sd.state === "stopped") return;
  stats.stops.push(why);
  void sd.stop(); // whatever is still in flight is returned
};

// The first Ctrl-C drains, a second one stops at once.
const onInterrupt = (signal) => {
  const name = signal === "SIGINT" ? "Ctrl-C" : signal;
  if (!interrupt.signal.aborted) drain(name);
  else stopNow(`a second ${name}`);
};
process.on("SIGINT", onInterrupt);
process.on("SIGTERM", onInterrupt);

// The whole run's deadline is a context, as in Go; when it expires, stop.
const [runCtx, cancelRun] = withTimeout(background(), opt.deadline);
const stopAtDeadline = afterFunc(runCtx, () => stopNow(`the ${opt.deadline} ms deadline`));

// ── The flaky dependency, and the policies around it ───────────────────────

const service = indexService({ seed: opt.seed, slowMs: opt.timeout * 4 });
const breaker = circuitBreaker({ breaker: consecutiveBreaker(5), halfOpenAfter: 250, name: "index" });
breaker.onStateChange((c) => {
  stats.breaker.push(c);
  const why = c.to !== "open" ? "" : c.from === "closed" ? ` (5 failures in a row, the last: ${reasonOf(c.error)})` : ` (the probe failed: ${reasonOf(c.error)})`;
  event(`circuit breaker: ${c.from} → ${c.to}${why}`);
});
// Outermost first: the timeout runs inside the breaker, so a timeout counts as a failure.
const policy = wrap(breaker, timeoutPolicy(opt.timeout));
const limiter = rateLimit({ limit: opt.rate, interval: 1_000, burst: 1 });

function reasonOf(error) {
  if (error instanceof BrokenCircuitError) return "circuit open";
  if (error instanceof TimeoutRejectedError) return `timeout (${error.ms} ms)`;
  if (error instanceof ServiceError) return `service error ${error.status}`;
  return error instanceof Error ? error.message : String(error);
}

// ── The stages ─────────────────────────────────────────────────────────────

// The intake. Each file is tracked by the coordinator from here until
// `record` settles it. Draining cancels `sd.ctx`: take no new file.
async function* intake() {
  for await (const path of walk(opt.root, (dir, e) => event(`skipped ${dir}: ${e.code ?? e.message}`))) {
    if (sd.ctx.err() !== undefined) return;
    const rel = relative(opt.root, path).split(sep).join("/"); // the same name (and fate) on every OS
    stats.seen++;
    if (stats.seen === opt.stopAfter) drain(`--stop-after=${opt.stopAfter}`);
    yield { path, rel, ticket: sd.track(rel) };
  }
}

// A file's failure travels down the pipeline as data: a throw would fail the
// whole pipeline (that is what stage errors are for), not just this file.
async function hashOne(file, ctx) {
  try {
    const digest = await hashFile(file.path, ctx.signal);
    stats.hashed++;
    stats.bytes += digest.bytes;
    stats.lines += digest.lines;
    return { ...file, ...digest };
  } catch (e) {
    return { ...file, failure: `read error (${e.code ?? e.name})` };
  }
}

async function indexOne(file, ctx) {
  if (file.failure !== undefined) return file; // nothing to index; pass it on to be counted
  const r = await policy.executeEither(({ signal }) => service.index(file, signal), { signal: ctx.signal });
  return E.isRight(r) ? { ...file, doc: r.right } : { ...file, failure: reasonOf(r.left) };
}

function record(file) {
  // Once stopped, the coordinator has returned this file already: do not count it twice.
  if (sd.state === "stopped") return;
  if (file.failure === undefined) {
    stats.indexed++;
    file.ticket.finish();
  } else {
    stats.failed.set(file.failure, (stats.failed.get(file.failure) ?? 0) + 1);
    file.ticket.fail(file.failure);
  }
}

// ── Progress: two goroutines ───────────────────────────────────────────────

// Closed when the run is over (Go's `done` channel).
const done = chan(0, { name: "done" });

const progress = go(
  async () => {
    const ticker = tick(term.period);
    try {
      for (;;) {
        const r = await select({ tick: ticker.c, done });
        if (r.case === "done") return;
        term.status(
          `[${elapsed().padStart(6)}] seen ${stats.seen}  hashed ${stats.hashed}  indexed ${stats.indexed}  ` +
            `failed ${failedCount()}  in flight ${sd.inFlight.length}  breaker ${breaker.state}  ${sd.state}`,
        );
      }
    } finally {
      ticker.stop();
    }
  },
  { name: "progress" },
);

// `changes` closes after the stop, so this loop ends by itself.
const transitions = go(
  async () => {
    for await (const c of sd.changes) {
      event(`shutdown: ${c.from} → ${c.to}${c.to === "draining" ? ` (${stats.stops.at(-1) ?? "input exhausted"})` : ""}`);
    }
  },
  { name: "transitions" },
);

// ── Run ────────────────────────────────────────────────────────────────────

term.log(
  `cspkit demo: ${opt.root} — seed ${opt.seed}, ${opt.rate} calls/s, ${opt.timeout} ms per call, ` +
    `deadline ${opt.deadline} ms; Ctrl-C drains, twice stops`,
);

const pipeline = F.pipe(
  from(intake(), { name: "walk" }),
  parallelMap(hashOne, { concurrency: 8, name: "hash" }),
  limiter,
  parallelMap(indexOne, { concurrency: 4, name: "index" }),
  // Only the last stage listens to the stop: stopping it stops every stage before it.
  forEach(record, { ctx: sd.workCtx, name: "record" }),
);

let crashed;
try {
  await pipeline;
} catch (e) {
  // Stopped: the stages were cancelled on purpose. Anything else is a bug.
  if (sd.state !== "stopped") crashed = e;
}
// Input exhausted (or the pipeline failed): nothing is in flight, so this stops at once.
const summary = await (crashed === undefined ? sd.begin() : sd.stop());

stopAtDeadline();
cancelRun();
process.off("SIGINT", onInterrupt);
process.off("SIGTERM", onInterrupt);
done.close();
await progress.join();
await transitions.join();
term.clear();

// ── Summary ────────────────────────────────────────────────────────────────

const { finished, failed } = summary.totals;
const returned = summary.returned.length;
const lost = stats.seen - (finished + failed + returned);
const consistent = lost === 0 && finished === stats.indexed && failed === failedCount();

const row = (label, n, note = "") => console.log(`  ${label.padEnd(20)}${String(n).padStart(7)}${note === "" ? "" : `  ${note}`}`);
const list = (items, max = 5) => items.slice(0, max).join(", ") + (items.length > max ? `, … and ${items.length - max} more` : "");
const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);

const why = stats.stops.length === 0 ? "input exhausted" : stats.stops.join(", then ");
console.log(`\nSummary after ${elapsed()}: stopped by ${why} (${summary.drained ? "drained" : "not drained: the files in flight were returned"})`);
row("files seen", stats.seen);
row("hashed", stats.hashed, `${stats.lines} lines, ${mb(stats.bytes)}`);
row("indexed", stats.indexed, `${service.calls} service calls`);
row("failed", failedCount());
for (const [reason, n] of [...stats.failed].sort((a, b) => b[1] - a[1])) row(`  ${reason}`, n);
row("returned", returned, list(summary.returned));
row(
  "breaker changes",
  stats.breaker.length,
  stats.breaker.length === 0 ? "" : [stats.breaker[0].from, ...stats.breaker.map((c) => c.to)].join(" → "),
);
console.log(
  `  nothing lost: seen ${stats.seen} = indexed ${finished} + failed ${failed} + returned ${returned} ` +
    (consistent ? "✓" : `✗ (${lost} missing; counted here: indexed ${stats.indexed}, failed ${failedCount()})`),
);

if (crashed !== undefined) console.error("\ndemo: the pipeline failed:", crashed);
process.exitCode = crashed === undefined && consistent ? 0 : 1;
