// The operators' types: what pipe infers through each stage, and the shapes of
// the fan-out results, gather's results and the terminals.

import { function as F, type either as E, type option as O, type taskEither as TE } from "fp-ts";
import { describe, expectTypeOf, it } from "vitest";
import {
  batch,
  broadcast,
  chan,
  collect,
  collectTE,
  distinct,
  distribute,
  filter,
  first,
  flatMap,
  from,
  gather,
  map,
  merge,
  of,
  parallelMap,
  partition,
  range,
  rateLimit,
  reduce,
  scan,
  take,
  timeout,
  window,
  zip,
  type Context,
  type GatherFailure,
  type RecvChan,
  type Stage,
  type Subscription,
} from "../../src/index.js";

describe("operator types", () => {
  it("pipe infers every stage's value type, untyped lambdas included", () => {
    const out = F.pipe(
      range(10),
      map((n) => `${n}`),
      filter((s) => s.length > 0),
      take(3),
      batch(2),
      timeout(100),
    );
    expectTypeOf(out).toEqualTypeOf<RecvChan<string[]>>();
    expectTypeOf(F.pipe(of(1, 2), map(async (n) => n > 1), collect)).toEqualTypeOf<Promise<boolean[]>>();
    expectTypeOf(F.pipe(of("a"), flatMap((s) => [s.length]), scan((acc: number, n) => acc + n, 0))).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(F.pipe(of(1), window(2), distinct())).toEqualTypeOf<RecvChan<number[]>>();
    expectTypeOf(F.pipe(of(1), parallelMap(async (n, ctx) => (ctx.err() ? n : `${n}`), { concurrency: 2 }))).toEqualTypeOf<RecvChan<string | number>>();
  });

  it("user functions get the stage's Context", () => {
    map((n: number, ctx) => expectTypeOf(ctx).toEqualTypeOf<Context>());
  });

  it("a stage accepts any channel of a subtype, and iterables", () => {
    const s: Stage<number, string> = map((n: number) => `${n}`);
    expectTypeOf(s(chan<1 | 2>())).toEqualTypeOf<RecvChan<string>>();
    expectTypeOf(s([1, 2])).toEqualTypeOf<RecvChan<string>>();
    // @ts-expect-error strings are not numbers
    s(["x"]);
  });

  it("type guards narrow filter and partition", () => {
    const isStr = (v: string | number): v is string => typeof v === "string";
    expectTypeOf(filter(isStr)(of<string | number>())).toEqualTypeOf<RecvChan<string>>();
    expectTypeOf(partition(isStr)(of<string | number>())).toEqualTypeOf<[yes: RecvChan<string>, no: RecvChan<number>]>();
  });

  it("fan-out and fan-in shapes", () => {
    expectTypeOf(distribute(3)(of(1))).toEqualTypeOf<[RecvChan<number>, RecvChan<number>, RecvChan<number>]>();
    const n: number = 4;
    expectTypeOf(distribute(n)(of(1))).toEqualTypeOf<RecvChan<number>[]>();
    expectTypeOf(zip(of(1), of("a"), [true])).toEqualTypeOf<RecvChan<[number, string, boolean]>>();
    expectTypeOf(merge(of(1), of(2), { buffer: 4 })).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(broadcast(of(1)).subscribe()).toEqualTypeOf<Subscription<number>>();
    expectTypeOf(rateLimit({ limit: 1, interval: 1 })(of("x"))).toEqualTypeOf<RecvChan<string>>();
  });

  it("terminals", () => {
    expectTypeOf(first(of(1))).toEqualTypeOf<Promise<O.Option<number>>>();
    expectTypeOf(reduce((a: string, n: number) => a + n, "")(of(1))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(collectTE(of(1))).toEqualTypeOf<TE.TaskEither<unknown, number[]>>();
    expectTypeOf(from([1])).toEqualTypeOf<RecvChan<number>>();
  });

  it("gather keeps the shape of its tasks", () => {
    expectTypeOf(gather([() => 1, async () => "s"])).toEqualTypeOf<Promise<[number, string]>>();
    expectTypeOf(gather({ a: () => 1, b: async () => true })).toEqualTypeOf<Promise<{ a: number; b: boolean }>>();
    expectTypeOf(gather([() => 1], { settle: true })).toEqualTypeOf<Promise<E.Either<GatherFailure<number>[], [number]>>>();
    expectTypeOf(gather({ a: () => 1 }, { settle: true })).toEqualTypeOf<Promise<E.Either<GatherFailure<"a">[], { a: number }>>>();
    const fns: (() => number)[] = [];
    expectTypeOf(gather(fns)).toEqualTypeOf<Promise<number[]>>();
  });
});
