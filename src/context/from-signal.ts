// fromSignal(): a context that follows an AbortSignal.

import type { AbortSignalLike } from "../chan/host.js";
import { watch } from "../chan/signal.js";
import { isSignal, show } from "./check.js";
import { CancelCtx, SignalLink, cancel, errorFor } from "./node.js";
import type { CancelableContext } from "./types.js";

/**
 * A root context cancelled when `signal` aborts, with `signal.reason` as its
 * cause; already cancelled if `signal` already is. `err()` is
 * {@link DeadlineExceeded} when the reason is a `TimeoutError` (as from
 * `AbortSignal.timeout`), else {@link Canceled}. However many contexts follow one
 * signal, it carries a single listener, removed when they are cancelled —
 * disposing the context (`using`) releases it early.
 *
 * @example
 * ```ts
 * server.on("request", async (req, res) => {
 *   using ctx = fromSignal(req.signal);
 *   res.end(await render(ctx));
 * });
 * ```
 */
export function fromSignal(signal: AbortSignalLike): CancelableContext {
  if (!isSignal(signal)) {
    throw new TypeError(`fromSignal(signal): signal must be an AbortSignal, got ${show(signal)}`);
  }
  const c = new CancelCtx(null, undefined, "FromSignal");
  if (signal.aborted) {
    cancel(c, errorFor(signal.reason), signal.reason);
    return c;
  }
  const link = new SignalLink(c, signal);
  c.link = link;
  watch(signal, link);
  return c;
}
