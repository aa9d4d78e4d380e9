// wrap(): outermost first; what each policy sees depends on the order.

import { describe, expect, it } from "vitest";
import {
  BrokenCircuitError,
  bulkhead,
  circuitBreaker,
  consecutiveBreaker,
  manualClock,
  retry,
  timeoutPolicy,
  TimeoutRejectedError,
  wrap,
} from "../../src/index.js";
import { deferred, noLeaks, watch } from "./_helpers.js";

noLeaks();

describe("wrap", () => {
  it("wrap(retry, breaker, timeout): each attempt passes the breaker, timeouts count as breaker failures, the open circuit stops the retries", async () => {
    const clock = manualClock(0);
    const breaker = circuitBreaker({ breaker: consecutiveBreaker(2), halfOpenAfter: 10_000, clock });
    const log: string[] = [];
    breaker.onStateChange((c) => log.push(`breaker ${c.to}`));
    const policy = wrap(
      retry({
        maxAttempts: 4,
        backoff: { initialDelay: 100, factor: 1 },
        clock,
        retryIf: (e) => {
          log.push(`retryIf ${(e as Error).name}`);
          return !(e instanceof BrokenCircuitError);
        },
      }),
      breaker,
      timeoutPolicy(50, { clock }),
    );
    const p = watch(
      policy.execute(({ signal, attempt }) => {
        log.push(`attempt ${attempt} at ${clock.now()}`);
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      }),
    );
    await clock.advance(1_000);
    expect(log).toEqual([
      "attempt 1 at 0",
      "retryIf TimeoutError",
      "attempt 2 at 150",
      "breaker open",
      "retryIf TimeoutError",
      "retryIf BrokenCircuitError", // attempt 3 never reached fn
    ]);
    expect(p.reason).toBeInstanceOf(BrokenCircuitError);
    expect(clock.pending).toBe(0);
  });

  it("fn receives the fields of every policy: attempt from retry, signal from the innermost", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    const policy = wrap(retry({ maxAttempts: 2, backoff: { initialDelay: 0 }, clock }), timeoutPolicy(100, { clock }));
    const seen: { attempt: number; own: boolean }[] = [];
    const v = await policy.execute(({ signal, attempt }) => {
      seen.push({ attempt, own: signal !== ac.signal });
      return attempt === 1 ? Promise.reject(new Error("once")) : "done";
    }, { signal: ac.signal });
    expect(v).toBe("done");
    expect(seen).toEqual([
      { attempt: 1, own: true }, // the timeout's signal, a child of the caller's
      { attempt: 2, own: true },
    ]);
  });

  it("the order matters: a timeout outside the breaker is the caller's abort for it, not a failure", async () => {
    const clock = manualClock(0);
    const breaker = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10_000, clock });
    const slow = ({ signal }: { signal: { addEventListener(t: "abort", l: () => void): void; reason?: unknown } }) =>
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

    const outer = watch(wrap(timeoutPolicy(10, { clock }), breaker).execute(slow));
    await clock.advance(10);
    expect(outer.reason).toBeInstanceOf(TimeoutRejectedError);
    expect(breaker.state).toBe("closed");

    const inner = watch(wrap(breaker, timeoutPolicy(10, { clock })).execute(slow));
    await clock.advance(10);
    expect(inner.reason).toBeInstanceOf(TimeoutRejectedError);
    expect(breaker.state).toBe("open");
  });

  it("a fallback in the chain can replace the result", async () => {
    const clock = manualClock(0);
    const policy = wrap(
      bulkhead({ maxConcurrent: 1 }),
      circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock, fallback: () => "degraded" as const }),
    );
    const v: number | "degraded" = await policy.execute(() => Promise.reject<number>(new Error("x")));
    expect(v).toBe("degraded");
  });

  it("wrap() of nothing runs fn as it is; wraps nest", async () => {
    expect(await wrap().execute(({ signal }) => signal.aborted)).toBe(false);
    const ac = new AbortController();
    ac.abort("no");
    await expect(wrap().execute(() => 1, { signal: ac.signal })).rejects.toBe("no");
    const clock = manualClock(0);
    const nested = wrap(wrap(retry({ maxAttempts: 2, backoff: { initialDelay: 0 }, clock })), wrap(bulkhead({ maxConcurrent: 1 })));
    let n = 0;
    expect(await nested.execute(({ attempt }) => (++n === 1 ? Promise.reject(new Error("first")) : attempt))).toBe(2);
  });

  it("a bulkhead outside a breaker counts a queued call once; the caller's abort while queued reaches no policy inside", async () => {
    const clock = manualClock(0);
    const breaker = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock });
    const policy = wrap(bulkhead({ maxConcurrent: 1, maxQueue: 1 }), breaker);
    const gate = deferred<string>();
    const first = policy.execute(() => gate.promise);
    const ac = new AbortController();
    const queued = watch(policy.execute(() => "never", { signal: ac.signal }));
    ac.abort("left the queue");
    gate.resolve("first");
    expect(await first).toBe("first");
    await queued.promise.catch(() => {});
    expect(queued.reason).toBe("left the queue");
    expect(breaker.state).toBe("closed");
  });
});
