// Parked sync operations: a FIFO with O(1) push, shift and withdraw.
//
// Each waiter is its own list node (an intrusive doubly linked list), so an
// abort unlinks it in O(1) wherever it sits and a long queue never keeps dead
// entries. Aborts go through ../chan/signal.ts, which shares one "abort"
// listener per AbortSignal however many operations park on it.
//
// Protocol (one thread, so each step is atomic):
//  - Grant: the primitive shifts the waiter and calls grant(): `parked` flips to
//    false, its signals are unwatched, its promise resolves. A late abort is
//    ignored.
//  - Abort: `parked` flips to false, the promise rejects with the signal's
//    reason, then the primitive's `withdraw` unlinks it and does whatever its
//    absence allows (e.g. a semaphore serving smaller requests behind it).
//  - A waiter whose signal aborted but whose turn comes before the abort has
//    been delivered (an abort listener that grants, running inside another
//    signal's fan-out) is refused, never granted: `live()` drops it.
//
// Diagnostics: a list is linked into the registry (../chan/registry.ts) while
// it is non-empty and lists one record per waiter on demand, so parking costs
// two pointer writes per empty/non-empty transition and three field reads.

import type { AbortSignalLike } from "../chan/host.js";
import { coarseNow, currentTask, epochOf, parkStack, siteText, track, untrack, type ParkedOp, type Tracked } from "../chan/registry.js";
import { unwatch, watch, type Abortable } from "../chan/signal.js";
import { isAborted, reasonOf, type Signals } from "./check.js";

/** The primitive a waiter belongs to. */
export interface Owner {
  /** Unlink aborted waiter `w` (it is no longer parked) and react to its absence. */
  withdraw(w: Parked): void;
}

export class Parked implements Abortable, Signals {
  prev: Parked | null = null;
  next: Parked | null = null;
  /** True until granted, aborted or refused. */
  parked = true;
  /** Diagnostics: when (coarse), by which task, and where (debug mode) it parked. */
  readonly since = coarseNow();
  readonly task = currentTask();
  readonly stack = parkStack();

  constructor(
    readonly owner: Owner,
    /** Permits (Semaphore), or the kind of waiter (RWMutex). */
    readonly weight: number,
    readonly resolve: () => void,
    readonly reject: (reason: unknown) => void,
    readonly s1: AbortSignalLike | undefined,
    readonly s2: AbortSignalLike | undefined,
  ) {}

  /** Listen to the signals (after the waiter is queued). */
  arm(): void {
    if (this.s1 !== undefined) watch(this.s1, this);
    if (this.s2 !== undefined) watch(this.s2, this);
  }

  /** Its turn came: it now holds what it waited for. */
  grant(): void {
    this.parked = false;
    this.disarm();
    this.resolve();
  }

  /** Abortable: withdraw (if still parked) and reject with `reason`. */
  abort(reason: unknown): void {
    if (!this.parked) return;
    this.parked = false;
    this.disarm();
    // Reject first, so the abort settles before whatever its absence lets through.
    this.reject(reason);
    this.owner.withdraw(this);
  }

  /** Already unlinked by the primitive: reject with the reason of its aborted signal. */
  refuse(): void {
    this.parked = false;
    this.disarm();
    this.reject(reasonOf(this));
  }

  private disarm(): void {
    if (this.s1 !== undefined) unwatch(this.s1, this);
    if (this.s2 !== undefined) unwatch(this.s2, this);
  }
}

/** True if `w`'s signal has aborted (its abort may not have been delivered yet). */
export const stale = (w: Parked): boolean => (w.s1 !== undefined || w.s2 !== undefined) && isAborted(w);

/** ` "name"` after a primitive's kind, as diagnostics label it: `Mutex "db"`. */
export const label = (kind: string, name: string | undefined): string => (name === undefined ? kind : `${kind} "${name}"`);

export class ParkedList implements Tracked {
  head: Parked | null = null;
  tail: Parked | null = null;
  size = 0;
  tprev: Tracked | null = null;
  tnext: Tracked | null = null;
  since = 0;

  /**
   * @param op what its waiters are doing, for diagnostics ("lock", "rlock", "acquire", "wait").
   * @param on what diagnostics call the owner, e.g. `Mutex "db"`.
   */
  constructor(
    readonly op = "wait",
    readonly on = "sync",
  ) {}

  push(w: Parked): void {
    if (this.size === 0) track(this);
    w.prev = this.tail;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
    this.size++;
  }

  /** Remove and return the head (the caller checked `head !== null`). */
  shift(): Parked {
    const w = this.head!;
    this.remove(w);
    return w;
  }

  /** Unlink `w`, which is in this list. */
  remove(w: Parked): void {
    if (w.prev === null) this.head = w.next;
    else w.prev.next = w.next;
    if (w.next === null) this.tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = null;
    w.next = null;
    if (--this.size === 0) untrack(this);
  }

  /** The oldest waiter that may still be granted, refusing stale ones ahead of it. */
  live(): Parked | null {
    let w = this.head;
    while (w !== null && stale(w)) {
      this.remove(w);
      w.refuse();
      w = this.head;
    }
    return w;
  }

  /** Waiters, oldest first (for diagnostics). */
  toArray(): Parked[] {
    const out: Parked[] = [];
    for (let w = this.head; w !== null; w = w.next) out.push(w);
    return out;
  }

  /** Tracked: one record per waiter, oldest first. */
  list(out: ParkedOp[]): void {
    for (let w = this.head; w !== null; w = w.next) {
      out.push({ op: this.op, on: this.on, since: epochOf(w.since), task: w.task, stack: siteText(w.stack), group: undefined });
    }
  }
}
