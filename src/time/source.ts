// The value source behind timer channels (Go 1.23 timer semantics).
//
// A timer channel holds no buffered value. When someone receives, the source is
// asked whether its deadline has passed; when a receiver parks, the source arms a
// host timeout that pushes the value to it; when the last receiver leaves, the
// timeout is cleared. So:
//  - a timer nobody waits on holds no host timeout (it cannot keep a process
//    alive, and 100k abandoned `after()`s in a select loop leave nothing pending);
//  - stop() and reset() can never leave a stale value behind: there is none.

import { Channel } from "../chan/chan.js";
import type { Source } from "../chan/source.js";
import type { Clock } from "./clock.js";

export class TimerSource implements Source {
  /** The next deadline (clock time). */
  when: number;
  /** 0 for a one-shot timer, else the ticker period. */
  period: number;
  /** False once a one-shot fired into a receiver, or after stop(). */
  active = true;
  private handle: unknown = null;
  private readonly fire = (): void => this.onTimeout();

  constructor(
    readonly ch: Channel<number>,
    readonly clock: Clock,
    when: number,
    period: number,
  ) {
    this.when = when;
    this.period = period;
    ch.src = this;
  }

  due(): boolean {
    return this.active && this.clock.now() >= this.when;
  }

  take(): unknown {
    const at = this.when;
    if (this.period === 0) {
      this.active = false;
    } else {
      // A slow receiver gets one (late) tick; the ones it missed are dropped.
      const now = this.clock.now();
      this.when = at + this.period * (Math.floor((now - at) / this.period) + 1);
    }
    return at;
  }

  wake(): void {
    if (this.handle !== null || !this.active) return;
    this.handle = this.clock.setTimeout(this.fire, Math.max(0, this.when - this.clock.now()));
  }

  sleep(): void {
    if (this.handle === null) return;
    this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  /** stop/reset: disarm, then (re)arm if a receiver is still waiting. */
  rearm(): void {
    this.sleep();
    if (this.ch.recvq.head !== null) this.wake();
  }

  private onTimeout(): void {
    this.handle = null;
    if (!this.active || this.ch.recvq.head === null) return;
    if (this.clock.now() < this.when) {
      this.wake(); // the host fired a little early
      return;
    }
    this.ch.offer(this.take() as number);
    if (this.ch.recvq.head !== null) this.wake();
  }
}

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** Check a duration argument: any number but NaN. */
export function checkMs(fn: string, ms: unknown): number {
  if (typeof ms !== "number") throw new TypeError(`${fn}: ms must be a number of milliseconds, got ${show(ms)}`);
  if (Number.isNaN(ms)) throw new RangeError(`${fn}: ms must be a number of milliseconds, got NaN`);
  return ms;
}

/** Check the `clock` option. */
export function pickClock(fn: string, options: { clock?: Clock | undefined } | undefined, fallback: () => Clock): Clock {
  if (options === undefined) return fallback();
  if (options === null || typeof options !== "object") throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  const c = options.clock;
  if (c === undefined) return fallback();
  if (c === null || typeof c !== "object" || typeof c.now !== "function" || typeof c.setTimeout !== "function" || typeof c.clearTimeout !== "function") {
    throw new TypeError(`${fn}: options.clock must have now(), setTimeout() and clearTimeout(), got ${show(c)}`);
  }
  return c;
}
