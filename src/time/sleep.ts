// sleep(): Go's time.Sleep, cancellable.

import type { AbortSignalLike } from "../chan/host.js";
import { unwatch, watch, type Abortable } from "../chan/signal.js";
import { defaultClock } from "./clock.js";
import { checkMs, pickClock } from "./timer-chan.js";
import type { TimerOptions } from "./timer.js";

/**
 * Options of {@link sleep}.
 *
 * @example
 * ```ts
 * await sleep(100, { signal: ctx.signal });
 * ```
 */
export interface SleepOptions extends TimerOptions {
  /** Abort the sleep: it rejects with `signal.reason`. */
  readonly signal?: AbortSignalLike | undefined;
}

/**
 * Resolve after `ms` milliseconds; reject with `signal.reason` if aborted first.
 *
 * @example
 * ```ts
 * await sleep(250);
 * ```
 */
export function sleep(ms: number, options?: SleepOptions): Promise<void> {
  const d = checkMs("sleep(ms)", ms);
  const clock = pickClock("sleep(ms)", options, defaultClock);
  const signal = options?.signal;
  if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    // One shared listener per signal (signal.ts), however many sleeps use it.
    const sleeper: Abortable = {
      abort(reason) {
        clock.clearTimeout(handle);
        reject(reason);
      },
    };
    const handle = clock.setTimeout(() => {
      if (signal !== undefined) unwatch(signal, sleeper);
      resolve();
    }, Math.max(0, d));
    if (signal !== undefined) watch(signal, sleeper);
  });
}
