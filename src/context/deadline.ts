// Contexts with a deadline: withDeadline / withTimeout and their …Cause forms.
//
// The timer is armed at creation and cleared by any cancellation (cancel(),
// `using`, the parent), so a context that is cancelled early leaves no host
// timeout behind. A parent whose deadline comes first makes a timer pointless:
// the child is then a plain cancellable child (Go does the same).

import type { Clock } from "../time/clock.js";
import { defaultClock } from "../time/clock.js";
import { checkMs, pickClock } from "../time/timer-chan.js";
import { checkCtx, show } from "./check.js";
import { cancelChild } from "./derive.js";
import { Canceled } from "./errors.js";
import { CancelCtx, attach, cancel, type Ctx } from "./node.js";
import type { CancelFunc, CancelableContext, Context, DeadlineOptions } from "./types.js";

function make(parent: Ctx, at: number, cause: unknown, clock: Clock): [ctx: CancelableContext, cancel: CancelFunc] {
  const pd = parent.deadline();
  let c: CancelCtx;
  if ((pd !== undefined && pd < at) || at === Infinity) {
    c = cancelChild(parent, "WithCancel");
  } else {
    c = new CancelCtx(parent, at, "WithDeadline");
    attach(parent, c);
    if (c.errValue === undefined) c.arm(clock, at, cause);
  }
  return [c, () => cancel(c, Canceled, undefined)];
}

function checkAt(fn: string, at: unknown): number {
  if (at instanceof Date) {
    const t = at.getTime();
    if (Number.isNaN(t)) throw new RangeError(`${fn}: at must be a valid Date or epoch milliseconds, got Invalid Date`);
    return t;
  }
  if (typeof at !== "number") {
    throw new TypeError(`${fn}: at must be a Date or a number of epoch milliseconds, got ${show(at)}`);
  }
  if (Number.isNaN(at)) throw new RangeError(`${fn}: at must be a Date or a number of epoch milliseconds, got NaN`);
  return at;
}

/**
 * A child of `parent` cancelled with {@link DeadlineExceeded} once `ms`
 * milliseconds have passed (Go's `context.WithTimeout`), or earlier by `cancel()`,
 * `using`, or `parent`. Its deadline is the earlier of `parent`'s and its own; a
 * non-positive `ms` gives a context that is already cancelled, `Infinity` one
 * with no deadline of its own.
 *
 * @example
 * ```ts
 * using ctx = withTimeout(parent, 2_000)[0];
 * const res = await fetch(url, { signal: ctx.signal });
 * ```
 */
export function withTimeout(parent: Context, ms: number, options?: DeadlineOptions): [ctx: CancelableContext, cancel: CancelFunc] {
  return timeout("withTimeout(parent, ms)", parent, ms, undefined, options);
}

/**
 * {@link withTimeout} whose expiry records `cause` (Go's
 * `context.WithTimeoutCause`): when the timer fires, `err()` is
 * {@link DeadlineExceeded} and `cause()` is `cause`. An early `cancel()` still
 * gives {@link Canceled} for both.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeoutCause(parent, 500, new Error("inventory service too slow"));
 * ```
 */
export function withTimeoutCause(
  parent: Context,
  ms: number,
  cause: unknown,
  options?: DeadlineOptions,
): [ctx: CancelableContext, cancel: CancelFunc] {
  return timeout("withTimeoutCause(parent, ms, cause)", parent, ms, cause, options);
}

function timeout(fn: string, parent: unknown, ms: unknown, cause: unknown, options: DeadlineOptions | undefined): [ctx: CancelableContext, cancel: CancelFunc] {
  const p = checkCtx(fn, "parent", parent);
  const d = checkMs(fn, ms);
  const clock = pickClock(fn, options, defaultClock);
  return make(p, clock.now() + d, cause, clock);
}

/**
 * A child of `parent` cancelled with {@link DeadlineExceeded} at time `at` (Go's
 * `context.WithDeadline`): a `Date`, or epoch milliseconds (clock milliseconds on
 * an injected clock). Its deadline is the earlier of `parent`'s and `at`; one in
 * the past gives a context that is already cancelled.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withDeadline(parent, new Date(Date.now() + 60_000));
 * try { await sync(ctx); } finally { cancel(); }
 * ```
 */
export function withDeadline(parent: Context, at: Date | number, options?: DeadlineOptions): [ctx: CancelableContext, cancel: CancelFunc] {
  return deadline("withDeadline(parent, at)", parent, at, undefined, options);
}

/**
 * {@link withDeadline} whose expiry records `cause` (Go's
 * `context.WithDeadlineCause`).
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withDeadlineCause(parent, closesAt, new Error("market closed"));
 * ```
 */
export function withDeadlineCause(
  parent: Context,
  at: Date | number,
  cause: unknown,
  options?: DeadlineOptions,
): [ctx: CancelableContext, cancel: CancelFunc] {
  return deadline("withDeadlineCause(parent, at, cause)", parent, at, cause, options);
}

function deadline(fn: string, parent: unknown, at: unknown, cause: unknown, options: DeadlineOptions | undefined): [ctx: CancelableContext, cancel: CancelFunc] {
  const p = checkCtx(fn, "parent", parent);
  const t = checkAt(fn, at);
  const clock = pickClock(fn, options, defaultClock);
  return make(p, t, cause, clock);
}
