// The errors policies reject with when they refuse to run (or stop waiting for)
// the function they were given. Each says what happened and what to do next.

import type { CircuitState } from "./types.js";

const named = (name: string | undefined): string => (name === undefined ? "" : ` "${name}"`);

/**
 * What a circuit breaker rejects with when it does not call the function: the
 * circuit is open, or half-open with every probe slot taken. The function was
 * not invoked. `retryAt` is the clock time at which an open circuit lets a probe
 * through (`undefined` when half-open: a probe is running now).
 *
 * @example
 * ```ts
 * try {
 *   await breaker.execute(({ signal }) => fetchPrice(signal));
 * } catch (e) {
 *   if (e instanceof BrokenCircuitError) return cachedPrice(); // the service is known to be down
 *   throw e;
 * }
 * ```
 */
export class BrokenCircuitError extends Error {
  /** Always `"BrokenCircuitError"`. */
  override readonly name = "BrokenCircuitError";

  /**
   * @param message what happened
   * @param state the circuit's state when the call was refused
   * @param retryAt when an open circuit turns half-open (clock ms); `undefined` when half-open
   * @param breaker the breaker's `name` option, if any
   */
  constructor(
    message: string,
    readonly state: CircuitState,
    readonly retryAt: number | undefined,
    readonly breaker?: string,
  ) {
    super(message);
  }
}

/**
 * What a bulkhead rejects with when all its execution slots are busy and its
 * queue is full. The function was not invoked: shed the load or retry later.
 *
 * @example
 * ```ts
 * const limit = bulkhead({ maxConcurrent: 8, maxQueue: 32 });
 * try { await limit.execute(() => render(page)); }
 * catch (e) { if (e instanceof BulkheadRejectedError) return tooBusy(); throw e; }
 * ```
 */
export class BulkheadRejectedError extends Error {
  /** Always `"BulkheadRejectedError"`. */
  override readonly name = "BulkheadRejectedError";

  /**
   * @param message what happened
   * @param maxConcurrent the bulkhead's execution slots
   * @param maxQueue the bulkhead's queue slots
   * @param bulkhead the bulkhead's `name` option, if any
   */
  constructor(
    message: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
    readonly bulkhead?: string,
  ) {
    super(message);
  }
}

/**
 * What a `timeoutPolicy` rejects with when the function did not finish in time;
 * the signal handed to the function is aborted with this same error. Its `name`
 * is the web platform's `"TimeoutError"` (as for `AbortSignal.timeout`), so code
 * checking `e.name === "TimeoutError"` recognises it and a context following the
 * aborted signal reports `DeadlineExceeded`.
 *
 * @example
 * ```ts
 * try { await timeoutPolicy(2_000).execute(({ signal }) => fetchReport(signal)); }
 * catch (e) { if (e instanceof TimeoutRejectedError) console.log(`gave up after ${e.ms} ms`); }
 * ```
 */
export class TimeoutRejectedError extends Error {
  /** Always `"TimeoutError"` (the web platform's word). */
  override readonly name = "TimeoutError";

  /**
   * @param message what happened
   * @param ms the time limit that passed
   */
  constructor(
    message: string,
    readonly ms: number,
  ) {
    super(message);
  }
}

/** @internal */
export const openCircuit = (name: string | undefined, retryAt: number): BrokenCircuitError =>
  new BrokenCircuitError(
    `circuit breaker${named(name)} is open: the call was not made (it lets a probe through at clock time ${retryAt})`,
    "open",
    retryAt,
    name,
  );

/** @internal */
export const busyHalfOpen = (name: string | undefined, probes: number): BrokenCircuitError =>
  new BrokenCircuitError(
    `circuit breaker${named(name)} is half-open and its ${probes} probe slot${probes === 1 ? " is" : "s are"} taken: the call was not made`,
    "halfOpen",
    undefined,
    name,
  );

/** @internal */
export const bulkheadFull = (name: string | undefined, maxConcurrent: number, maxQueue: number): BulkheadRejectedError =>
  new BulkheadRejectedError(
    `bulkhead${named(name)} is full (${maxConcurrent} running, ${maxQueue} queued): the call was not made`,
    maxConcurrent,
    maxQueue,
    name,
  );

/** @internal */
export const timedOut = (ms: number): TimeoutRejectedError =>
  new TimeoutRejectedError(`timeout: the call did not finish within ${ms} ms (its signal was aborted)`, ms);
