// Semaphore: golang.org/x/sync/semaphore's Weighted.
//
// Strict FIFO: requests are granted in arrival order and a request that does not
// fit blocks every request behind it, however small (no barging, so a large
// request cannot starve). tryAcquire fails while anyone waits.
//
// A grant that races an abort gives its permits back, as x/sync does: the
// acquirer checks its signal when it resumes, and if the signal aborted after
// the grant, it releases and rejects. So a caller whose acquire rejected never
// holds permits, and one whose acquire resolved always does.

import { checkInt, grantedNow, isAborted, named, nameOf, reasonOf, signalsOf, type Signals } from "./check.js";
import { label, Parked, ParkedList, type Owner } from "./parked.js";
import type { SyncOptions, WaitOptions } from "./types.js";

const POSITIVE = "a positive integer (a number of permits)";

/**
 * A weighted semaphore (golang.org/x/sync/semaphore): `n` permits; `acquire(k)`
 * waits until `k` are free, `release(k)` gives them back. Waiters are served in
 * arrival order; a large request at the head blocks smaller ones behind it.
 *
 * Differences from Go: a request for more than `n` permits can never be granted
 * and rejects at once with a RangeError (Go blocks until its context is done);
 * `acquire(0)` is a RangeError (Go allows it).
 *
 * @example
 * ```ts
 * const sem = new Semaphore(4, { name: "downloads" });
 * await Promise.all(urls.map(async (u) => {
 *   await sem.acquire();
 *   try { await download(u); } finally { sem.release(); }
 * }));
 * ```
 */
export class Semaphore implements Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  /** The number of permits. */
  readonly size: number;
  private cur = 0;
  private readonly q: ParkedList;

  constructor(n: number, options?: SyncOptions) {
    this.size = checkPermits("new Semaphore(n)", "n", n);
    this.name = nameOf("new Semaphore(n, options)", options);
    this.q = new ParkedList("acquire", label("Semaphore", this.name));
  }

  /** @internal Permits currently held, for diagnostics and tests. */
  get held(): number {
    return this.cur;
  }

  /** @internal Parked `acquire()` calls, for diagnostics. */
  get waiters(): number {
    return this.q.size;
  }

  /**
   * Resolve once `k` permits are held by the caller. Rejects at once with a
   * RangeError if `k` is not a positive integer or exceeds the size.
   *
   * @example
   * ```ts
   * await sem.acquire(2, { signal: AbortSignal.timeout(1000) });
   * try { await bigJob(); } finally { sem.release(2); }
   * ```
   */
  acquire(k = 1, options?: WaitOptions): Promise<void> {
    let sig: Signals;
    try {
      this.checkRequest("semaphore.acquire(k)", k);
      sig = signalsOf("semaphore.acquire(k, options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.q.head === null && this.size - this.cur >= k) {
      this.cur += k;
      return grantedNow();
    }
    const p = new Promise<void>((resolve, reject) => {
      const w = new Parked(this, k, resolve, reject, sig.s1, sig.s2);
      this.q.push(w);
      w.arm();
    });
    if (sig.s1 === undefined && sig.s2 === undefined) return p;
    return p.then(() => {
      if (isAborted(sig)) {
        this.giveBack(k);
        throw reasonOf(sig);
      }
    });
  }

  /**
   * Take `k` permits if they are free and nobody is waiting; never waits.
   *
   * @example
   * ```ts
   * if (!sem.tryAcquire()) return reject503();
   * try { await handle(req); } finally { sem.release(); }
   * ```
   */
  tryAcquire(k = 1): boolean {
    this.checkRequest("semaphore.tryAcquire(k)", k);
    if (this.q.head !== null || this.size - this.cur < k) return false;
    this.cur += k;
    return true;
  }

  /**
   * Give back `k` permits and grant waiting requests, oldest first, while they
   * fit. Releasing more than is held throws "semaphore: released more than held".
   *
   * @example
   * ```ts
   * sem.release(2);
   * ```
   */
  release(k = 1): void {
    checkPermits("semaphore.release(k)", "k", k);
    if (k > this.cur) {
      throw new Error(
        `semaphore: released more than held${named(this.name)} (release(${k}) with ${this.cur} held; release only what acquire granted)`,
      );
    }
    this.giveBack(k);
  }

  /** @internal Owner: an aborted request leaves; if it blocked the head, those behind it may now fit. */
  withdraw(w: Parked): void {
    const wasHead = this.q.head === w;
    this.q.remove(w);
    if (wasHead) this.notify();
  }

  private giveBack(k: number): void {
    this.cur -= k;
    this.notify();
  }

  private notify(): void {
    for (let w = this.q.live(); w !== null; w = this.q.live()) {
      if (this.size - this.cur < w.weight) return; // head-of-line: nobody overtakes it
      this.q.shift();
      this.cur += w.weight;
      w.grant();
    }
  }

  private checkRequest(where: string, k: number): void {
    checkPermits(where, "k", k);
    if (k > this.size) {
      throw new RangeError(
        `${where}: k = ${k} exceeds the semaphore's size ${this.size}${named(this.name)} (it could never be granted)`,
      );
    }
  }
}

const checkPermits = (where: string, arg: string, v: unknown): number => checkInt(where, arg, v, 1, POSITIVE);
