// expectNoLeaks(): goleak's idea for cspkit. After a test, whatever is still
// parked or still running is a leak, unless it settles within a short grace
// period (a closing pipeline needs a few turns to wind down). It polls with
// backoff on the host's real timers, captured at load, so a test that installed
// fake timers (or a manual clock) cannot stall it.

import { blocked, describe, ignorer, runningTasks, shown, type BlockedOp, type LeakFilter } from "./report.js";

interface RealTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  setImmediate?: (fn: () => void) => unknown;
}

const host = globalThis as unknown as RealTimers;
const realSetTimeout = host.setTimeout;
const realSetImmediate = host.setImmediate;
const realNow = Date.now;

const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 && typeof realSetImmediate === "function") realSetImmediate.call(globalThis, resolve);
    else realSetTimeout.call(globalThis, resolve, Math.max(0, ms));
  });

/** Backoff between checks (ms); the last one repeats until the timeout. */
const BACKOFF = [0, 1, 5, 10, 20, 50, 100];
const DEFAULT_TIMEOUT = 500;

/**
 * Options of {@link expectNoLeaks}.
 *
 * @example
 * ```ts
 * await expectNoLeaks({ timeout: 1000, ignore: ["metrics-ticker"] });
 * ```
 */
export interface LeakOptions {
  /** How long (real ms, in total) to wait for things to settle before failing. Default 500. */
  readonly timeout?: number | undefined;
  /** Known background work to leave out (see {@link LeakFilter}). */
  readonly ignore?: LeakFilter | undefined;
}

/**
 * What {@link expectNoLeaks} rejects with: the message lists every leak by
 * name; `leaks` holds them as {@link BlockedOp} entries (parked operations,
 * then running tasks).
 *
 * @example
 * ```ts
 * try { await expectNoLeaks(); } catch (e) {
 *   if (e instanceof LeakError) console.log(e.leaks.map((b) => b.on));
 * }
 * ```
 */
export class LeakError extends Error {
  /** Always `"LeakError"`. */
  override readonly name = "LeakError";

  constructor(
    message: string,
    /** The leaks found on the last check. */
    readonly leaks: readonly BlockedOp[],
  ) {
    super(message);
  }
}

/**
 * Resolve once nothing is parked and no task started with `go()` is still
 * running; reject with a {@link LeakError} naming what is left if that does not
 * happen within `options.timeout` (real time, default 500 ms). The first check
 * runs after one macrotask turn, then with backoff (1, 5, 10, 20, 50, 100 ms,
 * then every 100 ms). No test-framework dependency: call it at the end of a
 * test or in `afterEach`.
 *
 * @example
 * ```ts
 * afterEach(() => expectNoLeaks());
 *
 * it("stops its workers", async () => {
 *   const pool = startPool();
 *   await pool.shutdown();
 *   await expectNoLeaks({ ignore: ["metrics"] });
 * });
 * ```
 */
export async function expectNoLeaks(options?: LeakOptions): Promise<void> {
  const where = "expectNoLeaks(options)";
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${where}: options must be an object like { timeout: 500 }, got ${shown(options)}`);
  }
  const timeout = options?.timeout ?? DEFAULT_TIMEOUT;
  if (typeof timeout !== "number" || !(timeout >= 0) || timeout === Infinity) {
    const E = typeof timeout === "number" ? RangeError : TypeError;
    throw new E(`${where}: options.timeout must be a finite number of milliseconds >= 0, got ${shown(timeout)}`);
  }
  const skip = ignorer(where, options?.ignore);
  const start = realNow();
  for (let i = 0; ; i++) {
    const left = timeout - (realNow() - start);
    await pause(i === 0 ? 0 : Math.min(BACKOFF[Math.min(i, BACKOFF.length - 1)]!, left));
    const ops = blocked().filter((b) => !skip(b));
    const tasks = runningTasks().filter((b) => !skip(b));
    if (ops.length === 0 && tasks.length === 0) return;
    const waited = realNow() - start;
    if (waited >= timeout) throw new LeakError(message(ops, tasks, waited), [...ops, ...tasks]);
  }
}

function message(ops: readonly BlockedOp[], tasks: readonly BlockedOp[], waited: number): string {
  const now = realNow();
  // A task parked on one of the operations is named on that line, not again on its own.
  const parked = new Map<string, number>();
  for (const b of ops) if (b.task !== undefined) parked.set(b.task, (parked.get(b.task) ?? 0) + 1);
  const idle = tasks.filter((t) => {
    const left = t.task === undefined ? 0 : (parked.get(t.task) ?? 0);
    if (left > 0) parked.set(t.task!, left - 1);
    return left === 0;
  });
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const head = [
    ops.length > 0 ? `${count(ops.length, "operation", "operations")} still parked` : "",
    idle.length > 0 ? `${count(idle.length, "task", "tasks")} still running` : "",
  ]
    .filter((s) => s !== "")
    .join(", ");
  const lines = [...ops, ...idle].map((b) => {
    const age = Math.max(0, now - b.since);
    const who = b.op !== "running" && b.task !== undefined ? `task "${b.task}", ` : "";
    const frame = b.stack === undefined ? "" : `\n    ${b.stack.split("\n", 1)[0]!}`;
    return `  ${describe(b)} (${who}${b.op === "running" ? "started" : "parked"} ${age} ms ago)${frame}`;
  });
  return `expectNoLeaks: ${head} after ${Math.round(waited)} ms:\n${lines.join("\n")}`;
}
