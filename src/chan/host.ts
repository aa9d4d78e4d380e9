// What the engine needs from its host, typed structurally so the core compiles
// with no DOM and no Node typings (DESIGN §5) and runs on any runtime.

/**
 * The part of an `AbortSignal` cspkit uses. Every real `AbortSignal` (browsers,
 * Node, Deno, Bun) satisfies it.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * await ch.recv({ signal: ac.signal });
 * ```
 */
export interface AbortSignalLike {
  /** True once aborted. */
  readonly aborted: boolean;
  /** Why it was aborted; operations reject with exactly this value. */
  readonly reason?: unknown;
  /** Listen for the abort (cspkit adds one listener per signal, however many operations wait on it). */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Stop listening (cspkit removes its listener once no operation waits on the signal). */
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * Options every blocking operation takes.
 *
 * @example
 * ```ts
 * await jobs.send(job, { signal: AbortSignal.timeout(1000) });
 * ```
 */
export interface OpOptions {
  /** Abort before the operation commits: it rejects with `signal.reason` and leaves no trace. */
  readonly signal?: AbortSignalLike | undefined;
}

interface HostTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate?: (fn: () => void) => unknown;
}

const host = globalThis as unknown as HostTimers;

/** Runs `fn` on the macrotask queue, after pending I/O and timers had their turn. */
export const macrotask: (fn: () => void) => void =
  typeof host.setImmediate === "function"
    ? (fn) => void host.setImmediate!(fn)
    : (fn) => void host.setTimeout(fn, 0);

/** The host's real timer functions. */
export const hostSetTimeout = (fn: () => void, ms: number): unknown => host.setTimeout(fn, ms);
export const hostClearTimeout = (handle: unknown): void => host.clearTimeout(handle);

const resolved = Promise.resolve();

/**
 * Runs `fn` on the microtask queue. Through a resolved promise rather than
 * `queueMicrotask`: Node wraps every queueMicrotask callback for async hooks,
 * which costs several times more, and late wakes (wake.ts) queue one per
 * hand-off on busy channels.
 */
export const microtask = (fn: () => void): void => void resolved.then(fn);
