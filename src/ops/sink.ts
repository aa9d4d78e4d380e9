// Terminals: the end of a pipeline. Each reads its input to the end (or until
// it has what it needs), resolves with the result, and rejects with the first
// failure anywhere upstream (exactly once), or with its own signal's reason.
// The TaskEither variants are lazy: nothing is read until the task runs.

import type { either as E, option as O, taskEither as TE } from "fp-ts";
import type { Context } from "../context/types.js";
import { left, right } from "../task/either.js";
import type { OperatorOptions, Source } from "./options.js";
import { read, source } from "./source.js";
import { isThenable, StageRec } from "./stage.js";
import { COMMON, Check, fn } from "./validate.js";

const none: O.Option<never> = { _tag: "None" };
const some = <T>(value: T): O.Option<T> => ({ _tag: "Some", value });

const toEither = <T>(p: () => Promise<T>): TE.TaskEither<unknown, T> => () => p().then((v): E.Either<unknown, T> => right(v), (e: unknown) => left(e));

function checkTerminal(where: string, input: unknown, options: unknown): void {
  new Check(where).arg("input", input, source).options(options, COMMON).done();
}

/** Read `input` to its end, calling `each` (sync) per value. */
function consume<T>(op: string, input: Source<T>, options: OperatorOptions | undefined, each: (v: T) => void): Promise<void> {
  const s = new StageRec(op, options);
  const inp = read(s, input);
  return s.run(async () => {
    for (;;) {
      let r = s.next(inp);
      if (r instanceof Promise) r = await r;
      if (!r.ok) return s.ended(inp);
      each(r.value);
    }
  });
}

/**
 * Read every value into an array. Rejects with the pipeline's failure, if any.
 *
 * @example
 * ```ts
 * const xs = await collect(map((n: number) => n * n)(range(4))); // [0, 1, 4, 9]
 * ```
 */
export function collect<T>(input: Source<T>, options?: OperatorOptions): Promise<T[]> {
  checkTerminal("collect(input, options)", input, options);
  const acc: T[] = [];
  return consume("collect", input, options, (v) => void acc.push(v)).then(() => acc);
}

/**
 * `collect` as a lazy TaskEither: `Right(values)` or `Left(error)`; never rejects.
 *
 * @example
 * ```ts
 * const r = await collectTE(of(1, 2))(); // { _tag: "Right", right: [1, 2] }
 * ```
 */
export function collectTE<T>(input: Source<T>, options?: OperatorOptions): TE.TaskEither<unknown, T[]> {
  checkTerminal("collectTE(input, options)", input, options);
  return toEither(() => collect(input, options));
}

/**
 * Fold the values with `f(acc, value, ctx)` (which may be async) from `init`.
 *
 * @example
 * ```ts
 * const sum = await reduce((a: number, b: number) => a + b, 0)(range(1, 5)); // 10
 * ```
 */
export function reduce<T, R>(f: (acc: R, value: T, ctx: Context) => R | PromiseLike<R>, init: R, options?: OperatorOptions): (input: Source<T>) => Promise<R> {
  new Check("reduce(f, init, options)").arg("f", f, fn).options(options, COMMON).done();
  return (input) => {
    checkTerminal("reduce(f, init, options)(input)", input, undefined);
    const s = new StageRec("reduce", options);
    const inp = read(s, input);
    return s.run(async () => {
      let acc = init;
      for (;;) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) {
          s.ended(inp);
          return acc;
        }
        let next = f(acc, r.value, s.ctx);
        if (isThenable(next)) next = await s.wait(next);
        acc = next;
      }
    });
  };
}

/**
 * `reduce` as a lazy TaskEither.
 *
 * @example
 * ```ts
 * const r = await reduceTE((a: number, b: number) => a + b, 0)(of(1, 2))(); // Right(3)
 * ```
 */
export function reduceTE<T, R>(
  f: (acc: R, value: T, ctx: Context) => R | PromiseLike<R>,
  init: R,
  options?: OperatorOptions,
): (input: Source<T>) => TE.TaskEither<unknown, R> {
  const run = reduce(f, init, options);
  return (input) => {
    checkTerminal("reduceTE(f, init, options)(input)", input, undefined);
    return toEither(() => run(input));
  };
}

/**
 * Call `f(value, ctx)` for each value, one at a time (an async `f` is awaited
 * before the next value is read). Resolves when the input is exhausted.
 *
 * @example
 * ```ts
 * await forEach((line: string) => console.log(line))(from(["a", "b"]));
 * ```
 */
export function forEach<T>(f: (value: T, ctx: Context) => unknown, options?: OperatorOptions): (input: Source<T>) => Promise<void> {
  new Check("forEach(f, options)").arg("f", f, fn).options(options, COMMON).done();
  return (input) => {
    checkTerminal("forEach(f, options)(input)", input, undefined);
    const s = new StageRec("forEach", options);
    const inp = read(s, input);
    return s.run(async () => {
      for (;;) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        // Await only what is awaitable: a sync f keeps the loop draining without a tick per value.
        const done = f(r.value, s.ctx);
        if (isThenable(done)) await s.wait(done);
      }
    });
  };
}

/**
 * `forEach` as a lazy TaskEither.
 *
 * @example
 * ```ts
 * const r = await forEachTE((n: number) => console.log(n))(of(1))(); // Right(undefined)
 * ```
 */
export function forEachTE<T>(f: (value: T, ctx: Context) => unknown, options?: OperatorOptions): (input: Source<T>) => TE.TaskEither<unknown, void> {
  const run = forEach(f, options);
  return (input) => {
    checkTerminal("forEachTE(f, options)(input)", input, undefined);
    return toEither(() => run(input));
  };
}

/**
 * Read and discard every value; resolves with how many there were.
 *
 * @example
 * ```ts
 * const n = await drain(of("a", "b", "c")); // 3
 * ```
 */
export function drain(input: Source<unknown>, options?: OperatorOptions): Promise<number> {
  checkTerminal("drain(input, options)", input, options);
  let n = 0;
  return consume("drain", input, options, () => void n++).then(() => n);
}

/**
 * `drain` as a lazy TaskEither.
 *
 * @example
 * ```ts
 * const r = await drainTE(of(1, 2))(); // Right(2)
 * ```
 */
export function drainTE(input: Source<unknown>, options?: OperatorOptions): TE.TaskEither<unknown, number> {
  checkTerminal("drainTE(input, options)", input, options);
  return toEither(() => drain(input, options));
}

/**
 * The first value as `Some(value)`, or `None` if the input closes empty. It
 * stops reading after one value, so everything upstream stops.
 *
 * @example
 * ```ts
 * const o = await first(filter((n: number) => n > 10)(range(0, Infinity))); // { _tag: "Some", value: 11 }
 * ```
 */
export function first<T>(input: Source<T>, options?: OperatorOptions): Promise<O.Option<T>> {
  checkTerminal("first(input, options)", input, options);
  const s = new StageRec("first", options);
  const inp = read(s, input);
  return s.run(async () => {
    let r = s.next(inp);
    if (r instanceof Promise) r = await r;
    if (!r.ok) {
      s.ended(inp);
      return none;
    }
    return some(r.value);
  });
}
