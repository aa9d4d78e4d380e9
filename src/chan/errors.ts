// Errors the engine raises. Messages use Go's words, then say what to do next.

const describe = (name: string | undefined): string => (name === undefined ? "" : ` "${name}"`);

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
  override readonly name = "ClosedChannelError";
  /** The value that could not be sent (`undefined` for a double close). */
  readonly value: T | undefined;
  /** The channel's `name` option, if it had one. */
  readonly channel: string | undefined;

  constructor(message: string, value?: T, channel?: string) {
    super(message);
    this.value = value;
    this.channel = channel;
  }
}

/** @internal */
export const sendOnClosed = <T>(value: T, name: string | undefined): ClosedChannelError<T> =>
  new ClosedChannelError(
    `send on closed channel${describe(name)} (the unsent value is in error.value; only the sending side should close, after its last send)`,
    value,
    name,
  );

/** @internal */
export const closeOfClosed = (name: string | undefined): ClosedChannelError =>
  new ClosedChannelError(
    `close of closed channel${describe(name)} (close exactly once, from the side that sends; check ch.closed if ownership is shared)`,
    undefined,
    name,
  );

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
  override readonly name = "ChannelFullError";
  /** The value that was not accepted. */
  readonly value: T;
  /** The channel's `name` option, if it had one. */
  readonly channel: string | undefined;

  constructor(value: T, capacity: number, channel?: string) {
    super(
      `send on full channel${describe(channel)} (capacity ${capacity}, overflow "error"; the value is in error.value — receive faster, enlarge the buffer, or pick overflow "block")`,
    );
    this.value = value;
    this.channel = channel;
  }
}
