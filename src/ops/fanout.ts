// Fan-out to several outputs: distribute (each value to whichever output is
// ready) and partition (each value to the output its predicate picks).
//
// An output whose consumer leaves (`break`, stopStage, a terminal that
// finished) is closed and gets nothing more; the operator goes on for the
// others and stops, releasing its input, once every output is released.

import { ClosedChannelError } from "../chan/errors.js";
import type { RecvChan } from "../chan/types.js";
import type { Context } from "../context/types.js";
import { send } from "../select/case.js";
import { select } from "../select/select.js";
import type { Source, StageOptions } from "./options.js";
import { read } from "./source.js";
import { isThenable, StageRec, type StageChan } from "./stage.js";
import { checkInput } from "./unary.js";
import { BUFFERED, Check, fn, int } from "./validate.js";

/** A released output is closed; the last release stops the operator. */
function releasing(s: StageRec): void {
  s.onRelease = (ch) => {
    if (s.allReleased()) s.halt();
    else if (!ch.closed) ch.close();
  };
}

/**
 * `n` copies of `T` as a tuple when `n` is a literal up to 64 (so
 * `const [a, b] = ...` needs no undefined checks), an array otherwise.
 *
 * @example
 * ```ts
 * type Three = Outputs<string, 3>; // [string, string, string]
 * ```
 */
export type Outputs<T, N extends number, Acc extends T[] = []> = number extends N
  ? T[]
  : Acc["length"] extends N
    ? Acc
    : Acc["length"] extends 64
      ? T[] // a large (or not a whole) number: an array
      : Outputs<T, N, [...Acc, T]>;

/** A send that met an output closed by its consumer's release (the value was not sent). */
const lostOutput = (s: StageRec, e: unknown): boolean => e instanceof ClosedChannelError && !s.finished;

/**
 * Deal the values out to `n` outputs: each value goes to exactly one of them,
 * whichever is ready to take it (Go's worker pool reading one jobs channel).
 * All outputs close when the input does; a failure upstream reaches each
 * output's reader. An output whose consumer leaves gets nothing more (values
 * already in its buffer are dropped).
 *
 * ```text
 * in:    1 - 2 - 3 - 4 - |
 * distribute(2)
 * out0:  1 ------- 4 --- |
 * out1:  ---- 2 - 3 ---- |
 * ```
 *
 * @example
 * ```ts
 * const [w1, w2, w3] = distribute(3)(jobs);
 * ```
 */
export function distribute<N extends number>(n: N, options?: StageOptions): <A>(input: Source<A>) => Outputs<RecvChan<A>, N> {
  new Check("distribute(n, options)").arg("n", n, int(1, "a positive integer (the number of outputs)")).options(options, BUFFERED).done();
  return <A>(input: Source<A>) => {
    checkInput("distribute(n, options)(input)", input);
    const s = new StageRec("distribute", options);
    const inp = read(s, input);
    const outs: StageChan<A>[] = [];
    for (let i = 0; i < n; i++) outs.push(s.output<A>(options?.buffer, options?.overflow, `${s.name}[${i}]`));
    releasing(s);
    s.launch(async () => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const v = r.value;
        for (;;) {
          try {
            await select(
              outs.map((o) => (o.released ? null : send(o, v))),
              s.park,
            );
            break;
          } catch (e) {
            if (!lostOutput(s, e)) throw e;
          }
        }
      }
    });
    return outs as unknown as Outputs<RecvChan<A>, N>;
  };
}

/**
 * Split the values in two by `p(value, ctx)` (it may be async): `[yes, no]`.
 * Each output has its own buffer (the `buffer` option), but one that is full
 * holds the other back: read both, or give them room. An output whose
 * consumer leaves gets nothing more; its values are dropped.
 *
 * ```text
 * in:    1 - 2 - 3 - 4 - |
 * partition(even)
 * yes:   --- 2 ----- 4 - |
 * no:    1 ----- 3 ----- |
 * ```
 *
 * @example
 * ```ts
 * const [evens, odds] = partition((n: number) => n % 2 === 0)(range(10));
 * ```
 */
export function partition<A, B extends A>(
  p: (value: A, ctx: Context) => value is B,
  options?: StageOptions,
): (input: Source<A>) => [yes: RecvChan<B>, no: RecvChan<Exclude<A, B>>];
export function partition<A>(
  p: (value: A, ctx: Context) => boolean | PromiseLike<boolean>,
  options?: StageOptions,
): (input: Source<A>) => [yes: RecvChan<A>, no: RecvChan<A>];
export function partition<A>(
  p: (value: A, ctx: Context) => boolean | PromiseLike<boolean>,
  options?: StageOptions,
): (input: Source<A>) => [yes: RecvChan<A>, no: RecvChan<A>] {
  new Check("partition(p, options)").arg("p", p, fn).options(options, BUFFERED).done();
  return (input) => {
    checkInput("partition(p, options)(input)", input);
    const s = new StageRec("partition", options);
    const inp = read(s, input);
    const yes = s.output<A>(options?.buffer, options?.overflow, `${s.name}.yes`);
    const no = s.output<A>(options?.buffer, options?.overflow, `${s.name}.no`);
    releasing(s);
    s.launch(async () => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let ok = p(r.value, s.ctx);
        if (isThenable(ok)) ok = await s.wait(ok);
        const to = ok ? yes : no;
        if (to.released) continue;
        try {
          const q = s.put(to, r.value);
          if (q !== undefined) await q;
        } catch (e) {
          if (!lostOutput(s, e)) throw e;
        }
      }
    });
    return [yes, no];
  };
}
