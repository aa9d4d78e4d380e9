// Grouping values into arrays: batch (tumbling, by count and age) and window
// (sliding or hopping, by count).

import { select } from "../select/select.js";
import { defaultClock } from "../time/clock.js";
import { timer } from "../time/timer.js";
import type { RecvChan } from "../chan/types.js";
import type { Source, StageOptions, TimedOptions } from "./options.js";
import { unary } from "./unary.js";
import { BUFFERED, bool, Check, int, ms, TIMED } from "./validate.js";

/**
 * Options of {@link batch}.
 *
 * @example
 * ```ts
 * batch(100, { maxWait: 50 }); // up to 100 rows, but never hold one longer than 50 ms
 * ```
 */
export interface BatchOptions extends TimedOptions {
  /** Emit a partial batch once its first value is this old (ms; default: wait for a full batch). */
  readonly maxWait?: number | undefined;
}

/**
 * Arrays of up to `size` values: a batch is emitted when full, when its first
 * value has waited `maxWait` ms, and (partial) when the input closes. A
 * failure upstream is passed on after the partial batch.
 *
 * ```text
 * in:    1 2 3 4 5 ---------- |
 * batch(2, { maxWait: 10 })
 * out:   [1,2] [3,4] -- [5] - |     ([5] after 10 ms)
 * ```
 *
 * @example
 * ```ts
 * for await (const rows of batch(500, { maxWait: 1_000 })(rows)) await db.insertMany(rows);
 * ```
 */
export function batch(size: number, options?: BatchOptions): <A>(input: Source<A>) => RecvChan<A[]> {
  new Check("batch(size, options)")
    .arg("size", size, int(1, "a positive integer (the largest batch)"))
    .options(options, { ...TIMED, maxWait: ms(false, true) })
    .done();
  const clock = options?.clock ?? defaultClock();
  const maxWait = options?.maxWait ?? Infinity;
  return <A>(input: Source<A>) =>
    unary<A, A[]>("batch", "batch(size, options)", options, input, async (s, inp, out) => {
      const t = timer(0, { clock });
      t.stop();
      let buf: A[] = [];
      const emit = async (): Promise<void> => {
        const b = buf;
        buf = [];
        t.stop();
        const p = s.put(out, b);
        if (p !== undefined) await p;
      };
      try {
        while (!s.finished) {
          let value: A;
          if (buf.length === 0 || maxWait === Infinity) {
            let r = s.next(inp);
            if (r instanceof Promise) r = await r;
            if (!r.ok) break;
            value = r.value;
          } else {
            const got = await select({ v: inp, old: t.c }, s.park);
            if (got.case === "old") {
              await emit();
              continue;
            }
            if (!got.ok) break;
            value = got.value;
          }
          buf.push(value);
          if (buf.length === 1 && maxWait !== Infinity) t.reset(maxWait);
          if (buf.length >= size) await emit();
        }
        if (s.finished) return;
        if (buf.length > 0) await emit();
        s.ended(inp);
      } finally {
        t.stop();
      }
    });
}

/**
 * Options of {@link window}.
 *
 * @example
 * ```ts
 * window(3, { step: 1 });               // sliding: [1,2,3], [2,3,4], ...
 * window(3, { step: 3, partial: true }); // tumbling, with the short tail
 * ```
 */
export interface WindowOptions extends StageOptions {
  /** How many values the window moves by (default 1: sliding; `size`: tumbling; more: hopping, with gaps). */
  readonly step?: number | undefined;
  /** When the input closes, also emit the last window if it is short and holds values no window has shown (default false). */
  readonly partial?: boolean | undefined;
}

/**
 * Count windows over the values, as arrays of `size`: a new window every
 * `step` values (default 1, sliding). `step = size` gives tumbling windows,
 * `step > size` hopping ones (the values in between are skipped). Only full
 * windows are emitted unless `partial` is set.
 *
 * ```text
 * in:    1 - 2 - 3 - 4 - 5 |
 * window(3)
 * out:   ------ [1,2,3] [2,3,4] [3,4,5] |
 * ```
 *
 * @example
 * ```ts
 * const averages = map((w: number[]) => w.reduce((a, b) => a + b) / w.length)(window(5)(samples));
 * ```
 */
export function window(size: number, options?: WindowOptions): <A>(input: Source<A>) => RecvChan<A[]> {
  new Check("window(size, options)")
    .arg("size", size, int(1, "a positive integer (the window's length)"))
    .options(options, { ...BUFFERED, step: int(1, "a positive integer"), partial: bool })
    .done();
  const step = options?.step ?? 1;
  const partial = options?.partial === true;
  return <A>(input: Source<A>) =>
    unary<A, A[]>("window", "window(size, options)", options, input, async (s, inp, out) => {
      let win: A[] = [];
      let gap = 0; // values to skip before the next window (hopping)
      let fresh = 0; // values in `win` not yet shown in any window
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) break;
        if (gap > 0) {
          gap--;
          continue;
        }
        win.push(r.value);
        fresh++;
        if (win.length < size) continue;
        const full = win.slice();
        fresh = 0;
        if (step >= size) {
          win = [];
          gap = step - size;
        } else {
          win = win.slice(step);
        }
        const p = s.put(out, full);
        if (p !== undefined) await p;
      }
      if (s.finished) return;
      if (partial && fresh > 0) {
        const p = s.put(out, win);
        if (p !== undefined) await p;
      }
      s.ended(inp);
    });
}
