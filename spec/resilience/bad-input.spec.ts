// Bad input: policies are validated when they are built; each error names the
// call, every invalid option with its value and the allowed range, all at once.

import { describe, expect, it } from "vitest";
import {
  bulkhead,
  circuitBreaker,
  consecutiveBreaker,
  retry,
  samplingBreaker,
  shutdown,
  timeoutPolicy,
  wrap,
} from "../../src/index.js";
import { loose, noLeaks } from "./_helpers.js";

noLeaks();

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

describe("breakers", () => {
  it("consecutiveBreaker(n): n must be an integer ≥ 1", () => {
    for (const n of [0, -1, 1.5, NaN, Infinity]) {
      const e = thrown(() => consecutiveBreaker(n));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toBe(`consecutiveBreaker(threshold): threshold must be an integer ≥ 1 (failures in a row), got ${String(n)}`);
    }
    expect(thrown(() => loose(consecutiveBreaker)("3"))).toEqual(
      new TypeError('consecutiveBreaker(threshold): threshold must be an integer ≥ 1 (failures in a row), got "3"'),
    );
  });

  it("samplingBreaker lists every invalid field at once", () => {
    const e = thrown(() => samplingBreaker({ threshold: 0, duration: 0, minimumRps: -1 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "samplingBreaker(options): 3 invalid options: " +
        "options.threshold must be a number in (0, 1] (a failure rate), got 0; " +
        "options.duration must be a finite number of milliseconds > 0, got 0; " +
        "options.minimumRps must be a finite number ≥ 0 (calls per second), got -1",
    );
  });

  it("samplingBreaker: threshold above 1, a missing duration, a fractional volumeThreshold", () => {
    expect(thrown(() => samplingBreaker({ threshold: 1.5, duration: 1_000 })).message).toBe(
      "samplingBreaker(options): options.threshold must be a number in (0, 1] (a failure rate), got 1.5",
    );
    expect(samplingBreaker({ threshold: 1, duration: 1_000 }).threshold).toBe(1); // 1 is in range
    expect(thrown(() => loose(samplingBreaker)({ threshold: 0.5 }))).toEqual(
      new TypeError("samplingBreaker(options): options.duration must be a finite number of milliseconds > 0, got undefined"),
    );
    expect(thrown(() => samplingBreaker({ threshold: 0.5, duration: Infinity })).message).toContain("options.duration must be a finite number");
    expect(thrown(() => samplingBreaker({ threshold: 0.5, duration: 10, volumeThreshold: 1.5 })).message).toBe(
      "samplingBreaker(options): options.volumeThreshold must be an integer ≥ 0 (calls in the window), got 1.5",
    );
    expect(thrown(() => loose(samplingBreaker)({})).message).toBe(
      "samplingBreaker(options): 2 invalid options: options.threshold must be a number in (0, 1] (a failure rate), got undefined; " +
        "options.duration must be a finite number of milliseconds > 0, got undefined",
    );
  });

  it("samplingBreaker: opossum's names are checked in their own ranges, and not together with cockatiel's", () => {
    expect(thrown(() => samplingBreaker({ errorThresholdPercentage: 150, rollingCountTimeout: -1 })).message).toBe(
      "samplingBreaker(options): 2 invalid options: options.errorThresholdPercentage must be a number in (0, 100] (a failure percentage), got 150; " +
        "options.rollingCountTimeout must be a finite number of milliseconds > 0, got -1",
    );
    expect(thrown(() => samplingBreaker({ threshold: 0.5, errorThresholdPercentage: 50, duration: 10, minimumRps: 1, volumeThreshold: 5 })).message).toBe(
      "samplingBreaker(options): 2 invalid options: " +
        "options.threshold must be given alone (options.errorThresholdPercentage says the same), got 0.5, and options.errorThresholdPercentage = 50; " +
        "options.minimumRps must be given alone (options.volumeThreshold says the same), got 1, and options.volumeThreshold = 5",
    );
  });

  it("samplingBreaker: the aliases map onto cockatiel's fields", () => {
    expect(samplingBreaker({ errorThresholdPercentage: 25, rollingCountTimeout: 10_000, volumeThreshold: 7 })).toEqual({
      kind: "sampling",
      threshold: 0.25,
      duration: 10_000,
      minimumVolume: 7,
    });
    expect(samplingBreaker({ threshold: 0.25, duration: 10_000, minimumRps: 2 }).minimumVolume).toBe(20);
    expect(samplingBreaker({ threshold: 0.25, duration: 10_000 }).minimumVolume).toBe(0);
  });

  it("samplingBreaker(options): options must be an object", () => {
    expect(thrown(() => loose(samplingBreaker)(0.5))).toEqual(
      new TypeError("samplingBreaker(options): options must be an object like { threshold, duration, minimumRps }, got 0.5"),
    );
  });
});

describe("circuitBreaker", () => {
  it("lists every invalid option at once; a TypeError when any has the wrong type", () => {
    const e = thrown(() =>
      loose(circuitBreaker)({
        breaker: { kind: "consecutive", threshold: 3 }, // hand-made, not from the factory
        halfOpenAfter: -1,
        halfOpenProbes: 0,
        clock: Date,
        fallback: "cached",
        isFailure: true,
        name: 5,
        stateChangesBuffer: 0,
      }),
    );
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      "circuitBreaker(options): 8 invalid options: " +
        "options.breaker must be consecutiveBreaker(n) or samplingBreaker({ threshold, duration, minimumRps }), got an object; " +
        "options.halfOpenAfter must be a number of milliseconds ≥ 0, got -1; " +
        "options.halfOpenProbes must be an integer ≥ 1 (concurrent probe calls), got 0; " +
        "options.stateChangesBuffer must be an integer ≥ 1 (a channel capacity), got 0; " +
        "options.clock must be a clock: an object with now(), got a function (Date); " +
        'options.fallback must be a function, got "cached"; ' +
        "options.isFailure must be a function, got true; " +
        "options.name must be a string, got 5",
    );
  });

  it("range problems alone are a RangeError", () => {
    const e = thrown(() => circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: NaN, halfOpenProbes: 1.5 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "circuitBreaker(options): 2 invalid options: options.halfOpenAfter must be a number of milliseconds ≥ 0, got NaN; " +
        "options.halfOpenProbes must be an integer ≥ 1 (concurrent probe calls), got 1.5",
    );
  });

  it("halfOpenAfter (or resetTimeout) is required, not both", () => {
    expect(thrown(() => loose(circuitBreaker)({ breaker: consecutiveBreaker(1) })).message).toBe(
      "circuitBreaker(options): options.halfOpenAfter must be a number of milliseconds ≥ 0, got undefined",
    );
    expect(thrown(() => circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 1, resetTimeout: 2 })).message).toBe(
      "circuitBreaker(options): options.halfOpenAfter must be given alone (options.resetTimeout says the same), got 1, and options.resetTimeout = 2",
    );
    expect(thrown(() => circuitBreaker({ breaker: consecutiveBreaker(1), resetTimeout: -2 })).message).toBe(
      "circuitBreaker(options): options.resetTimeout must be a number of milliseconds ≥ 0, got -2",
    );
  });

  it("options must be an object", () => {
    expect(thrown(() => loose(circuitBreaker)())).toEqual(
      new TypeError("circuitBreaker(options): options must be an object like { breaker: consecutiveBreaker(5), halfOpenAfter: 10_000 }, got undefined"),
    );
  });

  it("onStateChange needs a function", () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 1, name: "db" });
    expect(thrown(() => loose(cb.onStateChange.bind(cb))("log"))).toEqual(
      new TypeError('circuitBreaker "db".onStateChange(listener): listener must be a function, got "log"'),
    );
  });
});

describe("retry", () => {
  it("lists every invalid option at once", () => {
    const e = thrown(() =>
      retry({ maxAttempts: 0, backoff: { initialDelay: -1, maxDelay: NaN, factor: 0.5, jitter: 2 } }),
    );
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "retry(options): 5 invalid options: " +
        "options.maxAttempts must be an integer ≥ 1 (calls in total, the first included), got 0; " +
        "options.backoff.initialDelay must be a finite number of milliseconds ≥ 0, got -1; " +
        "options.backoff.maxDelay must be a number of milliseconds ≥ 0, got NaN; " +
        "options.backoff.factor must be a finite number ≥ 1, got 0.5; " +
        "options.backoff.jitter must be a number in [0, 1], got 2",
    );
  });

  it("maxAttempts below 1, fractional or missing", () => {
    expect(thrown(() => retry({ maxAttempts: -3 })).message).toBe(
      "retry(options): options.maxAttempts must be an integer ≥ 1 (calls in total, the first included), got -3",
    );
    expect(thrown(() => retry({ maxAttempts: 2.5 })).message).toContain("got 2.5");
    expect(thrown(() => loose(retry)({}))).toBeInstanceOf(TypeError);
  });

  it("maxDelay below initialDelay", () => {
    expect(thrown(() => retry({ maxAttempts: 2, backoff: { initialDelay: 500, maxDelay: 100 } })).message).toBe(
      "retry(options): options.backoff.maxDelay must be ≥ options.backoff.initialDelay (500), got 100",
    );
  });

  it("the wrong types: backoff, retryIf, a clock without timers, random, name", () => {
    const e = thrown(() =>
      loose(retry)({ maxAttempts: 2, backoff: 100, retryIf: /5\d\d/, clock: { now: () => 0 }, random: 0.5, name: null }),
    );
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      "retry(options): 5 invalid options: " +
        "options.backoff must be an object like { initialDelay, maxDelay, factor, jitter }, got 100; " +
        "options.retryIf must be a function, got an object (RegExp); " +
        "options.clock must be a clock with now(), setTimeout(fn, ms) and clearTimeout(handle), got an object; " +
        "options.random must be a function, got 0.5; " +
        "options.name must be a string, got null",
    );
  });
});

describe("bulkhead", () => {
  it("negative sizes, listed together", () => {
    const e = thrown(() => bulkhead({ maxConcurrent: -1, maxQueue: -1 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "bulkhead(options): 2 invalid options: " +
        "options.maxConcurrent must be an integer ≥ 1 (calls running at once), got -1; " +
        "options.maxQueue must be an integer ≥ 0, or Infinity (calls waiting for a slot), got -1",
    );
  });

  it("maxConcurrent 0 or Infinity, a fractional queue, the wrong types", () => {
    expect(thrown(() => bulkhead({ maxConcurrent: 0 })).message).toBe(
      "bulkhead(options): options.maxConcurrent must be an integer ≥ 1 (calls running at once), got 0",
    );
    expect(thrown(() => bulkhead({ maxConcurrent: Infinity })).message).toContain("got Infinity");
    expect(thrown(() => bulkhead({ maxConcurrent: 1, maxQueue: 0.5 })).message).toContain("options.maxQueue must be an integer ≥ 0, or Infinity");
    expect(thrown(() => loose(bulkhead)({ maxConcurrent: "4" }))).toEqual(
      new TypeError('bulkhead(options): options.maxConcurrent must be an integer ≥ 1 (calls running at once), got "4"'),
    );
    expect(thrown(() => loose(bulkhead)(4))).toEqual(
      new TypeError("bulkhead(options): options must be an object like { maxConcurrent: 8, maxQueue: 32 }, got 4"),
    );
  });
});

describe("timeoutPolicy", () => {
  it("ms must be > 0", () => {
    for (const ms of [0, -5, NaN]) {
      expect(thrown(() => timeoutPolicy(ms))).toEqual(
        new RangeError(`timeoutPolicy(ms, options): ms must be a number of milliseconds > 0, got ${String(ms)}`),
      );
    }
    expect(thrown(() => loose(timeoutPolicy)("10"))).toBeInstanceOf(TypeError);
  });

  it("ms and the clock, together", () => {
    expect(thrown(() => loose(timeoutPolicy)(-1, { clock: {} })).message).toBe(
      "timeoutPolicy(ms, options): 2 invalid arguments: ms must be a number of milliseconds > 0, got -1; " +
        "options.clock must be a clock with now(), setTimeout(fn, ms) and clearTimeout(handle), got an object",
    );
  });
});

describe("wrap", () => {
  it("names every argument that is not a policy", () => {
    const r = retry({ maxAttempts: 2 });
    expect(thrown(() => loose(wrap)(r, {}, () => 1))).toEqual(
      new TypeError(
        "wrap(...policies): 2 invalid arguments: " +
          "policies[1] must be a policy (from circuitBreaker, retry, bulkhead, timeoutPolicy or wrap), got an object; " +
          "policies[2] must be a policy (from circuitBreaker, retry, bulkhead, timeoutPolicy or wrap), got a function",
      ),
    );
  });
});

describe("execute", () => {
  const policies = {
    circuitBreaker: circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 1 }),
    retry: retry({ maxAttempts: 2 }),
    bulkhead: bulkhead({ maxConcurrent: 1 }),
    timeoutPolicy: timeoutPolicy(10),
    wrap: wrap(),
  };

  it("a non-function fn throws a TypeError at once, from every policy and every form", () => {
    for (const [name, p] of Object.entries(policies)) {
      for (const form of ["execute", "executeEither", "executeTE"] as const) {
        const call = loose((p[form] as (...a: unknown[]) => unknown).bind(p));
        expect(thrown(() => call("fetch"))).toEqual(new TypeError(`${name}.${form}(fn): fn must be a function, got "fetch"`));
      }
    }
    expect(policies.bulkhead.running).toBe(0);
  });

  it("options.signal must be an AbortSignal", () => {
    const call = loose(policies.retry.execute.bind(policies.retry));
    expect(thrown(() => call(() => 1, { signal: true }))).toEqual(
      new TypeError("retry.execute(fn, options): options.signal must be an AbortSignal, got true"),
    );
    expect(thrown(() => call(() => 1, 5))).toEqual(new TypeError("retry.execute(fn, options): options must be an object like { signal }, got 5"));
  });

  it("a named policy is named in the message", () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 1, name: "payments" });
    expect(thrown(() => loose(cb.execute.bind(cb))(null)).message).toBe('circuitBreaker "payments".execute(fn): fn must be a function, got null');
  });
});

describe("shutdown", () => {
  it("lists every invalid option at once", () => {
    const e = thrown(() => loose(shutdown)({ drainTimeout: -1, signal: "SIGINT", clock: { now: Date.now }, name: 1 }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      "shutdown(options): 4 invalid options: " +
        "options.drainTimeout must be a number of milliseconds ≥ 0, got -1; " +
        'options.signal must be an AbortSignal, got "SIGINT"; ' +
        "options.clock must be a clock with now(), setTimeout(fn, ms) and clearTimeout(handle), got an object; " +
        "options.name must be a string, got 1",
    );
  });

  it("drainTimeout is required", () => {
    expect(thrown(() => loose(shutdown)({}))).toEqual(
      new TypeError("shutdown(options): options.drainTimeout must be a number of milliseconds ≥ 0, got undefined"),
    );
    expect(thrown(() => loose(shutdown)())).toEqual(
      new TypeError("shutdown(options): options must be an object like { drainTimeout: 5_000 }, got undefined"),
    );
  });
});
