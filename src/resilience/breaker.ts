// When a closed circuit opens: the two breakers (cockatiel's names). A breaker
// value is a plain, frozen description; each circuit makes its own counter from
// it, so one `consecutiveBreaker(5)` can configure many circuits.

import { checkObject, Issues, show } from "./check.js";

/**
 * Opens the circuit after `threshold` failures in a row; a success resets the
 * count. Made by {@link consecutiveBreaker}.
 *
 * @example
 * ```ts
 * const b: ConsecutiveBreaker = consecutiveBreaker(5);
 * b.threshold; // 5
 * ```
 */
export interface ConsecutiveBreaker {
  /** Which breaker this is. */
  readonly kind: "consecutive";
  /** Failures in a row that open the circuit (an integer ≥ 1). */
  readonly threshold: number;
}

/**
 * Opens the circuit when, over the last `duration` ms, the share of failed
 * calls reaches `threshold` and at least `minimumVolume` calls were made. Made
 * by {@link samplingBreaker}.
 *
 * @example
 * ```ts
 * const b: SamplingBreaker = samplingBreaker({ threshold: 0.5, duration: 10_000, minimumRps: 2 });
 * b.minimumVolume; // 20 calls in the window
 * ```
 */
export interface SamplingBreaker {
  /** Which breaker this is. */
  readonly kind: "sampling";
  /** Failure rate (failed / all calls in the window) that opens the circuit, in (0, 1]. */
  readonly threshold: number;
  /** Length of the rolling window, in ms (> 0). */
  readonly duration: number;
  /** Calls the window must hold before the rate counts (`minimumRps × duration / 1000`, or `volumeThreshold`). */
  readonly minimumVolume: number;
}

/**
 * What decides when a closed circuit opens: {@link consecutiveBreaker} or
 * {@link samplingBreaker}.
 *
 * @example
 * ```ts
 * const b: Breaker = useRates ? samplingBreaker({ threshold: 0.2, duration: 30_000 }) : consecutiveBreaker(5);
 * const cb = circuitBreaker({ breaker: b, halfOpenAfter: 10_000 });
 * ```
 */
export type Breaker = ConsecutiveBreaker | SamplingBreaker;

const made = new WeakSet<object>();

/** @internal True if `b` came from one of the two factories. */
export const isBreaker = (b: unknown): b is Breaker => typeof b === "object" && b !== null && made.has(b);

/**
 * A breaker that opens the circuit after `threshold` consecutive failures
 * (cockatiel's `ConsecutiveBreaker`; Go's gobreaker `ReadyToTrip` on
 * `ConsecutiveFailures`). Any success resets the count.
 *
 * @example
 * ```ts
 * const cb = circuitBreaker({ breaker: consecutiveBreaker(5), halfOpenAfter: 30_000 });
 * ```
 */
export function consecutiveBreaker(threshold: number): ConsecutiveBreaker {
  const issues = new Issues("consecutiveBreaker(threshold)");
  issues.num("threshold", threshold, { min: 1, integer: true, says: "an integer ≥ 1 (failures in a row)" });
  issues.done();
  const b: ConsecutiveBreaker = Object.freeze({ kind: "consecutive", threshold });
  made.add(b);
  return b;
}

/**
 * Options of {@link samplingBreaker}. cockatiel's names, with opossum's accepted
 * as aliases (give one of each pair, not both):
 *
 * | cockatiel | opossum | meaning |
 * |---|---|---|
 * | `threshold` (0–1] | `errorThresholdPercentage` (0–100] | failure rate that opens the circuit |
 * | `duration` | `rollingCountTimeout` | window length, ms |
 * | `minimumRps` | `volumeThreshold` | needed traffic: calls per second over the window, or calls in the window |
 *
 * @example
 * ```ts
 * const opts: SamplingBreakerOptions = { errorThresholdPercentage: 50, rollingCountTimeout: 10_000, volumeThreshold: 10 };
 * ```
 */
export interface SamplingBreakerOptions {
  /** Failure rate in (0, 1] at which the circuit opens (failed ÷ all calls in the window ≥ threshold). */
  readonly threshold?: number | undefined;
  /** opossum's name: the rate as a percentage in (0, 100]; `50` is `threshold: 0.5`. */
  readonly errorThresholdPercentage?: number | undefined;
  /** Length of the rolling window in ms (> 0). */
  readonly duration?: number | undefined;
  /** opossum's name for `duration`. */
  readonly rollingCountTimeout?: number | undefined;
  /**
   * Minimum traffic, in calls per second averaged over the window (≥ 0): below
   * `minimumRps × duration / 1000` calls the circuit does not open, whatever the
   * rate. Default 0 (no minimum: opossum's default).
   */
  readonly minimumRps?: number | undefined;
  /** opossum's name: the minimum number of calls in the window (an integer ≥ 0). */
  readonly volumeThreshold?: number | undefined;
}

const RATE = { min: 0, minOpen: true, max: 1, says: "a number in (0, 1] (a failure rate)" } as const;
const PERCENT = { min: 0, minOpen: true, max: 100, says: "a number in (0, 100] (a failure percentage)" } as const;
const WINDOW = { min: 0, minOpen: true, says: "a finite number of milliseconds > 0" } as const;
const RPS = { min: 0, says: "a finite number ≥ 0 (calls per second)" } as const;
const VOLUME = { min: 0, integer: true, says: "an integer ≥ 0 (calls in the window)" } as const;

/**
 * A breaker that opens the circuit on a failure rate over a rolling window
 * (cockatiel's `SamplingBreaker`, opossum's rolling error percentage). The
 * window is kept as 10 slices of `duration / 10` ms: a call counts until the
 * slice it fell in is more than 9 slices old. Every invalid field is reported
 * in one error.
 *
 * @example
 * ```ts
 * // open when half the calls of the last 10 s failed, once there were at least 20 calls
 * const b = samplingBreaker({ threshold: 0.5, duration: 10_000, minimumRps: 2 });
 * // the same with opossum's names
 * const same = samplingBreaker({ errorThresholdPercentage: 50, rollingCountTimeout: 10_000, volumeThreshold: 20 });
 * ```
 */
export function samplingBreaker(options: SamplingBreakerOptions): SamplingBreaker {
  const where = "samplingBreaker(options)";
  checkObject(where, options, "{ threshold, duration, minimumRps }", false);
  const o = options as Record<keyof SamplingBreakerOptions, unknown>;
  const issues = new Issues(where);
  const pair = (a: string, va: unknown, b: string, vb: unknown): void => {
    if (va !== undefined && vb !== undefined) {
      issues.add(`options.${a}`, `given alone (options.${b} says the same)`, va, "range", `, and options.${b} = ${show(vb)}`);
    }
  };
  pair("threshold", o.threshold, "errorThresholdPercentage", o.errorThresholdPercentage);
  pair("duration", o.duration, "rollingCountTimeout", o.rollingCountTimeout);
  pair("minimumRps", o.minimumRps, "volumeThreshold", o.volumeThreshold);

  const threshold =
    o.errorThresholdPercentage !== undefined
      ? divide(issues.num("options.errorThresholdPercentage", o.errorThresholdPercentage, PERCENT), 100)
      : issues.num("options.threshold", o.threshold, RATE);
  const duration =
    o.rollingCountTimeout !== undefined
      ? issues.num("options.rollingCountTimeout", o.rollingCountTimeout, WINDOW)
      : issues.num("options.duration", o.duration, WINDOW);
  const rps = issues.num("options.minimumRps", o.minimumRps, RPS, true);
  const volume = issues.num("options.volumeThreshold", o.volumeThreshold, VOLUME, true);
  issues.done();
  const minimumVolume = volume ?? ((rps ?? 0) * duration!) / 1000;
  const b: SamplingBreaker = Object.freeze({ kind: "sampling", threshold: threshold!, duration: duration!, minimumVolume });
  made.add(b);
  return b;
}

const divide = (v: number | undefined, by: number): number | undefined => (v === undefined ? undefined : v / by);

/** @internal What a circuit counts while closed. */
export interface Counter {
  /** Whether it needs the time (the `now` arguments); when false they are not read. */
  readonly timed: boolean;
  success(now: number): void;
  /** Record a failure; true if the circuit should open. */
  failure(now: number): boolean;
  /** Forget everything (the circuit closed again). */
  reset(): void;
}

class Consecutive implements Counter {
  readonly timed = false;
  private n = 0;
  constructor(private readonly threshold: number) {}
  success(): void {
    this.n = 0;
  }
  failure(): boolean {
    return ++this.n >= this.threshold;
  }
  reset(): void {
    this.n = 0;
  }
}

const SLICES = 10;

// A ring of SLICES counters; slot i % SLICES holds slice number i (time / width).
class Sampling implements Counter {
  readonly timed = true;
  private readonly index = new Array<number>(SLICES).fill(-Infinity);
  private readonly ok = new Array<number>(SLICES).fill(0);
  private readonly bad = new Array<number>(SLICES).fill(0);
  private readonly width: number;

  constructor(private readonly b: SamplingBreaker) {
    this.width = b.duration / SLICES;
  }

  private slot(now: number): number {
    const i = Math.floor(now / this.width);
    const s = ((i % SLICES) + SLICES) % SLICES;
    if (this.index[s] !== i) {
      this.index[s] = i;
      this.ok[s] = 0;
      this.bad[s] = 0;
    }
    return s;
  }

  success(now: number): void {
    const s = this.slot(now);
    this.ok[s]!++;
  }

  failure(now: number): boolean {
    const s = this.slot(now);
    this.bad[s]!++;
    const current = this.index[s]!;
    let ok = 0;
    let bad = 0;
    for (let k = 0; k < SLICES; k++) {
      const i = this.index[k]!;
      if (i > current - SLICES && i <= current) {
        ok += this.ok[k]!;
        bad += this.bad[k]!;
      }
    }
    const total = ok + bad;
    return total >= this.b.minimumVolume && bad / total >= this.b.threshold;
  }

  reset(): void {
    this.index.fill(-Infinity);
    this.ok.fill(0);
    this.bad.fill(0);
  }
}

/** @internal A fresh counter for one circuit. */
export const counterFor = (b: Breaker): Counter => (b.kind === "consecutive" ? new Consecutive(b.threshold) : new Sampling(b));
