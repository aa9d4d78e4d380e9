// Sources: from, of, range, generate.

import { describe, expect, it } from "vitest";
import { chan, channelState, collect, first, from, generate, map, of, range, take, type Context } from "../../src/index.js";
import { gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

describe("from", () => {
  it("arrays, iterables, async iterables and channels, in order", async () => {
    expect(await collect(from([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(await collect(from(new Set(["a", "b"])))).toEqual(["a", "b"]);
    async function* agen() {
      yield 1;
      await Promise.resolve();
      yield 2;
    }
    expect(await collect(from(agen()))).toEqual([1, 2]);
    const ch = chan<number>(2);
    await ch.send(5);
    await ch.send(6);
    ch.close();
    expect(await collect(from(ch))).toEqual([5, 6]);
  });

  it("undefined and null are ordinary values", async () => {
    expect(await collect(from([undefined, null, 0]))).toEqual([undefined, null, 0]);
  });

  it("a throwing iterator fails the source, and its return() is not called", async () => {
    let returned = false;
    const it: Iterable<number> = {
      [Symbol.iterator]() {
        let i = 0;
        return {
          next() {
            if (i === 2) throw new Error("iterator broke");
            return { value: i++, done: false };
          },
          return() {
            returned = true;
            return { value: undefined, done: true };
          },
        };
      },
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of from(it)) got.push(v);
      })(),
    ).rejects.toThrow("iterator broke");
    expect(got).toEqual([0, 1]);
    expect(returned).toBe(false);
  });

  it("an async generator stopped early runs its finally block", async () => {
    const cleaned = gate();
    async function* forever() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleaned.open();
      }
    }
    expect(await collect(take(3)(from(forever())))).toEqual([0, 1, 2]);
    await cleaned.promise;
  });

  it("an async iterator stuck in next() is abandoned when the consumer leaves", async () => {
    const hang = gate<IteratorResult<number>>();
    let returned = false;
    const stuck: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => hang.promise,
        return: async () => {
          returned = true;
          return { value: undefined, done: true };
        },
      }),
    };
    const src = from(stuck);
    const ac = new AbortController();
    const res = collect(src, { signal: ac.signal });
    await settle();
    ac.abort("leave");
    await expect(res).rejects.toBe("leave");
    await settle();
    expect(returned).toBe(true);
    expect(channelState(src).closed).toBe(true);
    hang.open({ value: 1, done: false }); // late: ignored
  });

  it("buffers up to options.buffer ahead of its consumer", async () => {
    const src = from([1, 2, 3, 4, 5], { buffer: 3, name: "src" });
    await settle();
    expect(channelState(src)).toMatchObject({ len: 3, closed: false });
    expect(src.name).toBe("src");
    expect(await collect(src)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("of", () => {
  it("the arguments, then closed", async () => {
    expect(await collect(of("x", "y"))).toEqual(["x", "y"]);
    expect(await collect(of())).toEqual([]);
  });
});

describe("range", () => {
  it("Python's three forms", async () => {
    expect(await collect(range(4))).toEqual([0, 1, 2, 3]);
    expect(await collect(range(2, 5))).toEqual([2, 3, 4]);
    expect(await collect(range(0, 10, 3))).toEqual([0, 3, 6, 9]);
    expect(await collect(range(3, 0, -1))).toEqual([3, 2, 1]);
    expect(await collect(range(5, 2))).toEqual([]);
    expect(await collect(range(0))).toEqual([]);
  });

  it("start + i * step, with no drift", async () => {
    const xs = await collect(range(0, 1, 0.1));
    expect(xs).toHaveLength(10);
    expect(xs[9]).toBe(9 * 0.1);
  });

  it("an endless range stops with its consumer; options go last", async () => {
    const src = range(10, Infinity, 5, { buffer: 2 });
    expect(await collect(take(3)(src))).toEqual([10, 15, 20]);
    await settle();
    expect(channelState(src).closed).toBe(true);
    expect(await collect(range(0, 3, { name: "r" }))).toEqual([0, 1, 2]);
  });

  it("bad numbers are named", () => {
    expect(thrown(() => range(0, 5, 0)).message).toBe("range(start, end, step, options): step must be a finite non-zero number, got 0");
    expect(thrown(() => range(NaN)).message).toBe("range(start, end, step, options): end must be a number, got NaN");
    const e = thrown(() => range(Infinity, "x" as any, 1));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      'range(start, end, step, options): 2 invalid arguments: start must be a finite number, got Infinity; end must be a number (or ±Infinity for no end), got "x"',
    );
    expect(thrown(() => (range as any)()).message).toBe("range(start, end, step, options): takes 1 to 3 numbers, then options; got 0 numbers");
    expect(thrown(() => range(1, 2, 3, { bufer: 1 } as any)).message).toBe("range(start, end, step, options): options.bufer is not an option (did you mean buffer?)");
  });
});

describe("generate", () => {
  it("sends with back-pressure and closes when fn returns", async () => {
    const log: string[] = [];
    const src = generate<number>(async (send) => {
      for (let i = 0; i < 3; i++) {
        log.push(`send ${i}`);
        await send(i);
      }
      log.push("done");
    });
    await settle();
    expect(log).toEqual(["send 0"]); // unbuffered: waits for a reader
    expect(await collect(map((n: number) => n * 2)(src))).toEqual([0, 2, 4]);
    expect(log).toEqual(["send 0", "send 1", "send 2", "done"]);
  });

  it("a synchronous fn that sends nothing closes at once", async () => {
    expect(await collect(generate<number>(() => {}))).toEqual([]);
  });

  it("a synchronous throw fails the source", async () => {
    await expect(
      collect(
        generate<number>(() => {
          throw new Error("at once");
        }),
      ),
    ).rejects.toThrow("at once");
  });

  it("fn's ctx is cancelled when the consumer leaves, and is live before", async () => {
    const seen = gate<Context>();
    const src = generate<number>(async (send, ctx) => {
      seen.open(ctx);
      for (;;) await send(1);
    });
    const ctx = await seen.promise;
    expect(ctx.err()).toBeUndefined();
    expect(await first(src)).toEqual({ _tag: "Some", value: 1 });
    expect(ctx.err()).toBeDefined();
  });

  it("fn must be a function", () => {
    expect(thrown(() => generate(42 as any)).message).toBe("generate(fn, options): fn must be a function, got 42");
  });
});
