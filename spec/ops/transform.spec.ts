// map, filter, flatMap, scan, distinct, take, takeWhile, skip: values, order
// and each one's own close and error behaviour (the shared rules are in
// conformance.spec.ts).

import { describe, expect, it } from "vitest";
import {
  chan,
  channelState,
  collect,
  distinct,
  filter,
  first,
  flatMap,
  from,
  generate,
  map,
  of,
  range,
  scan,
  skip,
  stageError,
  take,
  takeWhile,
  type Context,
} from "../../src/index.js";
import { gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

/** Resolve after `n` macrotask turns (a slow call without real time). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe("map", () => {
  it("async calls run one at a time and keep order", async () => {
    let running = 0;
    let most = 0;
    const out = map(async (n: number) => {
      running++;
      most = Math.max(most, running);
      await turns(5 - n);
      running--;
      return n * 10;
    })(range(5));
    expect(await collect(out)).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(1);
  });

  it("f gets the stage's context", async () => {
    const ctxs: Context[] = [];
    await collect(map((n: number, ctx: Context) => (ctxs.push(ctx), n))(of(1, 2)));
    expect(ctxs).toHaveLength(2);
    expect(ctxs[0]).toBe(ctxs[1]);
    expect(ctxs[0]!.err()).toBeDefined(); // cancelled once the stage finished
  });
});

describe("filter", () => {
  it("sync, async and type-guard predicates", async () => {
    expect(await collect(filter((n: number) => n % 2 === 1)(range(6)))).toEqual([1, 3, 5]);
    expect(await collect(filter(async (s: string) => s.length > 1)(of("a", "bb", "ccc")))).toEqual(["bb", "ccc"]);
    const isString = (v: string | number): v is string => typeof v === "string";
    const strs: string[] = await collect(filter(isString)(of<string | number>(1, "x", 2, "y")));
    expect(strs).toEqual(["x", "y"]);
  });

  it("truthiness decides, as for Array.prototype.filter", async () => {
    expect(await collect(filter((n: number) => n % 2 as unknown as boolean)(of(0, 1, 2, 3)))).toEqual([1, 3]);
  });

  it("a throwing predicate fails the stage", async () => {
    const boom = new Error("p");
    const out = filter((n: number) => {
      if (n === 2) throw boom;
      return true;
    })(range(5));
    await expect(collect(out)).rejects.toBe(boom);
    expect(stageError(out)).toEqual({ _tag: "Some", value: boom });
  });
});

describe("flatMap", () => {
  it("arrays, async iterables and channels, each emptied before the next input value", async () => {
    const out = flatMap((n: number) => {
      if (n === 0) return [0, 0];
      if (n === 1)
        return (async function* () {
          yield 1;
          yield 11;
        })();
      return from([2, 22, 222]);
    })(range(3));
    expect(await collect(out)).toEqual([0, 0, 1, 11, 2, 22, 222]);
  });

  it("a channel returned by f is read but never closed", async () => {
    const inner = chan<number>(2);
    await inner.send(5);
    const res = collect(flatMap(() => inner)(of(1)));
    await settle();
    await inner.send(6);
    inner.close();
    expect(await res).toEqual([5, 6]);
  });

  it("an async f may return a promise of a source", async () => {
    expect(await collect(flatMap(async (n: number) => [n, -n])(of(1, 2)))).toEqual([1, -1, 2, -2]);
  });

  it("an inner failure fails the stage", async () => {
    const boom = new Error("inner");
    const out = flatMap(() =>
      generate<number>(async (send) => {
        await send(1);
        throw boom;
      }),
    )(of(1, 2));
    await expect(collect(out)).rejects.toBe(boom);
  });

  it("stopping mid-inner stops the inner source too", async () => {
    let innerCtx: Context | undefined;
    const out = flatMap(() =>
      generate<number>(async (send, ctx) => {
        innerCtx = ctx;
        for (;;) await send(7);
      }),
    )(of(1));
    expect(await first(out)).toEqual({ _tag: "Some", value: 7 });
    await settle();
    expect(innerCtx!.err()).toBeDefined();
  });

  it("f returning something that is not a source fails the stage with a TypeError", async () => {
    await expect(collect(flatMap(() => 42 as any)(of(1)))).rejects.toThrow(
      "flatMap(f): f must return an array, an iterable, an async iterable or a channel, got 42",
    );
  });
});

describe("scan", () => {
  it("emits each running value, not init", async () => {
    expect(await collect(scan((a: number, n: number) => a + n, 0)(of(1, 2, 3)))).toEqual([1, 3, 6]);
    expect(await collect(scan(async (a: string[], n: string) => [...a, n], [] as string[])(of("x", "y")))).toEqual([["x"], ["x", "y"]]);
    expect(await collect(scan((a: number, n: number) => a + n, 5)(of<number>()))).toEqual([]);
  });
});

describe("distinct", () => {
  it("first occurrence of each value or key, in order", async () => {
    expect(await collect(distinct()(of(1, 2, 1, 3, 2, NaN, NaN)))).toEqual([1, 2, 3, NaN]);
    const users = [
      { id: 1, v: "a" },
      { id: 2, v: "b" },
      { id: 1, v: "c" },
    ];
    expect(await collect(distinct({ key: (u: { id: number; v: string }) => u.id })(users))).toEqual([users[0], users[1]]);
  });

  it("key must be a function", () => {
    expect(thrown(() => distinct({ key: "id" as any })).message).toBe('distinct(options): options.key must be a function, got "id"');
  });
});

describe("take", () => {
  it("n values, then closed", async () => {
    expect(await collect(take(2)(range(10)))).toEqual([0, 1]);
    expect(await collect(take(5)(of(1, 2)))).toEqual([1, 2]);
    expect(await collect(take(Infinity)(of(1, 2)))).toEqual([1, 2]);
  });

  it("take(0) reads nothing from a user channel", async () => {
    const ch = chan<number>(1);
    await ch.send(1);
    expect(await collect(take(0)(ch))).toEqual([]);
    expect(channelState(ch)).toMatchObject({ len: 1, receivers: 0, closed: false });
  });

  it("reads exactly n values from a user channel", async () => {
    const ch = chan<number>(5);
    for (let i = 0; i < 5; i++) await ch.send(i);
    expect(await collect(take(3)(ch))).toEqual([0, 1, 2]);
    expect(channelState(ch).len).toBe(2);
  });
});

describe("takeWhile", () => {
  it("stops at the first value that fails, dropping it", async () => {
    const ch = chan<number>(5);
    for (const v of [1, 2, 9, 3]) await ch.send(v);
    expect(await collect(takeWhile((n: number) => n < 5)(ch))).toEqual([1, 2]);
    expect(channelState(ch).len).toBe(1); // 3 was never read
    expect(await collect(takeWhile(async (n: number) => n < 2)(range(0, Infinity)))).toEqual([0, 1]);
  });

  it("a throwing predicate fails the stage", async () => {
    await expect(
      collect(
        takeWhile(() => {
          throw new Error("tw");
        })(of(1)),
      ),
    ).rejects.toThrow("tw");
  });
});

describe("skip", () => {
  it("drops the first n", async () => {
    expect(await collect(skip(2)(of(1, 2, 3, 4)))).toEqual([3, 4]);
    expect(await collect(skip(10)(of(1, 2)))).toEqual([]);
    expect(await collect(skip(0)(of(1)))).toEqual([1]);
  });
});

describe("a value in flight when the consumer leaves", () => {
  it("is dropped, not delivered later: the stage's output is closed", async () => {
    const g = gate<number>();
    const out = map(() => g.promise)(of(1));
    await settle();
    const res = first(out, { signal: AbortSignal.abort("gone") });
    await expect(res).rejects.toBe("gone");
    g.open(1);
    await settle();
    expect(channelState(out)).toMatchObject({ closed: true, len: 0 });
  });
});
