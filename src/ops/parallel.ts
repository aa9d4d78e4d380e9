// parallelMap: a worker pool as a stage (core.async's `pipeline`).
//
// No worker tasks and no loop: the pool is a small state machine driven by
// callbacks (callback.ts). Whenever something happens — an input value
// arrives, a call finishes, a result is taken — `step` sends the finished
// results the output will take, then starts calls on the input values ready,
// and parks at most one receive and one send for what has to wait. So results
// flow out while calls are running, and new input is taken while a result
// waits for its consumer. A slot stays taken from the moment `f` starts until
// its result has been sent: at most `concurrency` values are in hand at any
// time, and with `ordered` a slow call holds back the results behind it
// (bounded memory, like core.async) instead of letting them pile up.

import { watch } from "../chan/signal.js";
import type { RecvResult } from "../chan/types.js";
import type { Context } from "../context/types.js";
import type { Stage, StageOptions } from "./options.js";
import { Waiter } from "../chan/waiter.js";
import { recvOrPark, sendOrPark } from "./callback.js";
import { isThenable, STOPPED } from "./stage.js";
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
    unary<A, B>("parallelMap", "parallelMap(f, options)", options, input, (s, inp, out) =>
      new Promise<void>((resolve, reject) => {
        // Ordered: every call in hand, oldest first, as a slot its result fills.
        // Unordered: the finished results only, in completion order.
        const slots: Slot<B>[] = [];
        const results: B[] = [];
        let inHand = 0; // started and not yet sent
        let inputOpen = true;
        // At most one receive and one send parked at a time.
        let receiving: Waiter | null = null;
        let sending: Waiter | null = null;

        const headReady = ordered ? (): boolean => slots.length > 0 && slots[0]!.done : (): boolean => results.length > 0;
        const head = ordered ? (): B => slots[0]!.value as B : (): B => results[0] as B;
        const sent = (): void => {
          if (ordered) slots.shift()!.value = undefined;
          else results.shift();
          inHand--;
        };

        // Stopped: the record knows why; this body's outcome no longer matters.
        const failed = (e: unknown): void => (e === STOPPED ? resolve() : reject(e));
        watch(s.stop, {
          abort: (reason) => {
            receiving?.abort(reason);
            sending?.abort(reason);
            resolve();
          },
        });

        // `step` moves everything that can move now; re-entered (a synchronous
        // f, a callback fired from inside one of its own operations), it just
        // asks the running pass to go round once more.
        let stepping = false;
        let again = false;
        const step = (): void => {
          if (stepping) {
            again = true;
            return;
          }
          stepping = true;
          do {
            again = false;
            while (!s.finished && sending === null && headReady()) {
              sending = sendOrPark(out, head(), onSent, failed);
              if (sending === null) sent();
            }
            while (!s.finished && receiving === null && inputOpen && inHand < n) {
              const r = recvOrPark(inp, onInput, failed);
              if (r instanceof Waiter) receiving = r;
              else if (r.ok) start(r.value);
              else inputEnded();
            }
            if (!s.finished && !inputOpen && inHand === 0) resolve();
          } while (again && !s.finished);
          stepping = false;
        };

        const onSent = (): void => {
          sending = null;
          sent();
          step();
        };
        const onInput = (r: RecvResult<A>): void => {
          receiving = null;
          if (r.ok) start(r.value);
          else inputEnded();
          step();
        };
        const inputEnded = (): void => {
          inputOpen = false;
          try {
            s.ended(inp);
          } catch (e) {
            reject(e);
          }
        };

        // The first failed call fails the stage at once: the other calls' ctx is cancelled.
        const failedCall = (e: unknown): void => s.fail(e);
        const finishedUnordered = (value: B): void => {
          if (s.finished) return;
          results.push(value);
          step();
        };
        const finishedOrdered = (slot: Slot<B>, value: B): void => {
          if (s.finished) return;
          slot.done = true;
          slot.value = value;
          step();
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

        step();
      }),
    );
}
