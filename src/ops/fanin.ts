// Fan-in: several inputs, one output. merge interleaves, zip pairs up, concat
// appends, race follows whichever input delivers first.

import type { Channel } from "../chan/chan.js";
import type { RecvChan } from "../chan/types.js";
import { watch } from "../chan/signal.js";
import { MergeChan } from "./merge.js";
import { select } from "../select/select.js";
import type { Source, StageOptions } from "./options.js";
import { read, source } from "./source.js";
import { isSource, StageChan, StageRec } from "./stage.js";
import { BUFFERED, Check } from "./validate.js";

/** Split `(...inputs, options?)`: a trailing argument that is not a source is the options. */
function split(where: string, args: readonly unknown[]): { inputs: Source<unknown>[]; options: StageOptions | undefined } {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && (last === undefined || (!isSource(last) && typeof last === "object" && last !== null));
  const inputs = (hasOptions ? args.slice(0, -1) : args) as Source<unknown>[];
  const options = (hasOptions ? last : undefined) as StageOptions | undefined;
  const check = new Check(where);
  inputs.forEach((v, i) => check.arg(`inputs[${i}]`, v, source));
  check.options(options, BUFFERED).done();
  return { inputs, options };
}

/** Make the record, read every input, make the output. */
function fanIn<T, O = T>(op: string, inputs: Source<unknown>[], options: StageOptions | undefined): { s: StageRec; ins: Channel<T>[]; out: StageChan<O> } {
  const s = new StageRec(op, options);
  const ins = inputs.map((i) => read(s, i as Source<T>));
  const out = s.output<O>(options?.buffer, options?.overflow);
  return { s, ins, out };
}

/** What the sources of a tuple deliver, as a tuple. */
type Sources<A extends readonly unknown[]> = { readonly [K in keyof A]: Source<A[K]> };

/**
 * Interleave the values of every input as they arrive, with back-pressure:
 * a receive on the output takes the next ready value straight from an input
 * (round robin), so nothing is read ahead of its consumer. Closes when every input has closed; the first
 * input to fail fails the merge, and the other inputs are stopped. With no
 * inputs it closes at once. Options may follow the inputs.
 *
 * ```text
 * a:    1 ----- 3 ----- |
 * b:    --- 2 ----- 4 ------- |
 * merge(a, b)
 * out:  1 - 2 - 3 - 4 ------- |
 * ```
 *
 * @example
 * ```ts
 * const all = merge(from([1, 3]), from([2, 4]), { buffer: 8 });
 * ```
 */
export function merge<T>(...inputs: Source<T>[]): RecvChan<T>;
export function merge<T>(...args: [...inputs: Source<T>[], options: StageOptions | undefined]): RecvChan<T>;
export function merge<T>(...args: unknown[]): RecvChan<T> {
  const { inputs, options } = split("merge(...inputs, options)", args);
  const s = new StageRec("merge", options);
  const ins = inputs.map((i) => read(s, i as Source<T>));
  const out = s.adopt<T, MergeChan<T>>(new MergeChan<T>(s, ins, options?.buffer ?? 0, options?.overflow ?? "block"));
  // No task: receives on the output do the work (merge.ts). The body only ends with the stage.
  s.launch(() => new Promise<void>((resolve) => watch(s.stop, { abort: () => resolve() })));
  out.begin();
  return out;
}

/**
 * Tuples of one value from each input, in order; closes as soon as any input
 * closes (the others are stopped). With no inputs it closes at once.
 *
 * ```text
 * a:    1 ----- 2 ----- 3 |
 * b:    -- x ------ y |
 * zip(a, b)
 * out:  -- [1,x] -- [2,y] |
 * ```
 *
 * @example
 * ```ts
 * const pairs = zip(of(1, 2, 3), of("a", "b")); // [1, "a"], [2, "b"]
 * ```
 */
export function zip<A extends readonly unknown[]>(...inputs: Sources<A>): RecvChan<A>;
export function zip<A extends readonly unknown[]>(...args: [...inputs: Sources<A>, options: StageOptions | undefined]): RecvChan<A>;
export function zip(...args: unknown[]): RecvChan<unknown[]> {
  const { inputs, options } = split("zip(...inputs, options)", args);
  const { s, ins, out } = fanIn<unknown, unknown[]>("zip", inputs, options);
  s.launch(async () => {
    if (ins.length === 0) return;
    for (;;) {
      const row = new Array<unknown>(ins.length);
      const waiting: (Channel<unknown> | null)[] = [...ins];
      for (let left = ins.length; left > 0; left--) {
        const r = await select(waiting, s.park);
        if (!r.ok) return s.ended(ins[r.case]!);
        row[r.case] = r.value;
        waiting[r.case] = null;
      }
      const p = s.put(out, row);
      if (p !== undefined) await p;
    }
  });
  return out;
}

/**
 * The values of the first input, then of the second, and so on; an input is
 * not read before the ones ahead of it have closed. A failing input fails the
 * concatenation and the rest are stopped.
 *
 * ```text
 * a:    1 - 2 |
 * b:    3 - 4 |
 * concat(a, b)
 * out:  1 - 2 - 3 - 4 |
 * ```
 *
 * @example
 * ```ts
 * const both = concat(of(1, 2), of(3)); // 1, 2, 3
 * ```
 */
export function concat<T>(...inputs: Source<T>[]): RecvChan<T>;
export function concat<T>(...args: [...inputs: Source<T>[], options: StageOptions | undefined]): RecvChan<T>;
export function concat<T>(...args: unknown[]): RecvChan<T> {
  const { inputs, options } = split("concat(...inputs, options)", args);
  const { s, ins, out } = fanIn<T>("concat", inputs, options);
  s.launch(async () => {
    for (const ch of ins) {
      for (;;) {
        let r = s.next(ch);
        if (r instanceof Promise) r = await r;
        if (!r.ok) {
          s.ended(ch);
          break;
        }
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    }
  });
  return out;
}

/**
 * Follow the first input to deliver a value: that value and the rest of that
 * input come out, and every other input is stopped at once. An input that
 * closes empty drops out of the race; one that fails before there is a winner
 * fails the race. Closes when the winner does (or when all close empty).
 *
 * ```text
 * a:    ------ 1 - 2 |
 * b:    --- x ------- y |
 * race(a, b)
 * out:  --- x ------- y |     (a stopped when x arrived)
 * ```
 *
 * @example
 * ```ts
 * const fastest = race(primary, mirror);
 * ```
 */
export function race<T>(...inputs: Source<T>[]): RecvChan<T>;
export function race<T>(...args: [...inputs: Source<T>[], options: StageOptions | undefined]): RecvChan<T>;
export function race<T>(...args: unknown[]): RecvChan<T> {
  const { inputs, options } = split("race(...inputs, options)", args);
  const { s, ins, out } = fanIn<T>("race", inputs, options);
  s.launch(async () => {
    const live: (Channel<T> | null)[] = [...ins];
    let alive = ins.length;
    let winner: Channel<T> | null = null;
    while (winner === null) {
      if (alive === 0) return;
      const r = await select(live, s.park);
      const ch = ins[r.case]!;
      if (!r.ok) {
        s.ended(ch);
        live[r.case] = null;
        alive--;
        continue;
      }
      winner = ch;
      for (const other of ins) if (other !== ch && other instanceof StageChan) other.stage.release(other as StageChan<unknown>);
      const p = s.put(out, r.value);
      if (p !== undefined) await p;
    }
    for (;;) {
      let r = s.next(winner);
      if (r instanceof Promise) r = await r;
      if (!r.ok) return s.ended(winner);
      const p = s.put(out, r.value);
      if (p !== undefined) await p;
    }
  });
  return out;
}
