// rateLimit: a token bucket on a manual clock (no real waiting).

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { blocked, collect, manualClock, range, rateLimit, take, watchers, type Source } from "../../src/index.js";
import { noLeaks, settle, thrown } from "./_util.js";

noLeaks();

describe("rateLimit as a limiter", () => {
  it("a full bucket of `burst`, then one token every interval/limit", async () => {
    const clock = manualClock();
    const lim = rateLimit({ limit: 2, interval: 100, clock });
    const at: number[] = [];
    const waits = [1, 2, 3, 4].map((i) => lim.wait().then(() => at.push(i * 1000 + clock.now())));
    await settle();
    expect(at).toEqual([1000, 2000]);
    await clock.advance(49);
    expect(at).toEqual([1000, 2000]);
    await clock.advance(1);
    expect(at).toEqual([1000, 2000, 3050]);
    await clock.advance(50);
    await Promise.all(waits);
    expect(at).toEqual([1000, 2000, 3050, 4100]);
    expect(clock.pending).toBe(0);
  });

  it("waiters are served first come, first served; tryTake never jumps the queue", async () => {
    const clock = manualClock();
    const lim = rateLimit({ limit: 1, interval: 10, clock });
    expect(lim.tryTake()).toBe(true);
    expect(lim.tryTake()).toBe(false);
    const order: string[] = [];
    const a = lim.wait().then(() => order.push("a"));
    const b = lim.wait().then(() => order.push("b"));
    await clock.advance(10);
    expect(lim.tryTake()).toBe(false); // b is waiting
    await clock.advance(10);
    await Promise.all([a, b]);
    expect(order).toEqual(["a", "b"]);
    expect(lim.tokens).toBe(0);
    await clock.advance(5);
    expect(lim.tokens).toBeCloseTo(0.5);
  });

  it("an aborted wait takes no token and leaves no trace", async () => {
    const clock = manualClock();
    const lim = rateLimit({ limit: 1, interval: 100, clock, name: "api" });
    await lim.wait();
    const ac = new AbortController();
    const w = lim.wait({ signal: ac.signal });
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toEqual(['wait RateLimiter "api"']);
    expect(clock.pending).toBe(1);
    ac.abort("cancelled");
    await expect(w).rejects.toBe("cancelled");
    expect(watchers(ac.signal)).toBe(0);
    expect(clock.pending).toBe(0);
    await clock.advance(100);
    expect(lim.tryTake()).toBe(true);
    await expect(lim.wait({ signal: AbortSignal.abort("already") })).rejects.toBe("already");
  });

  test.prop([fc.array(fc.tuple(fc.nat(40), fc.nat(4)), { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 3 })])(
    "never more than burst + w·limit/interval grants in any window of length w",
    async (steps, limit, interval, burst) => {
      const clock = manualClock();
      const lim = rateLimit({ limit, interval, burst, clock });
      const grants: number[] = [];
      const all: Promise<unknown>[] = [];
      for (const [gap, n] of steps) {
        await clock.advance(gap);
        for (let i = 0; i < n; i++) all.push(lim.wait().then(() => grants.push(clock.now())));
      }
      for (let i = 0; i < 100 && grants.length < all.length; i++) await clock.advance(interval);
      expect(grants).toHaveLength(all.length);
      for (let i = 0; i < grants.length; i++) {
        for (let j = i; j < grants.length; j++) {
          expect(j - i + 1).toBeLessThanOrEqual(burst + ((grants[j]! - grants[i]!) * limit) / interval + 1e-9);
        }
      }
    },
  );
});

describe("rateLimit as a stage", () => {
  it("the stages of one limiter share its bucket", async () => {
    const clock = manualClock();
    const lim = rateLimit({ limit: 1, interval: 10, burst: 2, clock });
    const times: number[] = [];
    const read = async (xs: Source<number>) => {
      for await (const _ of lim(xs)) times.push(clock.now());
    };
    const done = Promise.all([read(range(3)), read([7, 8, 9])]);
    await settle();
    for (let t = 0; t < 4; t++) await clock.advance(10);
    await done;
    expect(times.sort((a, b) => a - b)).toEqual([0, 0, 10, 20, 30, 40]);
  });

  it("each value waits for its token", async () => {
    const clock = manualClock();
    const times: number[] = [];
    const out = rateLimit({ limit: 1, interval: 100, burst: 1, clock })(range(3));
    const done = (async () => {
      for await (const _ of out) times.push(clock.now());
    })();
    await settle();
    await clock.advance(100);
    await clock.advance(100);
    await done;
    expect(times).toEqual([0, 100, 200]);
  });

  it("stopping the stage withdraws its wait", async () => {
    const clock = manualClock();
    const lim = rateLimit({ limit: 1, interval: 1000, clock });
    expect(await collect(take(1)(lim(range(0, Infinity))))).toEqual([0]);
    await settle();
    expect(clock.pending).toBe(0);
  });
});

describe("bad input", () => {
  it("lists every problem, required options included", () => {
    const e = thrown(() => rateLimit({ limit: 0, interval: -5, burst: 1.5 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(
      "rateLimit(options): 3 invalid arguments: options.limit must be a positive integer (tokens per interval), got 0; options.interval must be a positive number of milliseconds, got -5; options.burst must be a positive integer (the bucket's capacity), got 1.5",
    );
    expect(thrown(() => (rateLimit as any)()).message).toBe(
      "rateLimit(options): 2 invalid arguments: options.limit is required; options.interval is required",
    );
    expect(thrown(() => rateLimit({ limit: 1, interval: 0 })).message).toBe("rateLimit(options): options.interval must be a positive number of milliseconds, got 0");
    expect(thrown(() => rateLimit({ limit: 1, interval: Infinity })).message).toContain("got Infinity");
    const lim = rateLimit({ limit: 1, interval: 1 });
    expect(() => lim.wait({ signal: 5 } as any)).toThrow("rateLimit(options).wait(options): options.signal must be an AbortSignal, got 5");
  });
});
