// tick(): a periodic timer channel (Go's time.NewTicker).

import type { RecvChan } from "../chan/types.js";
import { defaultClock } from "./clock.js";
import { TimerChannel, checkMs, pickClock } from "./timer-chan.js";
import type { TimerOptions } from "./timer.js";

/**
 * A ticker (Go's `*time.Ticker`): at most one pending tick, a slow receiver
 * drops the ticks it missed, and `stop()` does not close `c`.
 *
 * @example
 * ```ts
 * const t = tick(1000);
 * for await (const at of t.c) { report(at); if (done) break; }
 * t.stop();
 * ```
 */
export interface Ticker {
  /** Delivers the time of each tick (clock milliseconds). */
  readonly c: RecvChan<number>;
  /** Stop ticking. `c` stays open; no tick is delivered after this returns. */
  stop(): void;
  /** Stop, then tick every `ms` from now on. */
  reset(ms: number): void;
}

function checkPeriod(fn: string, ms: unknown): number {
  const d = checkMs(fn, ms);
  if (!(d > 0)) throw new RangeError(`${fn}: ms must be a positive number of milliseconds (a ticker needs a period), got ${String(d)}`);
  return d;
}

/**
 * Tick every `ms` milliseconds (Go's `time.NewTicker`). `ms` must be positive.
 *
 * @example
 * ```ts
 * const heartbeat = tick(5_000);
 * while (true) {
 *   const r = await select({ beat: heartbeat.c, quit: ctx.done });
 *   if (r.case === "quit") { heartbeat.stop(); return; }
 *   ping();
 * }
 * ```
 */
export function tick(ms: number, options?: TimerOptions): Ticker {
  const period = checkPeriod("tick(ms)", ms);
  const clock = pickClock("tick(ms)", options, defaultClock);
  const c = new TimerChannel(clock, clock.now() + period, period);
  return {
    c,
    stop(): void {
      c.halt();
    },
    reset(next: number): void {
      const p = checkPeriod("ticker.reset(ms)", next);
      c.period = p;
      c.when = clock.now() + p;
      c.active = true;
      c.rearm();
    },
  };
}
