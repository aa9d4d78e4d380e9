// The constructors users call: chan() and nil(), with their argument checks.

import { Channel, OVERFLOWS } from "./chan.js";
import { NilChannel } from "./nil.js";
import { describe } from "./describe.js";
import type { Chan, ChanOptions, Overflow } from "./types.js";

const POLICIES: readonly Overflow[] = ["block", "dropOldest", "dropNewest", "error"];

const show = describe;

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
  if (typeof capacity !== "number") {
    throw new TypeError(`chan(capacity): capacity must be a number (a non-negative integer), got ${show(capacity)}`);
  }
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new RangeError(`chan(capacity): capacity must be a non-negative integer, got ${show(capacity)}`);
  }
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`chan(capacity, options): options must be an object, got ${show(options)}`);
  }
  const overflow = options?.overflow ?? "block";
  if (!POLICIES.includes(overflow)) {
    throw new RangeError(
      `chan(capacity, options): options.overflow must be one of ${POLICIES.map((p) => `"${p}"`).join(", ")}, got ${show(overflow)}`,
    );
  }
  if (capacity === 0 && overflow !== "block") {
    throw new RangeError(
      `chan(capacity, options): options.overflow "${overflow}" needs a buffer, but capacity is 0 (an unbuffered channel has nothing to drop; give it a capacity ≥ 1)`,
    );
  }
  const name = options?.name;
  if (name !== undefined && typeof name !== "string") {
    throw new TypeError(`chan(capacity, options): options.name must be a string, got ${show(name)}`);
  }
  const onDrop = options?.onDrop;
  if (onDrop !== undefined && typeof onDrop !== "function") {
    throw new TypeError(`chan(capacity, options): options.onDrop must be a function, got ${show(onDrop)}`);
  }
  return new Channel<T>(capacity, OVERFLOWS[overflow], name, onDrop);
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
 * A snapshot of a channel's internals, for tests and diagnostics: buffered values,
 * parked senders and receivers (select cases included), and values dropped by an
 * overflow policy.
 *
 * @example
 * ```ts
 * expect(channelState(quiet).receivers).toBe(0); // no select left a waiter behind
 * ```
 */
export function channelState(ch: { readonly len: number }): {
  len: number;
  cap: number;
  closed: boolean;
  senders: number;
  receivers: number;
  dropped: number;
} {
  if (!(ch instanceof Channel)) throw new TypeError(`channelState(ch): ch must be a channel made by chan(), got ${show(ch)}`);
  const c = ch as Channel<unknown>;
  return { len: c.len, cap: c.cap, closed: c.isClosed, senders: c.sendq.size, receivers: c.recvq.size, dropped: c.dropped };
}
