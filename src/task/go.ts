// go(): start a function as a task, Go's `go f()` with a handle to its result.

import type { either as E } from "fp-ts";
import type { AbortSignalLike } from "../chan/host.js";
import { chan } from "../chan/make.js";
import type { Chan, RecvChan } from "../chan/types.js";
import type { Context } from "../context/types.js";
import { checkFn, checkOptions, nameOf, parentOf, show, signalOf } from "./check.js";
import { left, right } from "./either.js";
import { TaskPanic, reportPanic } from "./panic.js";
import { run, type Outcome } from "./run.js";
import { Scope } from "./scope.js";
import { captureSite, siteText, type Site } from "./site.js";

/**
 * Options of {@link go}.
 *
 * @example
 * ```ts
 * const t = go(fetchUser, {
 *   name: "fetch-user",
 *   ctx: requestCtx,                      // cancelled with the request
 *   signal: AbortSignal.timeout(5_000),   // or after 5 s
 *   recover: (p) => guestUser,            // a panic becomes this value
 * });
 * ```
 */
export interface GoOptions<T> {
  /** Shown in panics and diagnostics (default `task-<n>`). */
  readonly name?: string | undefined;
  /** Cancels the task's context when it aborts (the context's cause is its reason). */
  readonly signal?: AbortSignalLike | undefined;
  /** The parent of the task's context (default `background()`). */
  readonly ctx?: Context | undefined;
  /**
   * Turns a panic into the task's value (Go's `defer func() { recover() }()`):
   * `join()` then gives `Right(recover(panic))` and the panic handler is not called.
   * If `recover` itself throws, that is the task's panic.
   */
  readonly recover?: ((panic: TaskPanic) => T) | undefined;
}

/**
 * A running (or finished) function started by {@link go}.
 *
 * @example
 * ```ts
 * const t: Task<number> = go(async (ctx) => count(ctx));
 * const r = await select({ done: t.done, late: after(1_000) });
 * if (r.case === "done") console.log(await t.join()); // { _tag: "Right", right: 42 }
 * ```
 */
export interface Task<T> {
  /** The `name` option, or `task-<n>`. */
  readonly name: string;
  /**
   * Closed when the task has finished, either way: a receive yields
   * `{ ok: false }`, and as a select case it fires.
   */
  readonly done: RecvChan<void>;
  /**
   * Wait for the task: `Right(value)`, or `Left(TaskPanic)` if it threw or
   * rejected (`Right(recover(panic))` with the `recover` option). Never rejects.
   * Calling `join()` before the task fails marks its panic as observed: it is
   * not sent to the panic handler.
   */
  join(): Promise<E.Either<TaskPanic, T>>;
}

let seq = 0;

class TaskImpl<T> implements Task<T>, Outcome {
  /** Set once, when the task finishes. */
  private result: E.Either<TaskPanic, T> | undefined = undefined;
  private joined: Promise<E.Either<TaskPanic, T>> | null = null;
  private resolveJoin: ((r: E.Either<TaskPanic, T>) => void) | null = null;
  private doneCh: Chan<void> | null = null;

  constructor(
    readonly name: string,
    private readonly site: Site,
    private readonly scope: Scope,
    private readonly recover: ((panic: TaskPanic) => T) | undefined,
  ) {}

  // Made on first use: most tasks are joined or fire-and-forget, never selected on.
  get done(): RecvChan<void> {
    let ch = this.doneCh;
    if (ch === null) {
      ch = chan<void>(0, { name: `${this.name}.done` });
      if (this.result !== undefined) ch.close();
      this.doneCh = ch;
    }
    return ch;
  }

  join(): Promise<E.Either<TaskPanic, T>> {
    let p = this.joined;
    if (p === null) {
      const r = this.result;
      p = r !== undefined ? Promise.resolve(r) : new Promise((resolve) => (this.resolveJoin = resolve));
      this.joined = p;
    }
    return p;
  }

  ok(value: unknown): void {
    this.finish(right(value as T), undefined);
  }

  fail(error: unknown): void {
    const site = this.site;
    let panic = new TaskPanic(error, this.name, () => siteText(site));
    const recover = this.recover;
    if (recover !== undefined) {
      let value: T;
      try {
        value = recover(panic);
      } catch (e) {
        panic = new TaskPanic(e, this.name, () => siteText(site));
        this.finish(left(panic), panic);
        return;
      }
      this.finish(right(value), undefined);
      return;
    }
    this.finish(left(panic), panic);
  }

  private finish(result: E.Either<TaskPanic, T>, panic: TaskPanic | undefined): void {
    const observed = this.joined !== null;
    this.result = result;
    this.scope.end();
    const resolve = this.resolveJoin;
    if (resolve !== null) {
      this.resolveJoin = null;
      resolve(result);
    }
    const ch = this.doneCh;
    if (ch !== null) ch.close();
    if (panic !== undefined && !observed) reportPanic(panic);
  }
}

/**
 * Start `fn` as a task (Go's `go f()`): it runs now, synchronously up to its
 * first `await`, with a context of its own — a child of `options.ctx`, also
 * cancelled when `options.signal` aborts, and cancelled when `fn` finishes.
 *
 * A throw or rejection is a *panic*: `join()` gives it as `Left(TaskPanic)`.
 * A panic nobody observes — no `join()` called by the time it happens, no
 * `recover` option — goes to the handler set with {@link onPanic}, which by
 * default crashes the process like Go does.
 *
 * @example
 * ```ts
 * const t = go(async (ctx) => {
 *   const res = await fetch(url, { signal: ctx.signal });
 *   return res.status;
 * }, { name: "probe", signal: AbortSignal.timeout(2_000) });
 * const r = await t.join();
 * if (either.isRight(r)) console.log(r.right); // 200
 * else console.error(r.left.message);         // panic in task "probe": …
 * ```
 */
export function go<T>(fn: (ctx: Context) => T | PromiseLike<T>, options?: GoOptions<T>): Task<T> {
  checkFn("go(fn)", fn);
  checkOptions("go(fn, options)", options, "{ name, signal, ctx, recover }");
  const name = nameOf("go(fn, options)", options?.name, () => `task-${++seq}`);
  const signal = signalOf("go(fn, options)", options?.signal);
  const parent = parentOf("go(fn, options)", "options.ctx", options?.ctx);
  const recover = options?.recover;
  if (recover !== undefined && typeof recover !== "function") {
    throw new TypeError(`go(fn, options): options.recover must be a function, got ${show(recover)}`);
  }
  const site = captureSite(go);
  const scope = new Scope(parent, "WithCancel", signal);
  const t = new TaskImpl<T>(name, site, scope, recover);
  run(name, fn, scope.ctx, t);
  return t;
}
