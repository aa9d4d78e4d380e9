// parallelMap: a worker pool as a stage (core.async's `pipeline`).
//
// Two loops and no worker tasks. The reader takes an input value whenever a
// slot is free and starts `f` on it; the emitter sends finished results on the
// output; and whenever a call finishes or a slot frees, `pump` does at once what
// needs no waiting, so the loops park only when something has to wait. So results flow out while calls are running, and new input is taken
// while a result waits for its consumer. A slot stays taken from the moment `f`
// starts until its result has been sent: at most `concurrency` values are in
// hand at any time, and with `ordered` a slow call holds back the results
// behind it (bounded memory, like core.async) instead of letting them pile up.
// Each loop parks on one channel at a time (no select): the reader on the
// input or on `freed`, the emitter on `ready` or on the output.

import { Channel, OVERFLOWS } from "../chan/chan.js";
import type { Context } from "../context/types.js";
import type { Stage, StageOptions } from "./options.js";
import { isThenable } from "./stage.js";
import { unary } from "./unary.js";
import { BUFFERED, bool, Check, fn, int } from "./validate.js";

/**
 * Options of {@link parallelMap}.
 *
 * @example
 * ```ts
 * parallelMap(async (url: string) => (await fetch(url)).status, { concurrency: 8, ordered: true });
 * ```
 */
export interface ParallelMapOptions extends StageOptions {
  /** How many calls of `f` may be in hand at once (required: a positive integer). */
  readonly concurrency: number;
  /** Emit results in input order (default false: in completion order). */
  readonly ordered?: boolean | undefined;
}

interface Slot<B> {
  done: boolean;
  value: B | undefined;
}

/**
 * Run `f(value, ctx)` on up to `concurrency` values at once. Results come out
 * as calls finish, or in input order with `ordered: true` (later values that
 * finish first wait for the earlier ones). The first throw or rejection fails
 * the stage at once: the other calls' `ctx` is cancelled and their results are
 * dropped. Without an `ordered` need, completion order keeps the pool busiest.
 *
 * ```text
 * in:    a ---- b - c ---------- |
 * parallelMap(f, { concurrency: 2, ordered: true })     (f(b) is slow)
 * out:   ---- A ------------ B - C |
 * ```
 *
 * @example
 * ```ts
 * const sizes = parallelMap(async (path: string) => (await readFile(path)).length, { concurrency: 4, ordered: true })(paths);
 * ```
 */
export function parallelMap<A, B>(f: (value: A, ctx: Context) => B | PromiseLike<B>, options: ParallelMapOptions): Stage<A, B> {
  new Check("parallelMap(f, options)")
    .arg("f", f, fn)
    .options(options, { ...BUFFERED, concurrency: int(1, "a positive integer"), ordered: bool }, ["concurrency"])
    .done();
  const n = options.concurrency;
  const ordered = options.ordered === true;
  return (input) =>
    unary<A, B>("parallelMap", "parallelMap(f, options)", options, input, (s, inp, out) => {
      // Ordered: every call in hand, oldest first, as a slot its result fills.
      // Unordered: the finished results only, in completion order.
      const slots: Slot<B>[] = [];
      const results: B[] = [];
      let inHand = 0; // started and not yet sent
      let inputOpen = true;
      // Wake-ups that carry no value: one pending is enough, so extra ones drop.
      const ready = new Channel<void>(1, OVERFLOWS.dropNewest, `${s.name}.ready`, undefined);
      const freed = new Channel<void>(1, OVERFLOWS.dropNewest, `${s.name}.freed`, undefined);

      const headReady = ordered ? (): boolean => slots.length > 0 && slots[0]!.done : (): boolean => results.length > 0;
      const head = ordered ? (): B => slots[0]!.value as B : (): B => results[0] as B;
      const sent = (): void => {
        if (ordered) slots.shift()!.value = undefined;
        else results.shift();
        inHand--;
      };

      // What each loop is parked on, so `pump` neither reads the input under a
      // parked reader (values would start out of order) nor sends over a
      // parked send, and wakes a loop only when it has something to do.
      let readerOnInput = false;
      let readerOnFreed = false;
      let emitterOnReady = false;
      let emitterSending = false;
      let pumping = false;

      /**
       * Do at once whatever needs no waiting: send finished results to a ready
       * consumer, then fill free slots from a ready input. Called whenever a
       * call finishes or a slot frees, it saves the loops a wake-up per value.
       */
      const pump = (): void => {
        if (pumping) return;
        pumping = true;
        let moved = true;
        while (moved && !s.finished) {
          moved = false;
          while (!emitterSending && headReady() && out.trySend(head())) {
            sent();
            moved = true;
          }
          while (!readerOnInput && inputOpen && inHand < n && !s.finished) {
            const r = inp.tryRecv();
            if (r === undefined || !r.ok) break; // the reader parks, or handles the close
            start(r.value);
            moved = true;
          }
        }
        pumping = false;
        if (s.finished) return;
        if (emitterOnReady && (headReady() || (!inputOpen && inHand === 0))) ready.trySend(undefined);
        if (readerOnFreed && inHand < n) freed.trySend(undefined);
      };

      // The first failed call fails the stage at once: the other calls' ctx is cancelled.
      const failedCall = (e: unknown): void => s.fail(e);
      const finishedUnordered = (value: B): void => {
        if (s.finished) return;
        results.push(value);
        pump();
      };
      const finishedOrdered = (slot: Slot<B>, value: B): void => {
        if (s.finished) return;
        slot.done = true;
        slot.value = value;
        pump();
      };
      const start = (v: A): void => {
        inHand++;
        let slot: Slot<B> | undefined;
        if (ordered) slots.push((slot = { done: false, value: undefined }));
        let res: B | PromiseLike<B>;
        try {
          res = f(v, s.ctx);
        } catch (e) {
          failedCall(e);
          return;
        }
        if (!isThenable(res)) {
          if (slot === undefined) finishedUnordered(res);
          else finishedOrdered(slot, res);
        } else if (slot === undefined) res.then(finishedUnordered, failedCall);
        else res.then((x) => finishedOrdered(slot, x), failedCall);
      };

      const reader = async (): Promise<void> => {
        for (;;) {
          while (inHand >= n) {
            let w = s.next(freed);
            if (w instanceof Promise) {
              readerOnFreed = true;
              w = await w;
              readerOnFreed = false;
            }
          }
          let r = s.next(inp);
          if (r instanceof Promise) {
            readerOnInput = true;
            r = await r;
            readerOnInput = false;
          }
          if (!r.ok) {
            inputOpen = false;
            pump(); // the emitter may be waiting to learn that
            return s.ended(inp);
          }
          start(r.value);
        }
      };

      const emitter = async (): Promise<void> => {
        for (;;) {
          if (!headReady()) {
            if (!inputOpen && inHand === 0) return;
            let w = s.next(ready);
            if (w instanceof Promise) {
              emitterOnReady = true;
              w = await w;
              emitterOnReady = false;
            }
            continue;
          }
          const p = s.put(out, head());
          if (p !== undefined) {
            emitterSending = true;
            await p;
            emitterSending = false;
          }
          sent();
          pump();
        }
      };

      return Promise.all([reader(), emitter()]).then(noop);
    });
}

const noop = (): void => {};
