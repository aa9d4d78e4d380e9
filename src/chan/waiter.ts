// The waiter protocol: how an operation that cannot complete now waits for a
// counterpart, and how it stops waiting.
//
// Invariants (everything runs on one thread, so each step below is atomic):
//
//  1. A channel's recv queue is non-empty only while its buffer is empty, and its
//     send queue is non-empty only while its buffer is full. An operation that can
//     complete at once never parks; a counterpart always completes the oldest
//     parked operation first (FIFO), so buffered values, then parked senders' values,
//     leave the channel in the order they were sent.
//  2. Register: an operation parks as one entry in one queue. A select parks one
//     Waiter per enabled case, all sharing a Group. Registering never matches
//     anything: registration only happens after a poll found no case ready, so a
//     select can never rendezvous with itself.
//  3. Commit: a counterpart removes the head entry and completes it, synchronously,
//     in the same step that moves the value. For a grouped waiter, completing it
//     commits the whole group: every sibling is withdrawn before the group's
//     promise settles. Hence every entry in any queue is live: no counterpart ever
//     hands a value to a select that has already chosen another case.
//  4. Withdraw: an abort, or a sibling's commit, unlinks an entry in O(1) and
//     leaves the channel exactly as if the operation had never been issued.
//     Commit and withdraw are exclusive (`parked` flips once): after a commit a
//     late abort is ignored; after a withdraw no value can reach the entry.
//  5. Close completes every parked receiver with `ok: false` and rejects every
//     parked sender with ClosedChannelError carrying its value.
//
// Cost: a plain recv() parks as a bare resolve function (see queue.ts); everything
// that can be withdrawn is a Waiter.

import type { AbortSignalLike } from "./host.js";
import { coarseNow, currentTask, parkStack } from "./registry.js";
import { unwatch, type Abortable } from "./signal.js";
import { wakeLater } from "./wake.js";

/** The channel side of the protocol, as a Waiter needs it. */
export interface Parking {
  /** Unlink `w` from this channel's queue (w is live and queued here). */
  unpark(w: Waiter): void;
}

/** Several waiters that commit as one (a select). */
export interface Group {
  /** Diagnostics for all its waiters: when (coarse), by which task, where (debug mode) it parked. */
  readonly since: number;
  readonly task: string | undefined;
  readonly stack: Error | undefined;
  /** `w` was matched: commit the group through it. */
  fire(w: Waiter, value: unknown, ok: boolean): void;
  /** `w` (a send case) met a closed channel: settle the group with `error`. */
  fail(w: Waiter, error: unknown): void;
}

/** What a waiter's promise resolves to when it completes on its own. */
export const MODE_RECV = 0;
export const MODE_ITER = 1;
export const MODE_SEND = 2;

export class Waiter implements Abortable {
  /** True while registered; flips to false exactly once (commit or withdraw). */
  parked = true;
  /** Whether it is queued at `chan` (false for a waiter on a nil channel). */
  queued = false;
  /** The value to send (send side). */
  value: unknown;
  /** Position of this case in its group. */
  index = 0;
  /** The next case of its group, in case order (a group lists its waiters as a chain). */
  sibling: Waiter | null = null;
  /**
   * Diagnostics: when (coarse), by which task, and where (debug mode) it
   * parked. A select's waiters leave them to their group, which records them
   * once for all its cases (see `origin`).
   */
  readonly since: number;
  readonly task: string | undefined;
  readonly stack: Error | undefined;

  constructor(
    readonly chan: Parking | null,
    readonly mode: number,
    readonly resolve: (v: never) => void,
    readonly reject: ((e: unknown) => void) | null,
    readonly group: Group | null,
    readonly signal: AbortSignalLike | undefined,
  ) {
    if (group === null) {
      this.since = coarseNow();
      this.task = currentTask();
      this.stack = parkStack();
    } else {
      this.since = 0;
      this.task = undefined;
      this.stack = undefined;
    }
  }

  /** What diagnostics report for it: its own record, or its group's. */
  origin(): { readonly since: number; readonly task: string | undefined; readonly stack: Error | undefined } {
    return this.group ?? this;
  }

  /**
   * Receive side matched: hand over `value` (ok=false: channel closed). With
   * `late`, a lone waiter's promise settles from a microtask (wake.ts); the
   * commit itself is always immediate.
   */
  deliver(value: unknown, ok: boolean, late: boolean): void {
    this.parked = false;
    this.queued = false;
    if (this.group !== null) {
      this.group.fire(this, value, ok);
      return;
    }
    if (this.signal !== undefined) unwatch(this.signal, this);
    const r = this.mode === MODE_ITER ? (ok ? { value, done: false } : { value: undefined, done: true }) : { value, ok };
    if (late) wakeLater(this.resolve, r);
    else (this.resolve as (v: unknown) => void)(r);
  }

  /** Send side matched: the value was taken (or moved into the buffer). */
  taken(): void {
    this.parked = false;
    this.queued = false;
    if (this.group !== null) {
      this.group.fire(this, undefined, true);
      return;
    }
    if (this.signal !== undefined) unwatch(this.signal, this);
    (this.resolve as (v: undefined) => void)(undefined);
  }

  /** Send side: the channel closed under it. */
  refuse(error: unknown): void {
    this.parked = false;
    this.queued = false;
    if (this.group !== null) {
      this.group.fail(this, error);
      return;
    }
    if (this.signal !== undefined) unwatch(this.signal, this);
    this.reject!(error);
  }

  /** Stop waiting without settling (a sibling committed, or an abort). */
  withdraw(): void {
    if (!this.parked) return;
    this.parked = false;
    if (this.queued) {
      this.queued = false;
      this.chan!.unpark(this);
    }
  }

  /** Abortable: withdraw, then reject with the signal's reason. */
  abort(reason: unknown): void {
    if (!this.parked) return;
    this.withdraw();
    this.reject!(reason);
  }
}

/**
 * A plain parked send — no signal, no select, not in debug mode — kept to a few
 * fields because it is the common case (every hand-off in one direction of a
 * ping-pong parks one). It is never withdrawn, only taken or refused.
 */
export class PlainSend {
  parked = true;
  queued = true;
  readonly since: number;

  constructor(
    readonly value: unknown,
    private readonly resolve: (v: undefined) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.since = coarseNow();
  }

  taken(): void {
    this.parked = false;
    this.resolve(undefined);
  }

  refuse(error: unknown): void {
    this.parked = false;
    this.reject(error);
  }
}

