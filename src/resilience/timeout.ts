// timeoutPolicy(): give a call `ms` milliseconds. At the deadline the signal the
// function received aborts (with the TimeoutRejectedError) and the call rejects
// with that error at once, whether or not the function listens to its signal
// (cockatiel's "aggressive" strategy, with the signal for cooperation). A late
// result of the function is dropped. The signal is aborted only when the call is
// cut short: aborting it after a normal end would cost an event dispatch per call
// and tell the finished function nothing.

import type { AbortSignalLike } from "../chan/host.js";
import { unwatch, watch, type Abortable } from "../chan/signal.js";
import type { HostAbortSignal } from "../context/types.js";
import { defaultClock, type Clock } from "../time/clock.js";
import { checkObject, Issues, POSITIVE_MS } from "./check.js";
import { timedOut } from "./errors.js";
import { invoke, newController, PolicyBase } from "./policy.js";
import type { ExecuteContext, Policy } from "./types.js";

/**
 * Options of {@link timeoutPolicy}.
 *
 * @example
 * ```ts
 * const opts: TimeoutOptions = { clock: manualClock() };
 * ```
 */
export interface TimeoutOptions {
  /** The clock the deadline runs on (default: the one set with `setClock` when the call starts). */
  readonly clock?: Clock | undefined;
}

/**
 * A timeout policy made by {@link timeoutPolicy}.
 *
 * @example
 * ```ts
 * const t: Timeout = timeoutPolicy(1_000);
 * t.ms; // 1000
 * ```
 */
export interface Timeout extends Policy<ExecuteContext> {
  /** The time limit, ms. */
  readonly ms: number;
}

class TimeoutPolicy extends PolicyBase<ExecuteContext, never> implements Timeout {
  protected readonly label = "timeoutPolicy";

  constructor(
    readonly ms: number,
    private readonly clock: Clock | undefined,
  ) {
    super();
  }

  run<A>(fn: (ctx: ExecuteContext) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<A> {
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const clock = this.clock ?? defaultClock();
    const ms = this.ms;
    // The call's own signal: aborted by the deadline or by the caller, never after the call ended.
    const ac = newController();
    return new Promise<A>((resolve, reject) => {
      let handle: unknown = undefined;
      let over = false;
      const end = (): boolean => {
        if (over) return false;
        over = true;
        if (handle !== undefined) clock.clearTimeout(handle);
        if (signal !== undefined) unwatch(signal, link);
        return true;
      };
      const stop = (reason: unknown): void => {
        if (!end()) return;
        ac.abort(reason);
        reject(reason);
      };
      const link: Abortable = { abort: stop };
      if (signal !== undefined) watch(signal, link);
      if (ms !== Infinity) handle = clock.setTimeout(() => stop(timedOut(ms)), ms);
      // A real AbortSignal; in cspkit's own compilation the host type is AbortSignalLike.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      const s = ac.signal as HostAbortSignal;
      invoke(fn, outer === null ? { signal: s } : { ...outer, signal: s }).then(
        (v) => {
          if (end()) resolve(v);
        },
        (e: unknown) => {
          if (end()) reject(e);
        },
      );
    });
  }
}

/**
 * A timeout policy: the call rejects with a `TimeoutRejectedError` (name
 * `"TimeoutError"`) once `ms` milliseconds have passed, and the `signal` the
 * function received is aborted with that same error, so cooperative work stops
 * too. A caller abort rejects at once with `signal.reason`. Put it inside a
 * circuit breaker (`wrap(breaker, timeoutPolicy(ms))`) to count slow calls as
 * failures.
 *
 * @example
 * ```ts
 * const twoSeconds = timeoutPolicy(2_000);
 * const res = await twoSeconds.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export function timeoutPolicy(ms: number, options?: TimeoutOptions): Timeout {
  const where = "timeoutPolicy(ms, options)";
  checkObject(where, options, "{ clock }", true);
  const issues = new Issues(where, "arguments");
  issues.num("ms", ms, POSITIVE_MS);
  issues.clock("options.clock", options?.clock, true);
  issues.done();
  return new TimeoutPolicy(ms, options?.clock);
}
