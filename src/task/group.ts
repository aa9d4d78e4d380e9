// group(): Go's errgroup (WithContext, SetLimit, TryGo) over tasks.
//
// Slots are counted, not held: `running` is the number of functions started and
// not yet settled. go() calls beyond the limit park in a FIFO (the sync layer's
// Parked list, so an abort withdraws one in O(1) and leaves no listener), and a
// finishing function hands its slot to the oldest of them in the same turn.
// wait() parks in a second list until nothing is running or queued.

import type { either as E } from "fp-ts";
import type { AbortSignalLike } from "../chan/host.js";
import type { Context } from "../context/types.js";
import { grantedNow, isAborted, reasonOf, signalsOf } from "../sync/check.js";
import { label, Parked, ParkedList, type Owner } from "../sync/parked.js";
import type { WaitOptions } from "../sync/types.js";
import { checkFn, checkLimit, checkOptions, nameOf, parentOf, signalOf } from "./check.js";
import { left, right } from "./either.js";
import { run, type Outcome } from "./run.js";
import { Scope } from "./scope.js";
import type { Ctx } from "../context/node.js";

/**
 * Options of {@link group}.
 *
 * @example
 * ```ts
 * const g = group(ctx, { limit: 4, name: "crawler", signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface GroupOptions {
  /** At most this many functions run at once (Go's `SetLimit`); `Infinity` (the default) for no limit. */
  readonly limit?: number | undefined;
  /** Cancels the group's context when it aborts. */
  readonly signal?: AbortSignalLike | undefined;
  /** Shown in diagnostics; the group's tasks are named `<name>.<n>` (default `group-<n>`). */
  readonly name?: string | undefined;
}

/**
 * A task group (Go's `errgroup.Group` from `errgroup.WithContext`): run
 * functions, wait for all of them, get the first error. Its methods can be
 * destructured (`const { go, wait } = group()`).
 *
 * @example
 * ```ts
 * const g = group(background(), { limit: 8 });
 * const sizes = new Map<string, number>();
 * for (const url of urls) {
 *   await g.go(async (ctx) => {
 *     const res = await fetch(url, { signal: ctx.signal });
 *     sizes.set(url, (await res.arrayBuffer()).byteLength);
 *   });
 * }
 * await g.wait(); // rejects with the first error; the others were cancelled through ctx
 * ```
 */
export interface Group {
  /**
   * The group's context: handed to every function, cancelled by the first
   * error (with that error as its `cause()`) or when `wait()` completes.
   */
  readonly ctx: Context;
  /** The `name` option, or `group-<n>`. */
  readonly name: string;
  /**
   * Run `fn(ctx)` as a task of the group (Go's `g.Go`). Below the limit it
   * starts at once; at the limit the call waits for a slot, oldest first. The
   * promise resolves once `fn` has started (its synchronous part has run). A
   * throw or rejection in `fn` is the group's error if it is the first. An abort
   * of `options.signal`/`options.ctx` before `fn` started rejects with the
   * reason, and `fn` never runs.
   */
  go(fn: (ctx: Context) => unknown, options?: WaitOptions): Promise<void>;
  /**
   * Start `fn(ctx)` now if a slot is free and nobody is queued for one, and
   * return `true`; else return `false` and do nothing (Go's `g.TryGo`).
   */
  tryGo(fn: (ctx: Context) => unknown): boolean;
  /**
   * Resolve once every function started or queued has finished; reject with the
   * first error if there was one (Go's `g.Wait`). On completion the group's
   * context is cancelled (cause: the first error, if any). Abort of
   * `options.signal`/`options.ctx` rejects with the reason and changes nothing.
   */
  wait(options?: WaitOptions): Promise<void>;
  /**
   * `wait()` as an `Either`: `Right(undefined)` when all succeeded, else
   * `Left(first error)` (or `Left(abort reason)`). Never rejects.
   */
  waitEither(options?: WaitOptions): Promise<E.Either<unknown, void>>;
  /**
   * Change the limit (a non-negative integer, or `Infinity` for none). Throws
   * while functions are running, as Go panics ("errgroup: modify limit while N
   * goroutines in the group are still active").
   */
  setLimit(n: number): void;
}

/** A go() call waiting for a slot. */
class SlotWaiter extends Parked {
  constructor(
    owner: Owner,
    readonly fn: (ctx: Context) => unknown,
    resolve: () => void,
    reject: (reason: unknown) => void,
    s1: AbortSignalLike | undefined,
    s2: AbortSignalLike | undefined,
  ) {
    super(owner, 1, resolve, reject, s1, s2);
  }
}

let seq = 0;

class TaskGroup implements Group, Owner {
  readonly ctx: Context;
  readonly name: string;
  private readonly scope: Scope;
  private limit: number;
  private running = 0;
  private started = 0;
  /** go() calls waiting for a slot (diagnostics: op "go"). */
  private readonly slots: ParkedList;
  /** wait() calls. */
  private readonly waits: ParkedList;
  private failed = false;
  private error: unknown = undefined;

  constructor(parent: Ctx, limit: number, signal: AbortSignalLike | undefined, name: string) {
    this.scope = new Scope(parent, "WithCancelCause", signal);
    this.ctx = this.scope.ctx;
    this.limit = limit;
    this.name = name;
    this.slots = new ParkedList("go", label("group", name));
    this.waits = new ParkedList("wait", label("group", name));
  }

  readonly go = (fn: (ctx: Context) => unknown, options?: WaitOptions): Promise<void> => {
    checkFn("group.go(fn)", fn);
    const sig = signalsOf("group.go(fn, options)", options);
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.running < this.limit && this.slots.live() === null) {
      this.start(fn);
      // Counts toward the starvation guard, like every operation granted at once.
      return grantedNow();
    }
    return new Promise<void>((resolve, reject) => {
      const w = new SlotWaiter(this, fn, resolve, reject, sig.s1, sig.s2);
      this.slots.push(w);
      w.arm();
    });
  };

  readonly tryGo = (fn: (ctx: Context) => unknown): boolean => {
    checkFn("group.tryGo(fn)", fn);
    if (this.running >= this.limit || this.slots.live() !== null) return false;
    this.start(fn);
    return true;
  };

  readonly wait = (options?: WaitOptions): Promise<void> => {
    const sig = signalsOf("group.wait(options)", options);
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.idle()) {
      this.complete();
      return this.failed ? Promise.reject(this.error) : grantedNow();
    }
    return new Promise<void>((resolve, reject) => {
      const outcome = (): void => (this.failed ? reject(this.error) : resolve());
      const w = new Parked(this, 0, outcome, reject, sig.s1, sig.s2);
      this.waits.push(w);
      w.arm();
    });
  };

  readonly waitEither = (options?: WaitOptions): Promise<E.Either<unknown, void>> =>
    this.wait(options).then(
      () => right(undefined),
      (e: unknown) => left(e),
    );

  readonly setLimit = (n: number): void => {
    const limit = checkLimit("group.setLimit(n)", "n", n);
    if (this.running !== 0) {
      throw new Error(
        `errgroup: modify limit while ${this.running} goroutines in the group are still active (setLimit(${n}) on group "${this.name}"; call it before go() or after wait())`,
      );
    }
    this.limit = limit;
    this.admit();
  };

  /** Owner: an aborted go() or wait() leaves its list. */
  withdraw(w: Parked): void {
    if (w instanceof SlotWaiter) {
      this.slots.remove(w);
      if (this.idle()) this.release();
    } else {
      this.waits.remove(w);
    }
  }

  private start(fn: (ctx: Context) => unknown): void {
    this.running++;
    const group = this;
    const out: Outcome = {
      ok() {
        group.exit();
      },
      fail(e) {
        if (!group.failed) {
          group.failed = true;
          group.error = e;
          group.scope.cancel(e);
        }
        group.exit();
      },
    };
    run(`${this.name}.${++this.started}`, fn, this.ctx, out);
  }

  private exit(): void {
    this.running--;
    this.admit();
    if (this.idle()) this.release();
  }

  /** Hand free slots to queued go() calls, oldest first. */
  private admit(): void {
    while (this.running < this.limit) {
      const w = this.slots.live();
      if (w === null) return;
      this.slots.shift();
      // Granted (no longer abortable) before fn runs: fn may abort that very signal.
      w.grant();
      this.start((w as SlotWaiter).fn);
    }
  }

  private idle(): boolean {
    return this.running === 0 && this.slots.live() === null;
  }

  /** Nothing running or queued: complete the parked wait() calls, if any. */
  private release(): void {
    if (this.waits.live() === null) return;
    for (let w = this.waits.live(); w !== null; w = this.waits.live()) {
      this.waits.shift();
      w.grant();
    }
    // After the grants: a wait() listening to this very context is answered, not aborted.
    this.complete();
  }

  /** What Go's Wait does on return: cancel the context with the first error. */
  private complete(): void {
    this.scope.end(this.failed ? this.error : undefined);
  }
}

/**
 * Make a task group (Go's `errgroup.WithContext(ctx)`, with `SetLimit` as the
 * `limit` option): functions run with the group's context, a child of `ctx`
 * (default `background()`) that the first error cancels. The tasks of a group
 * are observed: their errors go to `wait()`, never to the panic handler. A
 * negative or fractional limit is a RangeError (use `Infinity` for none).
 *
 * @example
 * ```ts
 * const g = group(ctx, { limit: 3 });
 * const results = new Map<number, string>();
 * for (const id of ids) {
 *   await g.go(async (ctx) => { results.set(id, await load(id, { signal: ctx.signal })); });
 * }
 * const r = await g.waitEither();
 * if (either.isLeft(r)) console.error("first failure:", r.left);
 * ```
 */
export function group(ctx?: Context, options?: GroupOptions): Group;
/**
 * `group(options)`: a group under `background()`.
 *
 * @example
 * ```ts
 * const g = group({ limit: 4 });
 * ```
 */
export function group(options: GroupOptions): Group;
export function group(ctx?: Context | GroupOptions, options?: GroupOptions): Group {
  // group({ limit }): a plain object in first place is the options (a context is
  // never a plain object; anything else goes to the context check and its hints).
  if (options === undefined && isPlainObject(ctx)) return make(undefined, ctx);
  return make(ctx as Context | undefined, options);
}

function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function make(ctx: Context | undefined, options: GroupOptions | undefined): Group {
  checkOptions("group(ctx, options)", options, "{ limit, signal, name }");
  const parent = parentOf("group(ctx, options)", "ctx", ctx);
  const limit = options?.limit === undefined ? Infinity : checkLimit("group(ctx, options)", "options.limit", options.limit);
  const signal = signalOf("group(ctx, options)", options?.signal);
  const name = nameOf("group(ctx, options)", options?.name, () => `group-${++seq}`);
  return new TaskGroup(parent, limit, signal, name);
}
