// Where timers get the time and their host timeouts. Injectable, so that tests
// of timeouts run in virtual time with no real waiting.

import { describe } from "../chan/describe.js";
import { hostClearTimeout, hostSetTimeout, macrotask } from "../chan/host.js";

/**
 * A source of time and timeouts. {@link systemClock} is the real one;
 * {@link manualClock} is a virtual one for tests.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: Date.now, setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as never) };
 * ```
 */
export interface Clock {
  /** Current time in milliseconds (the system clock uses epoch milliseconds). */
  now(): number;
  /** Call `fn` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancel a pending `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

// Hosts store timeouts in 32 bits: anything longer fires at once (Node warns).
// Longer delays (up to Infinity: never) are walked in steps.
const MAX_DELAY = 2 ** 31 - 1;

class LongTimeout {
  private handle: unknown;
  private readonly due: number;

  constructor(
    private readonly fn: () => void,
    ms: number,
  ) {
    this.due = Date.now() + ms;
    this.handle = this.step();
  }

  clear(): void {
    hostClearTimeout(this.handle);
  }

  private step(): unknown {
    const left = this.due - Date.now();
    return left > MAX_DELAY
      ? hostSetTimeout(() => (this.handle = this.step()), MAX_DELAY)
      : hostSetTimeout(this.fn, Math.max(0, left));
  }
}

/**
 * The real clock: `Date.now()` and the host's timers.
 *
 * @example
 * ```ts
 * const t = after(100, { clock: systemClock });
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (ms > MAX_DELAY ? new LongTimeout(fn, ms) : hostSetTimeout(fn, ms)),
  clearTimeout: (handle) => (handle instanceof LongTimeout ? handle.clear() : hostClearTimeout(handle)),
};

let current: Clock = systemClock;

/** @internal Does `v` have the three functions a {@link Clock} needs? */
export function isClock(v: unknown): v is Clock {
  const c = v as { now?: unknown; setTimeout?: unknown; clearTimeout?: unknown } | null;
  return c !== null && typeof c === "object" && typeof c.now === "function" && typeof c.setTimeout === "function" && typeof c.clearTimeout === "function";
}

/**
 * The clock timers use when none is passed in their options.
 *
 * @example
 * ```ts
 * const t0 = defaultClock().now();
 * ```
 */
export function defaultClock(): Clock {
  return current;
}

/**
 * Replace the default clock (for every timer created afterwards) and return the
 * previous one, so a test can put it back.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const prev = setClock(clock);
 * try { ... await clock.advance(1000); } finally { setClock(prev); }
 * ```
 */
export function setClock(clock: Clock): Clock {
  if (!isClock(clock)) {
    throw new TypeError(`setClock(clock): clock must have now(), setTimeout(fn, ms) and clearTimeout(handle), got ${describe(clock)}`);
  }
  const prev = current;
  current = clock;
  return prev;
}

/**
 * A virtual clock: time stands still until `advance(ms)` moves it, firing due
 * timeouts in order and letting the tasks they wake run in between.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const r = select({ v: ch, t: after(5_000, { clock }) });
 * await clock.advance(5_000);          // no real waiting
 * expect((await r).case).toBe("t");
 * ```
 */
export interface ManualClock extends Clock {
  /** Move time forward by `ms`, firing every timeout that falls due. */
  advance(ms: number): Promise<void>;
  /** Number of timeouts not yet fired or cleared. */
  readonly pending: number;
}

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

const flush = (): Promise<void> => new Promise((r) => macrotask(r));

/**
 * Make a {@link ManualClock} starting at `start` milliseconds.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const slept = sleep(1000, { clock });
 * await clock.advance(1000);
 * await slept;
 * ```
 */
export function manualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, Pending>();
  const next = (limit: number): Pending | undefined => {
    let best: Pending | undefined;
    for (const t of timers.values()) {
      if (t.at <= limit && (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    return best;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), seq: id, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(ms): ms must be a non-negative number, got ${String(ms)}`);
      const target = now + ms;
      await flush();
      for (let t = next(target); t !== undefined; t = next(target)) {
        timers.delete(t.seq);
        now = Math.max(now, t.at);
        t.fn();
        await flush();
      }
      now = target;
      await flush();
    },
    get pending() {
      return timers.size;
    },
  };
}
