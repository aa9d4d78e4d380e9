// One value in, zero or more values out: map, filter, flatMap, scan, distinct.
// User functions may be async (awaited before the next value is read) and get
// the operator's context last, cancelled when the operator stops.

import { Channel } from "../chan/chan.js";
import type { Context } from "../context/types.js";
import type { Passthrough, Source, Stage, StageOptions } from "./options.js";
import { read } from "./source.js";
import { isSource, isThenable, StageChan, type StageRec } from "./stage.js";
import { unary } from "./unary.js";
import { BUFFERED, Check, fn, show } from "./validate.js";

/**
 * Apply `f(value, ctx)` to each value, one at a time, in order. An async `f` is
 * awaited (use `parallelMap` to run several at once). A throw or rejection
 * fails the stage: the error reaches the end of the pipeline, once.
 *
 * ```text
 * in:   1 - 2 - 3 - |
 * map(x => x * 10)
 * out:  10 - 20 - 30 - |      (f throws at 2:  10 - X)
 * ```
 *
 * @example
 * ```ts
 * const out = map((n: number) => n * 10)(of(1, 2, 3)); // 10, 20, 30
 * ```
 */
export function map<A, B>(f: (value: A, ctx: Context) => B | PromiseLike<B>, options?: StageOptions): Stage<A, B> {
  new Check("map(f, options)").arg("f", f, fn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, B>("map", "map(f, options)", options, input, async (s, inp, out) => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let v = f(r.value, s.ctx);
        if (isThenable(v)) v = await s.wait(v);
        const p = s.put(out, v);
        if (p !== undefined) await p;
      }
    });
}

/**
 * Keep the values for which `p(value, ctx)` is true (it may be async). A type
 * guard narrows the output type.
 *
 * ```text
 * in:   1 - 2 - 3 - 4 - |
 * filter(even)
 * out:      2   -   4 - |
 * ```
 *
 * @example
 * ```ts
 * const evens = filter((n: number) => n % 2 === 0)(range(10)); // 0, 2, 4, 6, 8
 * ```
 */
export function filter<A, B extends A>(p: (value: A, ctx: Context) => value is B, options?: StageOptions): Stage<A, B>;
export function filter<A>(p: (value: A, ctx: Context) => boolean | PromiseLike<boolean>, options?: StageOptions): Stage<A, A>;
export function filter<A>(p: (value: A, ctx: Context) => boolean | PromiseLike<boolean>, options?: StageOptions): Stage<A, A> {
  new Check("filter(p, options)").arg("p", p, fn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, A>("filter", "filter(p, options)", options, input, async (s, inp, out) => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let keep = p(r.value, s.ctx);
        if (isThenable(keep)) keep = await s.wait(keep);
        if (!keep) continue;
        const q = s.put(out, r.value);
        if (q !== undefined) await q;
      }
    });
}

/** Send every value of `inner` on `out`; a channel's failure is rethrown, and it is released if we stop first. */
async function flatten<B>(s: StageRec, out: StageChan<B>, inner: Source<B>): Promise<void> {
  if (!(inner instanceof Channel) && typeof (inner as Iterable<B>)[Symbol.iterator] === "function") {
    for (const v of inner as Iterable<B>) {
      const p = s.put(out, v);
      if (p !== undefined) await p;
    }
    return;
  }
  // Channels and async iterables (read through a `from` of our own).
  const ch = inner instanceof Channel ? (inner as Channel<B>) : read(s, inner);
  try {
    for (;;) {
      let r = s.next(ch);
      if (r instanceof Promise) r = await r;
      if (!r.ok) return s.ended(ch);
      const p = s.put(out, r.value);
      if (p !== undefined) await p;
    }
  } finally {
    if (ch instanceof StageChan && !ch.closed) ch.stage.release(ch as StageChan<unknown>);
  }
}

/**
 * Map each value to a source (an array, an iterable, an async iterable or a
 * channel) and emit all of its values before reading the next input value
 * (concatMap). A channel returned by `f` is read to its end but never closed.
 *
 * ```text
 * in:   1 ------- 2 ------- |
 * flatMap(x => [x, x])
 * out:  1 - 1 --- 2 - 2 --- |
 * ```
 *
 * @example
 * ```ts
 * const words = flatMap((line: string) => line.split(" "))(of("a b", "c")); // "a", "b", "c"
 * ```
 */
export function flatMap<A, B>(f: (value: A, ctx: Context) => Source<B> | PromiseLike<Source<B>>, options?: StageOptions): Stage<A, B> {
  new Check("flatMap(f, options)").arg("f", f, fn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, B>("flatMap", "flatMap(f, options)", options, input, async (s, inp, out) => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let inner = f(r.value, s.ctx);
        if (isThenable(inner) && !isSource(inner)) inner = await s.wait(inner);
        if (!isSource(inner)) {
          throw new TypeError(`flatMap(f): f must return an array, an iterable, an async iterable or a channel, got ${show(inner)}`);
        }
        await flatten(s, out, inner as Source<B>);
      }
    });
}

/**
 * Emit the running fold `f(acc, value, ctx)` after each value (not `init`).
 *
 * ```text
 * in:   1 - 2 - 3 - |
 * scan((a, x) => a + x, 0)
 * out:  1 - 3 - 6 - |
 * ```
 *
 * @example
 * ```ts
 * const sums = scan((a: number, x: number) => a + x, 0)(of(1, 2, 3)); // 1, 3, 6
 * ```
 */
export function scan<A, R>(f: (acc: R, value: A, ctx: Context) => R | PromiseLike<R>, init: R, options?: StageOptions): Stage<A, R> {
  new Check("scan(f, init, options)").arg("f", f, fn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, R>("scan", "scan(f, init, options)", options, input, async (s, inp, out) => {
      let acc = init;
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let next = f(acc, r.value, s.ctx);
        if (isThenable(next)) next = await s.wait(next);
        acc = next;
        const p = s.put(out, acc);
        if (p !== undefined) await p;
      }
    });
}

/**
 * Options of {@link distinct}.
 *
 * @example
 * ```ts
 * distinct({ key: (u: { id: number }) => u.id });
 * ```
 */
export interface DistinctOptions<A> extends StageOptions {
  /** What makes two values the same (compared with SameValueZero, as in a Set); default the value itself. */
  readonly key?: ((value: A) => unknown) | undefined;
}

/**
 * Drop every value whose key was seen before (the first one passes). It keeps
 * a Set of every key seen, so use it on bounded inputs or low-cardinality keys.
 *
 * ```text
 * in:   a - b - a - c - b - |
 * distinct()
 * out:  a - b ----- c ----- |
 * ```
 *
 * @example
 * ```ts
 * const ids = distinct()(of(1, 2, 1, 3)); // 1, 2, 3
 * ```
 */
export function distinct(options?: StageOptions): Passthrough;
export function distinct<A>(options: DistinctOptions<A>): Stage<A, A>;
export function distinct<A>(options?: DistinctOptions<A>): Stage<A, A> {
  new Check("distinct(options)").options(options, { ...BUFFERED, key: fn }).done();
  const key = options?.key;
  return (input) =>
    unary<A, A>("distinct", "distinct(options)", options, input, async (s, inp, out) => {
      const seen = new Set<unknown>();
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const k = key === undefined ? r.value : key(r.value);
        if (seen.has(k)) continue;
        seen.add(k);
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
}
