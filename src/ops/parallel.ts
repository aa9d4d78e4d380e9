// parallelMap: a worker pool as a stage (core.async's `pipeline`).
//
// One coordinator loop, no worker tasks: it starts `f` on a value whenever a
// slot is free, and selects over three things at once — the next input value
// (only while a slot is free), a wake-up from a finished call, and the send of
// the next result. So results flow out while calls are running and new input is
// taken while a result waits for its consumer. A slot stays taken from the
// moment `f` starts until its result has been sent: at most `concurrency`
// values are in hand at any time, and with `ordered` a slow call holds back the
// results behind it (bounded memory, like core.async) instead of letting them
// pile up.

import { chan } from "../chan/make.js";
import type { Chan } from "../chan/types.js";
import type { Context } from "../context/types.js";
import { send } from "../select/case.js";
import { select } from "../select/select.js";
import type { Stage, StageOptions } from "./options.js";
import { isThenable, type Failure } from "./stage.js";
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
    unary<A, B>("parallelMap", "parallelMap(f, options)", options, input, async (s, inp, out) => {
      // Ordered: every slot in hand, oldest first. Unordered: finished slots only.
      const queue: Slot<B>[] = [];
      let running = 0;
      let failed: Failure | null = null;
      let inputOpen = true;
      const wake: Chan<void> = chan<void>(1, { overflow: "dropNewest", name: `${s.name}.done` });

      const finished = (slot: Slot<B>, value: B): void => {
        if (s.finished) return;
        running--;
        slot.done = true;
        slot.value = value;
        if (!ordered) queue.push(slot);
        wake.trySend(undefined);
      };
      const failedCall = (e: unknown): void => {
        if (s.finished) return;
        running--;
        failed ??= { error: e };
        wake.trySend(undefined);
      };
      const start = (v: A): void => {
        const slot: Slot<B> = { done: false, value: undefined };
        if (ordered) queue.push(slot);
        running++;
        let res: B | PromiseLike<B>;
        try {
          res = f(v, s.ctx);
        } catch (e) {
          failedCall(e);
          return;
        }
        if (isThenable(res)) res.then((x) => finished(slot, x), failedCall);
        else finished(slot, res);
      };

      for (;;) {
        if (failed !== null) throw (failed as Failure).error;
        if (s.finished) return;
        const head = queue.length > 0 && queue[0]!.done ? queue[0]! : undefined;
        if (!inputOpen && running === 0 && head === undefined) return;
        const canTake = inputOpen && (ordered ? queue.length : running + queue.length) < n;
        // Whatever can happen at once, happens at once.
        if (head !== undefined && out.trySend(head.value as B)) {
          queue.shift();
          const y = s.yielding();
          if (y !== undefined) await y;
          continue;
        }
        if (canTake) {
          const r = inp.tryRecv();
          if (r !== undefined) {
            if (r.ok) start(r.value);
            else {
              inputOpen = false;
              s.ended(inp);
            }
            const y = s.yielding();
            if (y !== undefined) await y;
            continue;
          }
        }
        const r = await select(
          {
            in: canTake ? inp : null,
            wake: running > 0 ? wake : null,
            out: head !== undefined ? send(out, head.value as B) : null,
          },
          s.park,
        );
        if (r.case === "out") queue.shift();
        else if (r.case === "in") {
          if (r.ok) start(r.value);
          else {
            inputOpen = false;
            s.ended(inp);
          }
        }
      }
    });
}
