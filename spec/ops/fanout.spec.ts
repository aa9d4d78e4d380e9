// distribute and partition.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { chan, channelState, collect, distribute, first, from, generate, merge, of, partition, range, type Context } from "../../src/index.js";
import { noLeaks, settle, thrown } from "./_util.js";

noLeaks();

describe("distribute", () => {
  it("each value to exactly one output, whichever is ready", async () => {
    const [a, b] = distribute(2)(range(6));
    const got = await Promise.all([collect(a), collect(b)]);
    expect([...got[0], ...got[1]].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("a busy reader is skipped: the ready one gets the value", async () => {
    const src = chan<number>();
    const [a, b] = distribute(2)(src);
    const ra = a.recv();
    await src.send(1);
    expect(await ra).toEqual({ value: 1, ok: true });
    const rb = b.recv();
    await src.send(2);
    expect(await rb).toEqual({ value: 2, ok: true });
    src.close();
    expect(await a.recv()).toEqual({ value: undefined, ok: false });
    expect(await b.recv()).toEqual({ value: undefined, ok: false });
  });

  it("an output whose consumer left gets nothing more; the last one leaving stops the source", async () => {
    let ctx: Context | undefined;
    const src = generate<number>(async (send, c) => {
      ctx = c;
      for (let i = 0; ; i++) await send(i);
    });
    const [a, b, c] = distribute(3)(src);
    expect((await first(a))._tag).toBe("Some");
    expect(channelState(a).closed).toBe(true);
    const fromB = await b.recv();
    expect(fromB.ok).toBe(true);
    expect(ctx!.err()).toBeUndefined();
    expect((await first(b))._tag).toBe("Some");
    expect((await first(c))._tag).toBe("Some");
    await settle();
    expect(ctx!.err()).toBeDefined();
  });

  it("a failure upstream reaches every output's reader", async () => {
    const boom = new Error("d");
    const [a, b] = distribute(2)(
      generate<number>(async (send) => {
        await send(1);
        throw boom;
      }),
    );
    const results = await Promise.allSettled([collect(a), collect(b)]);
    expect(results.map((r) => (r.status === "rejected" ? r.reason : "ok"))).toEqual([boom, boom]);
  });

  test.prop([fc.array(fc.integer(), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), fc.nat(2)])(
    "partitions the input exactly: every value once, in order within each output",
    async (xs, n, buffer) => {
      const outs = distribute(n, { buffer })(from(xs.map((v, i) => ({ i, v }))));
      const got = await Promise.all(outs.map((o) => collect(o)));
      const all = got.flat().sort((p, q) => p.i - q.i);
      expect(all.map((x) => x.v)).toEqual(xs);
      for (const g of got) expect(g.map((x) => x.i)).toEqual([...g.map((x) => x.i)].sort((p, q) => p - q));
    },
  );

  it("n must be a positive integer", () => {
    const e = thrown(() => distribute(0, { buffer: "x" } as any));
    expect(e.message).toBe(
      'distribute(n, options): 2 invalid arguments: n must be a positive integer (the number of outputs), got 0; options.buffer must be a non-negative integer (the output\'s capacity), got "x"',
    );
  });
});

describe("abort mid-way", () => {
  it("distribute and partition close every output with the reason and leave the user's channel alone", async () => {
    const src = chan<number>();
    const ac = new AbortController();
    const outs = [...distribute(2, { signal: ac.signal })(src), ...partition((n: number) => n > 0, { signal: ac.signal })(src)];
    const res = Promise.allSettled(outs.map((o) => collect(o)));
    await settle();
    ac.abort("halt");
    expect((await res).map((r) => (r.status === "rejected" ? r.reason : "ok"))).toEqual(["halt", "halt", "halt", "halt"]);
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0 });
  });
});

describe("partition", () => {
  it("splits by the predicate, both outputs in order", async () => {
    const [even, odd] = partition((n: number) => n % 2 === 0, { buffer: 10 })(range(7));
    expect(await collect(even)).toEqual([0, 2, 4, 6]);
    expect(await collect(odd)).toEqual([1, 3, 5]);
  });

  it("a type guard narrows both sides", async () => {
    const isStr = (v: string | number): v is string => typeof v === "string";
    const [s, n] = partition(isStr)(of<string | number>("a", 1, "b", 2));
    const [ss, ns] = await Promise.all([collect(s), collect(n)]);
    const strings: string[] = ss;
    const numbers: number[] = ns;
    expect(strings).toEqual(["a", "b"]);
    expect(numbers).toEqual([1, 2]);
  });

  it("values for an output whose consumer left are dropped", async () => {
    const [yes, no] = partition((n: number) => n < 3)(range(6));
    expect(await first(yes)).toEqual({ _tag: "Some", value: 0 });
    expect(await collect(no)).toEqual([3, 4, 5]);
  });

  it("an async predicate, and a throwing one", async () => {
    const [y, n] = partition(async (s: string) => s.startsWith("a"))(of("ab", "b", "ac"));
    expect(await collect(merge(y, n))).toHaveLength(3);
    const boom = new Error("p");
    const [y2, n2] = partition(() => {
      throw boom;
    })(of(1));
    const r = await Promise.allSettled([collect(y2), collect(n2)]);
    expect(r.map((x) => x.status)).toEqual(["rejected", "rejected"]);
  });

  test.prop([fc.array(fc.integer(), { maxLength: 40 })])("yes ++ no is a split of the input by the predicate", async (xs) => {
    const p = (n: number) => n % 3 === 0;
    const [yes, no] = partition(p, { buffer: 40 })(from(xs));
    const [ys, ns] = await Promise.all([collect(yes), collect(no)]);
    expect(ys).toEqual(xs.filter(p));
    expect(ns).toEqual(xs.filter((x) => !p(x)));
  });
});
