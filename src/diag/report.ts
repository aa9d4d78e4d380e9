// What diagnostics report: the registry's raw records (../chan/registry.ts)
// turned into one entry per waiting thing. The cases of one select arrive as
// separate records (each channel's queue lists its own); they are merged back
// into one "select" entry here, in case order. Running tasks come as records
// with op "running" and are kept apart: they are not blocked, but a leak check
// wants them too.

import type { Channel } from "../chan/chan.js";
import { parkedOps, type ParkedOp } from "../chan/registry.js";
import { MODE_SEND } from "../chan/waiter.js";
import { SelectGroup } from "../select/group.js";

/**
 * One case of a parked select, as {@link blocked} reports it.
 *
 * @example
 * ```ts
 * const [sel] = blocked();
 * for (const c of sel.cases) console.log(c.op, c.on); // "recv" 'chan "a"'
 * ```
 */
export interface BlockedCase {
  /** "recv" or "send". */
  readonly op: string;
  /** The channel, e.g. `chan "a"`, `chan` (no name), `nil chan`, `timer` (from `after` or `timer`), `ticker`. */
  readonly on: string;
}

/**
 * Something waiting, as {@link blocked} and {@link runningTasks} report it.
 *
 * `op` is one of "recv", "send", "select" (channels), "lock", "rlock"
 * (Mutex/RWMutex), "acquire" (Semaphore), "wait" (WaitGroup, Cond, Once), or
 * "running" (a task from {@link runningTasks}). `on` names what it waits on:
 * `chan "jobs"`, `Mutex "db"`, `WaitGroup` (no name given); for a select, its
 * cases in order, `[recv chan "a", send chan "b"]`; for a task, `task "name"`.
 *
 * @example
 * ```ts
 * for (const b of blocked()) {
 *   console.log(`${b.op} ${b.on}`, b.task ?? "", Date.now() - b.since, "ms");
 * }
 * ```
 */
export interface BlockedOp {
  /** What it does: "recv", "send", "select", "lock", "rlock", "acquire", "wait", "go" (an errgroup slot) or "running". */
  readonly op: string;
  /** What it waits on: `chan "jobs"`, `Mutex "db"`, `[recv chan "a", send chan "b"]` (a select), `task "w"`. */
  readonly on: string;
  /** When it parked (a task: when it started), epoch ms; coarse (the start of that event-loop turn). */
  readonly since: number;
  /**
   * The task that parked it, when known: the operation parked during the
   * synchronous part of a task started with `go()` (JavaScript has no
   * goroutine-local storage, so not after an `await`), and it is one that keeps
   * its bookkeeping (a select, a `for await`, an operation with a signal) or
   * debug mode is on (plain `send`/`recv` park as lightly as possible).
   */
  readonly task: string | undefined;
  /** Where it parked (a task: where it was started), in debug mode only; cspkit's own frames removed. */
  readonly stack: string | undefined;
  /** A select's cases, in case order; empty for every other op. */
  readonly cases: readonly BlockedCase[];
}

const NO_CASES: readonly BlockedCase[] = [];

/**
 * Every operation parked right now: channel sends and receives (`for await`
 * included), selects (one entry per select, all its cases listed), and waits on
 * the sync primitives. Tasks that are still running are not included: see
 * {@link runningTasks}. Oldest first.
 *
 * The registry behind it is always on; in debug mode (`setDebug(true)` or
 * `CSPKIT_DEBUG=1`) each entry also carries the stack where it parked.
 *
 * @example
 * ```ts
 * const jobs = chan<number>(0, { name: "jobs" });
 * void jobs.recv();
 * blocked(); // [{ op: "recv", on: 'chan "jobs"', since, task: undefined, stack: undefined, cases: [] }]
 * ```
 */
export function blocked(): BlockedOp[] {
  return collect(false);
}

/**
 * Tasks started with `go()` that have not finished, as entries with op
 * "running", `on` = `task "name"`, `since` = when it started and, in debug
 * mode, `stack` = where it was started. Oldest first.
 *
 * A task parked on a channel is both running (here) and blocked (its operation
 * is in {@link blocked}; see {@link BlockedOp.task} for when it names the task).
 *
 * @example
 * ```ts
 * for (const t of runningTasks()) console.log(t.task, "running since", new Date(t.since));
 * ```
 */
export function runningTasks(): BlockedOp[] {
  return collect(true);
}

function collect(running: boolean): BlockedOp[] {
  const out: BlockedOp[] = [];
  const selects = new Map<object, number>();
  for (const r of parkedOps()) {
    if ((r.op === "running") !== running) continue;
    if (r.group === undefined) {
      const on = r.op === "running" ? `task "${r.task ?? "?"}"` : r.on;
      out.push({ op: r.op, on, since: r.since, task: r.task, stack: clean(r.stack), cases: NO_CASES });
      continue;
    }
    const at = selects.get(r.group);
    if (at !== undefined) {
      // Another case of a select already listed: keep the oldest stamp and any known task/stack.
      const e = out[at]!;
      if (r.since < e.since || (e.task === undefined && r.task !== undefined) || (e.stack === undefined && r.stack !== undefined)) {
        out[at] = { ...e, since: Math.min(e.since, r.since), task: e.task ?? r.task, stack: e.stack ?? clean(r.stack) };
      }
      continue;
    }
    selects.set(r.group, out.length);
    const cases = casesOf(r.group, r);
    out.push({
      op: "select",
      on: `[${cases.map((c) => `${c.op} ${c.on}`).join(", ")}]`,
      since: r.since,
      task: r.task,
      stack: clean(r.stack),
      cases,
    });
  }
  // Stable: ties (one coarse stamp) keep the registry's order.
  return out.sort((a, b) => a.since - b.since);
}


/** A select's cases in case order (the records come in queue order, without their index). */
function casesOf(group: object, first: ParkedOp): BlockedCase[] {
  if (!(group instanceof SelectGroup)) return first.op === "select" ? [] : [{ op: first.op, on: first.on }];
  return group.cases().map((w) => ({
    op: w.mode === MODE_SEND ? "send" : "recv",
    on: w.chan === null ? "nil chan" : (w.chan as Channel<unknown>).label,
  }));
}

// ---- stacks ------------------------------------------------------------------

/**
 * Where cspkit's own modules live (src/ under vitest, dist/ when built): this
 * file's grandparent, when it still sits in diag/. Bundled into someone else's
 * file, cspkit's frames cannot be told from theirs: none are dropped.
 */
const ROOT: string | undefined = (() => {
  const url = (import.meta as { url?: unknown }).url;
  if (typeof url !== "string") return undefined;
  const parent = url.lastIndexOf("/");
  const grand = url.lastIndexOf("/", parent - 1);
  return grand > 0 && url.slice(grand, parent + 1) === "/diag/" ? url.slice(0, grand + 1) : undefined;
})();
const ROOT_PATH = ROOT !== undefined && ROOT.startsWith("file://") ? decodeURIComponent(ROOT.slice(7)) : undefined;

const internal = (frame: string): boolean =>
  frame.includes("(<anonymous>)") ||
  frame.trim() === "at new Promise" ||
  (ROOT !== undefined && frame.includes(ROOT)) ||
  (ROOT_PATH !== undefined && frame.includes(ROOT_PATH));

/** The host's own frames (Node's module loader and the like): never the user's code. */
const host = (frame: string): boolean => frame.includes("node:internal/") || frame.includes("(native)");

/**
 * Drop cspkit's frames (and `new Promise`) from the top of a park stack, so it
 * starts in the caller, and the host's frames anywhere.
 */
function clean(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const lines = stack.split("\n");
  let i = 0;
  while (i < lines.length - 1 && internal(lines[i]!)) i++;
  const kept = lines
    .slice(i)
    .filter((l) => !host(l))
    .map((l) => l.trim());
  return kept.length === 0 ? undefined : kept.join("\n");
}

// ---- rendering and matching (shared by dump, expectNoLeaks, detectDeadlocks) ----

/** One line: `recv chan "jobs"`, `select [recv chan "a"]`, `task "w" running`. */
export const describe = (b: BlockedOp): string => (b.op === "running" ? `${b.on} running` : `${b.op} ${b.on}`);

/** The name inside a label: `chan "jobs"` → `jobs`; undefined when it has none. */
const nameIn = (on: string): string | undefined => {
  const q = on.indexOf('"');
  return q >= 0 && on.endsWith('"') && on.length > q + 1 ? on.slice(q + 1, -1) : undefined;
};

/**
 * What to leave out of a leak or deadlock report: a predicate, or a list where
 * a string matches an entry whose task, channel or primitive name equals it
 * (`"ticker"`), or whose label equals it (`'chan "ticker"'`, for a select: any
 * case's); a RegExp matches the entry's one-line description
 * (`recv chan "jobs"`, `select [recv chan "a", send chan "b"]`, `task "w" running`)
 * or its task name.
 *
 * @example
 * ```ts
 * await expectNoLeaks({ ignore: ["metrics", /chan "heartbeat"/] });
 * await expectNoLeaks({ ignore: (b) => b.task === "background-flusher" });
 * ```
 */
export type LeakFilter = ((op: BlockedOp) => boolean) | readonly (string | RegExp)[];

/** Check an `ignore` option; returns a predicate (always false when absent). */
export function ignorer(where: string, ignore: unknown): (b: BlockedOp) => boolean {
  if (ignore === undefined) return () => false;
  if (typeof ignore === "function") return ignore as (b: BlockedOp) => boolean;
  if (!Array.isArray(ignore) || !ignore.every((x) => typeof x === "string" || x instanceof RegExp)) {
    throw new TypeError(
      `${where}: options.ignore must be a function (entry) => boolean or an array of names and RegExps, got ${shown(ignore)}`,
    );
  }
  const list = ignore as readonly (string | RegExp)[];
  return (b) => {
    const labels = b.cases.length > 0 ? [b.on, ...b.cases.map((c) => c.on)] : [b.on];
    for (const m of list) {
      if (typeof m === "string") {
        if (m === b.task) return true;
        for (const l of labels) if (l === m || nameIn(l) === m) return true;
      } else {
        m.lastIndex = 0;
        if (m.test(describe(b))) return true;
        m.lastIndex = 0;
        if (b.task !== undefined && m.test(b.task)) return true;
      }
    }
    return false;
  };
}

/** A bad argument, for an error message. */
export const shown = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (v !== null && typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return String(v);
};
