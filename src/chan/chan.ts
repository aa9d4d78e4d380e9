// The channel: a ring buffer plus two wait queues (see waiter.ts for the
// protocol and its invariants).
//
// Every operation first tries to complete at once (take from the buffer or a
// parked sender, hand to a parked receiver, fill the buffer) and only then
// parks. The try-steps are shared by recv/tryRecv/iterator/select (`take`) and
// by send/trySend/select (`offer`), so all of them obey the same rules. Other
// flavours (nil.ts, ../time/timer-chan.ts) subclass and override the steps, so
// this class's hot paths carry no flavour checks.

import { closeOfClosed, fullChannel, sendOnClosed } from "./errors.js";
import { deferred, shouldYield } from "./guard.js";
import type { AbortSignalLike, OpOptions } from "./host.js";
import { WaitQueue, type BareReceiver, type Entry } from "./queue.js";
import { currentTask, debugState, untrack } from "./registry.js";
import { PARKED, watch, type OwnsParked } from "./signal.js";
import type { Chan, Overflow, RecvResult } from "./types.js";
import { wakeLater } from "./wake.js";
import { MODE_ITER, MODE_RECV, MODE_SEND, PlainSend, Waiter, type Parking } from "./waiter.js";

/** `take()`: nothing to receive now. */
export const BLOCKED: unique symbol = Symbol("blocked");
/** `take()`: closed and drained. */
export const DRAINED: unique symbol = Symbol("drained");

/** `offer()` outcomes. */
export const OFFER_DONE = 0;
export const OFFER_BLOCKED = 1;
export const OFFER_CLOSED = 2;
export const OFFER_FULL = 3;

/** Overflow policies, as stored. */
const BLOCK = 0;
const DROP_OLDEST = 1;
const DROP_NEWEST = 2;
const FAIL = 3;
export const OVERFLOWS: Readonly<Record<Overflow, number>> = { block: BLOCK, dropOldest: DROP_OLDEST, dropNewest: DROP_NEWEST, error: FAIL };

const RESOLVED: Promise<void> = Promise.resolve();

/** What a recv queue holds (a send queue holds Waiters and PlainSends). */
type RecvEntry = BareReceiver | Waiter;

/**
 * The send queue of a channel no sender has parked on yet: shared, always
 * empty, never pushed to (parkSender replaces it with the channel's own queue
 * first). Most channels never park a sender: this saves each of them a queue
 * object, and the hot paths still just read `head`.
 */
const NO_WAITERS = new WaitQueue("");

/** @internal The runtime class behind every channel type. */
export class Channel<T> implements Chan<T>, Parking {
  readonly cap: number;
  readonly name: string | undefined;
  /** Parked receivers (buffer empty) — invariant 1 in waiter.ts. */
  readonly recvq: WaitQueue;
  /** Parked senders (buffer full). NO_WAITERS until the first one parks. */
  sendq: WaitQueue = NO_WAITERS;
  /** What diagnostics call it: `chan`, `chan "jobs"`, `timer`, ... */
  readonly label: string;
  /** Set once by close(). */
  isClosed = false;
  /** Values discarded by a dropping overflow policy. */
  dropped = 0;

  private ring: (T | undefined)[] | null;
  private head = 0;
  private count = 0;
  private readonly overflow: number;
  private readonly onDrop: ((value: T) => void) | undefined;
  /** The result the first bare receiver this channel wakes gets (see `resultFor`). */
  private spare: { value: unknown; ok: boolean } | null;

  constructor(cap: number, overflow: number, name: string | undefined, onDrop: ((value: T) => void) | undefined, kind = "chan") {
    this.cap = cap;
    this.name = name;
    this.overflow = overflow;
    this.onDrop = onDrop;
    this.label = name === undefined ? kind : `${kind} "${name}"`;
    // Made now, not on the first park: a parked receiver should cost its promise
    // and little more (the parked-receiver memory target), so the queue comes
    // with the channel.
    this.recvq = new WaitQueue(this.label);
    this.ring = cap === 0 ? null : new Array<T | undefined>(2 ** Math.ceil(Math.log2(Math.min(cap, 16))));
    this.spare = { value: undefined, ok: false };
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
   * oldest parked sender), else a parked sender's value. BLOCKED or DRAINED
   * otherwise. (A closed channel has no parked senders: close rejected them.)
   */
  take(): unknown {
    const sq = this.sendq;
    if (this.count > 0) {
      const v = this.shiftRing();
      if (sq.head !== null) {
        const w = sq.shift() as Waiter | PlainSend;
        this.pushRing(w.value as T);
        w.taken();
      }
      return v;
    }
    if (sq.head !== null) {
      const w = sq.shift() as Waiter | PlainSend;
      const v = w.value;
      w.taken();
      return v;
    }
    return this.isClosed ? DRAINED : BLOCKED;
  }

  /**
   * Send now if possible: to the oldest parked receiver, else into the buffer.
   * (A closed channel has no parked receivers: close completed them.)
   */
  offer(value: T): number {
    const rq = this.recvq;
    if (rq.head !== null) {
      const e = rq.shift() as RecvEntry;
      if (this.cap === 0) {
        if (typeof e === "function") e(this.resultFor(value, true));
        else e.deliver(value, true, false);
      } else if (typeof e === "function") {
        wakeLater(e, this.resultFor(value, true)); // see wake.ts
      } else {
        e.deliver(value, true, true);
      }
      return OFFER_DONE;
    }
    if (this.isClosed) return OFFER_CLOSED;
    if (this.count < this.cap) {
      this.pushRing(value);
      return OFFER_DONE;
    }
    return this.overflow === BLOCK ? OFFER_BLOCKED : this.overflowFull(value);
  }

  /**
   * The result object for a bare receiver being woken: the one the channel was
   * made with, the first time, then fresh ones. Many channels wake a receiver
   * once, often long after it parked (replies, done signals, one per
   * connection). By then the receiver's promise is in the old generation, and
   * so is the object made with the channel; handing it a fresh one instead
   * adds an old-to-new pointer per wake, which made waking many long-parked
   * receivers ~4x slower (bench/wake-floor.mjs). Not remade at each park: on a
   * long-lived channel that store is itself an old-to-new pointer per park
   * (~5% of a ping-pong).
   */
  private resultFor(value: unknown, ok: boolean): { value: unknown; ok: boolean } {
    const r = this.spare;
    if (r === null) return { value, ok };
    this.spare = null;
    r.value = value;
    r.ok = ok;
    return r;
  }

  /** Would `take()` succeed (or report closed) right now? For select's poll. */
  canTake(): boolean {
    return this.count > 0 || this.sendq.head !== null || this.isClosed;
  }

  /** Would `offer()` complete (or report closed/full) right now? */
  canOffer(): boolean {
    return this.recvq.head !== null || this.isClosed || this.count < this.cap || this.overflow !== BLOCK;
  }

  /** Queue a receiver (plain, iterator or select case). */
  parkReceiver(e: Entry): void {
    if (typeof e !== "function") e.queued = true;
    this.recvq.push(e);
  }

  /** Queue a send waiter. */
  parkSender(w: Waiter | PlainSend): void {
    w.queued = true;
    let q = this.sendq;
    if (q === NO_WAITERS) q = this.sendq = new WaitQueue(this.label);
    q.push(w);
  }

  /** Parking: unlink a withdrawn waiter. */
  unpark(w: Waiter): void {
    (w.mode === MODE_SEND ? this.sendq : this.recvq).remove(w);
  }

  /** The error `offer()`'s outcome stands for. */
  offerError(code: number, value: T): Error {
    return code === OFFER_CLOSED ? sendOnClosed(value, this.name) : fullChannel(value, this.cap, this.name);
  }

  // ---- the public operations ---------------------------------------------

  send(value: T, options?: OpOptions): Promise<void> {
    const signal = options === undefined ? undefined : options.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const code = this.offer(value);
    if (code === OFFER_DONE) {
      // An early return to a method, not `shouldYield() ? deferred() : …`: that
      // shape measurably slows the fast path (V8 inlines the deferral's closures).
      if (shouldYield()) return this.yielded(undefined);
      return RESOLVED;
    }
    if (code !== OFFER_BLOCKED) return Promise.reject(this.offerError(code, value));
    // The light forms (PlainSend, a bare receiver) carry no task name or stack,
    // so inside a task (or in debug mode) park as a Waiter, which records them.
    if (signal === undefined && !debugState.on && currentTask() === undefined) {
      return new Promise<void>((resolve, reject) => this.parkSender(new PlainSend(value, resolve, reject)));
    }
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
    if (v !== BLOCKED) {
      const r: RecvResult<T> = v === DRAINED ? { value: undefined, ok: false } : { value: v as T, ok: true };
      if (shouldYield()) return this.yielded(r);
      return Promise.resolve(r);
    }
    if (signal === undefined && !debugState.on && currentTask() === undefined) {
      // A plain receive parks as its bare resolve function (queue.ts).
      return new Promise<RecvResult<T>>((resolve) => this.parkReceiver(resolve as Entry));
    }
    return new Promise<RecvResult<T>>((resolve, reject) => {
      const w = new Waiter(this, MODE_RECV, resolve, reject, null, signal);
      this.parkReceiver(w);
      if (signal !== undefined) watch(signal, w);
    });
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
    if (this.isClosed) throw closeOfClosed(this.name);
    this.isClosed = true;
    // Invariant 1: parked receivers mean an empty buffer, so they all see ok=false.
    if (this.recvq.size !== 0) {
      for (const e of this.recvq.drain() as RecvEntry[]) {
        if (typeof e === "function") e(this.resultFor(undefined, false));
        else if (e.parked) e.deliver(undefined, false, false);
      }
    }
    if (this.sendq.size !== 0) {
      for (const e of this.sendq.drain()) {
        const w = e as Waiter | PlainSend;
        if (w.parked) w.refuse(sendOnClosed(w.value, this.name));
      }
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new ChanIterator(this);
  }

  /** The starvation guard's slow exit: complete through a macrotask (guard.ts). */
  yielded<X>(x: X): Promise<X> {
    return deferred(x);
  }

  // ---- ring buffer (length a power of two, grown up to cap) ----------------

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
    if (this.overflow === FAIL) return OFFER_FULL;
    let gone = value;
    if (this.overflow === DROP_OLDEST) {
      gone = this.shiftRing();
      this.pushRing(value);
    }
    this.dropped++;
    if (this.onDrop !== undefined) {
      try {
        this.onDrop(gone);
      } catch (err) {
        // The channel is consistent; a throwing onDrop is the caller's bug: surface it loudly.
        void Promise.reject(err);
      }
    }
    return OFFER_DONE;
  }
}

/** `for await` over a channel: yields until closed and drained. */
class ChanIterator<T> implements AsyncIterableIterator<T> {
  /** Parked next() calls (normally at most one; more if next() is called without awaiting). */
  private parked: Waiter[] = [];
  private stopped = false;

  constructor(private readonly ch: Channel<T>) {}

  next(): Promise<IteratorResult<T>> {
    if (this.stopped) return Promise.resolve({ value: undefined, done: true });
    const v = this.ch.take();
    if (v === BLOCKED) {
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        const w = new Waiter(this.ch, MODE_ITER, resolve, reject, null, undefined);
        if (this.parked.length > 0) this.parked = this.parked.filter((p) => p.parked);
        this.parked.push(w);
        this.ch.parkReceiver(w);
      });
    }
    const r: IteratorResult<T> = v === DRAINED ? { value: undefined, done: true } : { value: v as T, done: false };
    if (shouldYield()) return this.ch.yielded(r);
    return Promise.resolve(r);
  }

  /** `break` lands here: withdraw parked receives; never close the channel. */
  return(): Promise<IteratorResult<T>> {
    this.stopped = true;
    for (const w of this.parked) {
      if (!w.parked) continue;
      w.withdraw();
      (w.resolve as (r: IteratorResult<T>) => void)({ value: undefined, done: true });
    }
    this.parked = [];
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

// ---- keeping the hot shapes alive ------------------------------------------
//
// V8 holds hidden classes (maps) only weakly: when the last object of a shape
// dies, a GC drops the map and deoptimises every function compiled against it
// ("weak objects" in --trace-deopt). A program that parks and wakes in bursts
// with collections in between would recompile the engine after each of them
// (measured with a gc() before every run: ping-pong at 0.28x of a raw promise
// hand-off instead of 0.5x). So a few channels, with operations parked on them
// in each state the engine uses, are kept for the life of the module, hidden
// from the diagnostics registry (their queues are never touched again).

/** @internal The kept objects (higher layers add theirs: ../select/select.ts). */
export const kept: unknown[] = [];

/** @internal Keep `chans` (with whatever is parked on them) out of diagnostics, alive. */
export function keep(...chans: Channel<unknown>[]): void {
  for (const c of chans) {
    untrack(c.recvq);
    untrack(c.sendq);
    kept.push(c);
  }
}

{
  const never: AbortSignalLike & OwnsParked = { aborted: false, reason: undefined, [PARKED]: [], addEventListener() {}, removeEventListener() {} };
  const sig = { signal: never };
  const values: unknown[] = [{}, 0, 0.5, undefined, "s"];
  const unbuffered = new Channel<unknown>(0, BLOCK, undefined, undefined);
  const buffered = new Channel<unknown>(1, BLOCK, "kept", undefined);
  const receivers = new Channel<unknown>(0, BLOCK, undefined, undefined);
  const iterated = new Channel<unknown>(2, BLOCK, undefined, undefined);
  buffered.trySend(values[0]);
  for (const v of values) {
    void unbuffered.send(v); // parked PlainSends: inline head, then the rest array
    void buffered.send(v, sig); // parked send Waiters behind a full buffer
    void receivers.recv(); // bare receivers
  }
  void receivers.recv(sig); // a receive Waiter
  iterated.trySend(values[1]);
  const it = iterated[Symbol.asyncIterator]();
  void it.next();
  void it.next(); // an iterator Waiter
  keep(unbuffered, buffered, receivers, iterated);
  // Settled ones too: settling writes fields a parked one never has written
  // (V8 then moves the shape on, and that newer shape is the one to keep).
  const noop = (): void => {};
  const taken = new PlainSend(values[0], noop, noop);
  taken.taken();
  const delivered = new Waiter(receivers, MODE_RECV, noop, noop, null, undefined);
  delivered.value = values[0];
  delivered.index = 1;
  delivered.deliver(values[0], true, false);
  kept.push(taken, delivered, it); // the iterator: nothing parked refers back to it
}
