// merge, zip, concat, race.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { chan, channelState, collect, concat, from, generate, map, merge, of, race, select, take, trySelect, zip, type Context, type RecvChan } from "../../src/index.js";
import { gate, noLeaks, settle, thrown } from "./_util.js";

noLeaks();

/** A source that sends `values` forever-after-parked, recording its context. */
function endless(value: number, ctxs: Context[]): RecvChan<number> {
  return generate<number>(async (send, ctx) => {
    ctxs.push(ctx);
    for (;;) await send(value);
  });
}

describe("merge", () => {
  it("delivers values as they arrive and closes only when every input has", async () => {
    const a = chan<string>();
    const b = chan<string>();
    const c = chan<string>();
    const out = merge(a, b, c);
    const got: string[] = [];
    const done = (async () => {
      for await (const v of out) got.push(v);
    })();
    await a.send("a1");
    await c.send("c1");
    await b.send("b1");
    await a.send("a2");
    a.close();
    b.close();
    await settle();
    expect(channelState(out).closed).toBe(false);
    await c.send("c2");
    c.close();
    await done;
    expect(got).toEqual(["a1", "c1", "b1", "a2", "c2"]);
    for (const ch of [a, b, c]) expect(channelState(ch).receivers).toBe(0);
  });

  it("no inputs: closed at once; options may follow the inputs", async () => {
    expect(await collect(merge())).toEqual([]);
    const out = merge(of(1), of(2), { buffer: 2, name: "m" });
    expect(out.name).toBe("m");
    expect((await collect(out)).sort()).toEqual([1, 2]);
  });

  it("the first failure fails the merge and stops the other inputs", async () => {
    const ctxs: Context[] = [];
    const boom = new Error("one input broke");
    const bad = generate<number>(async (send) => {
      await send(0);
      throw boom;
    });
    await expect(collect(merge(endless(1, ctxs), bad, endless(2, ctxs)))).rejects.toBe(boom);
    await settle();
    expect(ctxs).toHaveLength(2);
    for (const c of ctxs) expect(c.err()).toBeDefined();
  });

  it("reads nothing ahead of its consumer: values wait in the inputs until a receive asks", async () => {
    const a = chan<number>(4);
    const b = chan<number>(4);
    for (const v of [1, 2, 3]) await a.send(v);
    await b.send(10);
    const out = merge(a, b);
    await settle();
    // Nobody receives: nothing was taken from either input.
    expect([channelState(a).len, channelState(b).len]).toEqual([3, 1]);
    expect(channelState(out)).toMatchObject({ len: 0, senders: 0 });
    // Each receive takes one value, round robin over the ready inputs.
    expect(out.tryRecv()).toEqual({ value: 1, ok: true });
    expect(out.tryRecv()).toEqual({ value: 10, ok: true });
    expect(out.tryRecv()).toEqual({ value: 2, ok: true });
    expect([channelState(a).len, channelState(b).len]).toEqual([1, 0]);
    a.close();
    b.close();
    expect(await collect(out)).toEqual([3]);
  });

  it("a parked receiver is served by whichever input delivers first; once it is gone, no input is watched", async () => {
    const a = chan<string>();
    const b = chan<string>();
    const out = merge(a, b);
    const first = out.recv();
    await settle();
    expect([channelState(a).receivers, channelState(b).receivers]).toEqual([1, 1]);
    await b.send("b1");
    expect(await first).toEqual({ value: "b1", ok: true });
    await settle();
    expect([channelState(a).receivers, channelState(b).receivers]).toEqual([0, 0]);
    // A select that goes elsewhere withdraws the watchers too.
    const other = chan<number>(1);
    const sel = select({ m: out, o: other });
    await settle();
    expect([channelState(a).receivers, channelState(b).receivers]).toEqual([1, 1]);
    await other.send(7);
    expect(await sel).toEqual({ case: "o", value: 7, ok: true });
    expect([channelState(a).receivers, channelState(b).receivers]).toEqual([0, 0]);
    // An unbuffered send now waits for a receive on the merge, as it would on a plain channel.
    const s = a.send("a1");
    await settle();
    expect(channelState(a).senders).toBe(1);
    expect(await select({ m: out, o: other })).toEqual({ case: "m", value: "a1", ok: true });
    await s;
    a.close();
    b.close();
    expect(await out.recv()).toEqual({ value: undefined, ok: false });
  });

  it("a value on its way to a watcher that was withdrawn meanwhile still reaches the next receiver, and no watcher is left behind", async () => {
    const a = chan<number>(1);
    const other = chan<number>(1);
    const out = merge(a);
    const s1 = select({ m: out, o: other }); // parks: the merge watches a
    expect(a.trySend(1)).toBe(true); // committed to the watcher; its callback runs a microtask later
    expect(other.trySend(2)).toBe(true); // the select takes `o` and withdraws from the merge
    const r2 = out.recv(); // parks again before the value has arrived: a second watcher on a
    expect(await s1).toEqual({ case: "o", value: 2, ok: true });
    expect(await r2).toEqual({ value: 1, ok: true });
    expect(channelState(a)).toMatchObject({ len: 0, receivers: 0 });
    a.close();
    expect(await out.recv()).toEqual({ value: undefined, ok: false });
  });

  it("select sees a merge as ready exactly when one of its inputs is, and as closed once all are drained", () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const out = merge(a, b);
    expect(trySelect({ m: out })).toBeUndefined();
    expect(b.trySend(5)).toBe(true);
    expect(trySelect({ m: out })).toEqual({ case: "m", value: 5, ok: true });
    a.close();
    expect(trySelect({ m: out })).toBeUndefined();
    b.close();
    expect(trySelect({ m: out })).toEqual({ case: "m", value: undefined, ok: false });
    expect(channelState(out).closed).toBe(true);
  });

  // Receives of every kind against producers of random pace on buffered and
  // unbuffered inputs: selects that sometimes go elsewhere (withdrawing the
  // merge's watchers, sometimes with a value already on its way to them),
  // polls, plain receives. Every value comes out exactly once, in its input's
  // order, and nothing is left parked (noLeaks).
  test.prop(
    [
      fc.array(fc.record({ cap: fc.nat(2), n: fc.nat(6), pace: fc.array(fc.nat(3), { minLength: 6, maxLength: 6 }) }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.nat(5), { minLength: 40, maxLength: 40 }),
      fc.nat(2),
    ],
    { numRuns: 120 },
  )("property: any mix of receives gets every value once, per-input order kept", async (inputs, moves, buffer) => {
    const chans = inputs.map((x) => chan<[number, number]>(x.cap));
    const producers = inputs.map(async (x, i) => {
      for (let j = 0; j < x.n; j++) {
        for (let k = 0; k < x.pace[j]!; k++) await Promise.resolve();
        await chans[i]!.send([i, j]);
      }
      chans[i]!.close();
    });
    const out = merge(...chans, { buffer });
    const other = chan<string>(1);
    const got: [number, number][] = [];
    let step = 0;
    for (;;) {
      const move = moves[step++ % moves.length]!;
      let r: { ok: boolean; value?: [number, number] | undefined } | undefined;
      if (move === 0) r = out.tryRecv();
      else if (move === 1) {
        // A select that the other channel may win.
        if (step % 3 === 0) other.trySend("x");
        const s = await select({ m: out, o: other });
        r = s.case === "m" ? s : undefined;
      } else if (move === 2) {
        // Park, then let the other case win after a few turns.
        const s = select({ m: out, o: other });
        for (let k = 0; k < (step % 4); k++) await Promise.resolve();
        other.trySend("y");
        const w = await s;
        r = w.case === "m" ? w : undefined;
      } else r = await out.recv();
      other.tryRecv(); // empty it for the next select
      if (r === undefined) {
        await Promise.resolve();
        continue;
      }
      if (!r.ok) break;
      got.push(r.value!);
    }
    await Promise.all(producers);
    expect(got).toHaveLength(inputs.reduce((a, x) => a + x.n, 0));
    for (let i = 0; i < inputs.length; i++) {
      expect(got.filter(([k]) => k === i).map(([, j]) => j)).toEqual(Array.from({ length: inputs[i]!.n }, (_, j) => j));
    }
    for (const c of chans) expect(channelState(c)).toMatchObject({ senders: 0, receivers: 0 });
  });

  test.prop([fc.array(fc.array(fc.tuple(fc.integer(), fc.nat(4)), { maxLength: 8 }), { maxLength: 5 }), fc.nat(3)])(
    "delivers the multiset union, each input's order kept",
    async (inputs, buffer) => {
      const tagged = inputs.map((xs, i) => xs.map(([v, delay], j) => ({ i, j, v, delay })));
      const sources = tagged.map((xs) =>
        map(async (x: (typeof xs)[number]) => {
          for (let k = 0; k < x.delay; k++) await Promise.resolve();
          return x;
        })(from(xs)),
      );
      const out = await collect(merge(...sources, { buffer }));
      expect(out).toHaveLength(tagged.flat().length);
      for (let i = 0; i < tagged.length; i++) {
        expect(out.filter((x) => x.i === i).map((x) => x.j)).toEqual(tagged[i]!.map((x) => x.j));
      }
    },
  );
});

describe("zip", () => {
  it("tuples in order, closing with the shortest input and stopping the rest", async () => {
    const ctxs: Context[] = [];
    const out = zip(of(1, 2, 3), endless(0, ctxs), of("a", "b"));
    expect(await collect(out)).toEqual([
      [1, 0, "a"],
      [2, 0, "b"],
    ]);
    await settle();
    expect(ctxs[0]!.err()).toBeDefined();
  });

  it("waits for every input, whichever delivers first", async () => {
    const a = chan<number>();
    const b = chan<string>();
    const res = collect(zip(a, b));
    await b.send("x");
    await a.send(1);
    await a.send(2);
    await b.send("y");
    a.close();
    expect(await res).toEqual([
      [1, "x"],
      [2, "y"],
    ]);
    expect(channelState(b)).toMatchObject({ closed: false, receivers: 0 });
  });

  it("no inputs: closed at once; a failure fails it", async () => {
    expect(await collect(zip())).toEqual([]);
    const boom = new Error("z");
    await expect(collect(zip(of(1, 2), generate<number>(() => Promise.reject(boom))))).rejects.toBe(boom);
  });
});

describe("concat", () => {
  it("one input after another; a later one is not read before the earlier ones close", async () => {
    const a = chan<number>();
    const b = chan<number>(3);
    await b.send(10);
    await b.send(11);
    b.close();
    const res = collect(concat(a, b, of(20)));
    await a.send(1);
    await settle();
    expect(channelState(b).len).toBe(2);
    await a.send(2);
    a.close();
    expect(await res).toEqual([1, 2, 10, 11, 20]);
  });

  it("a failure stops the inputs after it", async () => {
    const ctxs: Context[] = [];
    const boom = new Error("c");
    const bad = generate<number>(async (send) => {
      await send(1);
      throw boom;
    });
    const later = endless(2, ctxs);
    await expect(collect(concat(bad, later))).rejects.toBe(boom);
    await settle();
    expect(ctxs[0]!.err()).toBeDefined();
  });
});

describe("race", () => {
  it("follows the first input to deliver and stops the others at once", async () => {
    const slow = chan<string>();
    const loserCtxs: Context[] = [];
    const loser = generate<string>(async (send, ctx) => {
      loserCtxs.push(ctx);
      await new Promise(() => {}); // never sends
      await send("never");
    });
    const fast = chan<string>();
    const out = race(slow, loser, fast);
    const res = collect(out);
    await fast.send("f1");
    await settle();
    expect(loserCtxs[0]!.err()).toBeDefined();
    expect(channelState(slow).receivers).toBe(0); // the slow user channel is no longer read
    await fast.send("f2");
    fast.close();
    expect(await res).toEqual(["f1", "f2"]);
    expect(channelState(slow).closed).toBe(false);
  });

  it("an input that closes empty drops out; all empty closes the race", async () => {
    const a = chan<number>();
    const res = collect(race(of<number>(), a));
    await a.send(5);
    a.close();
    expect(await res).toEqual([5]);
    expect(await collect(race(of(), of()))).toEqual([]);
    expect(await collect(race())).toEqual([]);
  });

  it("a failure before any value fails the race", async () => {
    const boom = new Error("r");
    const never = gate<void>();
    const quiet = generate<number>(() => never.promise);
    await expect(collect(race(quiet, generate<number>(() => Promise.reject(boom))))).rejects.toBe(boom);
    never.open();
  });

  it("the winner's values all come through", async () => {
    expect(await collect(take(3)(race(from([1, 2, 3, 4]))))).toEqual([1, 2, 3]);
  });
});

describe("abort mid-way", () => {
  it("merge, zip, concat and race stop at once, leaving every user channel open and unread", async () => {
    for (const make of [
      (a: RecvChan<number>, b: RecvChan<number>, signal: AbortSignal) => merge(a, b, { signal }),
      (a: RecvChan<number>, b: RecvChan<number>, signal: AbortSignal) => zip(a, b, { signal }),
      (a: RecvChan<number>, b: RecvChan<number>, signal: AbortSignal) => concat(a, b, { signal }),
      (a: RecvChan<number>, b: RecvChan<number>, signal: AbortSignal) => race(a, b, { signal }),
    ]) {
      const a = chan<number>();
      const b = chan<number>();
      const ac = new AbortController();
      const res = collect<unknown>(make(a, b, ac.signal));
      await settle();
      ac.abort("halt");
      await expect(res).rejects.toBe("halt");
      for (const ch of [a, b]) expect(channelState(ch)).toMatchObject({ closed: false, receivers: 0 });
    }
  });
});

describe("bad input", () => {
  it("every bad input is listed, by position", () => {
    // (Arrays, not live sources: a source made for a call that throws would be left parked.)
    const e = thrown(() => merge([1], 5 as any, null as any));
    expect(e.message).toBe(
      "merge(...inputs, options): 2 invalid arguments: inputs[1] must be a channel, an iterable or an async iterable, got 5; inputs[2] must be a channel, an iterable or an async iterable, got null",
    );
    expect(thrown(() => race([1], { ordered: true } as any)).message).toBe(
      "race(...inputs, options): options.ordered is not an option (known options: signal, ctx, name, buffer, overflow)",
    );
    expect(thrown(() => zip([1], { buffer: -2 } as any)).message).toBe(
      "zip(...inputs, options): options.buffer must be a non-negative integer (the output's capacity), got -2",
    );
    expect(thrown(() => concat("ab" as any)).message).toBe('concat(...inputs, options): inputs[0] must be a channel, an iterable or an async iterable, got "ab"');
  });
});
