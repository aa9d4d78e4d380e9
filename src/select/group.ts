// A parked select: one Waiter per enabled case, committing as one (see the
// protocol in ../chan/waiter.ts). The first case matched wins; the rest are
// withdrawn before the select's promise settles.

import type { AbortSignalLike } from "../chan/host.js";
import { unwatch, type Abortable } from "../chan/signal.js";
import { MODE_SEND, type Group, type Waiter } from "../chan/waiter.js";

export class SelectGroup implements Group, Abortable {
  readonly waiters: Waiter[] = [];
  private done = false;

  constructor(
    private readonly keys: readonly string[] | null,
    private readonly resolve: (r: unknown) => void,
    private readonly reject: (e: unknown) => void,
    private readonly signal: AbortSignalLike | undefined,
  ) {}

  fire(w: Waiter, value: unknown, ok: boolean): void {
    if (!this.settle(w)) return;
    const key = this.keys === null ? w.index : this.keys[w.index];
    this.resolve(w.mode === MODE_SEND ? { case: key } : { case: key, value, ok });
  }

  fail(w: Waiter, error: unknown): void {
    if (this.settle(w)) this.reject(error);
  }

  abort(reason: unknown): void {
    if (this.settle(null)) this.reject(reason);
  }

  /** Mark done and withdraw every waiter but `winner`; false if already done. */
  private settle(winner: Waiter | null): boolean {
    if (this.done) return false;
    this.done = true;
    for (const w of this.waiters) if (w !== winner) w.withdraw();
    if (this.signal !== undefined) unwatch(this.signal, this);
    return true;
  }
}
