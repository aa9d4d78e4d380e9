// dump(): a text picture of everything waiting, in the spirit of Go's goroutine
// dump (`goroutine 7 [chan receive, 2 minutes]:`), one paragraph per waiter.
// JavaScript has no goroutine ids, so a paragraph is headed by its task's name
// when known and by its position in the dump otherwise.

import { blocked, describe, runningTasks, type BlockedOp } from "./report.js";

/** Go's wait reasons, keyed by op and the kind of thing waited on. */
function reason(b: BlockedOp): string {
  const kind = b.on.split(" ", 1)[0];
  switch (b.op) {
    case "recv":
      return kind === "nil" ? "chan receive (nil chan)" : "chan receive";
    case "send":
      return kind === "nil" ? "chan send (nil chan)" : "chan send";
    case "select":
      return b.cases.length === 0 ? "select (no cases)" : "select";
    case "lock":
      return kind === "Mutex" || kind === "RWMutex" ? `sync.${kind}.Lock` : b.op;
    case "rlock":
      return "sync.RWMutex.RLock";
    case "acquire":
      return "semaphore.Acquire";
    case "wait":
      if (kind === "Once") return "sync.Once.Do";
      if (kind === "group") return "errgroup.Wait";
      return kind === "WaitGroup" || kind === "Cond" ? `sync.${kind}.Wait` : b.op;
    case "go":
      return kind === "group" ? "errgroup.Go" : b.op;
    default:
      return b.op;
  }
}

/** `340 ms`, `12 seconds`, `1 minute`, `3 hours`. */
export function duration(ms: number): string {
  const n = (v: number, unit: string): string => `${v} ${unit}${v === 1 ? "" : "s"}`;
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return n(Math.floor(ms / 1000), "second");
  if (ms < 7_200_000) return n(Math.floor(ms / 60_000), "minute");
  return n(Math.floor(ms / 3_600_000), "hour");
}

const HINT = "(stacks: set CSPKIT_DEBUG=1 or call setDebug(true) before the operations park)";

function paragraph(who: string, b: BlockedOp, what: string, now: number): string {
  const lines = [`${who} [${reason(b)}, ${duration(now - b.since)}]:`, `\t${what}`];
  if (b.stack !== undefined) {
    if (b.op === "running") lines.push("\tstarted:");
    for (const l of b.stack.split("\n")) if (l !== "") lines.push(`\t${l}`);
  }
  return lines.join("\n");
}

/**
 * Everything waiting, as text: one paragraph per parked operation and per
 * running task that is not parked on one, oldest first, in the spirit of Go's
 * goroutine dump.
 *
 * ```text
 * task "worker-3" [chan receive, 2 minutes]:
 * 	recv chan "jobs"
 * 	at worker (file:///app/worker.js:12:20)
 *
 * op 2 [select, 4 seconds]:
 * 	select [recv chan "results", recv chan "timer"]
 *
 * task "flusher" [running, 5 seconds]:
 * 	not parked on a channel or sync primitive (awaiting something else)
 * ```
 *
 * The header names the task when the operation parked inside one, else its
 * position (`op 2`); the bracket holds Go's wait reason (`chan receive`,
 * `chan send`, `select`, `sync.Mutex.Lock`, `sync.RWMutex.RLock`,
 * `sync.WaitGroup.Wait`, `sync.Cond.Wait`, `sync.Once.Do`,
 * `semaphore.Acquire`, `errgroup.Go` (waiting for a slot), `errgroup.Wait`,
 * `running`) and how long it has waited. Stack lines
 * (where it parked) appear in debug mode only. Returns
 * `"no parked operations, no running tasks\n"` when there is nothing to show.
 *
 * @example
 * ```ts
 * process.on("SIGUSR2", () => process.stderr.write(dump()));
 * ```
 */
export function dump(): string {
  const ops = blocked();
  const tasks = runningTasks();
  if (ops.length === 0 && tasks.length === 0) return "no parked operations, no running tasks\n";
  // A task parked on an operation is shown once, by that operation.
  const parkedTasks = new Map<string, number>();
  for (const b of ops) if (b.task !== undefined) parkedTasks.set(b.task, (parkedTasks.get(b.task) ?? 0) + 1);
  const idle: BlockedOp[] = [];
  for (const t of tasks) {
    const left = t.task === undefined ? 0 : (parkedTasks.get(t.task) ?? 0);
    if (left > 0) parkedTasks.set(t.task!, left - 1);
    else idle.push(t);
  }
  const all = [...ops, ...idle].sort((a, b) => a.since - b.since);
  const now = Date.now();
  let n = 0;
  const parts = all.map((b) => {
    n++;
    if (b.op === "running") return paragraph(b.on, b, "not parked on a channel or sync primitive (awaiting something else)", now);
    return paragraph(b.task === undefined ? `op ${n}` : `task "${b.task}"`, b, describe(b), now);
  });
  const hint = all.some((b) => b.stack === undefined) ? `\n\n${HINT}` : "";
  return `${parts.join("\n\n")}${hint}\n`;
}
