// bulkhead(): at most maxConcurrent calls run at once, at most maxQueue wait
// for a slot, and the rest are refused at once. Slots are a Semaphore, so the
// queue is FIFO, an aborted wait leaves no trace, and waiting calls show up in
// diagnostics (blocked(), expectNoLeaks) as `acquire Semaphore "<name>"`.

import type { AbortSignalLike } from "../chan/host.js";
import { Semaphore } from "../sync/semaphore.js";
import { checkObject, Issues } from "./check.js";
import { bulkheadFull } from "./errors.js";
import { contextFor, invoke, PolicyBase, signalFor } from "./policy.js";
import type { ExecuteContext, Policy } from "./types.js";

/**
 * Options of {@link bulkhead} (cockatiel's `bulkhead(limit, queue)`).
 *
 * @example
 * ```ts
 * const opts: BulkheadOptions = { maxConcurrent: 4, maxQueue: 16, name: "thumbnails" };
 * ```
 */
export interface BulkheadOptions {
  /** Calls that may run at once (an integer ≥ 1). */
  readonly maxConcurrent: number;
  /** Calls that may wait for a slot (an integer ≥ 0, or Infinity). Default 0: refuse at once when all slots are busy. */
  readonly maxQueue?: number | undefined;
  /** Shown in errors and diagnostics. */
  readonly name?: string | undefined;
}

/**
 * A bulkhead made by {@link bulkhead}: a {@link Policy} that limits
 * concurrency.
 *
 * @example
 * ```ts
 * const b: Bulkhead = bulkhead({ maxConcurrent: 2 });
 * console.log(b.running, b.queued); // 0 0
 * ```
 */
export interface Bulkhead extends Policy<ExecuteContext> {
  /** Calls running now. */
  readonly running: number;
  /** Calls waiting for a slot now. */
  readonly queued: number;
  /** The `maxConcurrent` option. */
  readonly maxConcurrent: number;
  /** The `maxQueue` option. */
  readonly maxQueue: number;
}

class BulkheadPolicy extends PolicyBase<ExecuteContext, never> implements Bulkhead {
  protected readonly label: string;
  private readonly slots: Semaphore;
  private waiting = 0;

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueue: number,
    private readonly name: string | undefined,
  ) {
    super();
    this.label = name === undefined ? "bulkhead" : `bulkhead "${name}"`;
    this.slots = new Semaphore(maxConcurrent, { name: name ?? "bulkhead" });
  }

  get running(): number {
    return this.slots.held;
  }

  get queued(): number {
    return this.waiting;
  }

  async run<A>(fn: (ctx: ExecuteContext) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<A> {
    if (signal !== undefined && signal.aborted) throw signal.reason;
    if (!this.slots.tryAcquire()) {
      if (this.waiting >= this.maxQueue) throw bulkheadFull(this.name, this.maxConcurrent, this.maxQueue);
      this.waiting++;
      try {
        await this.slots.acquire(1, { signal });
      } finally {
        this.waiting--;
      }
    }
    try {
      return await invoke(fn, contextFor(outer, signalFor(signal)));
    } finally {
      this.slots.release();
    }
  }
}

const CONCURRENT = { min: 1, integer: true, says: "an integer ≥ 1 (calls running at once)" } as const;
const QUEUE = { min: 0, integer: true, infinite: true, says: "an integer ≥ 0, or Infinity (calls waiting for a slot)" } as const;

/**
 * A bulkhead: at most `maxConcurrent` calls run at once; up to `maxQueue` more
 * wait for a slot in arrival order (a queued call's `signal` withdraws it); any
 * further call is refused at once with `BulkheadRejectedError`, without
 * running. The "limit" of a concurrency circuit breaker. Every invalid option
 * is reported in one error, when the policy is built.
 *
 * @example
 * ```ts
 * const limit = bulkhead({ maxConcurrent: 8, maxQueue: 100 });
 * app.get("/thumb/:id", async (req, res) => {
 *   res.send(await limit.execute(({ signal }) => renderThumbnail(req.params.id, signal), { signal: req.signal }));
 * });
 * ```
 */
export function bulkhead(options: BulkheadOptions): Bulkhead {
  const where = "bulkhead(options)";
  checkObject(where, options, "{ maxConcurrent: 8, maxQueue: 32 }", false);
  const o = options as { [K in keyof BulkheadOptions]: unknown };
  const issues = new Issues(where);
  const maxConcurrent = issues.num("options.maxConcurrent", o.maxConcurrent, CONCURRENT);
  const maxQueue = issues.num("options.maxQueue", o.maxQueue, QUEUE, true) ?? 0;
  issues.str("options.name", o.name);
  issues.done();
  return new BulkheadPolicy(maxConcurrent!, maxQueue, options.name);
}
