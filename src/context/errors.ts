// Go's two context errors. They are sentinels: compare with `===`, never by
// message. Their `name`s follow the web platform's words for the same two events
// ("AbortError", "TimeoutError"), so code that already tells an aborted fetch from
// a failed one (`e.name === "AbortError"`) recognises a cancelled context too.

function sentinel(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  // A sentinel is made once, at import: a stack would point there, which only misleads.
  e.stack = `${name}: ${message}`;
  return e;
}

/**
 * What `ctx.err()` returns once a context was cancelled (Go's `context.Canceled`):
 * by its `cancel` function, by `using` at scope exit, by its parent, or by the
 * signal it follows. A singleton: compare with `===`. Message "context canceled",
 * `name` "AbortError".
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancel(background());
 * cancel();
 * ctx.err() === Canceled; // true
 * ```
 */
export const Canceled: Error = sentinel("AbortError", "context canceled");

/**
 * What `ctx.err()` returns once a context's deadline passed (Go's
 * `context.DeadlineExceeded`). A singleton: compare with `===`. Message
 * "context deadline exceeded", `name` "TimeoutError".
 *
 * @example
 * ```ts
 * const [ctx] = withTimeout(background(), 0);
 * ctx.err() === DeadlineExceeded; // true: a deadline already past cancels at once
 * ```
 */
export const DeadlineExceeded: Error = sentinel("TimeoutError", "context deadline exceeded");
