// The channel: a ring buffer plus two wait queues (see waiter.ts for the
// protocol and its invariants).
//
// Every operation first tries to complete at once (take from the buffer or a
// parked sender, hand to a parked receiver, fill the buffer) and only then
// parks. The try-step is shared by recv/tryRecv/iterator/select (`take`) and by
// send/trySend/select (`offer`), so all of them obey the same rules.

import { ChannelFullError, closeOfClosed, sendOnClosed } from "./errors.js";
import { deferred, shouldYield } from "./guard.js";
import type { OpOptions } from "./host.js";
import { WaitQueue, type Entry } from "./queue.js";
import { isDebug } from "./registry.js";
import { watch } from "./signal.js";
import { wakeLater } from "./wake.js";
import type { Source } from "./source.js";
import type { Chan, ChanOptions, Overflow, RecvResult } from "./types.js";
import { MODE_ITER, MODE_RECV, MODE_SEND, Waiter, type Parking } from "./waiter.js";

/** `take()`: nothing to receive now. */
export const BLOCKED: unique symbol = Symbol("blocked");
/** `take()`: closed and drained. */
export const DRAINED: unique symbol = Symbol("drained");

/** `offer()` outcomes. */
export const OFFER_DONE = 0;
export const OFFER_BLOCKED = 1;
export const OFFER_CLOSED = 2;
export const OFFER_FULL = 3;

const OVERFLOW_BLOCK = 0;
const OVERFLOW_DROP_OLDEST = 1;
const OVERFLOW_DROP_NEWEST = 2;
const OVERFLOW_ERROR = 3;
const OVERFLOWS: Record<Overflow, number> = {
  block: OVERFLOW_BLOCK,
  dropOldest: OVERFLOW_DROP_OLDEST,
  dropNewest: OVERFLOW_DROP_NEWEST,
  error: OVERFLOW_ERROR,
};

const RESOLVED: Promise<void> = Promise.resolve();
const INITIAL_RING = 16;

const deliver = (e: Entry, value: unknown, ok: boolean): void => {
  if (typeof e === "function") e({ value, ok });
  else e.deliver(value, ok, false);
};

/** @internal The one runtime class behind every channel type. */
export class Channel<T> implements Chan<T>, Parking {
  readonly cap: number;
  readonly name: string | undefined;
  /** Parked receivers (buffer empty) — invariant 1 in waiter.ts. */
  readonly recvq: WaitQueue;
  /** Parked senders (buffer full). */
  readonly sendq: WaitQueue;
  /** Operations parked on a nil channel: listed by diagnostics, never matched. */
  private nilq: WaitQueue | null = null;
  /** Set once by close(). */
  isClosed = false;
  /** A nil channel never becomes ready. */
  readonly isNil: boolean;
  /** Values discarded by a dropping overflow policy. */
  dropped = 0;
  /** Timer channels deliver from a source instead of senders. */
  src: Source | null = null;

  private ring: (T | undefined)[] | null;
  private head = 0;
  private count = 0;
  private readonly overflow: number;
  private readonly onDrop: ((value: T) => void) | undefined;

  constructor(cap: number, overflow: Overflow, name: string | undefined, onDrop: ((value: T) => void) | undefined, isNil: boolean) {
    this.cap = cap;
    this.name = name;
    this.isNil = isNil;
    this.overflow = OVERFLOWS[overflow];
    this.onDrop = onDrop;
    const label = isNil ? "nil chan" : name === undefined ? "chan" : `chan "${name}"`;
    this.recvq = new WaitQueue(label);
    this.sendq = new WaitQueue(label);
    this.ring = cap === 0 ? null : new Array<T | undefined>(pow2(Math.min(cap, INITIAL_RING)));
  }

  get len(): number {
    return this.count;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  // ---- the try-steps ------------------------------------------------------

  /**
   * Receive now if possible: a buffered value (refilling the buffer from the
   * oldest parked sender), a parked sender's value, or a due source value.
   * Returns BLOCKED or DRAINED otherwise.
   */
  take(): unknown {
    if (this.count > 0) {
      const v = this.shiftRing();
      const sq = this.sendq;
      if (sq.head !== null) {
        const w = sq.shift() as Waiter;
        this.pushRing(w.value as T);
        w.taken();
      }
      return v;
    }
    const sq = this.sendq;
    if (sq.head !== null) {
      const w = sq.shift() as Waiter;
      const v = w.value;
      w.taken();
      return v;
    }
    if (this.isClosed) return DRAINED;
    if (this.src !== null && this.src.due()) return this.src.take();
    return BLOCKED;
  }

  /** Send now if possible: to the oldest parked receiver, else into the buffer. */
  offer(value: T): number {
    if (this.isClosed) return OFFER_CLOSED;
    const rq = this.recvq;
    if (rq.head !== null) {
      const e = rq.shift();
      if (this.cap === 0) deliver(e, value, true);
      else if (typeof e === "function") wakeLater(e, { value, ok: true });
      else e.deliver(value, true, true); // see wake.ts
      return OFFER_DONE;
    }
    if (this.count < this.cap) {
      this.pushRing(value);
      return OFFER_DONE;
    }
    if (this.overflow === OVERFLOW_BLOCK || this.cap === 0) return OFFER_BLOCKED;
    return this.overflowFull(value);
  }

  /** Would `take()` succeed (or report closed) right now? For select's poll. */
  canTake(): boolean {
    return this.count > 0 || this.sendq.head !== null || this.isClosed || (this.src !== null && this.src.due());
  }

  /** Would `offer()` complete (or report closed/full) right now? */
  canOffer(): boolean {
    return (
      this.isClosed ||
      this.recvq.head !== null ||
      this.count < this.cap ||
      (this.cap > 0 && this.overflow !== OVERFLOW_BLOCK)
    );
  }

  /** Queue a receive waiter (used by select and the iterator). */
  parkReceiver(e: Entry): void {
    if (typeof e !== "function") e.queued = true;
    if (this.isNil) {
      (this.nilq ??= new WaitQueue(this.recvq.on)).push(e);
      return;
    }
    this.recvq.push(e);
    if (this.src !== null) this.src.wake();
  }

  /** Queue a send waiter. */
  parkSender(w: Waiter): void {
    w.queued = true;
    if (this.isNil) {
      (this.nilq ??= new WaitQueue(this.recvq.on)).push(w);
      return;
    }
    this.sendq.push(w);
  }

  /** Parking: unlink a withdrawn waiter. */
  unpark(w: Waiter): void {
    if (this.isNil) {
      this.nilq!.remove(w);
      return;
    }
    if (w.mode === MODE_SEND) {
      this.sendq.remove(w);
      return;
    }
    this.recvq.remove(w);
    if (this.recvq.head === null && this.src !== null) this.src.sleep();
  }

  /** The error `offer()`'s outcome stands for. */
  offerError(code: number, value: T): Error {
    return code === OFFER_CLOSED ? sendOnClosed(value, this.name) : new ChannelFullError(value, this.cap, this.name);
  }

  // ---- the public operations ---------------------------------------------

  send(value: T, options?: OpOptions): Promise<void> {
    const signal = options === undefined ? undefined : options.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const code = this.offer(value);
    if (code === OFFER_DONE) return shouldYield() ? deferred(undefined) : RESOLVED;
    if (code !== OFFER_BLOCKED) return Promise.reject(this.offerError(code, value));
    return new Promise<void>((resolve, reject) => {
      const w = new Waiter(this, MODE_SEND, resolve, reject, null, signal);
      w.value = value;
      this.parkSender(w);
      if (signal !== undefined) watch(signal, w);
    });
  }

  recv(options?: OpOptions): Promise<RecvResult<T>> {
    const signal = options === undefined ? undefined : options.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const v = this.take();
    if (v === BLOCKED) {
      if (signal === undefined && !isDebug()) {
        return new Promise<RecvResult<T>>((resolve) => {
          this.parkReceiver(resolve as unknown as Entry);
        });
      }
      return new Promise<RecvResult<T>>((resolve, reject) => {
        const w = new Waiter(this, MODE_RECV, resolve, reject, null, signal);
        this.parkReceiver(w);
        if (signal !== undefined) watch(signal, w);
      });
    }
    const r: RecvResult<T> = v === DRAINED ? { value: undefined, ok: false } : { value: v as T, ok: true };
    return shouldYield() ? deferred(r) : Promise.resolve(r);
  }

  trySend(value: T): boolean {
    const code = this.offer(value);
    if (code === OFFER_DONE) return true;
    if (code === OFFER_BLOCKED) return false;
    throw this.offerError(code, value);
  }

  tryRecv(): RecvResult<T> | undefined {
    const v = this.take();
    if (v === BLOCKED) return undefined;
    return v === DRAINED ? { value: undefined, ok: false } : { value: v as T, ok: true };
  }

  close(): void {
    if (this.isNil) {
      throw new TypeError("close of nil channel (a nil channel never becomes ready; close the channel you made with chan())");
    }
    if (this.isClosed) throw closeOfClosed(this.name);
    this.isClosed = true;
    // Invariant 1: parked receivers mean an empty buffer, so they all see ok=false.
    for (const e of this.recvq.drain()) {
      if (typeof e === "function" || e.parked) deliver(e, undefined, false);
    }
    for (const e of this.sendq.drain()) {
      const w = e as Waiter;
      if (w.parked) w.refuse(sendOnClosed(w.value, this.name));
    }
    if (this.src !== null) this.src.sleep();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new ChanIterator(this);
  }

  // ---- ring buffer ---------------------------------------------------------

  private pushRing(v: T): void {
    let ring = this.ring!;
    if (this.count === ring.length) ring = this.growRing();
    ring[(this.head + this.count) & (ring.length - 1)] = v;
    this.count++;
  }

  private shiftRing(): T {
    const ring = this.ring!;
    const v = ring[this.head] as T;
    ring[this.head] = undefined;
    this.head = (this.head + 1) & (ring.length - 1);
    this.count--;
    return v;
  }

  private growRing(): (T | undefined)[] {
    const old = this.ring!;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.ring = next;
    this.head = 0;
    return next;
  }

  private overflowFull(value: T): number {
    if (this.overflow === OVERFLOW_ERROR) return OFFER_FULL;
    let gone = value;
    if (this.overflow === OVERFLOW_DROP_OLDEST) {
      gone = this.shiftRing();
      this.pushRing(value);
    }
    this.dropped++;
    const onDrop = this.onDrop;
    if (onDrop !== undefined) {
      try {
        onDrop(gone);
      } catch (err) {
        // The channel is consistent; a throwing onDrop is the caller's bug: surface it loudly.
        void Promise.reject(err);
      }
    }
    return OFFER_DONE;
  }
}

const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

/** `for await` over a channel: yields until closed and drained. */
class ChanIterator<T> implements AsyncIterableIterator<T> {
  private pending: Waiter | null = null;
  private stopped = false;

  constructor(private readonly ch: Channel<T>) {}

  next(): Promise<IteratorResult<T>> {
    if (this.stopped) return Promise.resolve({ value: undefined, done: true });
    const v = this.ch.take();
    if (v === BLOCKED) {
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        const w = new Waiter(this.ch, MODE_ITER, resolve, reject, null, undefined);
        this.pending = w;
        this.ch.parkReceiver(w);
      });
    }
    const r: IteratorResult<T> = v === DRAINED ? { value: undefined, done: true } : { value: v as T, done: false };
    return shouldYield() ? deferred(r) : Promise.resolve(r);
  }

  /** `break` lands here: withdraw a parked receive; never close the channel. */
  return(): Promise<IteratorResult<T>> {
    this.stopped = true;
    const w = this.pending;
    if (w !== null && w.parked) {
      w.withdraw();
      (w.resolve as (r: IteratorResult<T>) => void)({ value: undefined, done: true });
    }
    this.pending = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
