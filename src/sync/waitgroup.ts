// WaitGroup: Go's sync.WaitGroup.

import { checkFn, checkInt, grantedNow, isAborted, named, nameOf, reasonOf, signalsOf } from "./check.js";
import { label, Parked, ParkedList, type Owner } from "./parked.js";
import type { SyncOptions, WaitOptions } from "./types.js";
import { reportUnhandled } from "./unhandled.js";

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as PromiseLike<unknown>).then === "function";

/**
 * Waits for a collection of tasks to finish (Go's `sync.WaitGroup`): `add(n)`
 * before starting work, `done()` when each piece ends, `wait()` until the counter
 * is back to zero. `go(fn)` does all three for one function.
 *
 * @example
 * ```ts
 * const wg = new WaitGroup();
 * for (const url of urls) wg.go(async () => { results.push(await fetch(url)); });
 * await wg.wait();
 * ```
 */
export class WaitGroup implements Owner {
  /** The `name` option, if any. */
  readonly name: string | undefined;
  private n = 0;
  private readonly q: ParkedList;

  constructor(options?: SyncOptions) {
    this.name = nameOf("new WaitGroup(options)", options);
    this.q = new ParkedList("wait", label("WaitGroup", this.name));
  }

  /** @internal The counter (outstanding pieces of work), for diagnostics and tests. */
  get count(): number {
    return this.n;
  }

  /** @internal Parked `wait()` calls, for diagnostics. */
  get waiters(): number {
    return this.q.size;
  }

  /**
   * Add `delta` (may be negative) to the counter. When it reaches zero every
   * `wait()` resolves. A counter that would go negative throws
   * "sync: negative WaitGroup counter" and is left unchanged.
   *
   * @example
   * ```ts
   * wg.add(jobs.length);
   * for (const j of jobs) void run(j).finally(() => wg.done());
   * ```
   */
  add(delta: number): void {
    checkInt("waitGroup.add(delta)", "delta", delta, Number.MIN_SAFE_INTEGER, "an integer");
    const next = this.n + delta;
    if (next < 0) {
      throw new Error(
        `sync: negative WaitGroup counter${named(this.name)} (add(${delta}) with the counter at ${this.n}; call done() once per add(1))`,
      );
    }
    this.n = next;
    if (next === 0) this.release();
  }

  /**
   * One piece of work finished: `add(-1)`.
   *
   * @example
   * ```ts
   * wg.add(1);
   * void work().finally(() => wg.done());
   * ```
   */
  done(): void {
    this.add(-1);
  }

  /**
   * Resolve when the counter is zero (at once if it already is). Aborting the
   * signal rejects with its reason and leaves the group untouched.
   *
   * @example
   * ```ts
   * await wg.wait({ signal: AbortSignal.timeout(5000) });
   * ```
   */
  wait(options?: WaitOptions): Promise<void> {
    let sig;
    try {
      sig = signalsOf("waitGroup.wait(options)", options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (isAborted(sig)) return Promise.reject(reasonOf(sig));
    if (this.n === 0) return grantedNow();
    return new Promise<void>((resolve, reject) => {
      const w = new Parked(this, 1, resolve, reject, sig.s1, sig.s2);
      this.q.push(w);
      w.arm();
    });
  }

  /**
   * Run `fn` now as one piece of work (Go 1.25's `WaitGroup.Go`): `add(1)`, call
   * `fn`, `done()` when it returns or its promise settles.
   *
   * A throw or rejection from `fn` is not swallowed: after `done()` it goes to
   * the process-wide panic handler (`onPanic`; by default it crashes, as Go does
   * on a panicking goroutine), so catch inside `fn` what you mean to handle. Use a task group when you want
   * the first error back from `wait()`.
   *
   * @example
   * ```ts
   * const wg = new WaitGroup();
   * for (const f of files) wg.go(() => compress(f));
   * await wg.wait();
   * ```
   */
  go(fn: () => unknown): void {
    checkFn("waitGroup.go(fn)", "fn", fn);
    this.add(1);
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.done();
      reportUnhandled(e);
      return;
    }
    if (!isThenable(r)) {
      this.done();
      return;
    }
    // Promise.resolve: a thenable whose then() throws still ends in done().
    Promise.resolve(r).then(
      () => this.done(),
      (e: unknown) => {
        this.done();
        reportUnhandled(e);
      },
    );
  }

  /** @internal Owner: an aborted wait leaves; nothing else changes. */
  withdraw(w: Parked): void {
    this.q.remove(w);
  }

  private release(): void {
    // Stale waiters are refused by live(); everyone else is granted, oldest first.
    for (let w = this.q.live(); w !== null; w = this.q.live()) {
      this.q.shift();
      w.grant();
    }
  }
}
