// The rules every operator follows, and the machinery that enforces them.
//
//  1. Shape. A stage is `(input: Source<A>) => RecvChan<B>`, built by a curried
//     call (`map(f)`), so `pipe(source, map(f), filter(p))` composes. A terminal
//     takes its input last too (`collect(input)`, `reduce(f, init)(input)`) and
//     returns a Promise (TaskEither variants: `collectTE`, ...).
//  2. Ownership. An operator owns the channels it creates and closes them; it
//     never closes a channel it was given. When its inputs are exhausted it
//     finishes its work and closes its outputs: close travels downstream.
//  3. Errors surface once. A throwing user function (or any failure of an
//     operator) is recorded in the operator's record (below), then its outputs
//     close. Whoever reads an output to its end claims the failure: a stage
//     adopts it and fails in turn, a terminal rejects with it, a `for await`
//     loop throws it. Each output's failure is claimed at most once, so the
//     error reaches the end of the pipeline exactly once, unchanged.
//  4. Stopping travels upstream. When an operator stops for any reason (done,
//     failed, cancelled, or its consumer went away) it releases its inputs; an
//     operator whose outputs are all released stops too. So a terminal that
//     finishes early (`first`), a `break` out of `for await` over a stage, or
//     a failure anywhere, stops every operator up to the source. A channel the
//     user passed in is simply no longer read: never drained, never closed.
//  5. Cancellation. Every operator takes `{ signal?, ctx? }` last. Either one
//     firing stops the operator at once: each parked receive, send or wait is
//     withdrawn (they all park on the operator's own stop signal), its outputs
//     close, and the abort reason (the context's cause) is its failure.
//  6. Back-pressure by default: outputs are unbuffered unless `buffer` says
//     otherwise, and dropping values takes an explicit `overflow` policy.
//  7. Bad input throws when the operator is built, listing every problem
//     (validate.ts).
//  8. One reader per output: an output feeds one stage, terminal or loop
//     (broadcast / distribute / partition share values on purpose).
//
// Tests: spec/ops/rules.spec.ts (one block per rule) and
// spec/ops/conformance.spec.ts (every stage through the same checks).
//
// The record of an operator is a `StageRec`; its output channels are
// `StageChan`s, which point back to it. That link is the side band through
// which failures travel down and releases travel up.

import { Channel, OVERFLOWS } from "../chan/chan.js";
import { deferred, shouldYield } from "../chan/guard.js";
import type { AbortSignalLike, OpOptions } from "../chan/host.js";
import { RunningTask } from "../chan/registry.js";
import { PARKED, unwatch, watch, type Abortable, type OwnsParked } from "../chan/signal.js";
import type { Overflow, RecvResult } from "../chan/types.js";
import { background, cancelChild } from "../context/derive.js";
import { Canceled } from "../context/errors.js";
import { cancel, type CancelCtx, type Ctx } from "../context/node.js";
import type { OperatorOptions, Source } from "./options.js";

/**
 * What a stopped operator's parked operations reject with. It never reaches a
 * user except as the rejection of a `send` given to `generate`'s function after
 * its consumer went away.
 *
 * @example
 * ```ts
 * generate<number>(async (send) => {
 *   try { for (;;) await send(Math.random()); }
 *   catch (e) { if (!(e instanceof StageStopped)) throw e; } // the consumer left: just return
 * });
 * ```
 */
export class StageStopped extends Error {
  /** Always `"StageStopped"`. */
  override readonly name = "StageStopped";
}

/** @internal */
export const STOPPED = new StageStopped("operator stopped (its consumer went away, or it finished)");

/** A recorded failure (boxed: `undefined` can be thrown too). */
export interface Failure {
  readonly error: unknown;
}

/**
 * The AbortSignal every parked operation of one operator uses. A hand-made one
 * that keeps its parked operations itself (../chan/signal.ts's PARKED), so an
 * operator parking and waking once per batch pays a push and a removal on a
 * short list, not a hub and a host event listener each time.
 */
class StopSignal implements AbortSignalLike, OwnsParked {
  aborted = false;
  reason: unknown = undefined;
  readonly [PARKED]: Abortable[] = [];
  private listeners: (() => void)[] = [];

  addEventListener(_type: "abort", listener: () => void): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const parked = this[PARKED].splice(0);
    for (const op of parked) op.abort(reason);
    const all = this.listeners;
    this.listeners = [];
    for (const l of all) l();
  }
}

const seqs = new Map<string, number>();

function autoName(op: string): string {
  const n = (seqs.get(op) ?? 0) + 1;
  seqs.set(op, n);
  return `${op}-${n}`;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";

export { isThenable };

/** The record of one operator: its stop signal, failure, outputs and inputs. */
export class StageRec implements Abortable {
  readonly name: string;
  /** Every parked operation of this operator parks on it. */
  readonly stop = new StopSignal();
  /** `{ signal: stop }`, made once. */
  readonly park: OpOptions;
  /** The context handed to user functions: cancelled when the operator stops. */
  readonly ctx: CancelCtx;
  failure: Failure | null = null;
  finished = false;
  readonly outputs: StageChan<unknown>[] = [];
  private readonly inputs: StageChan<unknown>[] = [];
  /** Multi-output operators decide what a released output means; the default stops the operator. */
  onRelease: ((ch: StageChan<unknown>) => void) | null = null;
  private readonly userSignal: AbortSignalLike | undefined;
  private readonly ctxSignal: AbortSignalLike | undefined;
  private readonly diag: RunningTask;

  constructor(op: string, options: OperatorOptions | undefined) {
    this.name = options?.name ?? autoName(op);
    this.park = { signal: this.stop };
    const parent = (options?.ctx ?? background()) as Ctx;
    this.ctx = cancelChild(parent, "WithCancelCause");
    this.userSignal = options?.signal;
    // A context that can never be cancelled needs no watching.
    this.ctxSignal = options?.ctx !== undefined && parent.canceler !== null ? options.ctx.signal : undefined;
    this.diag = new RunningTask(this.name);
  }

  /** Register an input channel (source.ts's `read` turns iterables into channels first). */
  input<T>(ch: Channel<T>): Channel<T> {
    if (ch instanceof StageChan) this.inputs.push(ch as StageChan<unknown>);
    return ch;
  }

  /** Make an output channel this operator owns. */
  output<T>(buffer = 0, overflow: Overflow = "block", name = this.name): StageChan<T> {
    return this.adopt<T, StageChan<T>>(new StageChan<T>(this, buffer, overflow, name));
  }

  /** Own an output channel of a StageChan flavour made by the operator (merge.ts). */
  adopt<T, C extends StageChan<T>>(ch: C): C {
    this.outputs.push(ch as unknown as StageChan<unknown>);
    return ch;
  }

  /**
   * Run the operator's body. Before it starts, the operator listens to its
   * signal and context (and fails at once if either already fired). The body's
   * return completes the operator; a throw fails it.
   */
  run<R>(body: () => Promise<R>): Promise<R> {
    if (!this.listen()) return Promise.reject(this.failure!.error);
    this.diag.begin();
    let p: Promise<R>;
    try {
      p = body();
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.then(
      (v) => {
        if (this.failure !== null) throw this.failure.error;
        this.halt();
        return v;
      },
      (e: unknown) => {
        if (e !== STOPPED) this.fail(e);
        else this.halt();
        throw this.failure === null ? STOPPED : this.failure.error;
      },
    );
  }

  /** `run` for a stage: nobody awaits it (its outcome travels through its outputs). */
  launch(body: () => Promise<void>): void {
    this.run(body).catch(noop);
  }

  private listen(): boolean {
    const us = this.userSignal;
    const cs = this.ctxSignal;
    if (us !== undefined && us.aborted) this.fail(us.reason);
    else if (cs !== undefined && cs.aborted) this.fail(cs.reason);
    else if (this.ctx.errValue !== undefined) this.fail(this.ctx.causeValue);
    if (this.finished) return false;
    if (us !== undefined) watch(us, this);
    if (cs !== undefined) watch(cs, this);
    return true;
  }

  /** Abortable: the user's signal or context fired. */
  abort(reason: unknown): void {
    this.fail(reason);
  }

  /** Fail with `error` (the first failure wins; nothing after the operator finished counts). */
  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = { error };
    this.finish();
  }

  /** Stop quietly (done, or nobody wants the output any more). */
  halt(): void {
    if (!this.finished) this.finish();
  }

  /** A consumer is done with output `ch`. */
  release(ch: StageChan<unknown>): void {
    if (ch.released) return;
    ch.released = true;
    if (this.finished) return;
    if (this.onRelease !== null) this.onRelease(ch);
    else this.halt();
  }

  /** Forget an output that was closed for good (a subscriber that left), so a long-lived operator does not hoard them. */
  dropOutput(ch: StageChan<unknown>): void {
    const i = this.outputs.indexOf(ch);
    if (i >= 0) this.outputs.splice(i, 1);
  }

  /** Whether every output has been released (multi-output operators stop then). */
  allReleased(): boolean {
    return this.outputs.every((o) => o.released);
  }

  private finish(): void {
    this.finished = true;
    // Withdraw everything parked first, so closing the outputs rejects no send of ours.
    this.stop.fire(STOPPED);
    for (const o of this.outputs) if (!o.closed) o.close();
    for (const i of this.inputs) i.stage.release(i);
    if (this.userSignal !== undefined) unwatch(this.userSignal, this);
    if (this.ctxSignal !== undefined) unwatch(this.ctxSignal, this);
    cancel(this.ctx, Canceled, this.failure?.error);
    this.diag.end();
  }

  // ---- the loop's operations: each rejects with STOPPED once the operator stops ----

  /** A value from `ch` now if one is ready, else a promise of one. Counts toward the starvation guard. */
  next<T>(ch: Channel<T>): RecvResult<T> | Promise<RecvResult<T>> {
    if (this.finished) return Promise.reject(STOPPED);
    const r = ch.tryRecv();
    if (r === undefined) return ch.recv(this.park);
    return shouldYield() ? deferred(r) : r;
  }

  /** Send `v` on `ch` now if possible (undefined), else a promise of the send. */
  put<T>(ch: Channel<T>, v: T): Promise<void> | undefined {
    if (this.finished) return Promise.reject(STOPPED);
    if (ch.trySend(v)) return shouldYield() ? deferred(undefined) : undefined;
    return ch.send(v, this.park);
  }

  /** After an operation that completed at once: a macrotask to wait for if the loop is starving timers. */
  yielding(): Promise<void> | undefined {
    return shouldYield() ? deferred(undefined) : undefined;
  }

  /** `ch` is closed and drained: rethrow its producer's failure, if any (claiming it). */
  ended(ch: object): void {
    const f = claim(ch);
    if (f !== null) throw f.error;
  }

  /** Await a user promise; rejects with STOPPED at once if the operator stops first. */
  wait<T>(p: PromiseLike<T>): Promise<T> {
    const stop = this.stop;
    return new Promise<T>((resolve, reject) => {
      if (stop.aborted) {
        // Still observe p, so its rejection is not reported as unhandled.
        p.then(noop, noop);
        reject(STOPPED);
        return;
      }
      const w: Abortable = { abort: reject };
      watch(stop, w);
      p.then(
        (v) => {
          unwatch(stop, w);
          resolve(v);
        },
        (e: unknown) => {
          unwatch(stop, w);
          reject(e);
        },
      );
    });
  }

  /** Call a user function's result through `wait` when it is a promise. */
  async value<T>(v: T | PromiseLike<T>): Promise<T> {
    return isThenable(v) ? this.wait(v) : v;
  }
}

const noop = (): void => {};

/**
 * An operator's output channel: a channel like any other (select, `recv`,
 * `channelState` all work), whose `for await` loop throws the operator's
 * failure at the end and whose `break` releases the operator.
 */
export class StageChan<T> extends Channel<T> {
  /** The failure of this output alone (a broadcast subscriber that overflowed), else the stage's. */
  failure: Failure | null = null;
  claimed = false;
  released = false;

  constructor(
    readonly stage: StageRec,
    buffer: number,
    overflow: Overflow,
    name: string,
  ) {
    super(buffer, OVERFLOWS[overflow], name, undefined);
  }

  override [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new StageIterator(this, super[Symbol.asyncIterator]());
  }
}

class StageIterator<T> implements AsyncIterableIterator<T> {
  constructor(
    private readonly ch: StageChan<T>,
    private readonly inner: AsyncIterableIterator<T>,
  ) {}

  next(): Promise<IteratorResult<T>> {
    return this.inner.next().then((r) => {
      if (r.done === true) {
        const f = claim(this.ch);
        if (f !== null) throw f.error;
      }
      return r;
    });
  }

  /** `break` (or a throw in the loop body): the consumer is gone. */
  return(): Promise<IteratorResult<T>> {
    this.ch.stage.release(this.ch as StageChan<unknown>);
    return this.inner.return!();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

/** Claim the failure behind a closed output (once per output); null if none or already claimed. */
export function claim(ch: unknown): Failure | null {
  if (!(ch instanceof StageChan) || ch.claimed) return null;
  const f = ch.failure ?? ch.stage.failure;
  if (f === null) return null;
  ch.claimed = true;
  return f;
}

// ---- inputs -------------------------------------------------------------------

/** Is `v` something an operator can read (a channel, an iterable or an async iterable)? */
export function isSource(v: unknown): v is Source<unknown> {
  if (v instanceof Channel) return true;
  if (v === null || v === undefined) return false;
  if (typeof v === "string") return false;
  const o = v as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof o[Symbol.iterator] === "function" || typeof o[Symbol.asyncIterator] === "function";
}
