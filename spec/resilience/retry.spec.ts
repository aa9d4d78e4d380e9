// retry(): attempts counted with the first one, exact backoff delays on a
// manual clock, jitter, retryIf, and the caller's abort.

import { describe, expect, it } from "vitest";
import { manualClock, retry, watchers } from "../../src/index.js";
import { noLeaks, watch } from "./_helpers.js";

noLeaks();

/** A function failing `n` times before it returns "ok"; records when (clock time) each attempt ran. */
function flaky(n: number, clock: { now(): number }) {
  const at: number[] = [];
  const attempts: number[] = [];
  const fn = ({ attempt }: { attempt: number }): Promise<string> => {
    at.push(clock.now());
    attempts.push(attempt);
    return at.length <= n ? Promise.reject(new Error(`fail ${at.length}`)) : Promise.resolve("ok");
  };
  return { fn, at, attempts };
}

describe("retry", () => {
  it("maxAttempts counts every call, the first included; delays grow by factor up to maxDelay", async () => {
    const clock = manualClock(0);
    const policy = retry({ maxAttempts: 5, backoff: { initialDelay: 100, maxDelay: 300, factor: 2 }, clock });
    const f = flaky(4, clock);
    const p = watch(policy.execute(f.fn));
    await clock.advance(10_000);
    expect(p.status).toBe("fulfilled");
    expect(p.value).toBe("ok");
    expect(f.attempts).toEqual([1, 2, 3, 4, 5]);
    expect(f.at).toEqual([0, 100, 300, 600, 900]); // waits 100, 200, 300 (capped), 300
    expect(clock.pending).toBe(0);
  });

  it("after maxAttempts failures the last error is rethrown as it is", async () => {
    const clock = manualClock(0);
    const policy = retry({ maxAttempts: 3, backoff: { initialDelay: 10 }, clock });
    const f = flaky(10, clock);
    const p = watch(policy.execute(f.fn));
    await clock.advance(1_000);
    expect(p.status).toBe("rejected");
    expect((p.reason as Error).message).toBe("fail 3");
    expect(f.at).toEqual([0, 10, 30]);
  });

  it("maxAttempts: 1 never retries", async () => {
    const clock = manualClock(0);
    const f = flaky(1, clock);
    await expect(retry({ maxAttempts: 1, clock }).execute(f.fn)).rejects.toThrow("fail 1");
    expect(f.attempts).toEqual([1]);
    expect(clock.pending).toBe(0);
  });

  it("waits exactly the delay: one ms early, the next attempt has not run", async () => {
    const clock = manualClock(0);
    const policy = retry({ maxAttempts: 2, backoff: { initialDelay: 250 }, clock });
    const f = flaky(1, clock);
    const p = watch(policy.execute(f.fn));
    await clock.advance(249);
    expect(f.attempts).toEqual([1]);
    expect(p.status).toBe("pending");
    await clock.advance(1);
    await p.promise;
    expect(f.at).toEqual([0, 250]);
  });

  it("delay(k) gives the schedule without jitter; defaults are 100 ms × 2^(k-1), at most 30 s", () => {
    const r = retry({ maxAttempts: 3 });
    expect([1, 2, 3, 4, 9, 10].map((k) => r.delay(k))).toEqual([100, 200, 400, 800, 25_600, 30_000]);
    expect(r.maxAttempts).toBe(3);
    const constant = retry({ maxAttempts: 3, backoff: { initialDelay: 50, factor: 1 } });
    expect([1, 2, 3].map((k) => constant.delay(k))).toEqual([50, 50, 50]);
  });

  it("jitter takes up to that share of each delay off, using options.random", async () => {
    const clock = manualClock(0);
    const rolls = [0.5, 1, 0];
    const policy = retry({
      maxAttempts: 4,
      backoff: { initialDelay: 100, factor: 2, jitter: 0.5 },
      clock,
      random: () => rolls.shift()!,
    });
    const f = flaky(3, clock);
    const p = watch(policy.execute(f.fn));
    await clock.advance(10_000);
    expect(p.value).toBe("ok");
    // 100 - 100×0.5×0.5 = 75; 200 - 200×0.5×1 = 100; 400 - 0 = 400
    expect(f.at).toEqual([0, 75, 175, 575]);
  });

  it("initialDelay 0 retries at once, with no timer", async () => {
    const clock = manualClock(0);
    const f = flaky(2, clock);
    expect(await retry({ maxAttempts: 3, backoff: { initialDelay: 0 }, clock }).execute(f.fn)).toBe("ok");
    expect(f.attempts).toEqual([1, 2, 3]);
  });

  it("retryIf decides per error, and gets the attempt that failed", async () => {
    const clock = manualClock(0);
    const asked: [string, number][] = [];
    const policy = retry({
      maxAttempts: 5,
      backoff: { initialDelay: 1 },
      clock,
      retryIf: (e, attempt) => {
        asked.push([(e as Error).message, attempt]);
        return (e as Error).message !== "fail 2";
      },
    });
    const f = flaky(10, clock);
    const p = watch(policy.execute(f.fn));
    await clock.advance(100);
    expect((p.reason as Error).message).toBe("fail 2");
    expect(asked).toEqual([
      ["fail 1", 1],
      ["fail 2", 2],
    ]);
    expect(f.attempts).toEqual([1, 2]);
  });

  it("an abort during the backoff rejects at once with the reason, and no further attempt runs", async () => {
    const clock = manualClock(0);
    const policy = retry({ maxAttempts: 5, backoff: { initialDelay: 1_000 }, clock });
    const f = flaky(10, clock);
    const ac = new AbortController();
    const p = watch(policy.execute(f.fn, { signal: ac.signal }));
    await clock.advance(500);
    expect(clock.pending).toBe(1);
    ac.abort("enough");
    await clock.advance(0);
    expect(p.status).toBe("rejected");
    expect(p.reason).toBe("enough");
    expect(clock.pending).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
    await clock.advance(10_000);
    expect(f.attempts).toEqual([1]);
  });

  it("a failure after the caller aborted is not retried; fn's signal is the caller's", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    let attempts = 0;
    const p = retry({ maxAttempts: 5, backoff: { initialDelay: 1 }, clock }).execute(
      ({ signal }) =>
        new Promise((_, reject) => {
          attempts++;
          expect(signal).toBe(ac.signal);
          signal.addEventListener("abort", () => reject(new Error("aborted fetch")));
        }),
      { signal: ac.signal },
    );
    ac.abort();
    await expect(p).rejects.toThrow("aborted fetch");
    expect(attempts).toBe(1);
  });

  it("a signal already aborted: rejects with its reason and fn never runs", async () => {
    const ac = new AbortController();
    ac.abort("no");
    let calls = 0;
    await expect(retry({ maxAttempts: 3 }).execute(() => calls++, { signal: ac.signal })).rejects.toBe("no");
    expect(calls).toBe(0);
  });

  it("executeEither gives Right after a retry, Left after the last failure", async () => {
    const clock = manualClock(0);
    const policy = retry({ maxAttempts: 2, backoff: { initialDelay: 0 }, clock });
    expect(await policy.executeEither(flaky(1, clock).fn)).toEqual({ _tag: "Right", right: "ok" });
    const left = await policy.executeEither(flaky(2, clock).fn);
    expect(left._tag).toBe("Left");
    expect(((left as { left: unknown }).left as Error).message).toBe("fail 2");
  });
});
