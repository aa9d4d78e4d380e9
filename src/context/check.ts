// Argument checks shared by the context functions. Messages name the call, the
// argument, what it got and what it needed.

import type { AbortSignalLike } from "../chan/host.js";
import { Ctx } from "./node.js";

/** Describe a bad argument readably (never throws). */
export function show(v: unknown): string {
  try {
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "function") return v.name === "" ? "a function" : `a function (${v.name})`;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : `Date ${v.toISOString()}`;
    if (Array.isArray(v)) return "an array";
    if (v !== null && typeof v === "object") {
      const ctor = (v as { constructor?: { name?: unknown } }).constructor;
      const name = ctor === undefined ? undefined : ctor.name;
      return typeof name === "string" && name !== "" && name !== "Object" ? `an object (${name})` : "an object";
    }
    return String(v);
  } catch {
    return "an object";
  }
}

/** Does `v` look like an AbortSignal? */
export function isSignal(v: unknown): v is AbortSignalLike {
  return (
    v !== null &&
    typeof v === "object" &&
    typeof (v as AbortSignalLike).aborted === "boolean" &&
    typeof (v as AbortSignalLike).addEventListener === "function" &&
    typeof (v as AbortSignalLike).removeEventListener === "function"
  );
}

/** The parent (or `ctx`) argument must be a context made by this module. */
export function checkCtx(fn: string, arg: string, v: unknown): Ctx {
  if (v instanceof Ctx) return v;
  let hint = "";
  if (v === undefined || v === null) hint = " (Go's context.TODO(): pass background() when there is no parent yet)";
  else if (isSignal(v)) hint = " (to follow an AbortSignal, wrap it: fromSignal(signal))";
  throw new TypeError(`${fn}: ${arg} must be a Context (from background(), fromSignal() or a with…() function), got ${show(v)}${hint}`);
}
