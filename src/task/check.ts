// Argument checks of the task layer. Messages name the call, the argument, what
// it needed and what it got.

import type { AbortSignalLike } from "../chan/host.js";
import { checkCtx, isSignal, show } from "../context/check.js";
import { background } from "../context/derive.js";
import type { Ctx } from "../context/node.js";

export { show };

/** `fn` must be a function. */
export function checkFn(where: string, fn: unknown): void {
  if (typeof fn !== "function") throw new TypeError(`${where}: fn must be a function, got ${show(fn)}`);
}

/** The options argument: undefined or an object. */
export function checkOptions(where: string, options: unknown, like: string): void {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${where}: options must be an object like ${like}, got ${show(options)}`);
  }
}

/** `options.name`: a string, or undefined for `fallback()`. */
export function nameOf(where: string, name: unknown, fallback: () => string): string {
  if (name === undefined) return fallback();
  if (typeof name !== "string") throw new TypeError(`${where}: options.name must be a string, got ${show(name)}`);
  return name;
}

/** `options.signal`: an AbortSignal or undefined. */
export function signalOf(where: string, signal: unknown): AbortSignalLike | undefined {
  if (signal === undefined) return undefined;
  if (!isSignal(signal)) throw new TypeError(`${where}: options.signal must be an AbortSignal, got ${show(signal)}`);
  return signal;
}

/** A parent context argument (`undefined`: background()). */
export function parentOf(where: string, arg: string, ctx: unknown): Ctx {
  return ctx === undefined ? (background() as Ctx) : checkCtx(where, arg, ctx);
}

/**
 * A concurrency limit: a non-negative integer, or `Infinity` for none (Go's
 * negative limit). Non-numbers are a TypeError, other numbers a RangeError.
 */
export function checkLimit(where: string, arg: string, v: unknown): number {
  const what = "a non-negative integer, or Infinity for no limit";
  if (typeof v !== "number") throw new TypeError(`${where}: ${arg} must be ${what}, got ${show(v)}`);
  if (v === Infinity) return v;
  if (!Number.isSafeInteger(v) || v < 0) {
    const hint = v < 0 ? " (Go's negative limit means no limit: pass Infinity)" : "";
    throw new RangeError(`${where}: ${arg} must be ${what}, got ${show(v)}${hint}`);
  }
  return v;
}
