// Errors the engine raises. Messages use Go's words, then say what to do next.

const named = (name: string | undefined): string => (name === undefined ? "" : ` "${name}"`);

/**
 * A send on (or a close of) a closed channel. Go panics here; cspkit rejects the
 * send (or throws from `trySend` / `close`). The unsent value travels in `value`,
 * so nothing is lost silently.
 *
 * @example
 * ```ts
 * try { await ch.send(job); }
 * catch (e) { if (e instanceof ClosedChannelError) requeue(e.value); }
 * ```
 */
export class ClosedChannelError<T = unknown> extends Error {
  /** Always `"ClosedChannelError"`. */
  override readonly name = "ClosedChannelError";

  /**
   * @param message what happened
   * @param value the value that could not be sent (`undefined` for a double close)
   * @param channel the channel's `name` option, if it had one
   */
  constructor(
    message: string,
    readonly value?: T,
    readonly channel?: string,
  ) {
    super(message);
  }
}

/**
 * A send to a full channel created with `overflow: "error"` (fail fast instead of
 * waiting). The rejected value travels in `value`.
 *
 * @example
 * ```ts
 * const events = chan<Event>(64, { overflow: "error" });
 * try { await events.send(e); } catch (err) { if (err instanceof ChannelFullError) shed(err.value); }
 * ```
 */
export class ChannelFullError<T = unknown> extends Error {
  /** Always `"ChannelFullError"`. */
  override readonly name = "ChannelFullError";

  /**
   * @param message what happened
   * @param value the value that was not accepted
   * @param channel the channel's `name` option, if it had one
   */
  constructor(
    message: string,
    readonly value: T,
    readonly channel?: string,
  ) {
    super(message);
  }
}

/** @internal */
export const sendOnClosed = <T>(value: T, name: string | undefined): ClosedChannelError<T> =>
  new ClosedChannelError(`send on closed channel${named(name)}: close only after the last send (error.value holds the value)`, value, name);

/** @internal */
export const closeOfClosed = (name: string | undefined): ClosedChannelError =>
  new ClosedChannelError(`close of closed channel${named(name)}: close once, from the sending side`, undefined, name);

/** @internal */
export const fullChannel = <T>(value: T, cap: number, name: string | undefined): ChannelFullError<T> =>
  new ChannelFullError(`send on full channel${named(name)} (capacity ${cap}, overflow "error"): error.value holds the value`, value, name);
