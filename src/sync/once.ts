// Once: Go's sync.Once, for functions that may be async.

import { checkFn, isAborted, nameOf, reasonOf, RESOLVED, signalsOf } from "./check.js";
import { label, Parked, ParkedList, type Owner } from "./parked.js";
import type { SyncOptions, WaitOptions } from "./types.js";

const IDLE = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * Runs a function exactly once (Go's `sync.Once`). `once.do(fn)` calls `fn` on
 * the first call only and resolves when it has finished (an async `fn` is
 * awaited); calls made meanwhile resolve at the same moment; later calls
 * resolve at once and ignore their `fn`.
 *
 * If `fn` throws or rejects, the Once is still done, as in Go (where Once is
 * done even if f panics): the first caller's promise rejects with the error,
 * the callers that waited resolve, and `fn` never runs again. When every caller
 * must see the failure, use {@link onceFunc} / {@link onceValue}.
 *
 * Calling `do` from inside `fn` and awaiting it waits forever, as Go's
 * deadlocks.
 *
 * @example
 * ```ts
 * const init = new Once({ name: "config" });
 * async function config() {
 *   await init.do(async () => { cfg = await load(); });
 *   return cfg;
 * }
 * ```
 */
export class Once implements Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  private state = IDLE;
  private readonly q: ParkedList;

  constructor(options?: SyncOptions) {
    this.name = nameOf("new Once(options)", options);
    this.q = new ParkedList("wait", label("Once", this.name));
  }

  /** @internal Whether the first `fn` has finished, for diagnostics and tests. */
  get done(): boolean {
    return this.state === DONE;
  }

  /** @internal Callers parked until the first `fn` finishes, for diagnostics. */
  get waiters(): number {
    return this.q.size;
  }

  /**
   * Run `fn` if this is the first call; resolve when the first call's `fn` has
   * finished. The signal only stops this caller's wait: the running `fn` goes on.
   *
   * @example
   * ```ts
   * await once.do(() => console.log("printed once"));
   * ```
   */
  do(fn: () => unknown, options?: WaitOptions): Promise<void> {
    let sig;
    try {
      checkFn("once.do(fn)", "fn", fn);
      sig = signalsOf("once.do(fn, options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.state === DONE) return RESOLVED;
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.state === RUNNING) {
      return new Promise<void>((resolve, reject) => {
        const w = new Parked(this, 1, resolve, reject, sig.s1, sig.s2);
        this.q.push(w);
        w.arm();
      });
    }
    this.state = RUNNING;
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.finish();
      return Promise.reject(e);
    }
    if (r === null || (typeof r !== "object" && typeof r !== "function") || typeof (r as PromiseLike<unknown>).then !== "function") {
      this.finish();
      return RESOLVED;
    }
    return Promise.resolve(r).then(
      () => this.finish(),
      (e: unknown) => {
        this.finish();
        throw e;
      },
    );
  }

  /** @internal Owner: a caller stopped waiting. */
  withdraw(w: Parked): void {
    this.q.remove(w);
  }

  private finish(): void {
    this.state = DONE;
    for (let w = this.q.live(); w !== null; w = this.q.live()) {
      this.q.shift();
      w.grant();
    }
  }
}
