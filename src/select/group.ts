// A parked select: one Waiter per enabled case, committing as one (see the
// protocol in ../chan/waiter.ts). The first case matched wins; the rest are
// withdrawn before the select's promise settles.

import type { AbortSignalLike } from "../chan/host.js";
import { coarseNow, currentTask, epochOf, parkStack, siteText, track, untrack, type ParkedOp, type Tracked } from "../chan/registry.js";
import { unwatch, type Abortable } from "../chan/signal.js";
import { MODE_SEND, type Group, type Waiter } from "../chan/waiter.js";

export class SelectGroup implements Group, Abortable, Tracked {
  /** The first of its waiters, one per enabled case, chained through `sibling` in case order. */
  first: Waiter | null = null;
  private done = false;
  // Tracked: only a select with no enabled case registers itself (Go's
  // `select {}`); otherwise its cases are listed by their channels' queues.
  tprev: Tracked | null = null;
  tnext: Tracked | null = null;
  /** When (coarse), by which task and where (debug mode) it parked: for all its cases. */
  since = coarseNow();
  readonly task = currentTask();
  readonly stack = parkStack();

  constructor(
    private readonly keys: readonly string[] | null,
    private readonly resolve: (r: unknown) => void,
    private readonly reject: (e: unknown) => void,
    private readonly signal: AbortSignalLike | undefined,
  ) {}

  /** Its waiters in case order (for diagnostics). */
  cases(): Waiter[] {
    const out: Waiter[] = [];
    for (let w = this.first; w !== null; w = w.sibling) out.push(w);
    return out;
  }

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

  /** Park with no case at all: visible to diagnostics until aborted. */
  parkEmpty(): void {
    track(this);
  }

  list(out: ParkedOp[]): void {
    out.push({ op: "select", on: "no cases", since: epochOf(this.since), task: this.task, stack: siteText(this.stack), group: this });
  }

  /** Mark done and withdraw every waiter but `winner`; false if already done. */
  private settle(winner: Waiter | null): boolean {
    if (this.done) return false;
    this.done = true;
    if (this.first === null) untrack(this);
    for (let w = this.first; w !== null; w = w.sibling) if (w !== winner) w.withdraw();
    if (this.signal !== undefined) unwatch(this.signal, this);
    return true;
  }
}
