// The deadlock detector, for Node (and runtimes with Node's `process` events).
//
// Node emits "beforeExit" when its event loop has nothing left to do: no timer,
// no socket, no pending I/O, no queued callback. Anything still parked then can
// never be woken (nothing is left that could send, close, unlock or abort), which
// is exactly Go's "all goroutines are asleep". So the detector needs no polling
// and no heuristics: a pending timer or an open socket keeps the loop alive,
// and "beforeExit" simply does not fire while they exist.
//
// JavaScript has no main goroutine: when the loop goes idle, every parked
// operation and every unfinished task is stuck for good, so any of them is
// reported (Go would stay silent about leaked goroutines once main returns).
//
// No static import of Node modules: `process` is reached structurally through
// globalThis, so the core stays runtime-agnostic.

import { isDebug } from "../chan/registry.js";
import { dump } from "./dump.js";
import { blocked, ignorer, runningTasks, shown, type LeakFilter } from "./report.js";

interface NodeLikeProcess {
  on(event: "beforeExit", listener: () => void): unknown;
  removeListener(event: "beforeExit", listener: () => void): unknown;
  exit(code: number): void;
  exitCode?: number | string | undefined;
  stderr?: { write(text: string, done?: () => void): unknown } | undefined;
}

const proc = (): NodeLikeProcess | undefined => {
  const p = (globalThis as { process?: Partial<NodeLikeProcess> }).process;
  return p !== undefined && typeof p.on === "function" && typeof p.removeListener === "function" && typeof p.exit === "function"
    ? (p as NodeLikeProcess)
    : undefined;
};

/**
 * Options of {@link detectDeadlocks}.
 *
 * @example
 * ```ts
 * detectDeadlocks({ ignore: ["metrics"], exitCode: 3 });
 * ```
 */
export interface DeadlockOptions {
  /** Parked operations and tasks that do not count (see {@link LeakFilter}). */
  readonly ignore?: LeakFilter | undefined;
  /** The exit code of a deadlocked process. Default 2, as Go's. */
  readonly exitCode?: number | undefined;
}

/**
 * The first line of the deadlock report (Go's, with "tasks" for "goroutines").
 *
 * @example
 * ```ts
 * const deadlocked = (stderr: string) => stderr.startsWith(DEADLOCK);
 * ```
 */
export const DEADLOCK = "fatal error: all tasks are asleep - deadlock!";

let reported = false;

/**
 * Install the deadlock detector (Node): when the event loop runs out of work
 * while operations are still parked or tasks still running — so nothing can
 * ever wake them — print `fatal error: all tasks are asleep - deadlock!`, a
 * blank line and {@link dump} to stderr, and exit with code 2 (Go's).
 *
 * A pending timer, an open socket or server, or any other I/O keeps Node's
 * event loop alive, so a program waiting on one is never reported. Installed
 * automatically in debug mode (`setDebug(true)` or `CSPKIT_DEBUG=1`). Returns a
 * function that uninstalls it. Does nothing (and returns a no-op) where there
 * is no Node-style `process.on`.
 *
 * @example
 * ```ts
 * detectDeadlocks();
 * const ch = chan<number>(0, { name: "results" });
 * await ch.recv(); // nobody sends:
 * // fatal error: all tasks are asleep - deadlock!
 * //
 * // op 1 [chan receive, 0 ms]:
 * // 	recv chan "results"
 * ```
 */
export function detectDeadlocks(options?: DeadlockOptions): () => void {
  const where = "detectDeadlocks(options)";
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${where}: options must be an object like { exitCode: 2 }, got ${shown(options)}`);
  }
  const code = options?.exitCode ?? 2;
  if (typeof code !== "number" || !Number.isInteger(code) || code < 1 || code > 255) {
    const E = typeof code === "number" ? RangeError : TypeError;
    throw new E(`${where}: options.exitCode must be an integer from 1 to 255, got ${shown(code)}`);
  }
  const skip = ignorer(where, options?.ignore);
  const p = proc();
  if (p === undefined) return () => {};
  let installed = true;
  const uninstall = (): void => {
    if (!installed) return;
    installed = false;
    p.removeListener("beforeExit", onIdle);
  };
  const onIdle = (): void => {
    if (reported) return;
    if (blocked().every(skip) && runningTasks().every(skip)) return;
    reported = true;
    uninstall();
    const text = `${DEADLOCK}\n\n${dump()}`;
    p.exitCode = code;
    // Exit once the report is written (a pipe may flush asynchronously); should
    // stderr never call back, the loop is idle anyway and the exit code is set.
    if (p.stderr !== undefined) p.stderr.write(text, () => p.exit(code));
    else p.exit(code);
  };
  p.on("beforeExit", onIdle);
  return uninstall;
}

// ---- on by default in debug mode ------------------------------------------------

let auto: (() => void) | undefined;

/** Install the detector when debug mode is on, remove the automatic one when it goes off. */
export function followDebug(): void {
  if (isDebug()) {
    if (auto === undefined && proc() !== undefined) auto = detectDeadlocks();
  } else if (auto !== undefined) {
    auto();
    auto = undefined;
  }
}

followDebug();
