// The option shapes the operators share, and the types a pipeline is made of.

import type { AbortSignalLike } from "../chan/host.js";
import type { Overflow, RecvChan } from "../chan/types.js";
import type { Context } from "../context/types.js";
import type { Clock } from "../time/clock.js";

/**
 * Options every operator takes (its last argument). Aborting `signal`, or
 * cancelling `ctx`, stops the operator: its tasks stop, its outputs close, and
 * whoever reads them downstream sees the abort reason (the context's cause) as
 * the operator's error.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancel(background());
 * const out = map((n: number) => n * 2, { ctx, name: "double" })(range(0, 10));
 * cancel();
 * ```
 */
export interface OperatorOptions {
  /** Stops the operator when it aborts; the reason becomes the operator's error. */
  readonly signal?: AbortSignalLike | undefined;
  /** Stops the operator when cancelled; the cause becomes its error. Also the parent of the context user functions get. */
  readonly ctx?: Context | undefined;
  /** Names the operator's output channels and task in diagnostics (default: the operator's name and a number). */
  readonly name?: string | undefined;
}

/**
 * Options of an operator with a buffered output.
 *
 * @example
 * ```ts
 * map((n: number) => n + 1, { buffer: 64 });
 * map((n: number) => n + 1, { buffer: 1, overflow: "dropOldest" }); // keep only the latest
 * ```
 */
export interface StageOptions extends OperatorOptions {
  /** Capacity of the output channel (default 0: each value is handed over as it is taken). */
  readonly buffer?: number | undefined;
  /** What a full output does (default "block": back-pressure); the others need `buffer` ≥ 1. */
  readonly overflow?: Overflow | undefined;
}

/**
 * Options of the time-based operators.
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * debounce(100, { clock });
 * ```
 */
export interface TimedOptions extends StageOptions {
  /** Where time comes from (default: the clock set with `setClock`). Tests pass `manualClock()`. */
  readonly clock?: Clock | undefined;
}

/**
 * Anything an operator reads: a channel, or an iterable / async iterable (read
 * through `from`, which the operator then owns).
 *
 * @example
 * ```ts
 * const a: Source<number> = [1, 2, 3];
 * const b: Source<number> = chan<number>();
 * ```
 */
export type Source<T> = RecvChan<T> | AsyncIterable<T> | Iterable<T>;

/**
 * A pipeline stage: reads one input, returns its output channel. Stages are
 * curried so they compose with fp-ts `pipe`.
 *
 * @example
 * ```ts
 * const double: Stage<number, number> = map((n: number) => n * 2);
 * const out = double(range(0, 3));
 * ```
 */
export type Stage<A, B> = (input: Source<A>) => RecvChan<B>;

/**
 * A stage that passes values through whatever their type (take, skip,
 * timeout, ...): the input fixes the type, so no type argument is needed.
 *
 * @example
 * ```ts
 * const firstTwo: Passthrough = take(2);
 * const out = firstTwo(of("a", "b", "c")); // RecvChan<string>
 * ```
 */
export type Passthrough = <A>(input: Source<A>) => RecvChan<A>;

