// wrap(): several policies as one, the first outermost. Each inner policy is
// called as the function of the one outside it, with that policy's context as
// its caller: the signal it sees is the outer policy's signal, and the fields
// the outer policies added (retry's `attempt`) reach the function.

import type { AbortSignalLike } from "../chan/host.js";
import { Issues } from "./check.js";
import { contextFor, invoke, PolicyBase, signalFor } from "./policy.js";
import type { ExecuteContext, Policy } from "./types.js";

type ContextOf<P> = P extends Policy<infer C, unknown> ? C : never;
type FallbackOf<P> = P extends Policy<ExecuteContext, infer F> ? F : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The policy {@link wrap} makes of `P`: its function receives every field the
 * wrapped policies add (`signal`, retry's `attempt`), and a fallback's value
 * may replace the result.
 *
 * @example
 * ```ts
 * type P = Wrapped<[Retry, CircuitBreaker<string>]>; // Policy<RetryContext, string>
 * ```
 */
export type Wrapped<P extends readonly Policy<ExecuteContext, unknown>[]> = Policy<
  Intersect<ContextOf<P[number]>> & ExecuteContext,
  FallbackOf<P[number]>
>;

class WrapPolicy extends PolicyBase<ExecuteContext, unknown> {
  protected readonly label = "wrap";

  constructor(private readonly policies: readonly PolicyBase<ExecuteContext, unknown>[]) {
    super();
  }

  run<A>(fn: (ctx: ExecuteContext) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<unknown> {
    const ps = this.policies;
    if (ps.length === 0) {
      if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
      return invoke(fn, contextFor(outer, signalFor(signal)));
    }
    const step = (i: number, sig: AbortSignalLike | undefined, out: object | null): Promise<unknown> =>
      i === ps.length - 1
        ? ps[i]!.run(fn, sig, out)
        : ps[i]!.run((ctx: ExecuteContext) => step(i + 1, ctx.signal, ctx), sig, out);
    return step(0, signal, outer);
  }
}

/**
 * Compose policies into one, outermost first (cockatiel's `wrap`):
 * `wrap(retry, breaker, timeout).execute(fn)` is
 * `retry.execute(() => breaker.execute(() => timeout.execute(fn)))`. The
 * order decides what each sees: with the timeout inside the breaker, a timeout
 * counts as a breaker failure; with the retry outside the breaker, each attempt
 * passes through it (and a `BrokenCircuitError` may be retried, unless
 * `retryIf` says no). An outer policy's abort (an outer timeout) is, for the
 * policies inside it, the caller's abort: not a breaker failure. `wrap()` with
 * no policy runs the function as it is.
 *
 * @example
 * ```ts
 * const resilient = wrap(
 *   retry({ maxAttempts: 3, retryIf: (e) => !(e instanceof BrokenCircuitError) }),
 *   circuitBreaker({ breaker: consecutiveBreaker(5), halfOpenAfter: 10_000 }),
 *   timeoutPolicy(2_000),
 * );
 * const data = await resilient.execute(({ signal, attempt }) => load(signal, attempt));
 * ```
 */
export function wrap<const P extends readonly Policy<ExecuteContext, unknown>[]>(...policies: P): Wrapped<P> {
  const issues = new Issues("wrap(...policies)", "arguments");
  policies.forEach((p, i) => {
    if (!(p instanceof PolicyBase)) {
      issues.add(`policies[${i}]`, "a policy (from circuitBreaker, retry, bulkhead, timeoutPolicy or wrap)", p, "type");
    }
  });
  issues.done();
  return new WrapPolicy(policies as unknown as readonly PolicyBase<ExecuteContext, unknown>[]) as unknown as Wrapped<P>;
}
