// The shapes every policy shares: what a guarded function receives, what an
// execute call takes, and the Policy interface itself.

import type { either as E, taskEither as TE } from "fp-ts";
import type { AbortSignalLike } from "../chan/host.js";
import type { HostAbortSignal } from "../context/types.js";
import type { Stage, StageOptions } from "../ops/options.js";

/**
 * What a policy hands the function it runs. `signal` aborts when the caller's
 * signal does, and also when the policy gives up on the call (a
 * `timeoutPolicy`'s deadline); pass it on to `fetch` and friends. Without a
 * caller signal (and no timeout), it is a signal that never aborts.
 *
 * @example
 * ```ts
 * await breaker.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export interface ExecuteContext {
  /** Aborted when the call should stop (caller's signal, a timeout policy, shutdown). */
  readonly signal: HostAbortSignal;
}

/**
 * What `retry` hands the function: the {@link ExecuteContext} plus the number
 * of this attempt (1 for the first call).
 *
 * @example
 * ```ts
 * await retry({ maxAttempts: 3 }).execute(({ attempt }) => {
 *   console.log("attempt", attempt); // 1, 2, 3
 *   return flakyCall();
 * });
 * ```
 */
export interface RetryContext extends ExecuteContext {
  /** Which attempt this is: 1 for the first call. */
  readonly attempt: number;
}

/**
 * Options of every `execute` call.
 *
 * @example
 * ```ts
 * await policy.execute(work, { signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface ExecuteOptions {
  /**
   * The caller's cancellation. Aborted before the call starts: it rejects with
   * `signal.reason` and the function never runs. Aborted later: the function's
   * `signal` aborts too; waits inside the policy (a backoff, a bulkhead queue,
   * a timeout) end at once with `signal.reason`.
   */
  readonly signal?: AbortSignalLike | undefined;
}

declare const types: unique symbol;

/**
 * A resilience policy (circuit breaker, retry, bulkhead, timeout, or a `wrap`
 * of several): it runs a function for you and decides whether, when and how
 * long. `C` is what the function receives, `F` what a fallback may produce
 * instead of the function's value (`never` without one).
 *
 * @example
 * ```ts
 * const policy: Policy<RetryContext> = retry({ maxAttempts: 3 });
 * const page = await policy.execute(({ signal, attempt }) => fetchPage(signal, attempt));
 * const either = await policy.executeEither(() => fetchPage(signal, 1)); // never rejects
 * const pages = policy.stage((n: number, { signal }) => fetchPage(signal, n))(of(1, 2, 3));
 * ```
 */
export interface Policy<C extends ExecuteContext = ExecuteContext, F = never> {
  /** @internal Type-only, never set: lets `wrap` read `C` and `F` back (its methods are generic, so TypeScript cannot infer them from those). */
  readonly [types]?: { readonly ctx: C; readonly fallback: F };
  /**
   * Run `fn` under the policy: resolve with its value (or a fallback's),
   * reject with its error or the policy's own (`BrokenCircuitError`,
   * `BulkheadRejectedError`, `TimeoutRejectedError`). Throws a TypeError at once
   * if `fn` is not a function.
   */
  execute<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): Promise<A | F>;
  /** Like `execute`, but never rejects: `Right(value)` or `Left(error)`. */
  executeEither<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): Promise<E.Either<unknown, A | F>>;
  /** `executeEither` as an fp-ts `TaskEither`: nothing runs until the task is called, and each call runs `fn` anew. */
  executeTE<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): TE.TaskEither<unknown, A | F>;
  /**
   * The policy as a pipeline stage (curried, `pipe`-able): each input item
   * goes through `execute((ctx) => fn(item, ctx))`, one at a time, in order,
   * and its result (or a fallback's value) comes out. It follows the
   * operators' rules: the output closes when the input is exhausted; an error
   * (a policy's refusal without a fallback, a failure of `fn`) fails the stage
   * and reaches the end of the pipeline once; cancelling `options.signal` or
   * `options.ctx`, or a consumer that stops early, stops it and aborts `fn`'s
   * signal (for a circuit breaker that abort is not a failure). Throws at once
   * if `fn` is not a function or an option is invalid.
   */
  stage<A, B>(fn: (item: A, ctx: C) => B | PromiseLike<B>, options?: StageOptions): Stage<A, B | F>;
}

/**
 * The three states of a circuit breaker: `"closed"` (calls go through),
 * `"open"` (calls fail fast), `"halfOpen"` (a few probe calls test the service).
 *
 * @example
 * ```ts
 * const s: CircuitState = breaker.state;
 * if (s === "open") showBanner("payments are down");
 * ```
 */
export type CircuitState = "closed" | "open" | "halfOpen";
