// The shapes every sync primitive shares: constructor options, wait options, and
// Go's Locker.

import type { AbortSignalLike, OpOptions } from "../chan/host.js";

/**
 * Options of every sync primitive's constructor (the last argument).
 *
 * @example
 * ```ts
 * const db = new Mutex({ name: "db" });
 * const pool = new Semaphore(4, { name: "pool" });
 * ```
 */
export interface SyncOptions {
  /** Shown in error messages and, later, in diagnostics (`blocked()`, `dump()`). */
  readonly name?: string | undefined;
}

/**
 * Options of every blocking sync operation (`lock`, `rLock`, `acquire`, `wait`,
 * `Once.do`). Abort before the operation is granted: it rejects with the
 * signal's reason and leaves the primitive exactly as if it was never called.
 * `ctx` is anything with a `signal` (a cspkit Context); both may be given.
 *
 * @example
 * ```ts
 * await mu.lock({ signal: AbortSignal.timeout(1000) });
 * await wg.wait({ ctx });
 * ```
 */
export interface WaitOptions extends OpOptions {
  /** A context: its `signal` cancels the wait like `signal` does. */
  readonly ctx?:
    | {
        /** The context's signal. */
        readonly signal: AbortSignalLike;
      }
    | undefined;
}

/**
 * Go's `sync.Locker`: what {@link Cond} needs from its lock. {@link Mutex},
 * {@link RWMutex} (write side) and `RWMutex.rLocker()` (read side) are Lockers.
 *
 * @example
 * ```ts
 * const l: Locker = new Mutex();
 * await l.lock();
 * try { work(); } finally { l.unlock(); }
 * ```
 */
export interface Locker {
  /** Acquire (waiting if needed). */
  lock(): Promise<void>;
  /** Release. */
  unlock(): void;
}
