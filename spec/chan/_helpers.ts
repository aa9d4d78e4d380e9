// Test helpers shared by the core specs (not a spec file itself).

import { getEventListeners } from "node:events";
import { expect } from "vitest";

/** One turn of the macrotask queue: every microtask (and guard deferral) queued before it has run. */
export const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Let everything already in flight settle (two macrotask turns, so chained continuations run too). */
export async function settle(): Promise<void> {
  await macrotask();
  await macrotask();
}

/** A promise whose outcome can be inspected synchronously; attaching here also prevents unhandled rejections. */
export interface Probe<T> {
  readonly status: "pending" | "fulfilled" | "rejected";
  readonly value: T | undefined;
  readonly reason: unknown;
  readonly promise: Promise<T>;
}

export function probe<T>(promise: Promise<T>): Probe<T> {
  const p = { status: "pending", value: undefined, reason: undefined, promise } as {
    status: Probe<T>["status"];
    value: T | undefined;
    reason: unknown;
    promise: Promise<T>;
  };
  promise.then(
    (v) => {
      p.status = "fulfilled";
      p.value = v;
    },
    (e: unknown) => {
      p.status = "rejected";
      p.reason = e;
    },
  );
  return p;
}

/** "abort" listeners currently registered on a real AbortSignal. */
export const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, "abort").length;

/** Count addEventListener("abort") calls made on `signal` from now on. */
export function countAdds(signal: AbortSignal): { readonly adds: number } {
  const counter = { adds: 0 };
  const original = signal.addEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => {
    if (args[0] === "abort") counter.adds++;
    original(...args);
  });
  return counter;
}

/** Collect process warnings (e.g. MaxListenersExceededWarning) until `stop()` is called. */
export function collectWarnings(): { readonly names: string[]; stop(): void } {
  const names: string[] = [];
  const onWarning = (w: Error): void => {
    names.push(w.name);
  };
  // While collecting, Node's own printer is set aside: the control test raises
  // a warning on purpose, and it should not look like a problem in the log.
  const others = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", onWarning);
  return {
    names,
    stop: () => {
      process.off("warning", onWarning);
      for (const l of others) process.on("warning", l);
    },
  };
}

/** Call `fn`, expect it to throw synchronously (bad input throws, never rejects); return the error. */
export function thrown(fn: () => unknown): Error {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    return e as Error;
  }
  if (result instanceof Promise) result.catch(() => {});
  throw new Error(`expected a synchronous throw, got ${String(result)}`);
}

/** The message names every part (argument, value, expectation). */
export const expectMessage = (e: Error, ...parts: string[]): void => {
  for (const p of parts) expect(e.message).toContain(p);
};

