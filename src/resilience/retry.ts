// retry(): run again after a failure, waiting a growing delay between attempts.
// `maxAttempts` counts every call, the first included (cockatiel counts only
// the retries), so `maxAttempts: 1` never retries.

import type { AbortSignalLike } from "../chan/host.js";
import type { Clock } from "../time/clock.js";
import { sleep } from "../time/sleep.js";
import { checkObject, Issues, MS } from "./check.js";
import { invoke, PolicyBase, reportLater, signalFor } from "./policy.js";
import type { Policy, RetryContext } from "./types.js";

/**
 * Exponential backoff between attempts: before retry `k` (k = 1 after the
 * first failure) the policy waits `min(maxDelay, initialDelay × factor^(k-1))`
 * ms, then shortens it by up to `jitter` of itself at random (`jitter: 1` is
 * "full jitter": anywhere between 0 and the delay).
 *
 * @example
 * ```ts
 * const backoff: Backoff = { initialDelay: 100, maxDelay: 5_000, factor: 2, jitter: 0.5 };
 * // waits ≈ 100, 200, 400, … ms (each up to 50 % shorter), never more than 5 s
 * ```
 */
export interface Backoff {
  /** Delay before the first retry, ms (≥ 0). Default 100. */
  readonly initialDelay?: number | undefined;
  /** Upper bound of any delay, ms (≥ initialDelay). Default 30 000. */
  readonly maxDelay?: number | undefined;
  /** Growth per retry (≥ 1; 1 is a constant delay). Default 2. */
  readonly factor?: number | undefined;
  /** Share of each delay taken off at random, in [0, 1]. Default 0 (no randomness). */
  readonly jitter?: number | undefined;
}

/**
 * Options of {@link retry}.
 *
 * @example
 * ```ts
 * const opts: RetryOptions = {
 *   maxAttempts: 4,
 *   backoff: { initialDelay: 200, maxDelay: 2_000 },
 *   retryIf: (e) => !(e instanceof BrokenCircuitError),
 * };
 * ```
 */
export interface RetryOptions {
  /** Calls in total, the first included (an integer ≥ 1). */
  readonly maxAttempts: number;
  /** Delays between attempts (see {@link Backoff}); each field has a default. */
  readonly backoff?: Backoff | undefined;
  /**
   * Whether an error is worth another attempt; called with the error and the
   * attempt that failed (1-based). Default: every error. The caller's own abort
   * is never retried. If it throws, the call fails with the error it was asked
   * about, and the throw goes to the `onPanic` handler.
   */
  readonly retryIf?: ((error: unknown, attempt: number) => boolean) | undefined;
  /** The clock the delays run on (default: the one set with `setClock` when the delay starts). */
  readonly clock?: Clock | undefined;
  /** Where jitter's randomness comes from: a function returning a number in [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Shown in error messages. */
  readonly name?: string | undefined;
}

/**
 * A retry policy made by {@link retry}: a {@link Policy} whose function
 * receives `attempt` too.
 *
 * @example
 * ```ts
 * const r: Retry = retry({ maxAttempts: 3 });
 * r.delay(2); // 200: the wait before the 2nd retry, without jitter
 * ```
 */
export interface Retry extends Policy<RetryContext> {
  /** The `maxAttempts` option. */
  readonly maxAttempts: number;
  /** The delay before retry `k` (k ≥ 1), jitter left out. */
  delay(k: number): number;
}

class RetryPolicy extends PolicyBase<RetryContext, never> implements Retry {
  protected readonly label: string;

  constructor(
    readonly maxAttempts: number,
    private readonly initialDelay: number,
    private readonly maxDelay: number,
    private readonly factor: number,
    private readonly jitter: number,
    private readonly retryIf: ((error: unknown, attempt: number) => boolean) | undefined,
    private readonly clock: Clock | undefined,
    private readonly random: () => number,
    name: string | undefined,
  ) {
    super();
    this.label = name === undefined ? "retry" : `retry "${name}"`;
  }

  delay(k: number): number {
    return Math.min(this.maxDelay, this.initialDelay * this.factor ** (k - 1));
  }

  async run<A>(fn: (ctx: RetryContext) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<A> {
    const s = signalFor(signal);
    for (let attempt = 1; ; attempt++) {
      if (signal !== undefined && signal.aborted) throw signal.reason;
      const ctx: RetryContext = outer === null ? { signal: s, attempt } : { ...outer, signal: s, attempt };
      try {
        return await invoke(fn, ctx);
      } catch (e) {
        if (attempt >= this.maxAttempts || (signal !== undefined && signal.aborted) || !this.worthRetrying(e, attempt)) throw e;
      }
      let d = this.delay(attempt);
      if (this.jitter > 0) d -= d * this.jitter * this.random();
      if (d > 0) await sleep(d, { signal, clock: this.clock });
    }
  }

  private worthRetrying(e: unknown, attempt: number): boolean {
    const f = this.retryIf;
    if (f === undefined) return true;
    try {
      return f(e, attempt);
    } catch (x) {
      reportLater(x, `${this.label} options.retryIf`);
      return false;
    }
  }
}

const ATTEMPTS = { min: 1, integer: true, says: "an integer ≥ 1 (calls in total, the first included)" } as const;
const FACTOR = { min: 1, says: "a finite number ≥ 1" } as const;
const JITTER = { min: 0, max: 1, says: "a number in [0, 1]" } as const;

/**
 * A retry policy: run the function, and after a failure wait (exponential
 * backoff, optional jitter) and run it again, up to `maxAttempts` calls in
 * total. The last error is rethrown as it is. A caller abort ends the wait at
 * once with `signal.reason` and is never retried. Every invalid option is
 * reported in one error, when the policy is built.
 *
 * @example
 * ```ts
 * const policy = retry({ maxAttempts: 5, backoff: { initialDelay: 100, maxDelay: 2_000, jitter: 1 } });
 * const body = await policy.execute(async ({ signal, attempt }) => {
 *   const res = await fetch(url, { signal });
 *   if (res.status >= 500) throw new Error(`HTTP ${res.status} (attempt ${attempt})`);
 *   return res.text();
 * });
 * ```
 */
export function retry(options: RetryOptions): Retry {
  const where = "retry(options)";
  checkObject(where, options, "{ maxAttempts: 3, backoff: { initialDelay: 100, maxDelay: 5_000 } }", false);
  const o = options as { [K in keyof RetryOptions]: unknown };
  const issues = new Issues(where);
  const maxAttempts = issues.num("options.maxAttempts", o.maxAttempts, ATTEMPTS);
  let initialDelay = 100;
  let maxDelay = 30_000;
  let factor = 2;
  let jitter = 0;
  const b = o.backoff as { [K in keyof Backoff]: unknown } | undefined;
  if (b !== undefined && (b === null || typeof b !== "object")) {
    issues.add("options.backoff", "an object like { initialDelay, maxDelay, factor, jitter }", b, "type");
  } else if (b !== undefined) {
    const i = issues.num("options.backoff.initialDelay", b.initialDelay, { ...MS, infinite: false, says: "a finite number of milliseconds ≥ 0" }, true);
    const m = issues.num("options.backoff.maxDelay", b.maxDelay, MS, true);
    const f = issues.num("options.backoff.factor", b.factor, FACTOR, true);
    const j = issues.num("options.backoff.jitter", b.jitter, JITTER, true);
    initialDelay = i ?? initialDelay;
    maxDelay = m ?? Math.max(maxDelay, initialDelay);
    factor = f ?? factor;
    jitter = j ?? jitter;
    if (i !== undefined && m !== undefined && m < i) {
      issues.add("options.backoff.maxDelay", `≥ options.backoff.initialDelay (${i})`, m, "range");
    }
  }
  issues.fn("options.retryIf", o.retryIf);
  issues.clock("options.clock", o.clock, true);
  issues.fn("options.random", o.random);
  issues.str("options.name", o.name);
  issues.done();
  return new RetryPolicy(
    maxAttempts!,
    initialDelay,
    maxDelay,
    factor,
    jitter,
    options.retryIf,
    options.clock,
    options.random ?? Math.random,
    options.name,
  );
}
