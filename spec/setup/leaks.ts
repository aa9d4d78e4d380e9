// What a spec may tell the suite-wide leak check (./no-leaks.ts). Kept apart
// from the hook so that importing these functions does not register the hook a
// second time; the two meet through one object on globalThis, which the hook
// replaces at the start of every spec file.

import type { BlockedOp } from "../../src/diag/report.js";

/** One thing a test leaves parked on purpose, and why. */
export interface Leftover {
  readonly reason: string;
  readonly which: (b: BlockedOp) => boolean;
}

/** The state the hook and the specs share, per spec file. */
export interface LeakCheckState {
  /** Set by {@link skipLeakChecks}: the whole file is exempt, with this reason. */
  skipped: string | undefined;
  /** Declared by the running test with {@link leaveParked}; cleared after each test. */
  leftovers: Leftover[];
  /**
   * Entries accepted earlier in this file (declared leftovers, or what a failed
   * test or a failed check left behind), as fingerprints: they are not reported
   * again by the following tests.
   */
  readonly known: Set<string>;
}

const KEY = Symbol.for("cspkit.spec.leak-check");

/** The current file's state (created by the hook; a fresh one if the hook is not installed). */
export function leakCheckState(): LeakCheckState {
  const g = globalThis as { [KEY]?: LeakCheckState };
  return (g[KEY] ??= freshState());
}

/** Start a spec file with a clean slate. */
export function resetLeakCheckState(): LeakCheckState {
  const state = freshState();
  (globalThis as { [KEY]?: LeakCheckState })[KEY] = state;
  return state;
}

const freshState = (): LeakCheckState => ({ skipped: undefined, leftovers: [], known: new Set() });

/**
 * Exempt the whole spec file from the after-each leak check. Call it at the top
 * of the file, with the reason spelled out; prefer fixing the test.
 *
 * @example
 * ```ts
 * skipLeakChecks("each test parks operations in a child process, never in this one");
 * ```
 */
export function skipLeakChecks(reason: string): void {
  if (typeof reason !== "string" || reason.trim() === "") throw new TypeError("skipLeakChecks(reason): say why the file may leak");
  leakCheckState().skipped = reason;
}

/**
 * Declare, inside a test, operations the test leaves parked forever on purpose
 * because nothing can ever release them (a plain receive on a nil channel, a
 * receive on a spent `after()` channel: exactly what the test asserts). The
 * check ignores the entries `which` accepts at the end of this test and, by
 * their fingerprint, in every later test of the file; anything else still
 * parked is reported as usual.
 *
 * @example
 * ```ts
 * leaveParked("a receive on a nil channel with no signal can never be released", (b) => b.on === "nil chan");
 * ```
 */
export function leaveParked(reason: string, which: (b: BlockedOp) => boolean): void {
  if (typeof reason !== "string" || reason.trim() === "") throw new TypeError("leaveParked(reason, which): say why it stays parked");
  if (typeof which !== "function") throw new TypeError("leaveParked(reason, which): which must be a function (entry) => boolean");
  leakCheckState().leftovers.push({ reason, which });
}

/** What identifies one parked operation or running task across checks. */
export const fingerprint = (b: BlockedOp): string => `${b.op}\u0000${b.on}\u0000${b.since}\u0000${b.task ?? ""}`;
