// after() and timer(): one-shot timer channels (Go's time.After / time.NewTimer).

import { Channel } from "../chan/chan.js";
import type { RecvChan } from "../chan/types.js";
import { defaultClock, type Clock } from "./clock.js";
import { TimerSource, checkMs, pickClock } from "./source.js";

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

function makeTimer(fn: string, ms: unknown, options: TimerOptions | undefined): TimerSource {
  const d = checkMs(fn, ms);
  const clock = pickClock(fn, options, defaultClock);
  const ch = new Channel<number>(0, "block", "timer", undefined, false);
  return new TimerSource(ch, clock, clock.now() + Math.max(0, d), 0);
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
  return makeTimer("after(ms)", ms, options).ch;
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
  const src = makeTimer("timer(ms)", ms, options);
  return {
    c: src.ch,
    stop(): boolean {
      const was = src.active;
      src.active = false;
      src.sleep();
      return was;
    },
    reset(next: number): boolean {
      const d = checkMs("timer.reset(ms)", next);
      const was = src.active;
      src.active = true;
      src.when = src.clock.now() + Math.max(0, d);
      src.rearm();
      return was;
    },
  };
}
