// Argument checks shared by the sync primitives. Every message names the call,
// the argument, what was expected and what was given.

import { deferred, shouldYield } from "../chan/guard.js";
import type { AbortSignalLike } from "../chan/host.js";
import type { SyncOptions, WaitOptions } from "./types.js";

/** Render a bad value for an error message. */
export const show = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (v !== null && typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return String(v);
};

/** ` "name"` or nothing, to follow a primitive's kind in a message. */
export const named = (name: string | undefined): string => (name === undefined ? "" : ` "${name}"`);

/** Validate a constructor's options object and return its name. */
export function nameOf(where: string, options: SyncOptions | undefined): string | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}: options must be an object like { name: "db" }, got ${show(options)}`);
  }
  const name = options.name;
  if (name !== undefined && typeof name !== "string") {
    throw new TypeError(`${where}: options.name must be a string, got ${show(name)}`);
  }
  return name;
}

/** The (up to two) signals a wait listens to. */
export interface Signals {
  s1: AbortSignalLike | undefined;
  s2: AbortSignalLike | undefined;
}

const NO_SIGNALS: Signals = { s1: undefined, s2: undefined };

/** Validate a blocking operation's options and pick out its signals. */
export function signalsOf(where: string, options: WaitOptions | undefined): Signals {
  if (options === undefined) return NO_SIGNALS;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}: options must be an object like { signal }, got ${show(options)}`);
  }
  const s1 = options.signal;
  if (s1 !== undefined && !isSignal(s1)) {
    throw new TypeError(`${where}: options.signal must be an AbortSignal, got ${show(s1)}`);
  }
  const ctx = options.ctx;
  let s2: AbortSignalLike | undefined;
  if (ctx !== undefined) {
    s2 = ctx !== null && typeof ctx === "object" ? ctx.signal : undefined;
    if (!isSignal(s2)) {
      throw new TypeError(`${where}: options.ctx must be a context (an object with an AbortSignal in .signal), got ${show(ctx)}`);
    }
  }
  return s1 === undefined && s2 === undefined ? NO_SIGNALS : { s1, s2 };
}

const isSignal = (s: unknown): s is AbortSignalLike =>
  s !== null && typeof s === "object" && typeof (s as AbortSignalLike).addEventListener === "function";

/** True if either signal has aborted. */
export const isAborted = (s: Signals): boolean =>
  (s.s1 !== undefined && s.s1.aborted) || (s.s2 !== undefined && s.s2.aborted);

/** The reason of the first aborted signal (call only when `isAborted`). */
export const reasonOf = (s: Signals): unknown => (s.s1 !== undefined && s.s1.aborted ? s.s1.reason : s.s2!.reason);

/**
 * Check a count argument: an integer no smaller than `min`. Non-numbers are a
 * TypeError, the rest a RangeError.
 */
export function checkInt(where: string, arg: string, v: unknown, min: number, what: string): number {
  if (typeof v !== "number") throw new TypeError(`${where}: ${arg} must be ${what}, got ${show(v)}`);
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${where}: ${arg} must be ${what}, got ${show(v)}`);
  return v;
}

/** Check a callback argument. */
export function checkFn(where: string, arg: string, fn: unknown): void {
  if (typeof fn !== "function") throw new TypeError(`${where}: ${arg} must be a function, got ${show(fn)}`);
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The promise of an operation granted at once. Counts toward the starvation
 * guard (../chan/guard.ts), so a `lock(); unlock()` loop that never parks still
 * lets timers and I/O run.
 */
export const grantedNow = (): Promise<void> => (shouldYield() ? deferred(undefined) : RESOLVED);

export { RESOLVED };
