// Test helpers of the resilience specs (not a spec file itself).

import { afterEach } from "vitest";
import { expectNoLeaks } from "../../src/index.js";

/** Check for leaks after every test of the file that calls it. */
export function noLeaks(): void {
  afterEach(() => expectNoLeaks());
}

/** A clock with only `now()`, moved by hand: what the circuit breaker needs. */
export interface NowClock {
  now(): number;
  set(t: number): void;
}

export function nowClock(start = 0): NowClock {
  let t = start;
  return { now: () => t, set: (v) => void (t = v) };
}

/** A promise with its resolve and reject, for calls that finish when the test says so. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One macrotask turn: everything already queued has run. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The outcome of a promise, synchronously inspectable (spec/chan/_helpers.ts's probe, under this folder's names). */
export { probe as watch, type Probe as Watched } from "../chan/_helpers.js";

/** Deliberately wrong arguments, as an untyped JavaScript caller could pass them. */
export const loose = <F>(f: F): ((...args: unknown[]) => unknown) => f as unknown as (...args: unknown[]) => unknown;

/** Reject `fn`'s promise with this to make a failing call. */
export const boom = (msg = "boom"): Promise<never> => Promise.reject(new Error(msg));
