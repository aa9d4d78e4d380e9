// shutdown(): a graceful-stop coordinator for a running pipeline.
//
//   running ──begin()──▶ draining ──all tracked items settled──▶ stopped
//                            └──────drainTimeout passed / stop()───▶ stopped
//
// Two contexts carry the decision to the pipeline: `ctx` (for the intake) is
// cancelled when draining begins, so no new input is taken; `workCtx` (for the
// workers) is cancelled at the stop, so whatever is left is abandoned and the
// stages close their outputs. Items are tracked from the moment they are taken
// in until their result is delivered, so an item sitting in a buffer between
// stages still counts as in flight: at the stop every tracked item is either
// finished, failed, or returned to the caller in the summary. None is lost.

import type { AbortSignalLike } from "../chan/host.js";
import { chan } from "../chan/make.js";
import { unwatch, watch, type Abortable } from "../chan/signal.js";
import type { Chan, RecvChan } from "../chan/types.js";
import { background, withCancelCause } from "../context/derive.js";
import type { CancelCauseFunc, Context } from "../context/types.js";
import { defaultClock, type Clock } from "../time/clock.js";
import { checkObject, Issues, MS, show } from "./check.js";

/**
 * The three states of a {@link shutdown} coordinator.
 *
 * @example
 * ```ts
 * const s: ShutdownState = sd.state; // "running" | "draining" | "stopped"
 * ```
 */
export type ShutdownState = "running" | "draining" | "stopped";

/**
 * One transition of a {@link shutdown} coordinator, as `changes` delivers it.
 *
 * @example
 * ```ts
 * for await (const c of sd.changes) console.log(`${c.from} → ${c.to} at ${c.at}`);
 * ```
 */
export interface ShutdownChange {
  /** The state before. */
  readonly from: ShutdownState;
  /** The state after. */
  readonly to: ShutdownState;
  /** Clock time of the transition. */
  readonly at: number;
}

/**
 * What `begin()` / `stop()` / `done` resolve with once the coordinator has
 * stopped. Every item tracked while draining (or in flight when draining
 * began) is in exactly one of `finished`, `failed` and `returned`.
 *
 * @example
 * ```ts
 * const s: ShutdownSummary<string> = await sd.begin();
 * console.log(`${s.finished.length} finished, ${s.returned.length} returned`, s.drained ? "" : "(deadline hit)");
 * ```
 */
export interface ShutdownSummary<T> {
  /** Always `"stopped"`. */
  readonly state: "stopped";
  /** True if every tracked item settled before the deadline (or `stop()`). */
  readonly drained: boolean;
  /** Items that finished after draining began. */
  readonly finished: readonly T[];
  /** Items whose work failed after draining began, with the error. */
  readonly failed: readonly {
    /** The item. */
    readonly item: T;
    /** Why its work failed. */
    readonly error: unknown;
  }[];
  /**
   * Items not processed, for a requeue: those still in flight at the stop
   * (their work was cancelled through `workCtx`), those handed back with
   * `handBack()`, and any tracked after the stop (appended here).
   */
  readonly returned: readonly T[];
  /** Counts over the coordinator's whole life (before draining too). */
  readonly totals: {
    /** Items finished over the coordinator's life. */
    readonly finished: number;
    /** Items failed over the coordinator's life. */
    readonly failed: number;
  };
}

/**
 * A handle on one tracked item (from `track(item)`): call `finish()` once its
 * result is delivered, `fail(error)` if its work failed, or `handBack()` if it
 * will not be processed (e.g. the intake's send was cancelled by draining).
 * Only the first call counts, and none after the item was returned at the stop.
 *
 * @example
 * ```ts
 * const t: ShutdownTicket = sd.track(job);
 * try { await process(job); t.finish(); } catch (e) { t.fail(e); }
 * ```
 */
export interface ShutdownTicket {
  /** The item is done: its result was delivered. */
  finish(): void;
  /** The item's work failed with `error` (listed in the summary's `failed`). */
  fail(error: unknown): void;
  /** The item was not processed and goes back to the caller (listed in the summary's `returned`). */
  handBack(): void;
}

/**
 * Options of {@link shutdown}.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * process.once("SIGINT", () => ac.abort());
 * const opts: ShutdownOptions = { drainTimeout: 5_000, signal: ac.signal };
 * ```
 */
export interface ShutdownOptions {
  /** How long draining may take before what is left is cancelled, ms (≥ 0, Infinity: wait for ever). */
  readonly drainTimeout: number;
  /** Aborting it calls `begin()` (e.g. an AbortController aborted on SIGINT). */
  readonly signal?: AbortSignalLike | undefined;
  /** The clock of the drain deadline and of the `at` stamps (default: the one set with `setClock`). */
  readonly clock?: Clock | undefined;
  /** Shown on the `changes` channel and in cancellation causes. */
  readonly name?: string | undefined;
}

/**
 * A graceful-stop coordinator, made by {@link shutdown}.
 *
 * @example
 * ```ts
 * const sd: Shutdown<string> = shutdown<string>({ drainTimeout: 2_000 });
 * sd.state; // "running"
 * ```
 */
export interface Shutdown<T> {
  /** The current state. */
  readonly state: ShutdownState;
  /** The transitions (at most two: running → draining → stopped), on a channel closed after the stop. */
  readonly changes: RecvChan<ShutdownChange>;
  /** For the intake: cancelled when draining begins (and at the stop). */
  readonly ctx: Context;
  /** For the work: cancelled at the stop. */
  readonly workCtx: Context;
  /** Items tracked and not yet settled, oldest first. */
  readonly inFlight: readonly T[];
  /** Resolves with the summary once stopped (however the stop came). */
  readonly done: Promise<ShutdownSummary<T>>;
  /** Track `item` until the returned ticket is finished or failed. */
  track(item: T): ShutdownTicket;
  /** Track `item` until `work` settles (fulfilled: finished; rejected: failed); returns `work`. */
  track<P extends PromiseLike<unknown>>(item: T, work: P): P;
  /**
   * running → draining: cancel `ctx`, wait for the tracked items to settle,
   * then stop; at `drainTimeout`, stop anyway. Idempotent; resolves with the
   * summary.
   */
  begin(): Promise<ShutdownSummary<T>>;
  /** Stop now (a second Ctrl-C): every item in flight is returned. Idempotent. */
  stop(): Promise<ShutdownSummary<T>>;
}

class Coordinator<T> implements Shutdown<T> {
  readonly changes: Chan<ShutdownChange>;
  readonly ctx: Context;
  readonly workCtx: Context;
  readonly done: Promise<ShutdownSummary<T>>;
  private st: ShutdownState = "running";
  private readonly live = new Map<object, T>();
  private finished: T[] = [];
  private failed: { item: T; error: unknown }[] = [];
  private readonly returned: T[] = [];
  private totalFinished = 0;
  private totalFailed = 0;
  private timer: unknown = undefined;
  private readonly cancelIntake: CancelCauseFunc;
  private readonly cancelWork: CancelCauseFunc;
  private resolveDone!: (s: ShutdownSummary<T>) => void;
  private readonly onSignal: Abortable;

  constructor(
    private readonly drainTimeout: number,
    private readonly clock: Clock,
    private readonly signal: AbortSignalLike | undefined,
    private readonly name: string | undefined,
  ) {
    this.changes = chan<ShutdownChange>(2, { name: `${name ?? "shutdown"}.changes` });
    [this.workCtx, this.cancelWork] = withCancelCause(background());
    [this.ctx, this.cancelIntake] = withCancelCause(this.workCtx);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.onSignal = { abort: () => void this.begin() };
    if (signal !== undefined) {
      if (signal.aborted) void this.begin();
      else watch(signal, this.onSignal);
    }
  }

  get state(): ShutdownState {
    return this.st;
  }

  get inFlight(): readonly T[] {
    return [...this.live.values()];
  }

  track(item: T): ShutdownTicket;
  track<P extends PromiseLike<unknown>>(item: T, work: P): P;
  track(item: T, work?: PromiseLike<unknown>): ShutdownTicket | PromiseLike<unknown> {
    if (work !== undefined && (work === null || typeof (work as { then?: unknown }).then !== "function")) {
      throw new TypeError(`${this.label()}.track(item, work): work must be a promise, got ${show(work)}`);
    }
    const ticket = this.open(item);
    if (work === undefined) return ticket;
    work.then(
      () => ticket.finish(),
      (e: unknown) => ticket.fail(e),
    );
    return work;
  }

  begin(): Promise<ShutdownSummary<T>> {
    if (this.st !== "running") return this.done;
    this.move("draining");
    this.cancelIntake(new Error(`${this.label()}: draining, no new input`));
    if (this.live.size === 0) {
      this.finish(true);
    } else if (this.drainTimeout !== Infinity) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.finish(false);
      }, this.drainTimeout);
    }
    return this.done;
  }

  stop(): Promise<ShutdownSummary<T>> {
    if (this.st === "running") this.move("draining");
    if (this.st === "draining") this.finish(this.live.size === 0);
    return this.done;
  }

  private label(): string {
    return this.name === undefined ? "shutdown" : `shutdown "${this.name}"`;
  }

  private open(item: T): ShutdownTicket {
    if (this.st === "stopped") {
      this.returned.push(item);
      return INERT;
    }
    const key = {};
    this.live.set(key, item);
    const settle = (how: typeof FINISHED | typeof FAILED | typeof HANDED_BACK, error: unknown): void => {
      if (!this.live.delete(key)) return; // settled before, or returned at the stop
      if (how === FINISHED) {
        this.totalFinished++;
        if (this.st === "draining") this.finished.push(item);
      } else if (how === FAILED) {
        this.totalFailed++;
        if (this.st === "draining") this.failed.push({ item, error });
      } else {
        this.returned.push(item);
      }
      if (this.st === "draining" && this.live.size === 0) this.finish(true);
    };
    return {
      finish: () => settle(FINISHED, undefined),
      fail: (error) => settle(FAILED, error),
      handBack: () => settle(HANDED_BACK, undefined),
    };
  }

  private move(to: ShutdownState): void {
    const from = this.st;
    this.st = to;
    this.changes.trySend({ from, to, at: this.clock.now() });
  }

  private finish(drained: boolean): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.signal !== undefined) unwatch(this.signal, this.onSignal);
    // In flight at the stop: returned, and forgotten so a late settle changes nothing.
    for (const item of this.live.values()) this.returned.push(item);
    this.live.clear();
    this.move("stopped");
    this.changes.close();
    this.cancelWork(
      new Error(drained ? `${this.label()}: stopped` : `${this.label()}: stopped, the drain deadline (${this.drainTimeout} ms) passed`),
    );
    const summary: ShutdownSummary<T> = {
      state: "stopped",
      drained,
      finished: this.finished,
      failed: this.failed,
      returned: this.returned,
      totals: { finished: this.totalFinished, failed: this.totalFailed },
    };
    this.finished = [];
    this.failed = [];
    this.resolveDone(summary);
  }
}

const FINISHED = 0;
const FAILED = 1;
const HANDED_BACK = 2;

const INERT: ShutdownTicket = Object.freeze({ finish: () => {}, fail: () => {}, handBack: () => {} });

/**
 * A graceful-stop coordinator for a running pipeline: **running** → `begin()`
 * → **draining** (the intake's `ctx` is cancelled; in-flight work goes on,
 * within `drainTimeout`) → **stopped** (`workCtx` is cancelled, so what is
 * left stops and the stages close their outputs). Track each item from intake
 * to delivered result with `track(item)` / `track(item, promise)`: the summary
 * then lists every item in flight when draining began as finished, failed or
 * returned (handed back, for a requeue) — none lost. An item returned at the
 * deadline may still have been partly processed: plan for at-least-once.
 * Transitions are observable on `changes` and as `state`.
 *
 * @example
 * ```ts
 * const sd = shutdown<string>({ drainTimeout: 5_000, signal: sigint.signal });
 * go(async () => {
 *   for await (const path of walk(root)) {
 *     if (sd.ctx.err() !== undefined) break;          // draining: take no more
 *     const t = sd.track(path);
 *     await queue.send({ path, t }, { signal: sd.workCtx.signal });
 *   }
 *   queue.close();
 * });
 * // workers: process({ path }) with sd.workCtx.signal, then t.finish() (or t.fail(e))
 * const summary = await sd.done;
 * console.log(`finished ${summary.totals.finished}, returned ${summary.returned.length}`);
 * ```
 */
export function shutdown<T = unknown>(options: ShutdownOptions): Shutdown<T> {
  const where = "shutdown(options)";
  checkObject(where, options, "{ drainTimeout: 5_000 }", false);
  const o = options as { [K in keyof ShutdownOptions]: unknown };
  const issues = new Issues(where);
  issues.num("options.drainTimeout", o.drainTimeout, MS);
  issues.signal("options.signal", o.signal);
  issues.clock("options.clock", o.clock, true);
  issues.str("options.name", o.name);
  issues.done();
  return new Coordinator<T>(options.drainTimeout, options.clock ?? defaultClock(), options.signal, options.name);
}
