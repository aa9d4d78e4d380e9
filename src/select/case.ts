// A send case for select: `send(ch, value)`. A channel alone is a receive case.

import { Channel } from "../chan/chan.js";
import type { SendChan } from "../chan/types.js";
import { describe } from "../chan/describe.js";

declare const sendCaseBrand: unique symbol;

/**
 * Any send case, whatever its value type (what `select` accepts).
 *
 * @example
 * ```ts
 * const c: AnySendCase = send(chan<string>(1), "hi");
 * ```
 */
export interface AnySendCase {
  /** @internal */
  readonly [sendCaseBrand]: true;
}

/**
 * A send case of a select, made by {@link send}.
 *
 * @example
 * ```ts
 * const out: SendCase<number> = send(results, 42);
 * ```
 */
export class SendCase<T> implements AnySendCase {
  /** @internal */
  declare readonly [sendCaseBrand]: true;
  /** @internal Typed loosely so that SendCase is covariant in T, like its value. */
  readonly ch: Channel<unknown>;
  /** The value this case sends if it is chosen. */
  readonly value: T;

  /** @internal */
  constructor(ch: Channel<unknown>, value: T) {
    this.ch = ch;
    this.value = value;
  }
}

/**
 * A select case that sends `value` on `ch` (Go's `case ch <- value:`). If the
 * select picks another case, nothing is sent.
 *
 * @example
 * ```ts
 * const r = await select({ out: send(results, x), quit: ctx.done });
 * if (r.case === "out") console.log("delivered", x);
 * ```
 */
export function send<T>(ch: SendChan<T>, value: NoInfer<T>): SendCase<T> {
  if (!(ch instanceof Channel)) {
    throw new TypeError(`send(ch, value): ch must be a channel made by chan(), got ${describe(ch)}`);
  }
  return new SendCase(ch as Channel<unknown>, value);
}
