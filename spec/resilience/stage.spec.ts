// breaker.stage(fn): the circuit breaker as a pipeline stage, following the
// operators' rules (close downstream, errors once, stop upstream, cancellation).

import { describe, expect, it } from "vitest";
import {
  BrokenCircuitError,
  chan,
  channelState,
  circuitBreaker,
  consecutiveBreaker,
  manualClock,
  retry,
  timeoutPolicy,
  TimeoutRejectedError,
  wrap,
  type CircuitStateChange,
} from "../../src/index.js";
import { collect } from "../../src/ops/sink.js";
import { of } from "../../src/ops/source.js";
import { deferred, loose, noLeaks, nowClock, turn, watch } from "./_helpers.js";

noLeaks();

describe("circuitBreaker.stage", () => {
  it("maps every item through the breaker, in order, and closes when the input is exhausted", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(3), halfOpenAfter: 100, clock: nowClock() });
    const out = cb.stage((n: number) => Promise.resolve(n * 10))(of(1, 2, 3));
    expect(await collect(out)).toEqual([10, 20, 30]);
    expect(out.closed).toBe(true);
  });

  it("with a fallback, failures and an open circuit degrade item by item and the stage goes on", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(2),
      halfOpenAfter: 100,
      clock,
      fallback: (e) => (e instanceof BrokenCircuitError ? "skipped" : "failed"),
    });
    const changes: string[] = [];
    cb.onStateChange((c: CircuitStateChange) => changes.push(c.to));
    let calls = 0;
    const out = cb.stage((n: number) => {
      calls++;
      return n === 2 || n === 3 ? Promise.reject(new Error(`bad ${n}`)) : n;
    })(of(1, 2, 3, 4, 5));
    expect(await collect(out)).toEqual([1, "failed", "failed", "skipped", "skipped"]);
    expect(calls).toBe(3); // 4 and 5 never reached fn
    expect(changes).toEqual(["open"]);
  });

  it("without a fallback, the BrokenCircuitError fails the stage and reaches the terminal once; the source stops", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock: nowClock(), name: "svc" });
    const input = chan<number>(); // the user's channel: no longer read, never closed
    const seen: number[] = [];
    const out = cb.stage((n: number) => {
      seen.push(n);
      return n === 2 ? Promise.reject(new Error("down")) : n;
    })(input);
    const result = watch(collect(out));
    await input.send(1);
    await input.send(2);
    await turn();
    expect(result.status).toBe("rejected");
    expect((result.reason as Error).message).toBe("down");
    expect(seen).toEqual([1, 2]);
    expect(cb.state).toBe("open");
    await turn();
    expect(channelState(input)).toMatchObject({ closed: false, receivers: 0, senders: 0 });
  });

  it("a BrokenCircuitError from an open circuit is the stage's error", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock: nowClock() });
    await cb.execute(() => Promise.reject(new Error("x"))).catch(() => {});
    const err = await collect(cb.stage((n: number) => n)(of(1, 2))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokenCircuitError);
    expect((err as Error).message).toContain("is open");
  });

  it("cancelling the stage aborts fn's signal; that abort is not a breaker failure", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock: nowClock() });
    const ac = new AbortController();
    const started = deferred<void>();
    let aborted: unknown;
    const out = cb.stage(
      (_n: number, { signal }) =>
        new Promise((_, reject) => {
          started.resolve();
          signal.addEventListener("abort", () => {
            aborted = signal.reason;
            reject(signal.reason);
          });
        }),
      { signal: ac.signal },
    )(of(1, 2));
    const result = watch(collect(out));
    await started.promise;
    ac.abort("user cancelled");
    await turn();
    expect(result.reason).toBe("user cancelled");
    expect(aborted).toBeDefined();
    expect(cb.state).toBe("closed");
    expect(out.closed).toBe(true);
  });

  it("a consumer that stops early stops the stage", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock: nowClock() });
    const got: number[] = [];
    let calls = 0;
    for await (const v of cb.stage((n: number) => (calls++, n))(of(1, 2, 3, 4, 5))) {
      got.push(v);
      if (v === 2) break;
    }
    expect(got).toEqual([1, 2]);
    await turn();
    expect(calls).toBe(3); // 3 was computed while 2 was being taken; nothing after
  });

  it("bad arguments throw when the stage is built", () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, name: "svc" });
    expect(() => loose(cb.stage.bind(cb))(42)).toThrow(
      new TypeError('circuitBreaker "svc".stage(fn, options): fn must be a function, got 42'),
    );
    expect(() => loose(cb.stage.bind(cb))((n: number) => n, { buffer: -1 })).toThrow(RangeError);
    expect(() => loose(cb.stage.bind(cb))((n: number) => n, { buffer: -1 })).toThrow("options.buffer must be");
  });
});

describe("every policy has a stage", () => {
  it("retry.stage: each item is retried on its own; fn gets the attempt", async () => {
    const clock = manualClock(0);
    const tries = new Map<string, number[]>();
    const out = retry({ maxAttempts: 3, backoff: { initialDelay: 0 }, clock }).stage((s: string, { attempt }) => {
      tries.set(s, [...(tries.get(s) ?? []), attempt]);
      return s === "b" && attempt < 3 ? Promise.reject(new Error("flaky")) : s.toUpperCase();
    })(of("a", "b", "c"));
    expect(await collect(out)).toEqual(["A", "B", "C"]);
    expect(Object.fromEntries(tries)).toEqual({ a: [1], b: [1, 2, 3], c: [1] });
  });

  it("wrap(breaker, timeout).stage: a per-item timeout counts as a breaker failure, the fallback fills in", async () => {
    const clock = manualClock(0);
    const breaker = circuitBreaker({ breaker: consecutiveBreaker(2), halfOpenAfter: 1_000, clock, fallback: (e) => (e instanceof TimeoutRejectedError ? "slow" : "off") });
    const out = wrap(breaker, timeoutPolicy(100, { clock })).stage((n: number, { signal }) =>
      n % 2 === 0 ? n : new Promise<number>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    )(of(1, 3, 2, 5));
    const result = watch(collect(out));
    await clock.advance(1_000);
    expect(result.value).toEqual(["slow", "slow", "off", "off"]); // 2 and 5 were never run: the circuit was open
    expect(breaker.state).toBe("open");
    expect(clock.pending).toBe(0);
  });
});
