// The context tree and how cancellation travels through it.
//
// Every context points up to its parent (for values) and to its `canceler`: the
// nearest context, itself included, that can be cancelled (null when nothing
// above can ever cancel it). A cancellable context keeps ONE Set of what hangs
// below it — child cancellable contexts and afterFunc registrations — instead of
// each child adding an "abort" listener to some AbortSignal. Cancelling removes
// the context from its parent's set at once, so short-lived children of a
// long-lived parent leave nothing behind.
//
// A cancellation happens in two steps, so that no user code ever observes a half
// cancelled tree: first the whole subtree is marked (err, cause, timers cleared,
// detached) without calling out; then done channels are closed, signals aborted
// (their listeners run here, synchronously) and afterFunc callbacks queued.
//
// `done` and `signal` are made on first use: a context nobody watches costs one
// small object, and a thousand throwaway children cost no channels or controllers.

import type { AbortSignalLike } from "../chan/host.js";
import { chan, nil } from "../chan/make.js";
import { abortAdopted, adopt, unwatch, type Abortable } from "../chan/signal.js";
import type { Chan, RecvChan } from "../chan/types.js";
import type { Clock } from "../time/clock.js";
import { Canceled, DeadlineExceeded } from "./errors.js";
import type { CancelableContext, Context, HostAbortSignal, ValueOf } from "./types.js";

interface ControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

function newController(): ControllerLike {
  const C = (globalThis as unknown as { AbortController?: new () => ControllerLike }).AbortController;
  if (typeof C !== "function") {
    throw new TypeError("ctx.signal: this runtime has no AbortController (cspkit needs Node ≥ 20.19, a current browser, Deno or Bun)");
  }
  return new C();
}

// What a context that can never be cancelled hands out: Go returns a nil Done channel.
let neverDone: RecvChan<void> | null = null;
let neverController: ControllerLike | null = null;

/** The signal of contexts that can never be cancelled: it never aborts, so nothing listens to it. */
function neverSignal(): AbortSignalLike {
  if (neverController === null) {
    neverController = newController();
    adopt(neverController.signal);
  }
  return neverController.signal;
}

/** @internal The base of every context. */
export abstract class Ctx implements Context {
  /** Where `value()` looks next; null at a root. */
  abstract readonly parent: Ctx | null;
  /** The nearest cancellable context, this one included; null if none. */
  abstract readonly canceler: CancelCtx | null;

  get done(): RecvChan<void> {
    const c = this.canceler;
    if (c !== null) return c.doneChan();
    return (neverDone ??= nil<void>("ctx.done (never closes)"));
  }

  get signal(): HostAbortSignal {
    const c = this.canceler;
    const s = c !== null ? c.abortSignal() : neverSignal();
    // It is a real AbortSignal; in cspkit's own compilation the host type is AbortSignalLike.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    return s as unknown as HostAbortSignal;
  }

  err(): Error | undefined {
    const c = this.canceler;
    return c === null ? undefined : c.errValue;
  }

  cause(): unknown {
    const c = this.canceler;
    return c === null ? undefined : c.causeValue;
  }

  abstract deadline(): number | undefined;

  value<K>(key: K): ValueOf<K> {
    return lookup(this, key) as ValueOf<K>;
  }

  /** This context's part of the description, e.g. `WithCancel`. */
  abstract segment(): string;

  /** Go's `String()`: the chain from the root, e.g. `context.Background.WithCancel`. */
  toString(): string {
    const parts: string[] = [];
    for (let c = this.parent; c !== null; c = c.parent) parts.push(c.segment());
    parts.reverse().push(this.segment());
    return parts.join(".");
  }
}

function lookup(ctx: Ctx, key: unknown): unknown {
  for (let c: Ctx | null = ctx; c !== null; c = c.parent) {
    if (c instanceof ValueCtx && Object.is(c.key, key)) return c.val;
  }
  return undefined;
}

/** `background()`: the root. Never cancelled, no values, no deadline. */
export class EmptyCtx extends Ctx {
  readonly parent = null;
  readonly canceler = null;

  deadline(): undefined {
    return undefined;
  }

  segment(): string {
    return "context.Background";
  }
}

/** `withValue()`: one key/value pair; everything else is the parent's. */
export class ValueCtx extends Ctx {
  readonly canceler: CancelCtx | null;
  /** The parent's deadline, fixed at creation like everything else about a context. */
  private readonly at: number | undefined;

  constructor(
    readonly parent: Ctx,
    readonly key: unknown,
    readonly val: unknown,
  ) {
    super();
    this.canceler = parent.canceler;
    this.at = parent.deadline();
  }

  deadline(): number | undefined {
    return this.at;
  }

  segment(): string {
    return `WithValue(${safeString(this.key)}, ${safeString(this.val)})`;
  }
}

/** `withoutCancel()`: the parent's values, nothing of its cancellation or deadline. */
export class DetachedCtx extends Ctx {
  readonly canceler = null;

  constructor(readonly parent: Ctx) {
    super();
  }

  deadline(): undefined {
    return undefined;
  }

  segment(): string {
    return "WithoutCancel";
  }
}

export const PENDING = 0;
export const RAN = 1;
export const STOPPED = 2;

/** An `afterFunc` registration: a leaf of the cancellation tree. */
export class AfterFuncEntry {
  /** PENDING until cancellation claims it (RAN) or `stop()` does (STOPPED). */
  state = PENDING;
  owner: CancelCtx | null = null;

  constructor(readonly fn: () => unknown) {}
}

type Child = CancelCtx | AfterFuncEntry;

/** The deadline timer of one context: armed at creation, cleared on cancel. */
class DeadlineTimer {
  handle: unknown = null;
  private readonly fire = (): void => {
    this.handle = null;
    if (this.ctx.errValue === undefined) this.start();
  };

  constructor(
    readonly ctx: CancelCtx,
    readonly clock: Clock,
    readonly at: number,
    readonly timeoutCause: unknown,
  ) {}

  /** Arm for what is left, or cancel if the deadline has passed. */
  start(): void {
    const left = this.at - this.clock.now();
    if (left <= 0) {
      cancel(this.ctx, DeadlineExceeded, this.timeoutCause);
      return;
    }
    // Host timers overflow past 2^31-1 ms and fire at once; a longer wait is
    // done in steps (`fire` re-arms while the deadline is ahead, which also
    // covers a host timer that fires a little early).
    this.handle = this.clock.setTimeout(this.fire, Math.min(left, MAX_DELAY));
  }

  stop(): void {
    if (this.handle === null) return;
    this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}

const MAX_DELAY = 2 ** 31 - 1;

/** The tie between a `fromSignal` context and its signal (one entry in the signal's hub). */
export class SignalLink implements Abortable {
  constructor(
    readonly ctx: CancelCtx,
    readonly source: AbortSignalLike,
  ) {}

  abort(reason: unknown): void {
    cancel(this.ctx, errorFor(reason), reason);
  }
}

/** Which of Go's two errors a foreign abort reason stands for. */
export function errorFor(reason: unknown): Error {
  if (reason === DeadlineExceeded) return DeadlineExceeded;
  if (reason === Canceled) return Canceled;
  const name = reason !== null && typeof reason === "object" ? (reason as { name?: unknown }).name : undefined;
  return name === "TimeoutError" ? DeadlineExceeded : Canceled;
}

/** A context that can be cancelled: `withCancel`, the deadline functions, `fromSignal`. */
export class CancelCtx extends Ctx implements CancelableContext {
  readonly canceler: CancelCtx = this;
  /** Set once, by the first cancellation. */
  errValue: Error | undefined = undefined;
  causeValue: unknown = undefined;
  /** What hangs below: cancelled with this context. Null when empty. */
  children: Set<Child> | null = null;
  /** The context whose `children` holds this one; null once detached. */
  owner: CancelCtx | null = null;
  timer: DeadlineTimer | null = null;
  link: SignalLink | null = null;
  private ch: Chan<void> | null = null;
  private ac: ControllerLike | null = null;

  constructor(
    readonly parent: Ctx | null,
    /** The effective deadline: min(parent's, own), fixed at creation. */
    readonly at: number | undefined,
    private readonly kind: string,
  ) {
    super();
  }

  deadline(): number | undefined {
    return this.at;
  }

  doneChan(): RecvChan<void> {
    let ch = this.ch;
    if (ch === null) {
      ch = chan<void>(0, { name: "ctx.done" });
      if (this.errValue !== undefined) ch.close();
      this.ch = ch;
    }
    return ch;
  }

  abortSignal(): AbortSignalLike {
    let ac = this.ac;
    if (ac === null) {
      ac = newController();
      if (this.errValue !== undefined) ac.abort(this.causeValue);
      else adopt(ac.signal); // abortController() aborts what is parked on it
      this.ac = ac;
    }
    return ac.signal;
  }

  /** Arm the deadline timer (it may cancel at once). */
  arm(clock: Clock, at: number, timeoutCause: unknown): void {
    const t = new DeadlineTimer(this, clock, at, timeoutCause);
    this.timer = t;
    t.start();
  }

  /** Side effects of cancellation, run after the whole subtree is marked. */
  closeDone(): void {
    const ch = this.ch;
    if (ch !== null && !ch.closed) ch.close();
  }

  abortController(): void {
    const ac = this.ac;
    if (ac === null) return;
    abortAdopted(ac.signal, this.causeValue);
    ac.abort(this.causeValue);
  }

  [Symbol.dispose](): void {
    cancel(this, Canceled, undefined);
  }

  segment(): string {
    return this.parent === null ? `context.${this.kind}` : this.kind;
  }
}

/** Hang `child` below `parent`'s canceler; cancel it at once if that one already is. */
export function attach(parent: Ctx, child: Child): void {
  const owner = parent.canceler;
  if (owner === null) return;
  if (owner.errValue !== undefined) {
    if (child instanceof CancelCtx) cancel(child, owner.errValue, owner.causeValue);
    else claim([child]);
    return;
  }
  (owner.children ??= new Set()).add(child);
  child.owner = owner;
}

/** Take `child` out of its owner's set. */
export function detach(child: Child): void {
  const owner = child.owner;
  if (owner === null) return;
  child.owner = null;
  const set = owner.children;
  if (set === null) return;
  set.delete(child);
  if (set.size === 0) owner.children = null;
}

/**
 * Cancel `root` and everything below it with `err` and `cause` (undefined: the
 * cause is `err`). A context already cancelled keeps its first err and cause.
 */
export function cancel(root: CancelCtx, err: Error, cause: unknown): void {
  if (root.errValue !== undefined) return;
  detach(root);
  const why = cause === undefined ? err : cause;
  const marked: CancelCtx[] = [];
  const runs: AfterFuncEntry[] = [];
  // Step 1: mark, breadth first (no recursion: chains can be deep). Nothing here calls out.
  const queue: Child[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    if (n instanceof AfterFuncEntry) {
      n.owner = null;
      if (n.state === PENDING) {
        n.state = RAN;
        runs.push(n);
      }
      continue;
    }
    // Only live contexts hang in a children set (cancelling one detaches it).
    n.errValue = err;
    n.causeValue = why;
    n.owner = null;
    if (n.timer !== null) {
      n.timer.stop();
      n.timer = null;
    }
    if (n.link !== null) {
      unwatch(n.link.source, n.link);
      n.link = null;
    }
    marked.push(n);
    const kids = n.children;
    if (kids !== null) {
      n.children = null;
      for (const k of kids) queue.push(k);
    }
  }
  // Step 2: tell the world. Closing wakes receivers through promises (later);
  // aborting runs the signals' listeners now, on a fully marked tree.
  for (const n of marked) n.closeDone();
  for (const n of marked) n.abortController();
  claim(runs);
}

/** Start claimed afterFunc callbacks, each on its own (Go: `go f()`). */
function claim(entries: AfterFuncEntry[]): void {
  for (const e of entries) {
    e.state = RAN;
    // A throw (or a rejected promise returned) surfaces as an unhandled
    // rejection: loud, like a panic in Go's AfterFunc goroutine.
    void Promise.resolve().then(e.fn);
  }
}

/**
 * @internal How many children (contexts and afterFunc registrations) hang on the
 * cancellation node behind `ctx`. For tests and diagnostics.
 */
export function childCount(ctx: Context): number {
  if (!(ctx instanceof Ctx)) throw new TypeError(`childCount(ctx): ctx must be a Context, got ${safeString(ctx)}`);
  return ctx.canceler?.children?.size ?? 0;
}

function safeString(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
