// The constructors users call: chan() and nil(), with their argument checks.

import { Channel, OVERFLOWS } from "./chan.js";
import { NilChannel } from "./nil.js";
import { badArg, describe } from "./describe.js";
import type { Chan, ChanOptions, Overflow } from "./types.js";

const POLICIES: readonly Overflow[] = ["block", "dropOldest", "dropNewest", "error"];


/**
 * Make a channel (Go's `make(chan T, capacity)`). `capacity` 0 (the default) is
 * an unbuffered rendezvous channel: a send completes only when a receiver takes
 * the value.
 *
 * @example
 * ```ts
 * const done = chan<void>();             // unbuffered
 * const jobs = chan<Job>(16);            // buffered, back-pressure when full
 * const latest = chan<number>(1, { overflow: "dropOldest" });
 * ```
 */
export function chan<T>(capacity = 0, options?: ChanOptions<T>): Chan<T> {
  const at = "chan(capacity, options): ";
  if (typeof capacity !== "number") throw badArg(`${at}capacity`, "a number (a non-negative integer)", capacity);
  if (!Number.isInteger(capacity) || capacity < 0) throw badArg(`${at}capacity`, "a non-negative integer", capacity, true);
  // No options is the common case, and checking absent options is not free
  // (measured: ~10% of the instructions of a loop that makes a channel per select).
  if (options === undefined) return new Channel<T>(capacity, OVERFLOWS.block, undefined, undefined);
  if (options === null || typeof options !== "object") throw badArg(`${at}options`, "an object", options);
  const overflow: unknown = options.overflow ?? "block";
  // An own key only: `"toString" in OVERFLOWS` is true.
  if (typeof overflow !== "string" || !Object.hasOwn(OVERFLOWS, overflow)) {
    throw badArg(`${at}options.overflow`, `one of "${POLICIES.join('", "')}"`, overflow, true);
  }
  if (capacity === 0 && overflow !== "block") {
    throw new RangeError(`${at}options.overflow "${overflow}" needs a buffer, but capacity is 0 (give it a capacity ≥ 1)`);
  }
  const name = options.name;
  if (name !== undefined && typeof name !== "string") throw badArg(`${at}options.name`, "a string", name);
  const onDrop = options.onDrop;
  if (onDrop !== undefined && typeof onDrop !== "function") throw badArg(`${at}options.onDrop`, "a function", onDrop);
  return new Channel<T>(capacity, OVERFLOWS[overflow as Overflow], name, onDrop);
}

/**
 * A nil channel: it never becomes ready. Sends and receives on it wait forever
 * (until their signal aborts); as a select case it never fires. Useful to switch a
 * case off while keeping the select's shape, as in Go.
 *
 * @example
 * ```ts
 * let input: RecvChan<number> = source;
 * // later, once `source` is drained:
 * input = nil<number>();   // this case of the select below never fires again
 * const r = await select({ v: input, quit: done });
 * ```
 */
export function nil<T>(name?: string): Chan<T> {
  return new NilChannel<T>(name);
}

/**
 * True if `value` is a cspkit channel (of any direction).
 *
 * @example
 * ```ts
 * if (isChan(x)) await x.recv();
 * ```
 */
export function isChan(value: unknown): value is Chan<unknown> {
  return value instanceof Channel;
}

/**
 * What {@link channelState} reports.
 *
 * @example
 * ```ts
 * const { len, cap, senders, receivers } = channelState(ch);
 * ```
 */
export interface ChannelState {
  /** Values in the buffer. */
  len: number;
  /** Buffer capacity. */
  cap: number;
  /** Whether close() was called. */
  closed: boolean;
  /** Parked senders, select send cases included. */
  senders: number;
  /** Parked receivers, select receive cases and iterators included. */
  receivers: number;
  /** Values discarded by a dropping overflow policy so far. */
  dropped: number;
}

/**
 * A snapshot of a channel's internals, for tests and diagnostics: buffered values,
 * parked senders and receivers (select cases included), and values dropped by an
 * overflow policy.
 *
 * @example
 * ```ts
 * expect(channelState(quiet).receivers).toBe(0); // no select left a waiter behind
 * ```
 */
export function channelState(ch: { readonly len: number }): ChannelState {
  if (!(ch instanceof Channel)) throw new TypeError(`channelState(ch): ch must be a channel made by chan(), got ${describe(ch)}`);
  const c = ch as Channel<unknown>;
  return { len: c.len, cap: c.cap, closed: c.isClosed, senders: c.sendq.size, receivers: c.recvq.size, dropped: c.dropped };
}
