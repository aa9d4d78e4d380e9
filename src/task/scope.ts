// The context a task (or a group) hands to its functions: a child of the
// caller's context that also follows the caller's AbortSignal, and that is
// cancelled when the task ends — so whatever the task started with it stops
// too, and the parent is left holding nothing.

import type { AbortSignalLike } from "../chan/host.js";
import { unwatch, watch, type Abortable } from "../chan/signal.js";
import { cancelChild } from "../context/derive.js";
import { Canceled } from "../context/errors.js";
import { cancel, errorFor, type CancelCtx, type Ctx } from "../context/node.js";

export class Scope implements Abortable {
  readonly ctx: CancelCtx;

  constructor(
    parent: Ctx,
    kind: string,
    private readonly signal: AbortSignalLike | undefined,
  ) {
    this.ctx = cancelChild(parent, kind);
    if (signal === undefined) return;
    if (signal.aborted) this.abort(signal.reason);
    else watch(signal, this);
  }

  /** The signal aborted: cancel as `fromSignal` would (a TimeoutError reason is DeadlineExceeded). */
  abort(reason: unknown): void {
    cancel(this.ctx, errorFor(reason), reason);
  }

  /** Cancel with `cause` (the first cancellation wins); the scope goes on until `end`. */
  cancel(cause?: unknown): void {
    cancel(this.ctx, Canceled, cause);
  }

  /** The scope is over: cancel (with `cause`, if any) and drop the signal's listener. */
  end(cause?: unknown): void {
    if (this.signal !== undefined) unwatch(this.signal, this);
    cancel(this.ctx, Canceled, cause);
  }
}
