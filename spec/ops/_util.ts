// Helpers shared by the operator specs.

import { afterEach } from "vitest";
import { expectNoLeaks } from "../../src/index.js";

/** After every test of the calling file: nothing parked, no operator task still running. */
export function noLeaks(): void {
  afterEach(() => expectNoLeaks());
}

/** Let queued microtasks (and one macrotask turn) run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Several turns: enough for a pipeline of a few stages to settle. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await flush();
}

/** A promise and its resolve function. */
export function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

/** The error a synchronous call throws (fails the test if it does not throw). */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}
