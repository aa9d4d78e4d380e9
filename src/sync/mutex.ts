// Mutex: Go's sync.Mutex, strictly FIFO.
//
// Invariant: waiters exist only while the mutex is locked. unlock() hands the
// lock straight to the oldest waiter (it never becomes free in between), so
// tryLock() and lock() cannot barge past anyone who is waiting.

import { checkFn, grantedNow, isAborted, named, nameOf, reasonOf, signalsOf } from "./check.js";
import { label, Parked, ParkedList, type Owner } from "./parked.js";
import type { Locker, SyncOptions, WaitOptions } from "./types.js";

/**
 * A mutual exclusion lock (Go's `sync.Mutex`). Waiters get the lock in the order
 * they asked for it; `unlock()` hands it directly to the oldest one. Like Go's,
 * it is not tied to an owner: any code may unlock it.
 *
 * Cancellation: aborting before the lock is granted rejects with the signal's
 * reason and leaves the queue as if the call never happened. Once granted, the
 * lock is the caller's: a later abort is ignored and the promise resolves, so
 * the mutex is never left locked with nobody holding it.
 *
 * @example
 * ```ts
 * const mu = new Mutex({ name: "accounts" });
 * await mu.lock();
 * try { balance += amount; } finally { mu.unlock(); }
 * // or
 * await mu.withLock(() => { balance += amount; });
 * ```
 */
export class Mutex implements Locker, Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  private held = false;
  private readonly q: ParkedList;

  constructor(options?: SyncOptions) {
    this.name = nameOf("new Mutex(options)", options);
    this.q = new ParkedList("lock", label("Mutex", this.name));
  }

  /** @internal Whether someone holds the lock, for diagnostics and tests. */
  get locked(): boolean {
    return this.held;
  }

  /** @internal Parked `lock()` calls, for diagnostics. */
  get waiters(): number {
    return this.q.size;
  }

  /**
   * Resolve once the caller holds the lock (Go's `Lock`).
   *
   * @example
   * ```ts
   * await mu.lock({ signal: AbortSignal.timeout(100) });
   * try { update(); } finally { mu.unlock(); }
   * ```
   */
  lock(options?: WaitOptions): Promise<void> {
    let sig;
    try {
      sig = signalsOf("mutex.lock(options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (!this.held) {
      this.held = true;
      return grantedNow();
    }
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(this, 1, resolve, reject, sig.s1, sig.s2);
      this.q.push(w);
      w.arm();
    });
  }

  /**
   * Release the lock, handing it to the oldest waiter if there is one. Throws
   * "sync: unlock of unlocked mutex" if it is not locked.
   *
   * @example
   * ```ts
   * mu.unlock();
   * ```
   */
  unlock(): void {
    if (!this.held) {
      throw new Error(`sync: unlock of unlocked mutex${named(this.name)} (unlock once per granted lock())`);
    }
    const w = this.q.live();
    if (w === null) {
      this.held = false;
      return;
    }
    this.q.shift();
    w.grant();
  }

  /**
   * Take the lock if it is free and nobody is waiting (Go's `TryLock`).
   *
   * @example
   * ```ts
   * if (mu.tryLock()) { try { flush(); } finally { mu.unlock(); } }
   * ```
   */
  tryLock(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /**
   * Run `fn` holding the lock; the lock is released on every exit path (return,
   * throw, rejection). Resolves with `fn`'s result.
   *
   * @example
   * ```ts
   * const next = await mu.withLock(async () => ++counter);
   * ```
   */
  async withLock<T>(fn: () => T | PromiseLike<T>, options?: WaitOptions): Promise<T> {
    checkFn("mutex.withLock(fn)", "fn", fn);
    await this.lock(options);
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  /** @internal Owner: an aborted lock() leaves; the holder is unaffected. */
  withdraw(w: Parked): void {
    this.q.remove(w);
  }
}
