// Cond: Go's sync.Cond over any Locker.
//
// wait() unlocks, parks, and relocks before it settles, on every path (woken or
// aborted), so the caller's `try { … } finally { unlock() }` stays right. A woken
// waiter asks for the lock in the same step that wakes it: broadcast() queues
// the waiters on the lock in the order they waited, and a Mutex (FIFO) hands it
// to them in that order.

import { isAborted, nameOf, reasonOf, show, signalsOf } from "./check.js";
import { label, Parked, ParkedList, type Owner } from "./parked.js";
import type { Locker, SyncOptions, WaitOptions } from "./types.js";

/**
 * A condition variable (Go's `sync.Cond`): waiters park until another task
 * calls `signal()` (wake the oldest) or `broadcast()` (wake all). As in Go,
 * check the condition in a loop: a woken waiter relocks after the waker, and
 * the state may have changed again by then.
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * const nonEmpty = new Cond(mu);
 * // consumer
 * await mu.lock();
 * try {
 *   while (queue.length === 0) await nonEmpty.wait();
 *   use(queue.shift());
 * } finally { mu.unlock(); }
 * // producer
 * await mu.withLock(() => { queue.push(item); nonEmpty.signal(); });
 * ```
 */
export class Cond implements Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  /** The lock held around every `wait()` (Go's `c.L`). */
  readonly locker: Locker;
  private readonly q: ParkedList;

  constructor(locker: Locker, options?: SyncOptions) {
    if (
      locker === null ||
      typeof locker !== "object" ||
      typeof locker.lock !== "function" ||
      typeof locker.unlock !== "function"
    ) {
      throw new TypeError(`new Cond(locker): locker must be a Locker (a Mutex, an RWMutex or rw.rLocker()), got ${show(locker)}`);
    }
    this.locker = locker;
    this.name = nameOf("new Cond(locker, options)", options);
    this.q = new ParkedList("wait", label("Cond", this.name));
  }

  /** @internal Parked `wait()` calls (not those already woken and relocking), for diagnostics. */
  get waiters(): number {
    return this.q.size;
  }

  /**
   * Unlock `locker`, wait for `signal()`/`broadcast()`, relock, resolve. The
   * caller must hold the lock. Aborting the signal stops the wait; the promise
   * still relocks before it rejects with the signal's reason (an abort before
   * the call rejects at once, leaving the lock held).
   *
   * @example
   * ```ts
   * while (!ready) await cond.wait({ signal });
   * ```
   */
  wait(options?: WaitOptions): Promise<void> {
    let sig;
    try {
      sig = signalsOf("cond.wait(options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    try {
      this.locker.unlock();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(
        this,
        0,
        () => this.relock(resolve, reject, false, undefined),
        (reason) => this.relock(resolve, reject, true, reason),
        sig.s1,
        sig.s2,
      );
      this.q.push(w);
      w.arm();
    });
  }

  /**
   * Wake the oldest waiter, if any. Holding the lock while calling is allowed
   * but not required, as in Go.
   *
   * @example
   * ```ts
   * await mu.withLock(() => { items.push(x); cond.signal(); });
   * ```
   */
  signal(): void {
    const w = this.q.live();
    if (w === null) return;
    this.q.shift();
    w.grant();
  }

  /**
   * Wake every waiter; they get the lock back in the order they waited.
   *
   * @example
   * ```ts
   * await mu.withLock(() => { closed = true; cond.broadcast(); });
   * ```
   */
  broadcast(): void {
    for (let w = this.q.live(); w !== null; w = this.q.live()) {
      this.q.shift();
      w.grant();
    }
  }

  /** @internal Owner: an aborted wait leaves the queue (then relocks). */
  withdraw(w: Parked): void {
    this.q.remove(w);
  }

  private relock(resolve: () => void, reject: (e: unknown) => void, failed: boolean, reason: unknown): void {
    let p: PromiseLike<void> | void;
    try {
      p = this.locker.lock();
    } catch (e) {
      reject(e);
      return;
    }
    // Promise.resolve: the same promise for a real one; tolerates a synchronous Locker.
    Promise.resolve(p).then(failed ? () => reject(reason) : resolve, reject);
  }
}
