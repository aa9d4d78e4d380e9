// Debug mode, as the public API switches it: the registry's flag (stacks for
// every parked operation) plus the deadlock detector, which debug mode installs.

import { setDebug as setRegistryDebug } from "../chan/registry.js";
import { followDebug } from "./deadlock.js";

/**
 * Turn debug mode on or off; returns the previous setting. Debug mode records
 * the stack where every operation parks (shown by `blocked()`, `dump()` and
 * `expectNoLeaks()`) and, on Node, installs the deadlock detector
 * (`detectDeadlocks()`; turning debug mode off removes that automatic one, not
 * one you installed yourself). The environment variable `CSPKIT_DEBUG=1` turns
 * it on at load. Operations that parked before it was turned on carry no stack.
 *
 * @example
 * ```ts
 * setDebug(true);
 * const jobs = chan<number>(0, { name: "jobs" });
 * void jobs.recv();
 * console.log(dump()); // the paragraph for `recv chan "jobs"` ends with where it parked
 * ```
 */
export function setDebug(on: boolean): boolean {
  if (typeof on !== "boolean") throw new TypeError(`setDebug(on): on must be a boolean, got ${String(on)}`);
  const was = setRegistryDebug(on);
  followDebug();
  return was;
}
