// A FIFO of parked operations with O(1) push, shift and withdraw.
//
// Memory matters here: an idle receiver should cost little more than the promise
// it waits on. So a plain `recv()` with no signal parks as its bare resolve
// function (it can only be completed, never withdrawn), and the first entry
// lives inline in `head`, so a queue of one allocates nothing. Entries that can
// be withdrawn (select cases, ops with a signal, iterators) are Waiter objects.
//
// Withdrawing the head or the tail is immediate. Withdrawing from the middle
// leaves a tombstone (the waiter is no longer `parked`) that shift() skips; when
// tombstones outnumber live entries the array is compacted, so withdraw stays
// O(1) amortised and a long-lived channel never accumulates dead waiters.

import { epochOf, siteText, track, untrack, type ParkedOp, type Tracked } from "./registry.js";
import { MODE_SEND, PlainSend, type Waiter } from "./waiter.js";

/** A parked plain receiver: called once with the result. */
export type BareReceiver = (result: { value: unknown; ok: boolean }) => void;

/** One parked operation in a channel's queue. */
export type Entry = Waiter | BareReceiver | PlainSend;

const isLive = (e: Entry): boolean => typeof e === "function" || e.parked;

const COMPACT_MIN = 32;

export class WaitQueue implements Tracked {
  tprev: Tracked | null = null;
  tnext: Tracked | null = null;
  since = 0;
  /** The oldest live entry, or null when the queue is empty. */
  head: Entry | null = null;
  /** Entries after the head, from `off`; may hold tombstones. */
  private rest: Entry[] | null = null;
  private off = 0;
  private dead = 0;
  /** Live entries, head included. */
  size = 0;

  /** @param on what diagnostics call the owner, e.g. `chan "jobs"`. */
  constructor(readonly on: string) {}

  push(e: Entry): void {
    if (this.size++ === 0) {
      this.head = e;
      track(this); // registry.ts: a queue is listed while non-empty
      return;
    }
    if (this.rest === null) this.rest = [e];
    else this.rest.push(e);
  }

  /** Remove and return the head (the caller checked `head !== null`). */
  shift(): Entry {
    const e = this.head!;
    if (--this.size === 0) untrack(this);
    this.promote();
    return e;
  }

  /** Remove `w` wherever it is. `w` must be live and in this queue. */
  remove(w: Waiter): void {
    if (--this.size === 0) untrack(this);
    if (this.head === w) {
      this.promote();
      return;
    }
    const rest = this.rest!;
    if (rest[rest.length - 1] === w) {
      rest.pop();
      this.trimTail();
      return;
    }
    // The caller has already marked `w` not parked: it is now a tombstone.
    if (++this.dead >= COMPACT_MIN && this.dead > this.size) this.compact();
  }

  /**
   * Empty the queue and return its live entries, oldest first (for close). Each
   * Waiter is marked not queued, so a sibling withdrawn while the caller settles
   * the list does not touch this (already empty) queue.
   */
  drain(): Entry[] {
    const out = this.toArray();
    for (const e of out) if (typeof e !== "function") e.queued = false;
    if (this.size !== 0) untrack(this);
    this.head = null;
    this.rest = null;
    this.off = 0;
    this.dead = 0;
    this.size = 0;
    return out;
  }

  /** Live entries, oldest first, without removing them. */
  toArray(): Entry[] {
    const out: Entry[] = [];
    if (this.head !== null) out.push(this.head);
    if (this.rest !== null) {
      for (let i = this.off; i < this.rest.length; i++) {
        const e = this.rest[i]!;
        if (isLive(e)) out.push(e);
      }
    }
    return out;
  }

  /** Tracked: one record per parked operation. */
  list(out: ParkedOp[]): void {
    for (const e of this.toArray()) {
      if (typeof e === "function") {
        out.push({ op: "recv", on: this.on, since: epochOf(this.since), task: undefined, stack: undefined, group: undefined });
      } else if (e instanceof PlainSend) {
        out.push({ op: "send", on: this.on, since: epochOf(e.since), task: undefined, stack: undefined, group: undefined });
      } else {
        const o = e.origin();
        out.push({
          op: e.mode === MODE_SEND ? "send" : "recv",
          on: this.on,
          since: epochOf(o.since),
          task: o.task,
          stack: siteText(o.stack),
          group: e.group ?? undefined,
        });
      }
    }
  }

  private promote(): void {
    const rest = this.rest;
    this.head = null;
    if (rest === null) return;
    while (this.off < rest.length) {
      const e = rest[this.off]!;
      rest[this.off++] = undefined as unknown as Entry;
      if (isLive(e)) {
        this.head = e;
        break;
      }
      this.dead--;
    }
    if (this.off === rest.length) {
      this.rest = null;
      this.off = 0;
      this.dead = 0;
    } else if (this.off >= 1024 && this.off * 2 >= rest.length) {
      this.rest = rest.slice(this.off);
      this.off = 0;
    }
  }

  private trimTail(): void {
    const rest = this.rest!;
    while (rest.length > this.off && !isLive(rest[rest.length - 1]!)) {
      rest.pop();
      this.dead--;
    }
    if (rest.length === this.off) {
      this.rest = null;
      this.off = 0;
      this.dead = 0;
    }
  }

  private compact(): void {
    const rest = this.rest!;
    const live: Entry[] = [];
    for (let i = this.off; i < rest.length; i++) {
      const e = rest[i]!;
      if (isLive(e)) live.push(e);
    }
    this.rest = live.length === 0 ? null : live;
    this.off = 0;
    this.dead = 0;
  }
}
