// Helpers shared by the task specs.

import { afterEach, beforeEach, expect } from "vitest";
import { parkedOps } from "../../src/chan/registry.js";
import { onPanic, type TaskPanic } from "../../src/index.js";

/** Let every queued microtask (and one macrotask turn) run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface Tracked {
  state: "pending" | "resolved" | "rejected";
  value: unknown;
}

/** Follow `p`'s state without awaiting it (its rejection counts as handled). */
export function track(p: Promise<unknown>): Tracked {
  const t: Tracked = { state: "pending", value: undefined };
  p.then(
    (v) => {
      t.state = "resolved";
      t.value = v;
    },
    (e: unknown) => {
      t.state = "rejected";
      t.value = e;
    },
  );
  return t;
}

/** A promise and its resolve function: holds a task until the test lets it go. */
export function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

/**
 * For every test of the calling file: unobserved panics are recorded instead of
 * crashing the runner, and at the end of each test nothing may be left parked or
 * running (the diagnostics registry is empty) and no recorded panic may be left
 * unclaimed. A test that expects panics takes them with `take()`.
 */
export function hygiene(): { take(): TaskPanic[] } {
  const panics: TaskPanic[] = [];
  let restore: () => void = () => {};
  beforeEach(() => {
    panics.length = 0;
    restore = onPanic((p) => panics.push(p));
  });
  afterEach(async () => {
    await flush();
    restore();
    expect(parkedOps()).toEqual([]);
    expect(panics.map((p) => p.message)).toEqual([]);
  });
  return { take: () => panics.splice(0) };
}
