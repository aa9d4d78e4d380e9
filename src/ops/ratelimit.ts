// rateLimit: a token bucket, usable as a stage and as a limiter to wait on.
//
// The bucket holds up to `burst` tokens (default `limit`), starts full, and
// refills continuously at `limit` tokens per `interval`. Every value (stage) or
// `wait()` takes one token; waiters are served in arrival order, and one clock
// timeout, armed only while someone waits, wakes the oldest when its token is
// due. So over any stretch of time w, at most burst + w·limit/interval tokens
// are handed out.

import type { RecvChan } from "../chan/types.js";
import { grantedNow, isAborted, reasonOf, signalsOf } from "../sync/check.js";
import { label, Parked, ParkedList, type Owner } from "../sync/parked.js";
import type { WaitOptions } from "../sync/types.js";
import { defaultClock, type Clock } from "../time/clock.js";
import type { Source, TimedOptions } from "./options.js";
import { unary } from "./unary.js";
import { Check, int, ms, TIMED } from "./validate.js";

/**
 * Options of {@link rateLimit}. `signal`, `ctx`, `name`, `buffer` and
 * `overflow` apply to the stages made from the limiter.
 *
 * @example
 * ```ts
 * rateLimit({ limit: 10, interval: 1_000, burst: 1 }); // evenly spaced: one every 100 ms
 * ```
 */
export interface RateLimitOptions extends TimedOptions {
  /** Tokens added per `interval` (a positive integer). */
  readonly limit: number;
  /** The refill period in milliseconds (positive). */
  readonly interval: number;
  /** Most tokens the bucket holds, i.e. the largest burst (default `limit`). */
  readonly burst?: number | undefined;
}

/**
 * A token bucket: a stage (`limiter(input)` passes values through, one token
 * each) and a limiter for any code (`await limiter.wait({ signal })`). Every
 * stage made from one limiter shares its bucket.
 *
 * @example
 * ```ts
 * const limiter = rateLimit({ limit: 5, interval: 1_000 });
 * const paced = limiter(requests);     // as a stage
 * await limiter.wait({ signal });      // or around any call
 * ```
 */
export interface RateLimiter {
  /** Pass the values of `input` through, each after taking one token. */
  <A>(input: Source<A>): RecvChan<A>;
  /** Wait for a token (first come, first served); rejects with the abort reason, taking none. */
  wait(options?: WaitOptions): Promise<void>;
  /** Take a token if one is free and nobody is waiting; false otherwise. */
  tryTake(): boolean;
  /** Tokens available now (fractional while refilling). */
  readonly tokens: number;
}

/** Tolerance for tokens computed in floating point. */
const EPS = 1e-9;

class Bucket implements Owner {
  private level: number;
  private last: number;
  private readonly rate: number;
  private timer: unknown = null;
  private readonly q: ParkedList;
  private readonly fire = (): void => this.onTimer();

  constructor(
    private readonly clock: Clock,
    limit: number,
    interval: number,
    private readonly burst: number,
    name: string | undefined,
  ) {
    this.rate = limit / interval;
    this.level = burst;
    this.last = clock.now();
    this.q = new ParkedList("wait", label("RateLimiter", name));
  }

  get tokens(): number {
    this.refill();
    return this.level;
  }

  tryTake(): boolean {
    if (this.q.live() !== null) return false;
    this.refill();
    if (this.level < 1 - EPS) return false;
    this.level -= 1;
    return true;
  }

  wait(options: WaitOptions | undefined): Promise<void> {
    const sig = signalsOf("rateLimit(options).wait(options)", options);
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.tryTake()) return grantedNow();
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(this, 1, resolve, reject, sig.s1, sig.s2);
      this.q.push(w);
      w.arm();
      this.schedule();
    });
  }

  /** Owner: an aborted wait left. */
  withdraw(w: Parked): void {
    this.q.remove(w);
    if (this.q.live() === null) this.disarm();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.level = Math.min(this.burst, this.level + (now - this.last) * this.rate);
      this.last = now;
    }
  }

  /** Arm the timeout for the oldest waiter's token, unless armed or nobody waits. */
  private schedule(): void {
    if (this.timer !== null || this.q.live() === null) return;
    this.refill();
    const delay = Math.max(0, Math.ceil((1 - this.level) / this.rate - EPS));
    this.timer = this.clock.setTimeout(this.fire, delay);
  }

  private disarm(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private onTimer(): void {
    this.timer = null;
    this.refill();
    for (let w = this.q.live(); w !== null && this.level >= 1 - EPS; w = this.q.live()) {
      this.q.shift();
      this.level -= 1;
      w.grant();
    }
    this.schedule();
  }
}

const RATE = {
  ...TIMED,
  limit: int(1, "a positive integer (tokens per interval)"),
  interval: ms(true, false),
  burst: int(1, "a positive integer (the bucket's capacity)"),
};

/**
 * Make a token-bucket {@link RateLimiter}: `limit` tokens per `interval`
 * milliseconds, bursts of up to `burst` (default `limit`). Use it as a stage
 * (each value waits for a token; back-pressure upstream meanwhile) or call
 * `wait()` around anything. Time comes from `options.clock`.
 *
 * ```text
 * in:    a b c d e ------------ |
 * rateLimit({ limit: 2, interval: 100, burst: 2 })
 * out:   a b --- c --- d --- e  |     (one every 50 ms once the burst is spent)
 * ```
 *
 * @example
 * ```ts
 * const limiter = rateLimit({ limit: 100, interval: 60_000 }); // 100 calls a minute
 * for await (const req of limiter(requests)) await call(req);
 * ```
 */
export function rateLimit(options: RateLimitOptions): RateLimiter {
  new Check("rateLimit(options)").options(options, RATE, ["limit", "interval"]).done();
  const clock = options.clock ?? defaultClock();
  const bucket = new Bucket(clock, options.limit, options.interval, options.burst ?? options.limit, options.name);
  const stage = <A>(input: Source<A>): RecvChan<A> =>
    unary<A, A>("rateLimit", "rateLimit(options)", options, input, async (s, inp, out) => {
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        if (!bucket.tryTake()) await bucket.wait(s.park);
        const p = s.put(out, r.value);
        if (p !== undefined) await p;
      }
    });
  const limiter = stage as RateLimiter;
  Object.defineProperties(limiter, {
    wait: { value: (o?: WaitOptions) => bucket.wait(o) },
    tryTake: { value: () => bucket.tryTake() },
    tokens: { get: () => bucket.tokens },
  });
  return limiter;
}
