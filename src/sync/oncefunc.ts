// onceFunc / onceValue: Go 1.21's sync.OnceFunc and sync.OnceValue.

import { checkFn } from "./check.js";

const IDLE = 0;
const RUNNING = 1;
const RETURNED = 2;
const THREW = 3;

function memo<T>(where: string, fn: () => T): () => T {
  checkFn(where, "fn", fn);
  let f: (() => T) | null = fn;
  let state = IDLE;
  let result: T | undefined;
  let error: unknown;
  return () => {
    if (state === RETURNED) return result as T;
    if (state === THREW) throw error;
    if (state === RUNNING) {
      throw new Error(`sync: ${where}: fn called its own once-wrapper before returning (in Go this deadlocks)`);
    }
    state = RUNNING;
    const g = f!;
    f = null; // let fn and what it closes over be collected, as Go does
    try {
      result = g();
      state = RETURNED;
      return result;
    } catch (e) {
      error = e;
      state = THREW;
      throw e;
    }
  };
}

/**
 * Wrap `fn` so that it runs at most once (Go's `sync.OnceFunc`). Every call
 * after the first returns what the first returned: for an async `fn`, the same
 * promise (so every caller awaits the one run, and sees its rejection). If `fn`
 * throws, every call throws the same error. Calling the wrapper from inside
 * `fn` throws (Go deadlocks).
 *
 * @example
 * ```ts
 * const closeOnce = onceFunc(() => out.close());
 * closeOnce(); closeOnce(); // closes once, no "close of closed channel"
 * const connect = onceFunc(async () => { await db.connect(); });
 * await Promise.all([connect(), connect()]); // one connection
 * ```
 */
export function onceFunc(fn: () => Promise<void>): () => Promise<void>;
export function onceFunc(fn: () => void): () => void;
export function onceFunc(fn: () => void): () => void {
  return memo("onceFunc(fn)", fn);
}

/**
 * Wrap `fn` so that it runs at most once and every call returns its value (Go's
 * `sync.OnceValue`). An async `fn` gives every caller the same promise; if `fn`
 * throws, every call throws the same error.
 *
 * @example
 * ```ts
 * const config = onceValue(() => JSON.parse(readFileSync("config.json", "utf8")) as Config);
 * config().port; // parsed on the first call only
 * const token = onceValue(() => fetchToken()); // Promise<string>, fetched once
 * ```
 */
export function onceValue<T>(fn: () => T): () => T {
  return memo("onceValue(fn)", fn);
}
