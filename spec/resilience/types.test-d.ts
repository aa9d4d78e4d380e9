// The types of the resilience layer: what fn receives, what a fallback adds to
// the result, what wrap composes.

import type { either as E, taskEither as TE } from "fp-ts";
import { describe, expectTypeOf, it } from "vitest";
import {
  bulkhead,
  circuitBreaker,
  consecutiveBreaker,
  retry,
  shutdown,
  timeoutPolicy,
  wrap,
  type CircuitState,
  type ExecuteContext,
  type HostAbortSignal,
  type Policy,
  type RecvChan,
  type RetryContext,
  type ShutdownChange,
  type ShutdownState,
  type ShutdownSummary,
  type ShutdownTicket,
  type CircuitStateChange,
} from "../../src/index.js";

const breaker = consecutiveBreaker(1);

describe("resilience types", () => {
  it("execute resolves with fn's value; a breaker fallback adds its type", () => {
    const cb = circuitBreaker({ breaker, halfOpenAfter: 1 });
    expectTypeOf(cb.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(cb.execute(async () => "s")).toEqualTypeOf<Promise<string>>();
    const withFallback = circuitBreaker({ breaker, halfOpenAfter: 1, fallback: () => null });
    expectTypeOf(withFallback.execute(() => 1)).toEqualTypeOf<Promise<number | null>>();
    expectTypeOf(cb.executeEither(() => 1)).toEqualTypeOf<Promise<E.Either<unknown, number>>>();
    expectTypeOf(cb.executeTE(() => 1)).toEqualTypeOf<TE.TaskEither<unknown, number>>();
    expectTypeOf(cb.state).toEqualTypeOf<CircuitState>();
    expectTypeOf(cb.stateChanges).toEqualTypeOf<RecvChan<CircuitStateChange>>();
  });

  it("fn receives { signal } (the host's AbortSignal type); retry adds attempt", () => {
    void circuitBreaker({ breaker, halfOpenAfter: 1 }).execute((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<ExecuteContext>();
      expectTypeOf(ctx.signal).toEqualTypeOf<HostAbortSignal>();
    });
    void retry({ maxAttempts: 2 }).execute((ctx) => expectTypeOf(ctx).toEqualTypeOf<RetryContext>());
  });

  it("wrap: fn gets every policy's fields; fallbacks join the result", () => {
    const w = wrap(retry({ maxAttempts: 2 }), circuitBreaker({ breaker, halfOpenAfter: 1, fallback: () => "degraded" as const }), timeoutPolicy(5));
    void w.execute((ctx) => {
      expectTypeOf(ctx.attempt).toEqualTypeOf<number>();
      expectTypeOf(ctx.signal).toEqualTypeOf<HostAbortSignal>();
    });
    expectTypeOf(w.execute(() => 1)).toEqualTypeOf<Promise<number | "degraded">>();
    const plain = wrap(bulkhead({ maxConcurrent: 1 }), timeoutPolicy(5));
    expectTypeOf(plain.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error: no retry in the chain, so no attempt
    void plain.execute((ctx) => ctx.attempt);
    expectTypeOf(wrap()).toMatchTypeOf<Policy>();
  });

  it("the breaker's stage maps A to B (or the fallback's type)", () => {
    const cb = circuitBreaker({ breaker, halfOpenAfter: 1, fallback: () => 0 as const });
    const stage = cb.stage((s: string) => s.length > 2);
    expectTypeOf(stage([""])).toEqualTypeOf<RecvChan<boolean | 0>>();
  });

  it("shutdown is typed by its items", () => {
    const sd = shutdown<string>({ drainTimeout: 1 });
    expectTypeOf(sd.state).toEqualTypeOf<ShutdownState>();
    expectTypeOf(sd.changes).toEqualTypeOf<RecvChan<ShutdownChange>>();
    expectTypeOf(sd.inFlight).toEqualTypeOf<readonly string[]>();
    expectTypeOf(sd.track("a")).toEqualTypeOf<ShutdownTicket>();
    expectTypeOf(sd.track("a", Promise.resolve(3))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(sd.begin()).toEqualTypeOf<Promise<ShutdownSummary<string>>>();
    // @ts-expect-error: items are strings
    sd.track(42);
  });
});
