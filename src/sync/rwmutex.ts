// RWMutex: Go's sync.RWMutex, writer-preferring.
//
// Go's rules, kept here:
//  - Writers queue among themselves (FIFO). The oldest one becomes *pending*: it
//    waits for the active readers to leave, and from that moment no new reader
//    gets in (so a stream of readers cannot starve a writer).
//  - When a writer unlocks, every reader that queued meanwhile is admitted at
//    once, before the next writer (so writers cannot starve readers either);
//    that next writer becomes pending behind them.
//
// Invariant: readers queue only while a writer holds the lock or is pending, and
// writers queue only while another writer holds it or is pending.

import { checkFn, grantedNow, isAborted, named, nameOf, reasonOf, signalsOf, type Signals } from "./check.js";
import { label, Parked, ParkedList, stale, type Owner } from "./parked.js";
import type { Locker, SyncOptions, WaitOptions } from "./types.js";

const READER = 0;
const WRITER = 1;

/**
 * A reader/writer lock (Go's `sync.RWMutex`): any number of readers, or one
 * writer. Writer-preferring like Go's: once a writer is waiting, new readers
 * wait behind it; when it unlocks, the readers that waited go first, then the
 * next writer. Cancellation works as for {@link Mutex}: abort before the grant
 * rejects and leaves no trace; a granted lock is the caller's.
 *
 * @example
 * ```ts
 * const rw = new RWMutex({ name: "cache" });
 * const v = await rw.withRLock(() => cache.get(k));
 * await rw.withLock(() => cache.set(k, v2));
 * ```
 */
export class RWMutex implements Locker, Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  private readers = 0;
  private writer = false;
  /**
   * Holds at most the *pending* writer (waiting for active readers to leave; it
   * blocks new readers). A list rather than a field so diagnostics see it.
   */
  private readonly pendq: ParkedList;
  private readonly readq: ParkedList;
  private readonly writeq: ParkedList;

  constructor(options?: SyncOptions) {
    this.name = nameOf("new RWMutex(options)", options);
    this.readq = new ParkedList("rlock", label("RWMutex", this.name));
    this.writeq = new ParkedList("lock", label("RWMutex", this.name));
    this.pendq = new ParkedList("lock", label("RWMutex", this.name));
  }

  /** @internal Active readers, for diagnostics and tests. */
  get readerCount(): number {
    return this.readers;
  }

  /** @internal Whether a writer holds the lock, for diagnostics and tests. */
  get locked(): boolean {
    return this.writer;
  }

  /** @internal Parked `lock()`/`rLock()` calls, for diagnostics. */
  get waiters(): number {
    return this.readq.size + this.writeq.size + (this.pending === null ? 0 : 1);
  }

  /** The writer waiting for active readers to leave, if any. */
  private get pending(): Parked | null {
    return this.pendq.head;
  }

  private set pending(w: Parked | null) {
    if (this.pendq.head !== null) this.pendq.remove(this.pendq.head);
    if (w !== null) this.pendq.push(w);
  }

  /** A writer holds the lock or is pending: readers must wait. */
  private get writerIn(): boolean {
    return this.writer || this.pending !== null;
  }

  /**
   * Resolve once the caller holds a read lock (Go's `RLock`).
   *
   * @example
   * ```ts
   * await rw.rLock();
   * try { return table.get(key); } finally { rw.rUnlock(); }
   * ```
   */
  rLock(options?: WaitOptions): Promise<void> {
    let sig;
    try {
      sig = signalsOf("rwMutex.rLock(options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (!this.writerIn) {
      this.readers++;
      return grantedNow();
    }
    return this.park(this.readq, READER, sig);
  }

  /**
   * Release one read lock. Throws "sync: RUnlock of unlocked RWMutex" when no
   * read lock is held.
   *
   * @example
   * ```ts
   * rw.rUnlock();
   * ```
   */
  rUnlock(): void {
    if (this.readers === 0) {
      throw new Error(`sync: RUnlock of unlocked RWMutex${named(this.name)} (rUnlock once per granted rLock())`);
    }
    this.readers--;
    const w = this.pending;
    if (this.readers > 0 || w === null) return;
    this.pending = null;
    if (stale(w)) {
      w.refuse();
      this.afterWriter();
      return;
    }
    this.writer = true;
    w.grant();
  }

  /**
   * Resolve once the caller holds the write lock (Go's `Lock`).
   *
   * @example
   * ```ts
   * await rw.lock();
   * try { table.clear(); } finally { rw.unlock(); }
   * ```
   */
  lock(options?: WaitOptions): Promise<void> {
    let sig;
    try {
      sig = signalsOf("rwMutex.lock(options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.writerIn) return this.park(this.writeq, WRITER, sig);
    if (this.readers === 0) {
      this.writer = true;
      return grantedNow();
    }
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(this, WRITER, resolve, reject, sig.s1, sig.s2);
      this.pending = w;
      w.arm();
    });
  }

  /**
   * Release the write lock: readers that waited are admitted, then the next
   * writer becomes pending. Throws "sync: Unlock of unlocked RWMutex" when no
   * writer holds it.
   *
   * @example
   * ```ts
   * rw.unlock();
   * ```
   */
  unlock(): void {
    if (!this.writer) {
      throw new Error(`sync: Unlock of unlocked RWMutex${named(this.name)} (unlock once per granted lock())`);
    }
    this.writer = false;
    this.afterWriter();
  }

  /**
   * Take a read lock if no writer holds it or waits for it (Go's `TryRLock`).
   *
   * @example
   * ```ts
   * if (rw.tryRLock()) { try { peek(); } finally { rw.rUnlock(); } }
   * ```
   */
  tryRLock(): boolean {
    if (this.writerIn) return false;
    this.readers++;
    return true;
  }

  /**
   * Take the write lock if nobody holds or waits for any lock (Go's `TryLock`).
   *
   * @example
   * ```ts
   * if (rw.tryLock()) { try { compact(); } finally { rw.unlock(); } }
   * ```
   */
  tryLock(): boolean {
    if (this.writerIn || this.readers > 0) return false;
    this.writer = true;
    return true;
  }

  /**
   * Run `fn` holding a read lock, released on every exit path.
   *
   * @example
   * ```ts
   * const n = await rw.withRLock(() => table.size);
   * ```
   */
  async withRLock<T>(fn: () => T | PromiseLike<T>, options?: WaitOptions): Promise<T> {
    checkFn("rwMutex.withRLock(fn)", "fn", fn);
    await this.rLock(options);
    try {
      return await fn();
    } finally {
      this.rUnlock();
    }
  }

  /**
   * Run `fn` holding the write lock, released on every exit path.
   *
   * @example
   * ```ts
   * await rw.withLock(() => table.set(k, v));
   * ```
   */
  async withLock<T>(fn: () => T | PromiseLike<T>, options?: WaitOptions): Promise<T> {
    checkFn("rwMutex.withLock(fn)", "fn", fn);
    await this.lock(options);
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  /**
   * The read side as a {@link Locker} (Go's `RLocker`), e.g. for a {@link Cond}
   * whose waiters only read.
   *
   * @example
   * ```ts
   * const ready = new Cond(rw.rLocker());
   * ```
   */
  rLocker(): Locker {
    return { lock: () => this.rLock(), unlock: () => this.rUnlock() };
  }

  /** @internal Owner: an aborted lock()/rLock() leaves. */
  withdraw(w: Parked): void {
    if (w === this.pending) {
      // The writer that held readers back is gone: as if it had written and left.
      this.pending = null;
      this.afterWriter();
    } else if (w.weight === READER) {
      this.readq.remove(w);
    } else {
      this.writeq.remove(w);
    }
  }

  private park(q: ParkedList, kind: number, sig: Signals): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(this, kind, resolve, reject, sig.s1, sig.s2);
      q.push(w);
      w.arm();
    });
  }

  /** No writer holds or waits: admit every queued reader, then line up the next writer. */
  private afterWriter(): void {
    for (let r = this.readq.live(); r !== null; r = this.readq.live()) {
      this.readq.shift();
      this.readers++;
      r.grant();
    }
    const w = this.writeq.live();
    if (w === null) return;
    this.writeq.shift();
    if (this.readers === 0) {
      this.writer = true;
      w.grant();
    } else {
      this.pending = w;
    }
  }
}
