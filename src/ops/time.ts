// Time-based stages: timeout (per item), debounce, throttle. Each reads time
// from its `clock` option (default: the clock set with setClock), so tests run
// them on a manualClock with no real waiting. Their timers are cspkit timers:
// they hold no host timeout unless the stage is waiting on them.

import { select } from "../select/select.js";
import { defaultClock } from "../time/clock.js";
import { timer } from "../time/timer.js";
import type { Passthrough, Source, TimedOptions } from "./options.js";
import { unary } from "./unary.js";
import { Check, ms, TIMED } from "./validate.js";

/**
 * What {@link timeout} fails with when the next value is late. Its `name` is
 * "TimeoutError", the web platform's word (as for `AbortSignal.timeout`).
 *
 * @example
 * ```ts
 * try { await collect(timeout(100)(slow)); }
 * catch (e) { if (e instanceof StageTimeoutError) console.log(e.ms, e.stage); }
 * ```
 */
export class StageTimeoutError extends Error {
  /** Always `"TimeoutError"`. */
  override readonly name = "TimeoutError";

  constructor(
    /** The time allowed, in milliseconds. */
    readonly ms: number,
    /** The name of the stage that timed out. */
    readonly stage: string,
    /** How many values had passed before the late one. */
    readonly index: number,
  ) {
    super(`timeout: no value within ${ms} ms (stage "${stage}", after ${index} ${index === 1 ? "value" : "values"})`);
  }
}

/**
 * Fail with a {@link StageTimeoutError} if the next value takes longer than
 * `ms` to arrive. The clock runs while the stage waits for its input (from the
 * start, then from each delivery downstream), not while a slow consumer holds
 * it up. The input is stopped on timeout.
 *
 * ```text
 * in:    1 - 2 --------------- 3
 * timeout(50)                |50 ms|
 * out:   1 - 2 ------------- X (StageTimeoutError)
 * ```
 *
 * @example
 * ```ts
 * const readings = timeout(5_000)(sensor); // fails if the sensor goes quiet for 5 s
 * ```
 */
export function timeout(ms_: number, options?: TimedOptions): Passthrough {
  new Check("timeout(ms, options)").arg("ms", ms_, ms(true, false)).options(options, TIMED).done();
  const clock = options?.clock ?? defaultClock();
  return <A>(input: Source<A>) =>
    unary<A, A>("timeout", "timeout(ms, options)", options, input, async (s, inp, out) => {
      const t = timer(ms_, { clock });
      try {
        for (let index = 0; !s.finished; index++) {
          let r = inp.tryRecv();
          if (r === undefined) {
            t.reset(ms_);
            const got = await select({ v: inp, late: t.c }, s.park);
            if (got.case === "late") throw new StageTimeoutError(ms_, s.name, index);
            r = got.ok ? { value: got.value, ok: true } : { value: undefined, ok: false };
          } else {
            const y = s.yielding();
            if (y !== undefined) await y;
          }
          if (!r.ok) return s.ended(inp);
          const p = s.put(out, r.value);
          if (p !== undefined) await p;
        }
      } finally {
        t.stop();
      }
    });
}

/**
 * Emit a value only once `ms` have passed without a newer one (the newest
 * wins). When the input closes, a pending value is emitted at once.
 *
 * ```text
 * in:    a - b ------- c - d |
 * debounce(30)    |30|        (flushed on close)
 * out:   -------- b -------- d|
 * ```
 *
 * @example
 * ```ts
 * const queries = debounce(300)(keystrokes); // search when typing pauses
 * ```
 */
export function debounce(ms_: number, options?: TimedOptions): Passthrough {
  new Check("debounce(ms, options)").arg("ms", ms_, ms(true, false)).options(options, TIMED).done();
  const clock = options?.clock ?? defaultClock();
  return <A>(input: Source<A>) =>
    unary<A, A>("debounce", "debounce(ms, options)", options, input, async (s, inp, out) => {
      const t = timer(ms_, { clock });
      t.stop();
      let pending: { v: A } | null = null;
      try {
        while (!s.finished) {
          if (pending === null) {
            let r = s.next(inp);
            if (r instanceof Promise) r = await r;
            if (!r.ok) return s.ended(inp);
            pending = { v: r.value };
            t.reset(ms_);
            continue;
          }
          const got = await select({ v: inp, quiet: t.c }, s.park);
          if (got.case === "quiet" || !got.ok) {
            const v = pending.v;
            pending = null;
            const p = s.put(out, v);
            if (p !== undefined) await p;
            if (got.case === "v") return s.ended(inp);
            continue;
          }
          pending = { v: got.value };
          t.reset(ms_);
        }
      } finally {
        t.stop();
      }
    });
}

/**
 * Emit a value, then drop every value that arrives within `ms` of it (leading
 * edge); the next value after that passes, and so on. Needs no timer: it
 * compares arrival times.
 *
 * ```text
 * in:    a b c ----- d e ----- |
 * throttle(30)  |30|
 * out:   a --------- d ------- |
 * ```
 *
 * @example
 * ```ts
 * const samples = throttle(100)(moves); // at most 10 a second
 * ```
 */
export function throttle(ms_: number, options?: TimedOptions): Passthrough {
  new Check("throttle(ms, options)").arg("ms", ms_, ms(true, false)).options(options, TIMED).done();
  const clock = options?.clock ?? defaultClock();
  return <A>(input: Source<A>) =>
    unary<A, A>("throttle", "throttle(ms, options)", options, input, async (s, inp, out) => {
      let openAt = -Infinity;
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const now = clock.now();
        if (now < openAt) continue;
        openAt = now + ms_;
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
}
