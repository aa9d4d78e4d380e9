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

/** The outcome of a promise, synchronously inspectable; also keeps a rejection from being unhandled. */
export interface Watched<T> {
  readonly status: "pending" | "fulfilled" | "rejected";
  readonly value: T | undefined;
  readonly reason: unknown;
  readonly promise: Promise<T>;
}

export function watch<T>(promise: Promise<T>): Watched<T> {
  const w = { status: "pending", value: undefined, reason: undefined, promise } as {
    status: Watched<T>["status"];
    value: T | undefined;
    reason: unknown;
    promise: Promise<T>;
  };
  promise.then(
    (v) => {
      w.status = "fulfilled";
      w.value = v;
    },
    (e: unknown) => {
      w.status = "rejected";
      w.reason = e;
    },
  );
  return w;
}

/** Deliberately wrong arguments, as an untyped JavaScript caller could pass them. */
export const loose = <F>(f: F): ((...args: unknown[]) => unknown) => f as unknown as (...args: unknown[]) => unknown;

/** Reject `fn`'s promise with this to make a failing call. */
export const boom = (msg = "boom"): Promise<never> => Promise.reject(new Error(msg));
