// The public shapes of channels. Directional views are types only: at run time
// every channel is one object, and the type decides what you may do with it.

import type { OpOptions } from "./host.js";

/**
 * What a receive produces: `ok: false` only once the channel is closed **and**
 * drained. `undefined` and `null` are ordinary values, never sentinels.
 *
 * @example
 * ```ts
 * const r = await ch.recv();
 * if (!r.ok) return;        // closed and drained
 * use(r.value);             // r.value: T
 * ```
 */
export type RecvResult<T> =
  | {
      /** The value received. */
      value: T;
      /** True: a value was received. */
      ok: true;
    }
  | {
      /** Always `undefined` here. */
      value: undefined;
      /** False: the channel is closed and drained. */
      ok: false;
    };

/** Members shared by both directions. */
interface ChanInfo {
  /** Values waiting in the buffer (Go's `len(ch)`). */
  readonly len: number;
  /** Buffer capacity; 0 for an unbuffered channel (Go's `cap(ch)`). */
  readonly cap: number;
  /** True once `close()` was called (values may still be buffered). */
  readonly closed: boolean;
  /** The `name` option, shown in errors and diagnostics. */
  readonly name: string | undefined;
  /** Values discarded so far by a dropping overflow policy (`"dropOldest"` / `"dropNewest"`). */
  readonly dropped: number;
}

/**
 * The receive side of a channel (Go's `<-chan T`). Covariant: a `RecvChan<Cat>`
 * is a `RecvChan<Animal>`. It has no `send` and no `close`.
 *
 * @example
 * ```ts
 * async function consume(jobs: RecvChan<Job>) {
 *   for await (const job of jobs) handle(job);
 * }
 * ```
 */
export interface RecvChan<out T> extends ChanInfo, AsyncIterable<T> {
  /** Wait for a value; `{ ok: false }` once closed and drained. */
  recv(options?: OpOptions): Promise<RecvResult<T>>;
  /** Receive without waiting: the result, or `undefined` if a receive would block. */
  tryRecv(): RecvResult<T> | undefined;
  /** Range over the channel: yields until it is closed and drained. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}

/**
 * The send side of a channel (Go's `chan<- T`). Contravariant: a
 * `SendChan<Animal>` accepts cats, so it is a `SendChan<Cat>`. Only a send-capable
 * handle can `close()`.
 *
 * @example
 * ```ts
 * async function produce(out: SendChan<number>) {
 *   for (let i = 0; i < 3; i++) await out.send(i);
 *   out.close();
 * }
 * ```
 */
export interface SendChan<in T> extends ChanInfo {
  // send and trySend are function-typed properties, not methods: method
  // parameters are compared bivariantly, which would let a Chan<Cat> pass as a
  // SendChan<Animal> and accept dogs.
  /**
   * Send `value`. Resolves once the channel has accepted it: for an unbuffered
   * channel, once a receiver has taken it. Rejects with `ClosedChannelError` if the
   * channel is (or becomes, while waiting) closed.
   */
  readonly send: (value: T, options?: OpOptions) => Promise<void>;
  /**
   * Send without waiting: `true` if accepted, `false` if a send would block.
   * Throws `ClosedChannelError` on a closed channel.
   */
  readonly trySend: (value: T) => boolean;
  /**
   * Close the channel: parked receivers get `{ ok: false }` once the buffer is
   * drained, parked senders reject with `ClosedChannelError` carrying their value.
   * Closing twice throws.
   */
  close(): void;
}

/**
 * A bidirectional channel: usable wherever a `SendChan<T>` or a `RecvChan<T>` is
 * expected (never the reverse).
 *
 * @example
 * ```ts
 * const ch: Chan<number> = chan<number>(8);
 * const out: SendChan<number> = ch;
 * const inp: RecvChan<number> = ch;
 * ```
 */
export interface Chan<in out T> extends SendChan<T>, RecvChan<T> {}

/** What a buffered channel does with a send when its buffer is full. */
export type Overflow = "block" | "dropOldest" | "dropNewest" | "error";

/**
 * Options of {@link chan}.
 *
 * @example
 * ```ts
 * const latest = chan<Reading>(1, { name: "readings", overflow: "dropOldest" });
 * ```
 */
export interface ChanOptions<T> {
  /** Shown in errors and diagnostics. */
  readonly name?: string | undefined;
  /**
   * Full-buffer policy (buffered channels only): `"block"` (default: back-pressure),
   * `"dropOldest"` (sliding window), `"dropNewest"` (discard the new value), or
   * `"error"` (reject with `ChannelFullError`).
   */
  readonly overflow?: Overflow | undefined;
  /** Called with every value a dropping policy discards. */
  readonly onDrop?: ((value: T) => void) | undefined;
}
