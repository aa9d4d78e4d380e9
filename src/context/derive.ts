// The root and the contexts derived without a deadline.

import { checkCtx, show } from "./check.js";
import { Canceled } from "./errors.js";
import { CancelCtx, DetachedCtx, EmptyCtx, ValueCtx, attach, cancel, type Ctx } from "./node.js";
import type { CancelCauseFunc, CancelFunc, CancelableContext, Context, ContextKey } from "./types.js";

const BACKGROUND = new EmptyCtx();

/**
 * The root context (Go's `context.Background()`): never cancelled, no deadline,
 * no values. Its `done` is a nil channel; derive from it with the `with…`
 * functions.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 30_000);
 * ```
 */
export function background(): Context {
  return BACKGROUND;
}

/** A fresh child of `parent` with no deadline of its own. @internal */
export function cancelChild(parent: Ctx, kind: string): CancelCtx {
  const c = new CancelCtx(parent, parent.deadline(), kind);
  attach(parent, c);
  return c;
}

/**
 * A child of `parent` cancelled by `cancel()`, by `using` at scope exit, or when
 * `parent` is (Go's `context.WithCancel`). Call `cancel` as soon as the work is
 * done: it also removes the child from its parent.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancel(parent);
 * try {
 *   await Promise.all(workers.map((w) => w(ctx)));
 * } finally {
 *   cancel();
 * }
 * ```
 */
export function withCancel(parent: Context): [ctx: CancelableContext, cancel: CancelFunc] {
  const c = cancelChild(checkCtx("withCancel(parent)", "parent", parent), "WithCancel");
  return [c, () => cancel(c, Canceled, undefined)];
}

/**
 * Like {@link withCancel}, but `cancel(cause)` records why (Go's
 * `context.WithCancelCause`): `err()` is {@link Canceled}, `cause()` is the
 * cause. The first cause wins.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancelCause(parent);
 * socket.on("close", () => cancel(new Error("peer went away")));
 * // later: ctx.err() === Canceled, ctx.cause().message === "peer went away"
 * ```
 */
export function withCancelCause(parent: Context): [ctx: CancelableContext, cancel: CancelCauseFunc] {
  const c = cancelChild(checkCtx("withCancelCause(parent)", "parent", parent), "WithCancelCause");
  return [c, (cause?: unknown) => cancel(c, Canceled, cause)];
}

/**
 * A child of `parent` that also carries `key → value` (Go's
 * `context.WithValue`); `ctx.value(key)` finds the nearest one up the chain.
 * Keys compare by identity: prefer {@link contextKey} keys, which type the value
 * and cannot collide. `undefined` and `null` are not keys.
 *
 * @example
 * ```ts
 * const traceId = contextKey<string>("traceId");
 * const ctx = withValue(parent, traceId, "4bf92f35");
 * ctx.value(traceId); // "4bf92f35" (string | undefined)
 * ```
 */
export function withValue<K>(parent: Context, key: K, value: K extends ContextKey<infer T> ? T : unknown): Context {
  const p = checkCtx("withValue(parent, key, value)", "parent", parent);
  if (key === undefined || key === null) {
    throw new TypeError(`withValue(parent, key, value): key must not be ${show(key)} (make one with contextKey<T>(name))`);
  }
  return new ValueCtx(p, key, value);
}

/**
 * A context with `parent`'s values but none of its cancellation (Go's
 * `context.WithoutCancel`): never cancelled, no deadline, `done` never closes.
 * For work that must outlive the request that started it (an audit write, a
 * cache fill).
 *
 * @example
 * ```ts
 * const bg = withoutCancel(requestCtx);   // keeps traceId etc.
 * void flushAudit(bg);                    // not cut short when the request ends
 * ```
 */
export function withoutCancel(parent: Context): Context {
  return new DetachedCtx(checkCtx("withoutCancel(parent)", "parent", parent));
}
