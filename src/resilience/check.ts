// Option checks of the resilience layer. A policy is validated when it is built,
// and every invalid field is reported in one error: a user fixing a config wants
// the whole list, not one field per run. Hand-written (no schema library), so
// the root entry stays free of effect's weight (DESIGN §4).

import type { AbortSignalLike } from "../chan/host.js";
import { isSignal, show } from "../context/check.js";

export { isSignal, show };

/** A numeric range: bounds, whether they are included, integers only. */
export interface Range {
  readonly min?: number;
  /** True: `min` itself is not allowed. */
  readonly minOpen?: boolean;
  readonly max?: number;
  readonly maxOpen?: boolean;
  readonly integer?: boolean;
  /** True: `Infinity` is allowed (otherwise the number must be finite). */
  readonly infinite?: boolean;
  /** How the range reads in a message, e.g. "a number in (0, 1]". */
  readonly says: string;
}

/** Collects the problems of one options object, then throws them all at once. */
export class Issues {
  private readonly list: string[] = [];
  private typeError = false;

  /** @param noun what the problems are in, for the count: "options" or "arguments". */
  constructor(
    readonly where: string,
    private readonly noun = "options",
  ) {}

  /** Record a problem with `path` (e.g. "options.threshold"). */
  add(path: string, says: string, value: unknown, kind: "type" | "range", hint = ""): void {
    if (kind === "type") this.typeError = true;
    this.list.push(`${path} must be ${says}, got ${show(value)}${hint}`);
  }

  /** A number in `range`; `undefined` passes when `optional`. Returns the value when valid. */
  num(path: string, v: unknown, range: Range, optional = false): number | undefined {
    if (v === undefined && optional) return undefined;
    if (typeof v !== "number") {
      this.add(path, range.says, v, "type");
      return undefined;
    }
    const { min, max } = range;
    const bad =
      Number.isNaN(v) ||
      (v === Infinity ? range.infinite !== true : !Number.isFinite(v)) ||
      (range.integer === true && Number.isFinite(v) && !Number.isSafeInteger(v)) ||
      (min !== undefined && (range.minOpen === true ? v <= min : v < min)) ||
      (max !== undefined && (range.maxOpen === true ? v >= max : v > max));
    if (bad) {
      this.add(path, range.says, v, "range");
      return undefined;
    }
    return v;
  }

  /** A function, or `undefined` when `optional`. */
  fn(path: string, v: unknown, optional = true): void {
    if (v === undefined && optional) return;
    if (typeof v !== "function") this.add(path, "a function", v, "type");
  }

  /** An object with `now()`, or `undefined`. */
  clock(path: string, v: unknown, needsTimers: boolean): void {
    if (v === undefined) return;
    const has = (k: string): boolean => typeof (v as Record<string, unknown>)[k] === "function";
    const ok = v !== null && typeof v === "object" && has("now") && (!needsTimers || (has("setTimeout") && has("clearTimeout")));
    if (!ok) {
      this.add(path, needsTimers ? "a clock with now(), setTimeout(fn, ms) and clearTimeout(handle)" : "a clock: an object with now()", v, "type");
    }
  }

  /** A string, or `undefined`. */
  str(path: string, v: unknown): void {
    if (v !== undefined && typeof v !== "string") this.add(path, "a string", v, "type");
  }

  /** An AbortSignal, or `undefined`. */
  signal(path: string, v: unknown): void {
    if (v !== undefined && !isSignal(v)) this.add(path, "an AbortSignal", v, "type");
  }

  /** Throw if anything was recorded: a TypeError if any value had the wrong type, else a RangeError. */
  done(): void {
    const n = this.list.length;
    if (n === 0) return;
    const text = n === 1 ? this.list[0]! : `${n} invalid ${this.noun}: ${this.list.join("; ")}`;
    const E = this.typeError ? TypeError : RangeError;
    throw new E(`${this.where}: ${text}`);
  }
}

/** The options argument itself: `undefined` (when allowed) or a plain object. */
export function checkObject(where: string, options: unknown, like: string, optional: boolean): void {
  if (options === undefined && optional) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object like ${like}, got ${show(options)}`);
  }
}

/** `fn` passed to an execute call. */
export function checkFn(where: string, fn: unknown): void {
  if (typeof fn !== "function") throw new TypeError(`${where}: fn must be a function, got ${show(fn)}`);
}

/** The `{ signal }` of an execute call; returns the signal. */
export function signalOf(where: string, options: unknown): AbortSignalLike | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}: options must be an object like { signal }, got ${show(options)}`);
  }
  const s = (options as { signal?: unknown }).signal;
  if (s !== undefined && !isSignal(s)) throw new TypeError(`${where}: options.signal must be an AbortSignal, got ${show(s)}`);
  return s;
}

/** Milliseconds: a number ≥ 0, Infinity allowed (never). */
export const MS: Range = { min: 0, infinite: true, says: "a number of milliseconds ≥ 0" };
/** Milliseconds > 0. */
export const POSITIVE_MS: Range = { min: 0, minOpen: true, infinite: true, says: "a number of milliseconds > 0" };
