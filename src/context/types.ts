// The public shapes of the context layer.

import type { AbortSignalLike } from "../chan/host.js";
import type { RecvChan } from "../chan/types.js";
import type { TimerOptions } from "../time/timer.js";

/**
 * The host's `AbortSignal` type where the program has one (DOM lib or
 * `@types/node`), else {@link AbortSignalLike}. cspkit compiles without either,
 * yet `ctx.signal` must be accepted by `fetch` and friends in programs that have
 * them: the choice is made in the user's compilation, not in ours.
 *
 * @example
 * ```ts
 * const s: HostAbortSignal = ctx.signal;
 * await fetch(url, { signal: s });
 * ```
 */
export type HostAbortSignal = typeof globalThis extends HostWithAbortSignal<infer S> ? S : AbortSignalLike;

/** A host whose globals include an `AbortSignal` class (DOM or @types/node). */
interface HostWithAbortSignal<S> {
  /** The host's AbortSignal class. */
  readonly AbortSignal: {
    /** Its instances' prototype: the host's AbortSignal type. */
    readonly prototype: S;
  };
}

declare const keyType: unique symbol;

/**
 * A typed key for {@link withValue} / `ctx.value`, made by {@link contextKey}.
 * Keys compare by identity (two keys with the same name are different keys), so a
 * package's keys cannot collide with another's — Go's unexported key types, in
 * TypeScript.
 *
 * @example
 * ```ts
 * const requestId: ContextKey<string> = contextKey<string>("requestId");
 * ```
 */
export interface ContextKey<T> {
  /** The name given to `contextKey`, for messages and debugging only. */
  readonly name: string;
  /** `contextKey("name")`, for messages. */
  toString(): string;
  /** @internal Type-only: ties the key to `T` (invariantly). */
  readonly [keyType]: (value: T) => T;
}

/**
 * What `ctx.value(key)` returns for a key of type `K`: `T | undefined` for a
 * `ContextKey<T>`, `unknown` for any other key.
 *
 * @example
 * ```ts
 * type A = ValueOf<ContextKey<number>>; // number | undefined
 * type B = ValueOf<"user">;             // unknown
 * ```
 */
export type ValueOf<K> = K extends ContextKey<infer T> ? T | undefined : unknown;

/**
 * A Go `context.Context`: a cancellation signal, an optional deadline and
 * request-scoped values, passed down a call tree. Cancelling a context cancels
 * every context derived from it, never the reverse.
 *
 * @example
 * ```ts
 * async function worker(ctx: Context, jobs: RecvChan<Job>): Promise<void> {
 *   for (;;) {
 *     const r = await select({ job: jobs, quit: ctx.done });
 *     if (r.case === "quit" || !r.ok) return;
 *     await handle(r.value, { signal: ctx.signal });
 *   }
 * }
 * ```
 */
export interface Context {
  /**
   * Closed when the context is cancelled (Go's `ctx.Done()`): a receive on it
   * yields `{ ok: false }`, and as a select case it fires. For a context that can
   * never be cancelled (`background()`, `withoutCancel`) it is a nil channel.
   */
  readonly done: RecvChan<void>;
  /**
   * An `AbortSignal` aborted when the context is cancelled, with `cause()` as its
   * `reason`: hand it to `fetch`, streams, or any cspkit operation's `{ signal }`.
   */
  readonly signal: HostAbortSignal;
  /**
   * `undefined` while the context is live, then {@link Canceled} or
   * {@link DeadlineExceeded} for good (Go's `ctx.Err()`).
   */
  err(): Error | undefined;
  /**
   * Why the context was cancelled (Go's `context.Cause`): the cause given to a
   * `…Cause` function, else the same as `err()`; `undefined` while live.
   */
  cause(): unknown;
  /**
   * When the context will be cancelled on its own, in clock milliseconds (epoch
   * milliseconds on the system clock), or `undefined` if it has no deadline.
   */
  deadline(): number | undefined;
  /**
   * The value stored under `key` by the nearest `withValue` up the chain, or
   * `undefined` (Go's `ctx.Value(key)`).
   */
  value<K>(key: K): ValueOf<K>;
  /**
   * A description of the chain, as Go prints contexts:
   * `context.Background.WithValue("user", "alice").WithCancel`.
   */
  toString(): string;
}

/**
 * A context with its own cancellation (from `withCancel`, `withTimeout`,
 * `fromSignal`, …). It is `Disposable`: `using` cancels it at scope exit, which
 * also releases its timer and its place in its parent.
 *
 * @example
 * ```ts
 * {
 *   using ctx = withTimeout(parent, 5_000)[0];
 *   await call(ctx);
 * } // cancelled here, whatever happened inside
 * ```
 */
export interface CancelableContext extends Context, Disposable {}

/**
 * Cancels its context with {@link Canceled} (Go's `CancelFunc`). Idempotent:
 * only the first cancellation of a context counts.
 *
 * @example
 * ```ts
 * const [ctx, cancel]: [CancelableContext, CancelFunc] = withCancel(parent);
 * try { await work(ctx); } finally { cancel(); }
 * ```
 */
export type CancelFunc = () => void;

/**
 * Cancels its context with {@link Canceled} and `cause` (Go's
 * `CancelCauseFunc`); without a cause (or with `undefined`) the cause is
 * `Canceled`. The first cause wins.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancelCause(parent);
 * cancel(new Error("upstream closed"));
 * ctx.cause(); // Error: upstream closed
 * ```
 */
export type CancelCauseFunc = (cause?: unknown) => void;

/**
 * Options of the deadline functions: the clock their timer runs on (default:
 * the one set with `setClock`, normally the system clock).
 *
 * @example
 * ```ts
 * const clock = manualClock();
 * const [ctx] = withTimeout(background(), 1_000, { clock });
 * await clock.advance(1_000); // ctx.err() === DeadlineExceeded
 * ```
 */
export type DeadlineOptions = TimerOptions;
