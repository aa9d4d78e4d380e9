// after() and timer(): one-shot timer channels (Go's time.After / time.NewTimer).

import type { RecvChan } from "../chan/types.js";
import { defaultClock, type Clock } from "./clock.js";
import { TimerChannel, checkMs, pickClock } from "./timer-chan.js";

/**
 * Options of the timer functions.
 *
 * @example
 * ```ts
 * after(1000, { clock: manualClock() });
 * ```
 */
export interface TimerOptions {
  /** The clock to use (default: the one set with `setClock`, normally the system clock). */
  readonly clock?: Clock | undefined;
}

/**
 * A one-shot timer (Go's `*time.Timer`, with Go 1.23's rules: after `stop()` or
 * `reset()` returns, no value from before the call can be received).
 *
 * @example
 * ```ts
 * const t = timer(1000);
 * if (t.stop()) console.log("stopped before it fired");
 * ```
 */
export interface Timer {
  /** Delivers the deadline (clock milliseconds) once it has passed (Go's `t.C`). */
  readonly c: RecvChan<number>;
  /** Stop the timer. True if this call stopped it, false if it had already fired (been received) or was stopped. */
  stop(): boolean;
  /** Re-arm for `ms` from now. Returns what `stop()` would have returned. */
  reset(ms: number): boolean;
}

function makeTimer(fn: string, ms: unknown, options: TimerOptions | undefined): TimerChannel {
  const d = checkMs(fn, ms);
  const clock = pickClock(fn, options, defaultClock);
  return new TimerChannel(clock, clock.now() + Math.max(0, d), 0);
}

/**
 * A channel that delivers one timestamp (the deadline, in clock milliseconds)
 * `ms` from now (Go's `time.After`); non-positive `ms`: at once. Nothing runs until
 * someone waits on it, so an abandoned `after()` costs nothing.
 *
 * @example
 * ```ts
 * const r = await select({ v: results, timeout: after(500) });
 * if (r.case === "timeout") throw new Error("too slow");
 * ```
 */
export function after(ms: number, options?: TimerOptions): RecvChan<number> {
  return makeTimer("after(ms)", ms, options);
}

/**
 * A stoppable, resettable one-shot timer (Go's `time.NewTimer`).
 *
 * @example
 * ```ts
 * const t = timer(1000);
 * const r = await select({ v: ch, t: t.c });
 * if (r.case === "v") t.stop();
 * ```
 */
export function timer(ms: number, options?: TimerOptions): Timer {
  const c = makeTimer("timer(ms)", ms, options);
  return {
    c,
    stop(): boolean {
      const was = c.active;
      c.halt();
      return was;
    },
    reset(next: number): boolean {
      const d = checkMs("timer.reset(ms)", next);
      const was = c.active;
      c.active = true;
      c.when = c.clock.now() + Math.max(0, d);
      c.rearm();
      return was;
    },
  };
}
