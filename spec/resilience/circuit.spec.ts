// The circuit breaker as a state machine: exact state sequences against a clock
// moved by hand, probes, stale results, fallback, isFailure, the caller's own
// abort, and the two ways to observe changes.

import { describe, expect, it } from "vitest";
import {
  BrokenCircuitError,
  channelState,
  circuitBreaker,
  consecutiveBreaker,
  manualClock,
  samplingBreaker,
  setClock,
  watchers,
  type CircuitStateChange,
} from "../../src/index.js";
import { boom, deferred, noLeaks, nowClock, watch } from "./_helpers.js";

noLeaks();

/** Run one call that fails / succeeds at once. */
const fail = (cb: { execute: (fn: () => Promise<never>) => Promise<unknown> }, msg = "boom"): Promise<unknown> =>
  cb.execute(() => boom(msg)).catch((e: unknown) => e);
const ok = <T>(cb: { execute: (fn: () => T) => Promise<unknown> }, v: T): Promise<unknown> => cb.execute(() => v);

/** Every change recorded by onStateChange, as "from→to@at". */
function record(cb: { onStateChange(l: (c: CircuitStateChange) => void): () => void }): string[] {
  const seen: string[] = [];
  cb.onStateChange((c) => seen.push(`${c.from}→${c.to}@${c.at}`));
  return seen;
}

describe("circuitBreaker with consecutiveBreaker", () => {
  it("closed → open after n failures in a row; a success in between resets the count", async () => {
    const clock = nowClock(1_000);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(3), halfOpenAfter: 500, clock });
    const seen = record(cb);
    expect(cb.state).toBe("closed");
    await fail(cb);
    await fail(cb);
    expect(await ok(cb, "fine")).toBe("fine");
    await fail(cb);
    await fail(cb);
    expect(cb.state).toBe("closed");
    clock.set(1_010);
    const third = (await fail(cb, "third")) as Error;
    expect(third.message).toBe("third"); // the tripping call rejects with its own error
    expect(cb.state).toBe("open");
    expect(seen).toEqual(["closed→open@1010"]);
  });

  it("an open circuit fails fast with BrokenCircuitError, without calling fn", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 500, clock, name: "prices" });
    await fail(cb);
    let calls = 0;
    const e = (await cb
      .execute(() => {
        calls++;
        return 1;
      })
      .catch((x: unknown) => x)) as BrokenCircuitError;
    expect(calls).toBe(0);
    expect(e).toBeInstanceOf(BrokenCircuitError);
    expect(e.name).toBe("BrokenCircuitError");
    expect(e.state).toBe("open");
    expect(e.retryAt).toBe(500);
    expect(e.breaker).toBe("prices");
    expect(e.message).toBe('circuit breaker "prices" is open: the call was not made (it lets a probe through at clock time 500)');
  });

  it("open → halfOpen exactly halfOpenAfter ms after opening; the change is stamped with the time it fell due", async () => {
    const clock = nowClock(100);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 500, clock });
    const seen = record(cb);
    await fail(cb);
    clock.set(599);
    expect(cb.state).toBe("open");
    await expect(ok(cb, 1)).rejects.toBeInstanceOf(BrokenCircuitError);
    clock.set(750); // noticed late: still stamped 600
    expect(cb.state).toBe("halfOpen");
    expect(cb.state).toBe("halfOpen"); // announced once
    expect(seen).toEqual(["closed→open@100", "open→halfOpen@600"]);
  });

  it("a successful probe closes the circuit; the count starts afresh", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(2), halfOpenAfter: 100, clock });
    const seen = record(cb);
    await fail(cb);
    await fail(cb);
    clock.set(100);
    expect(await ok(cb, "probe")).toBe("probe");
    expect(cb.state).toBe("closed");
    await fail(cb); // one failure of two: the old count was reset on closing
    expect(cb.state).toBe("closed");
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@100", "halfOpen→closed@100"]);
  });

  it("a failed probe reopens the circuit, for another halfOpenAfter from the failure", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock });
    const seen = record(cb);
    await fail(cb);
    clock.set(150);
    const probe = deferred<number>();
    const p = watch(cb.execute(() => probe.promise));
    clock.set(170);
    probe.reject(new Error("still down"));
    await p.promise.catch(() => {});
    expect(cb.state).toBe("open");
    clock.set(269);
    expect(cb.state).toBe("open");
    clock.set(270);
    expect(cb.state).toBe("halfOpen");
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@100", "halfOpen→open@170", "open→halfOpen@270"]);
  });

  it("half-open admits halfOpenProbes concurrent probes, refuses the rest, and closes after that many successes", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, halfOpenProbes: 2, clock });
    const seen = record(cb);
    await fail(cb);
    clock.set(10);
    const a = deferred<string>();
    const b = deferred<string>();
    let calls = 0;
    const pa = cb.execute(() => (calls++, a.promise));
    const pb = cb.execute(() => (calls++, b.promise));
    const refused = (await cb.execute(() => (calls++, "third")).catch((e: unknown) => e)) as BrokenCircuitError;
    expect(calls).toBe(2);
    expect(refused).toBeInstanceOf(BrokenCircuitError);
    expect(refused.state).toBe("halfOpen");
    expect(refused.retryAt).toBeUndefined();
    expect(refused.message).toBe("circuit breaker is half-open and its 2 probe slots are taken: the call was not made");
    a.resolve("a");
    expect(await pa).toBe("a");
    expect(cb.state).toBe("halfOpen"); // one success of two
    // The finished probe's slot is free again.
    const c = deferred<string>();
    const pc = cb.execute(() => (calls++, c.promise));
    expect(calls).toBe(3);
    b.resolve("b");
    expect(await pb).toBe("b");
    expect(cb.state).toBe("closed");
    c.resolve("c");
    expect(await pc).toBe("c"); // a probe from the half-open period that ended: ignored
    expect(cb.state).toBe("closed");
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@10", "halfOpen→closed@10"]);
  });

  it("any probe failure reopens, and the other probes' later results change nothing", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, halfOpenProbes: 3, clock });
    const seen = record(cb);
    await fail(cb);
    clock.set(10);
    const a = deferred<string>();
    const b = deferred<string>();
    const pa = watch(cb.execute(() => a.promise));
    const pb = watch(cb.execute(() => b.promise));
    clock.set(12);
    a.reject(new Error("down"));
    await pa.promise.catch(() => {});
    expect(cb.state).toBe("open");
    b.resolve("late success");
    expect(await pb.promise).toBe("late success"); // the caller still gets its value
    expect(cb.state).toBe("open");
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@10", "halfOpen→open@12"]);
  });

  it("a result from a call that started before the last state change never changes the state", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(2), halfOpenAfter: 10, clock });
    const seen = record(cb);
    const slow = deferred<string>();
    const ps = watch(cb.execute(() => slow.promise)); // started while closed (generation 0)
    await fail(cb);
    await fail(cb); // open
    clock.set(10);
    await ok(cb, "probe"); // halfOpen → closed
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@10", "halfOpen→closed@10"]);
    slow.reject(new Error("stale failure"));
    await ps.promise.catch(() => {});
    expect(cb.state).toBe("closed");
    await fail(cb); // would be the 2nd failure in a row if the stale one had counted
    expect(cb.state).toBe("closed");
    expect(seen).toHaveLength(3);
  });

  it("a stale failure cannot reopen a half-open circuit, nor a stale probe close one", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, halfOpenProbes: 2, clock });
    const seen = record(cb);
    const slow = deferred<string>();
    const ps = watch(cb.execute(() => slow.promise)); // started while closed
    await fail(cb); // open
    clock.set(10);
    const a = deferred<string>();
    const b = deferred<string>();
    const pa = watch(cb.execute(() => a.promise)); // probe
    const pb = watch(cb.execute(() => b.promise)); // probe
    slow.reject(new Error("stale"));
    await ps.promise.catch(() => {});
    expect(cb.state).toBe("halfOpen");
    a.reject(new Error("probe failed"));
    await pa.promise.catch(() => {});
    expect(cb.state).toBe("open");
    clock.set(20);
    expect(await ok(cb, "new probe")).toBe("new probe"); // 1 success of 2 in this half-open period
    expect(cb.state).toBe("halfOpen");
    b.resolve("stale probe");
    await pb.promise;
    expect(cb.state).toBe("halfOpen");
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@10", "halfOpen→open@10", "open→halfOpen@20"]);
  });
});

describe("circuitBreaker: fallback", () => {
  it("degrades an open circuit to the fallback's value, without calling fn", async () => {
    const clock = nowClock(0);
    const errors: unknown[] = [];
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(1),
      halfOpenAfter: 100,
      clock,
      fallback: (e) => {
        errors.push(e);
        return "cached";
      },
    });
    // The tripping failure itself is degraded too.
    expect(await cb.execute(() => boom("down"))).toBe("cached");
    expect((errors[0] as Error).message).toBe("down");
    let calls = 0;
    expect(await cb.execute(() => (calls++, "fresh"))).toBe("cached");
    expect(calls).toBe(0);
    expect(errors[1]).toBeInstanceOf(BrokenCircuitError);
    clock.set(100);
    expect(await cb.execute(() => (calls++, "fresh"))).toBe("fresh");
    expect(cb.state).toBe("closed");
  });

  it("gets the call's signal; its rejection is the call's rejection", async () => {
    const ac = new AbortController();
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(1),
      halfOpenAfter: 100,
      clock: nowClock(),
      fallback: (_e, { signal }) => {
        expect(signal).toBe(ac.signal);
        return Promise.reject(new Error("no cache either"));
      },
    });
    await expect(cb.execute(() => boom(), { signal: ac.signal })).rejects.toThrow("no cache either");
    await expect(cb.execute(() => 1, { signal: ac.signal })).rejects.toThrow("no cache either");
  });

  it("is not used for errors isFailure lets through, nor for the caller's abort", async () => {
    let used = 0;
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(1),
      halfOpenAfter: 100,
      clock: nowClock(),
      isFailure: (e) => !(e instanceof RangeError),
      fallback: () => (used++, "fallback"),
    });
    await expect(cb.execute(() => Promise.reject(new RangeError("bad id")))).rejects.toThrow("bad id");
    const ac = new AbortController();
    const reason = new Error("caller gave up");
    const p = cb.execute(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))), {
      signal: ac.signal,
    });
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(used).toBe(0);
    expect(cb.state).toBe("closed");
  });
});

describe("circuitBreaker: what counts as a failure", () => {
  it("isFailure(e) false: the call rejects but counts as a success (it resets the consecutive count)", async () => {
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(2),
      halfOpenAfter: 100,
      clock: nowClock(),
      isFailure: (e) => (e as Error).message !== "404",
    });
    await fail(cb, "500");
    await expect(cb.execute(() => boom("404"))).rejects.toThrow("404");
    await fail(cb, "500");
    expect(cb.state).toBe("closed");
    await fail(cb, "500");
    expect(cb.state).toBe("open");
  });

  it("a signal aborted before the call: rejects with its reason, fn not called, nothing counted", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 100, clock: nowClock() });
    const ac = new AbortController();
    const reason = new Error("stop");
    ac.abort(reason);
    let calls = 0;
    await expect(cb.execute(() => calls++, { signal: ac.signal })).rejects.toBe(reason);
    expect(calls).toBe(0);
    expect(cb.state).toBe("closed");
  });

  it("an error after the caller's own signal aborted is neither success nor failure; a half-open probe slot is freed", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock });
    const seen = record(cb);
    const ac = new AbortController();
    const p = cb.execute(({ signal }) => {
      expect(signal).toBe(ac.signal);
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("AbortError-ish"))));
    }, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toThrow("AbortError-ish");
    expect(cb.state).toBe("closed");
    await fail(cb);
    clock.set(10);
    const ac2 = new AbortController();
    const probe = cb.execute(({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))), {
      signal: ac2.signal,
    });
    ac2.abort("bye");
    await expect(probe).rejects.toBe("bye");
    expect(cb.state).toBe("halfOpen");
    expect(await ok(cb, "next probe")).toBe("next probe"); // the slot was freed
    expect(seen).toEqual(["closed→open@0", "open→halfOpen@10", "halfOpen→closed@10"]);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("without a caller signal fn still gets one, which never aborts", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock: nowClock() });
    const signal = await cb.execute(({ signal }) => signal);
    expect(signal.aborted).toBe(false);
    expect(typeof signal.addEventListener).toBe("function");
  });

  it("a synchronous throw in fn is a failure like a rejection", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock: nowClock() });
    await expect(
      cb.execute(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(cb.state).toBe("open");
  });
});

describe("circuitBreaker with samplingBreaker", () => {
  it("opens once the failure rate over the window reaches threshold, with the minimum volume", async () => {
    const clock = nowClock(0);
    // window 1000 ms, 4 calls needed (minimumRps 4 × 1 s)
    const cb = circuitBreaker({ breaker: samplingBreaker({ threshold: 0.5, duration: 1_000, minimumRps: 4 }), halfOpenAfter: 100, clock });
    await fail(cb);
    await fail(cb);
    await fail(cb);
    expect(cb.state).toBe("closed"); // 3 of 3 failed, but only 3 calls
    await ok(cb, 1);
    clock.set(50);
    await ok(cb, 1);
    await ok(cb, 1);
    expect(cb.state).toBe("closed"); // 3 of 6
    await fail(cb); // 4 of 7 ≥ 0.5
    expect(cb.state).toBe("open");
  });

  it("calls leave the window slice by slice (10 slices of duration/10)", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: samplingBreaker({ threshold: 0.5, duration: 1_000, volumeThreshold: 2 }), halfOpenAfter: 100, clock });
    await ok(cb, 1); // slice 0
    await ok(cb, 1); // slice 0
    clock.set(999); // slice 9: slice 0 still counts
    await fail(cb); // 1 of 3
    expect(cb.state).toBe("closed");
    clock.set(1_000); // slice 10: slice 0 is out
    await fail(cb); // 2 of 2
    expect(cb.state).toBe("open");
  });

  it("a failure rate below threshold never opens, however many calls", async () => {
    const cb = circuitBreaker({ breaker: samplingBreaker({ errorThresholdPercentage: 50, rollingCountTimeout: 1_000 }), halfOpenAfter: 100, clock: nowClock() });
    for (let i = 0; i < 20; i++) {
      await ok(cb, i);
      await ok(cb, i);
      await fail(cb); // 1 in 3
    }
    expect(cb.state).toBe("closed");
  });

  it("the window is forgotten when the circuit closes again", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: samplingBreaker({ threshold: 0.5, duration: 1_000, volumeThreshold: 2 }), halfOpenAfter: 10, clock });
    await fail(cb);
    await fail(cb);
    expect(cb.state).toBe("open");
    clock.set(10);
    await ok(cb, "probe");
    expect(cb.state).toBe("closed");
    await fail(cb); // 1 of 1 in the new window: below the volume of 2
    expect(cb.state).toBe("closed");
  });
});

describe("circuitBreaker: observing state changes", () => {
  it("stateChanges delivers every change in order, with the tripping error", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock, name: "db" });
    expect(cb.stateChanges.name).toBe("db.stateChanges");
    const err = new Error("down");
    await cb.execute(() => Promise.reject(err)).catch(() => {});
    clock.set(10);
    await ok(cb, 1);
    const got: CircuitStateChange[] = [];
    for (let r = cb.stateChanges.tryRecv(); r !== undefined; r = cb.stateChanges.tryRecv()) got.push(r.value!);
    expect(got).toEqual([
      { from: "closed", to: "open", at: 0, error: err },
      { from: "open", to: "halfOpen", at: 10 },
      { from: "halfOpen", to: "closed", at: 10 },
    ]);
  });

  it("a slow reader never blocks the breaker: the oldest changes are dropped", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock, stateChangesBuffer: 2 });
    await fail(cb); // closed→open
    clock.set(10);
    await fail(cb); // open→halfOpen, halfOpen→open
    clock.set(20);
    await ok(cb, 1); // open→halfOpen, halfOpen→closed
    expect(channelState(cb.stateChanges)).toMatchObject({ len: 2, cap: 2, dropped: 3, senders: 0 });
    expect((await cb.stateChanges.recv()).value).toMatchObject({ from: "open", to: "halfOpen", at: 20 });
    expect((await cb.stateChanges.recv()).value).toMatchObject({ from: "halfOpen", to: "closed", at: 20 });
  });

  it("a reader parked on stateChanges is woken by the next change", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock: nowClock(5) });
    const next = watch(cb.stateChanges.recv());
    await fail(cb);
    expect((await next.promise).value).toMatchObject({ from: "closed", to: "open", at: 5 });
  });

  it("onStateChange listeners run synchronously, in subscription order, until unsubscribed", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock });
    const log: string[] = [];
    const offA = cb.onStateChange((c) => log.push(`a:${c.to}:${cb.state}`));
    cb.onStateChange((c) => log.push(`b:${c.to}`));
    await fail(cb);
    expect(log).toEqual(["a:open:open", "b:open"]);
    offA();
    offA(); // idempotent
    clock.set(10);
    expect(cb.state).toBe("halfOpen");
    expect(log).toEqual(["a:open:open", "b:open", "b:halfOpen"]);
  });
});

describe("circuitBreaker: Either and TaskEither", () => {
  it("executeEither resolves Right(value) or Left(error), never rejects", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock: nowClock() });
    expect(await cb.executeEither(() => 7)).toEqual({ _tag: "Right", right: 7 });
    const err = new Error("x");
    expect(await cb.executeEither(() => Promise.reject(err))).toEqual({ _tag: "Left", left: err });
    const refused = await cb.executeEither(() => 7);
    expect(refused._tag).toBe("Left");
    expect((refused as { left: unknown }).left).toBeInstanceOf(BrokenCircuitError);
  });

  it("executeTE runs nothing until the task is called, and runs fn anew on every call", async () => {
    const cb = circuitBreaker({ breaker: consecutiveBreaker(3), halfOpenAfter: 10, clock: nowClock() });
    let calls = 0;
    const te = cb.executeTE(() => ++calls);
    expect(calls).toBe(0);
    expect(await te()).toEqual({ _tag: "Right", right: 1 });
    expect(await te()).toEqual({ _tag: "Right", right: 2 });
  });
});

describe("circuitBreaker: the clock", () => {
  it("reads time only through clock.now(), default: the clock set with setClock when it is built", async () => {
    const clock = manualClock(1_000);
    const prev = setClock(clock);
    let cb;
    try {
      cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 50 });
    } finally {
      setClock(prev);
    }
    const seen = record(cb);
    await fail(cb);
    await clock.advance(50);
    expect(cb.state).toBe("halfOpen");
    expect(seen).toEqual(["closed→open@1000", "open→halfOpen@1050"]);
    expect(clock.pending).toBe(0); // no timers: an idle breaker holds nothing
  });

  it("resetTimeout (opossum's name) is halfOpenAfter", async () => {
    const clock = nowClock(0);
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), resetTimeout: 30, clock });
    await fail(cb);
    clock.set(29);
    expect(cb.state).toBe("open");
    clock.set(30);
    expect(cb.state).toBe("halfOpen");
  });
});

describe("when the circuit reads its clock", () => {
  const counting = (t = 0) => {
    const clock = { reads: 0, now: () => (clock.reads++, t) };
    return clock;
  };

  it("a closed circuit with a consecutive breaker admits and counts successes without reading it", async () => {
    const clock = counting();
    const cb = circuitBreaker({ breaker: consecutiveBreaker(3), halfOpenAfter: 100, clock });
    for (let i = 0; i < 100; i++) expect(await cb.execute(() => i)).toBe(i);
    expect(clock.reads).toBe(0);
    // A failure is stamped (it may open the circuit), and reading `state` refreshes it.
    await expect(cb.execute(() => boom("x"))).rejects.toThrow("x");
    expect(clock.reads).toBe(1);
    expect(cb.state).toBe("closed");
    expect(clock.reads).toBe(2);
  });

  it("a sampling breaker stamps every result", async () => {
    const clock = counting(5);
    const cb = circuitBreaker({ breaker: samplingBreaker({ threshold: 0.5, duration: 1000, minimumRps: 1 }), halfOpenAfter: 100, clock });
    for (let i = 0; i < 10; i++) await cb.execute(() => i);
    expect(clock.reads).toBe(10);
  });
});
