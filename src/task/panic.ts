// Panics: what a task's throw becomes, and where an unobserved one goes.
//
// Go crashes the whole program when a goroutine panics and nothing recovers.
// The JavaScript equivalent of "nothing recovers" is "nobody is listening": no
// join(), no group, no recover option. Such a panic goes to one process-wide
// handler, which by default re-throws it from a macrotask — an uncaught
// exception, which Node reports (with the stack) and exits on, and browsers
// report in the console. Rejecting instead would depend on Node's
// --unhandled-rejections mode; a throw crashes in every mode.

import { macrotask } from "../chan/host.js";
import { show } from "../context/check.js";
import { setUnhandledRoute } from "../sync/unhandled.js";
import { frames } from "./site.js";

/** How a thrown value reads in a panic message (Go prints the value). Never throws. */
function describeCause(cause: unknown): string {
  try {
    if (cause instanceof Error) return cause.name === "Error" ? cause.message : `${cause.name}: ${cause.message}`;
    if (typeof cause === "string") return cause;
    if (typeof cause === "object" && cause !== null) return JSON.stringify(cause) ?? show(cause);
    return String(cause);
  } catch {
    // A cyclic object, a BigInt inside, a getter that throws.
    return show(cause);
  }
}

/**
 * A throw or rejection inside a task (Go's panic in a goroutine). `cause` is
 * what was thrown, `task` the task's name, `startedAt` the stack where `go()`
 * was called: the caller's line, or several frames in debug mode
 * (`setDebug(true)` / `CSPKIT_DEBUG=1`). Its `stack` shows both the cause's
 * frames and the start site, like Go's "created by" line.
 *
 * @example
 * ```ts
 * const r = await go(() => JSON.parse("{")).join();
 * if (either.isLeft(r)) {
 *   console.log(r.left.message);   // panic in task "task-1": SyntaxError: Unexpected end of JSON input
 *   console.log(r.left.cause);     // the SyntaxError itself
 *   console.log(r.left.startedAt); // "    at main (app.ts:12:3)"
 * }
 * ```
 */
export class TaskPanic extends Error {
  /** Always `"TaskPanic"`. */
  override readonly name = "TaskPanic";
  /** What the task threw (or rejected with), unchanged. */
  override readonly cause: unknown;
  /** The name of the task that panicked. */
  readonly task: string;
  #site: string | (() => string);

  /**
   * @param cause what was thrown
   * @param task the task's name
   * @param startedAt the start site's stack text, or a function computing it on first use
   */
  constructor(cause: unknown, task: string, startedAt: string | (() => string) = "") {
    super(`panic in task ${JSON.stringify(task)}: ${describeCause(cause)}`, { cause });
    this.cause = cause;
    this.task = task;
    this.#site = startedAt;
    // The stack of this object would point into cspkit's scheduling code; the
    // useful one is made from the cause's and the start site's, on first read.
    let stack: string | undefined;
    Object.defineProperty(this, "stack", {
      configurable: true,
      enumerable: false,
      get: () => (stack ??= this.compose()),
      set: (v: string) => {
        stack = v;
      },
    });
  }

  /** Where `go()` was called: stack frames, one per line ("" when unknown). */
  get startedAt(): string {
    const s = this.#site;
    if (typeof s === "string") return s;
    const text = s();
    this.#site = text;
    return text;
  }

  private compose(): string {
    const head = `${this.name}: ${this.message}`;
    const c = this.cause;
    let cause = "";
    try {
      if (typeof c === "object" && c !== null) cause = frames((c as { stack?: unknown }).stack);
    } catch {
      // a stack getter that throws: show the start site alone
    }
    const site = this.startedAt;
    const parts = [head];
    if (cause !== "") parts.push(cause);
    if (site !== "") parts.push(`task ${JSON.stringify(this.task)} was started by go() at:`, site);
    return parts.join("\n");
  }
}

/**
 * Receives every panic nobody observes: a task with no `join()` call, no group
 * and no `recover` option, and a `WaitGroup.go` function that throws.
 *
 * @example
 * ```ts
 * const log: PanicHandler = (p) => console.error(p.task, p.cause);
 * onPanic(log);
 * ```
 */
export type PanicHandler = (panic: TaskPanic) => void;

/** The default: crash, as Go does. */
const crash: PanicHandler = (panic) => {
  macrotask(() => {
    throw panic;
  });
};

let handler: PanicHandler = crash;

/**
 * Replace the handler of unobserved panics (by default: re-throw the
 * `TaskPanic` from a macrotask, an uncaught exception that ends a Node process
 * with the cause's stack and the task's start site). Returns a function that
 * restores the handler that was in place before this call; calling it again
 * does nothing. A handler that throws crashes the same way.
 *
 * @example
 * ```ts
 * const restore = onPanic((p) => console.error(`${p.message}\n${p.startedAt}`)); // log and keep going
 * go(() => { throw new Error("lost"); }, { name: "fire-and-forget" });
 * // later:
 * restore();
 * ```
 */
export function onPanic(next: PanicHandler): () => void {
  if (typeof next !== "function") throw new TypeError(`onPanic(handler): handler must be a function, got ${show(next)}`);
  const previous = handler;
  handler = next;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    handler = previous;
  };
}

/** @internal Hand an unobserved panic to the current handler. */
export function reportPanic(panic: TaskPanic): void {
  const h = handler;
  try {
    h(panic);
  } catch (e) {
    macrotask(() => {
      throw e;
    });
  }
}

// WaitGroup.go has no join(): its throwing functions are unobserved panics too.
setUnhandledRoute((error) => reportPanic(error instanceof TaskPanic ? error : new TaskPanic(error, "WaitGroup.go")));
