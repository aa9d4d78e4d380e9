// afterFunc(): run a callback once a context is cancelled (Go's context.AfterFunc).

import { checkCtx, show } from "./check.js";
import { AfterFuncEntry, PENDING, STOPPED, attach, detach } from "./node.js";
import type { Context } from "./types.js";

/**
 * Arrange for `fn` to run once, on its own (in a microtask: Go runs it in a new
 * goroutine), after `ctx` is cancelled — at once if it already is. Returns `stop`,
 * which unregisters `fn` and returns `true` if that prevented the run; `false` if
 * `fn` had already been started (or `stop` was called before). On a context that
 * can never be cancelled, `fn` never runs. A throw in `fn` surfaces as an
 * unhandled rejection.
 *
 * @example
 * ```ts
 * const stop = afterFunc(ctx, () => conn.close());
 * try { await talk(conn); } finally { stop(); }
 * ```
 */
export function afterFunc(ctx: Context, fn: () => void): () => boolean {
  const c = checkCtx("afterFunc(ctx, fn)", "ctx", ctx);
  if (typeof fn !== "function") throw new TypeError(`afterFunc(ctx, fn): fn must be a function, got ${show(fn)}`);
  const entry = new AfterFuncEntry(fn);
  attach(c, entry);
  return () => {
    if (entry.state !== PENDING) return false;
    entry.state = STOPPED;
    detach(entry);
    return true;
  };
}
