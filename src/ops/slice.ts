// Taking part of a stream: take, takeWhile, skip. `take` and `takeWhile` finish
// before their input does: finishing releases the input, which stops every
// operator upstream (rule 4 in stage.ts).

import type { Context } from "../context/types.js";
import type { Passthrough, Source, Stage, StageOptions } from "./options.js";
import { isThenable } from "./stage.js";
import { unary } from "./unary.js";
import { BUFFERED, Check, fn, int } from "./validate.js";

const COUNT = int(0, "a non-negative integer (Infinity for all)", true);

/**
 * The first `n` values, then close; upstream is stopped as soon as the n-th
 * value is delivered (`take(0)` closes at once and reads nothing).
 *
 * ```text
 * in:   1 - 2 - 3 - 4 ...
 * take(2)
 * out:  1 - 2 |            (upstream stopped)
 * ```
 *
 * @example
 * ```ts
 * const firstThree = take(3)(range(0, Infinity)); // 0, 1, 2
 * ```
 */
export function take(n: number, options?: StageOptions): Passthrough {
  new Check("take(n, options)").arg("n", n, COUNT).options(options, BUFFERED).done();
  return <A>(input: Source<A>) =>
    unary<A, A>("take", "take(n, options)", options, input, async (s, inp, out) => {
      for (let i = 0; i < n && !s.finished; i++) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
}

/**
 * Values while `p(value, ctx)` holds (it may be async); the first value that
 * fails it is dropped, the output closes and upstream is stopped.
 *
 * ```text
 * in:   1 - 2 - 9 - 3 ...
 * takeWhile(x => x < 5)
 * out:  1 - 2 |
 * ```
 *
 * @example
 * ```ts
 * const small = takeWhile((n: number) => n < 3)(range(0, Infinity)); // 0, 1, 2
 * ```
 */
export function takeWhile<A>(p: (value: A, ctx: Context) => boolean | PromiseLike<boolean>, options?: StageOptions): Stage<A, A> {
  new Check("takeWhile(p, options)").arg("p", p, fn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, A>("takeWhile", "takeWhile(p, options)", options, input, async (s, inp, out) => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let ok = p(r.value, s.ctx);
        if (isThenable(ok)) ok = await s.wait(ok);
        if (!ok) return;
        const q = s.put(out, r.value);
        if (q !== undefined) await q;
      }
    });
}

/**
 * Drop the first `n` values, pass the rest.
 *
 * ```text
 * in:   1 - 2 - 3 - 4 - |
 * skip(2)
 * out:          3 - 4 - |
 * ```
 *
 * @example
 * ```ts
 * const rest = skip(2)(of(1, 2, 3, 4)); // 3, 4
 * ```
 */
export function skip(n: number, options?: StageOptions): Passthrough {
  new Check("skip(n, options)").arg("n", n, COUNT).options(options, BUFFERED).done();
  return <A>(input: Source<A>) =>
    unary<A, A>("skip", "skip(n, options)", options, input, async (s, inp, out) => {
      let seen = 0;
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        if (seen < n) {
          seen++;
          continue;
        }
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
}
