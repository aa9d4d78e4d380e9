// parallelMap: a worker pool as a stage.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { chan, channelState, collect, from, map, parallelMap, range, take, type Context } from "../../src/index.js";
import { flush, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

/** A controllable async function: each call parks until the test finishes it. */
function pool<A, B>(f: (a: A) => B) {
  const calls: { arg: A; ctx: Context; finish: () => void; fail: (e: unknown) => void }[] = [];
  const fn = (arg: A, ctx: Context): Promise<B> =>
    new Promise<B>((resolve, reject) => {
      calls.push({ arg, ctx, finish: () => resolve(f(arg)), fail: reject });
    });
  const call = (arg: A) => calls.find((c) => c.arg === arg)!;
  return { calls, fn, call };
}

describe("parallelMap", () => {
  it("unordered: results as calls finish, at most `concurrency` at once", async () => {
    const p = pool((n: number) => n * 10);
    const out = parallelMap(p.fn, { concurrency: 3 })(range(5));
    const got: number[] = [];
    const done = (async () => {
      for await (const v of out) got.push(v);
    })();
    await settle();
    expect(p.calls.map((c) => c.arg)).toEqual([0, 1, 2]);
    p.call(2).finish();
    await settle();
    expect(got).toEqual([20]);
    expect(p.calls.map((c) => c.arg)).toEqual([0, 1, 2, 3]);
    p.call(3).finish();
    p.call(0).finish();
    await settle();
    expect(got).toEqual([20, 30, 0]);
    p.call(4).finish();
    p.call(1).finish();
    await done;
    expect(got).toEqual([20, 30, 0, 40, 10]);
  });

  it("ordered: input order, a slow head holding back later results and new calls", async () => {
    const p = pool((n: number) => `r${n}`);
    const out = parallelMap(p.fn, { concurrency: 2, ordered: true })(range(4));
    const got: string[] = [];
    const done = (async () => {
      for await (const v of out) got.push(v);
    })();
    await settle();
    expect(p.calls.map((c) => c.arg)).toEqual([0, 1]);
    p.call(1).finish();
    await settle();
    // 1 is done but waits for 0; its slot stays taken, so 2 has not started.
    expect(got).toEqual([]);
    expect(p.calls.map((c) => c.arg)).toEqual([0, 1]);
    p.call(0).finish();
    await settle();
    expect(got).toEqual(["r0", "r1"]);
    expect(p.calls.map((c) => c.arg)).toEqual([0, 1, 2, 3]);
    p.call(3).finish();
    p.call(2).finish();
    await done;
    expect(got).toEqual(["r0", "r1", "r2", "r3"]);
  });

  it("keeps taking input while a finished result waits for its consumer", async () => {
    const src = chan<number>(4);
    for (let i = 0; i < 4; i++) await src.send(i);
    src.close();
    const out = parallelMap((n: number) => n, { concurrency: 2 })(src);
    await settle();
    // Two results in hand (one offered to the output), two still unread.
    expect(channelState(src).len).toBe(2);
    expect(await collect(out)).toEqual([0, 1, 2, 3]);
  });

  it("the first failure fails the stage at once and cancels the other calls", async () => {
    const p = pool((n: number) => n);
    const out = parallelMap(p.fn, { concurrency: 3 })(range(10));
    const res = collect(out);
    await settle();
    const boom = new Error("call 1 failed");
    p.call(1).fail(boom);
    await expect(res).rejects.toBe(boom);
    expect(p.call(0).ctx.err()).toBeDefined();
    expect(p.call(2).ctx.err()).toBeDefined();
    p.call(0).finish(); // late results are dropped
    await settle();
    expect(channelState(out)).toMatchObject({ closed: true, len: 0 });
  });

  it("a synchronous throw fails it too", async () => {
    await expect(
      collect(
        parallelMap(
          (n: number) => {
            if (n === 2) throw new Error("sync 2");
            return n;
          },
          { concurrency: 2 },
        )(range(5)),
      ),
    ).rejects.toThrow("sync 2");
  });

  it("abort mid-way: rejects with the reason and cancels the calls in flight", async () => {
    const p = pool((n: number) => n);
    const ac = new AbortController();
    const res = collect(parallelMap(p.fn, { concurrency: 2, signal: ac.signal })(range(0, Infinity)));
    await settle();
    ac.abort("stop now");
    await expect(res).rejects.toBe("stop now");
    expect(p.calls.every((c) => c.ctx.err() !== undefined)).toBe(true);
  });

  it("a consumer stopping early stops the pool and its source", async () => {
    const src = range(0, Infinity);
    expect(await collect(take(3)(parallelMap(async (n: number) => n * 2, { concurrency: 4, ordered: true })(src)))).toEqual([0, 2, 4]);
    await settle();
    expect(channelState(src).closed).toBe(true);
  });

  test.prop([fc.array(fc.nat(6), { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), fc.nat(3)])(
    "ordered parallelMap gives what map gives",
    async (delays, concurrency, buffer) => {
      let inFlight = 0;
      let most = 0;
      const f = async (d: number, i = 0): Promise<number> => {
        inFlight++;
        most = Math.max(most, inFlight);
        for (let k = 0; k < d; k++) await Promise.resolve();
        inFlight--;
        return d * 100 + i;
      };
      const expected = await collect(map((d: number) => f(d))(from(delays)));
      most = 0;
      const got = await collect(parallelMap((d: number) => f(d), { concurrency, ordered: true, buffer })(from(delays)));
      expect(got).toEqual(expected);
      expect(most).toBeLessThanOrEqual(concurrency);
    },
  );

  test.prop([fc.array(fc.nat(6), { maxLength: 30 }), fc.integer({ min: 1, max: 6 })])("unordered parallelMap gives the same multiset", async (delays, concurrency) => {
    const got = await collect(
      parallelMap(
        async (d: number) => {
          for (let k = 0; k < d; k++) await Promise.resolve();
          return d;
        },
        { concurrency },
      )(from(delays)),
    );
    expect([...got].sort()).toEqual([...delays].sort());
  });

  it("bad input lists every problem", () => {
    const e = thrown(() => parallelMap("f" as any, { concurrency: 0, ordered: "yes" } as any));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      'parallelMap(f, options): 3 invalid arguments: f must be a function, got "f"; options.concurrency must be a positive integer, got 0; options.ordered must be a boolean, got "yes"',
    );
    const r = thrown(() => parallelMap((n: number) => n, { concurrency: 1.5 }));
    expect(r).toBeInstanceOf(RangeError);
    expect(r.message).toBe("parallelMap(f, options): options.concurrency must be a positive integer, got 1.5");
    expect(thrown(() => parallelMap((n: number) => n, { concurrency: -2 })).message).toContain("got -2");
    expect(thrown(() => (parallelMap as any)((n: number) => n)).message).toBe("parallelMap(f, options): options.concurrency is required");
    expect(thrown(() => parallelMap((n: number) => n, {} as any)).message).toBe("parallelMap(f, options): options.concurrency is required");
  });

  it("many synchronous calls", async () => {
    expect(await collect(parallelMap((n: number) => n + 1, { concurrency: 8 })(range(100)))).toHaveLength(100);
  });

  // Random pools: calls finish in a random order, some synchronously, with a
  // random input buffer, output buffer and consumer pace. Every value comes out
  // exactly once (in input order when ordered), never more than `concurrency`
  // calls are running, and — ordered — never more than `concurrency` values are
  // in hand (started and not yet received).
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
      fc.array(fc.nat(7), { minLength: 0, maxLength: 30 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    ],
    { numRuns: 150 },
  )("property: exactly once, ordered when asked, bounded by concurrency", async (concurrency, ordered, kinds, inBuf, outBuf, picks) => {
    const n = kinds.length;
    const src = chan<number>(inBuf);
    const pending: (() => void)[] = [];
    let running = 0;
    let maxRunning = 0;
    let started = 0;
    let received = 0;
    let maxInHand = 0;
    const f = (x: number): number | Promise<number> => {
      started++;
      maxInHand = Math.max(maxInHand, started - received);
      if (kinds[x]! % 4 === 0) return x * 2; // synchronous
      running++;
      maxRunning = Math.max(maxRunning, running);
      return new Promise<number>((resolve) =>
        pending.push(() => {
          running--;
          resolve(x * 2);
        }),
      );
    };
    const out = parallelMap(f, { concurrency, ordered, buffer: outBuf })(src);
    const got: number[] = [];
    const consumer = (async () => {
      for await (const v of out) {
        received++;
        got.push(v);
        if (kinds[v / 2]! % 3 === 0) await flush();
      }
    })();
    const producer = (async () => {
      for (let i = 0; i < n; i++) await src.send(i);
      src.close();
    })();
    // Finish calls in a random order until everything is through.
    let step = 0;
    while (got.length < n || pending.length > 0) {
      await flush();
      if (pending.length > 0) pending.splice(picks[step++ % picks.length]! % pending.length, 1)[0]!();
    }
    await Promise.all([producer, consumer]);
    const expected = Array.from({ length: n }, (_, i) => i * 2);
    if (ordered) expect(got).toEqual(expected);
    else expect([...got].sort((a, b) => a - b)).toEqual(expected);
    expect(maxRunning).toBeLessThanOrEqual(concurrency);
    // Counted from outside: values in the output buffer, and one handed to the
    // consumer whose loop has not resumed yet, are out of the pool's hands.
    if (ordered) expect(maxInHand).toBeLessThanOrEqual(concurrency + outBuf + 1);
  });
});

