// The timer channel flavour (Go 1.23 timer semantics).
//
// A timer channel holds no buffered value. When someone receives, it checks
// whether its deadline has passed; when a receiver parks, it arms a host timeout
// that pushes the value to it; when the last receiver leaves, the timeout is
// cleared. So:
//  - a timer nobody waits on holds no host timeout (it cannot keep a process
//    alive, and 100k abandoned `after()`s in a select loop leave nothing pending);
//  - stop() and reset() can never leave a stale value behind: there is none.

import { BLOCKED, Channel } from "../chan/chan.js";
import { describe } from "../chan/describe.js";
import type { Entry } from "../chan/queue.js";
import type { Waiter } from "../chan/waiter.js";
import { isClock, type Clock } from "./clock.js";

/** @internal */
export class TimerChannel extends Channel<number> {
  /** The next deadline (clock time). */
  when: number;
  /** 0 for a one-shot timer, else the ticker period. */
  period: number;
  /** False once a one-shot was received, or after stop(). */
  active = true;
  private handle: unknown = null;
  private readonly fire = (): void => this.onTimeout();

  constructor(
    readonly clock: Clock,
    when: number,
    period: number,
  ) {
    super(0, 0, undefined, undefined, period === 0 ? "timer" : "ticker");
    this.when = when;
    this.period = period;
  }

  private due(): boolean {
    return this.active && this.clock.now() >= this.when;
  }

  override take(): unknown {
    return this.due() ? this.consume() : BLOCKED;
  }

  override canTake(): boolean {
    return this.due();
  }

  override parkReceiver(e: Entry): void {
    super.parkReceiver(e);
    this.arm();
  }

  override unpark(w: Waiter): void {
    super.unpark(w);
    if (this.recvq.head === null) this.disarm();
  }

  /** stop/reset: disarm, then re-arm if a receiver is still waiting. */
  rearm(): void {
    this.disarm();
    if (this.recvq.head !== null) this.arm();
  }

  /** Stop: no value will be delivered until a reset. */
  halt(): void {
    this.active = false;
    this.disarm();
  }

  private consume(): number {
    const at = this.when;
    if (this.period === 0) {
      this.active = false;
    } else {
      // A slow receiver gets one (late) tick; the ones it missed are dropped.
      this.when = at + this.period * (Math.floor((this.clock.now() - at) / this.period) + 1);
    }
    return at;
  }

  private arm(): void {
    if (this.handle !== null || !this.active) return;
    this.handle = this.clock.setTimeout(this.fire, Math.max(0, this.when - this.clock.now()));
  }

  private disarm(): void {
    if (this.handle === null) return;
    this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  private onTimeout(): void {
    this.handle = null;
    if (!this.active || this.recvq.head === null) return;
    if (this.clock.now() < this.when) {
      this.arm(); // the host fired a little early
      return;
    }
    super.offer(this.consume());
    if (this.recvq.head !== null) this.arm();
  }
}

/** Check a duration argument: any number but NaN. */
export function checkMs(fn: string, ms: unknown): number {
  if (typeof ms !== "number") throw new TypeError(`${fn}: ms must be a number of milliseconds, got ${describe(ms)}`);
  if (Number.isNaN(ms)) throw new RangeError(`${fn}: ms must be a number of milliseconds, got NaN`);
  return ms;
}

/** Check the `clock` option. */
export function pickClock(fn: string, options: { clock?: Clock | undefined } | undefined, fallback: () => Clock): Clock {
  if (options === undefined) return fallback();
  if (options === null || typeof options !== "object") throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  const c = options.clock;
  if (c === undefined) return fallback();
  if (!isClock(c)) {
    throw new TypeError(`${fn}: options.clock must have now(), setTimeout() and clearTimeout(), got ${describe(c)}`);
  }
  return c;
}
