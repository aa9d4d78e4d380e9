// Sources: operators that start a pipeline from something that is not a channel.

import { Channel } from "../chan/chan.js";
import type { RecvChan } from "../chan/types.js";
import type { Context } from "../context/types.js";
import type { Source, StageOptions } from "./options.js";
import { isSource, STOPPED, StageRec, type StageChan } from "./stage.js";
import { BUFFERED, Check, fn, type Rule } from "./validate.js";

/** @internal An operator's input: any Source. */
export const source: Rule = (v) => (isSource(v) ? undefined : { expected: "a channel, an iterable or an async iterable", range: false });

const noop = (): void => {};

/** Build a `from` without checking (the arguments were checked by the caller). */
function pump<T>(src: Source<T>, options: StageOptions | undefined): StageChan<T> {
  const s = new StageRec("from", options);
  const out = s.output<T>(options?.buffer, options?.overflow);
  if (src instanceof Channel) {
    const inp = s.input(src as Channel<T>);
    s.launch(async () => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
  } else if (Array.isArray(src)) {
    const items = src as readonly T[];
    s.launch(async () => {
      for (let i = 0; i < items.length && !s.finished; i++) {
        const p = s.put(out, items[i]!);
        if (p !== undefined) await p;
      }
    });
  } else if (typeof (src as Iterable<T>)[Symbol.iterator] === "function") {
    s.launch(() => iterate(s, out, (src as Iterable<T>)[Symbol.iterator]()));
  } else {
    s.launch(() => iterateAsync(s, out, (src as AsyncIterable<T>)[Symbol.asyncIterator]()));
  }
  return out;
}

async function iterate<T>(s: StageRec, out: StageChan<T>, it: Iterator<T>): Promise<void> {
  let open = true;
  try {
    while (!s.finished) {
      let n: IteratorResult<T>;
      try {
        n = it.next();
      } catch (e) {
        open = false; // a throwing iterator is finished (as `for...of` treats it)
        throw e;
      }
      if (n.done === true) {
        open = false;
        return;
      }
      const p = s.put(out, n.value);
      if (p !== undefined) await p;
    }
  } finally {
    // Stopped early: let the iterator run its cleanup (a generator's `finally`).
    if (open) {
      try {
        it.return?.();
      } catch {
        // The consumer is gone; there is nobody left to tell.
      }
    }
  }
}

async function iterateAsync<T>(s: StageRec, out: StageChan<T>, it: AsyncIterator<T>): Promise<void> {
  let open = true;
  try {
    while (!s.finished) {
      let n: IteratorResult<T>;
      try {
        // An iterator's pending next() cannot be withdrawn: stopping stops waiting for it.
        n = await s.wait(it.next());
      } catch (e) {
        if (e !== STOPPED) open = false;
        throw e;
      }
      if (n.done === true) {
        open = false;
        return;
      }
      const p = s.put(out, n.value);
      if (p !== undefined) await p;
    }
  } finally {
    if (open && typeof it.return === "function") {
      try {
        Promise.resolve(it.return()).catch(noop);
      } catch {
        // As above.
      }
    }
  }
}

/** @internal Register `src` as an input of `s`, wrapping an iterable in a `from` that `s` owns. */
export function read<T>(s: StageRec, src: Source<T>): Channel<T> {
  return s.input(src instanceof Channel ? (src as Channel<T>) : pump(src, undefined));
}

/**
 * A channel of the values of an iterable, an async iterable or another channel,
 * in order; it closes after the last one. If its consumer stops early, the
 * iterator's `return()` runs (a generator's `finally` blocks). A throwing
 * iterator fails the source: the error reaches the end of the pipeline.
 *
 * @example
 * ```ts
 * const lines = from(["a", "b", "c"]);
 * for await (const l of lines) console.log(l);
 * ```
 */
export function from<T>(source_: Iterable<T> | AsyncIterable<T>, options?: StageOptions): RecvChan<T> {
  new Check("from(source, options)").arg("source", source_, source).options(options, BUFFERED).done();
  return pump(source_, options);
}

/**
 * A channel of the given values, then closed (`from(values)`; use `from` to
 * pass options).
 *
 * @example
 * ```ts
 * const total = await reduce((a: number, b: number) => a + b, 0)(of(1, 2, 3)); // 6
 * ```
 */
export function of<T>(...values: T[]): RecvChan<T> {
  return pump(values, undefined);
}

const RANGE_ARGS = "range(start, end, step, options)";

/**
 * Numbers from `start` (included) to `end` (excluded) by `step`, like Python's
 * `range`: `range(n)` is 0 … n-1, `range(a, b)` is a … b-1, a negative `step`
 * counts down (`range(3, 0, -1)` is 3, 2, 1). `end` may be `Infinity` (or
 * `-Infinity`) for an endless source; stop it with `take` or a signal. Each
 * value is `start + i * step` (no drift). Options go last, after the numbers
 * given: `range(0, 10, { buffer: 4 })`.
 *
 * @example
 * ```ts
 * await collect(range(5));        // [0, 1, 2, 3, 4]
 * await collect(range(2, 8, 3));  // [2, 5]
 * ```
 */
export function range(end: number, options?: StageOptions): RecvChan<number>;
export function range(start: number, end: number, options?: StageOptions): RecvChan<number>;
export function range(start: number, end: number, step: number, options?: StageOptions): RecvChan<number>;
export function range(...args: unknown[]): RecvChan<number> {
  const last = args[args.length - 1];
  const hasOptions = args.length > 1 && last !== undefined && typeof last !== "number";
  const nums = hasOptions ? args.slice(0, -1) : args;
  const options: unknown = hasOptions ? last : undefined;
  const check = new Check(RANGE_ARGS);
  const num = (what: string, ok: (n: number) => boolean): Rule => (v) =>
    typeof v !== "number" ? { expected: what, range: false } : ok(v) ? undefined : { expected: what, range: true };
  let start = 0;
  let end = 0;
  let step = 1;
  if (nums.length === 1) {
    check.arg("end", nums[0], num("a number", (n) => !Number.isNaN(n)));
    end = nums[0] as number;
  } else if (nums.length >= 2 && nums.length <= 3) {
    check.arg("start", nums[0], num("a finite number", Number.isFinite));
    check.arg("end", nums[1], num("a number (or ±Infinity for no end)", (n) => !Number.isNaN(n)));
    if (nums.length === 3 && nums[2] !== undefined) check.arg("step", nums[2], num("a finite non-zero number", (n) => Number.isFinite(n) && n !== 0));
    start = nums[0] as number;
    end = nums[1] as number;
    step = (nums[2] as number | undefined) ?? 1;
  } else {
    check.add(`takes 1 to 3 numbers, then options; got ${nums.length} ${nums.length === 1 ? "number" : "numbers"}`, false);
  }
  check.options(options, BUFFERED).done();
  const opts = options as StageOptions | undefined;
  const s = new StageRec("range", opts);
  const out = s.output<number>(opts?.buffer, opts?.overflow);
  const first = start;
  const by = step;
  const stop = end;
  s.launch(async () => {
    for (let i = 0; !s.finished; i++) {
      const v = first + i * by;
      if (by > 0 ? v >= stop : v <= stop) return;
      const p = s.put(out, v);
      if (p !== undefined) await p;
    }
  });
  return out;
}

/**
 * Go's generator goroutine: `fn(send, ctx)` produces values by awaiting
 * `send(v)` (back-pressure: it resolves once the value is taken, or buffered);
 * the channel closes when `fn` returns (or its promise resolves), and a throw
 * fails it. When the consumer stops early (or `signal`/`ctx` fire), `ctx` is
 * cancelled and every later `send` rejects with a `StageStopped` error: let it
 * propagate, or stop when `ctx.done` closes.
 *
 * @example
 * ```ts
 * const fib = generate<number>(async (send) => {
 *   let [a, b] = [0, 1];
 *   for (;;) {
 *     await send(a);
 *     [a, b] = [b, a + b];
 *   }
 * });
 * await collect(take(5)(fib)); // [0, 1, 1, 2, 3]
 * ```
 */
export function generate<T>(fn_: (send: (value: T) => Promise<void>, ctx: Context) => void | PromiseLike<void>, options?: StageOptions): RecvChan<T> {
  new Check("generate(fn, options)").arg("fn", fn_, fn).options(options, BUFFERED).done();
  const s = new StageRec("generate", options);
  const out = s.output<T>(options?.buffer, options?.overflow);
  const send = (v: T): Promise<void> => s.put(out, v) ?? Promise.resolve();
  s.launch(async () => {
    await s.value(fn_(send, s.ctx));
  });
  return out;
}
