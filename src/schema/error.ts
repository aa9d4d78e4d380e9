// SchemaError: what a boundary reports when a value fails its schema.

import { show } from "../ops/validate.js";
import type { StandardIssue } from "./standard.js";

/**
 * One problem with a rejected value: the validator's message and where in the
 * value it was found (keys and indices from the root; empty for the value
 * itself).
 *
 * @example
 * ```ts
 * const issue: SchemaIssue = { message: "expected a number", path: ["items", 0, "id"] };
 * ```
 */
export interface SchemaIssue {
  /** What was wrong, in the validator's words. */
  readonly message: string;
  /** Where: keys and indices from the root of the value. */
  readonly path: readonly PropertyKey[];
}

/**
 * A value failed its schema. `issues` lists every problem the validator
 * reported, `value` is the rejected input itself. The message names the first
 * issue, where it is, and what was found there.
 *
 * @example
 * ```ts
 * const r = decodeValue(schema)({ id: "7" });
 * if (r._tag === "Left") {
 *   r.left.message;  // 'schema rejected "7" at id: expected a number'
 *   r.left.issues;   // [{ message: "expected a number", path: ["id"] }]
 *   r.left.value;    // { id: "7" }
 * }
 * ```
 */
export class SchemaError extends Error {
  /** Always `"SchemaError"`. */
  override readonly name = "SchemaError";
  /** Every problem found, in the validator's order. */
  readonly issues: readonly SchemaIssue[];
  /** The rejected input. */
  readonly value: unknown;

  /**
   * @param issues what was wrong (the message names the first one).
   * @param value the rejected input.
   */
  constructor(issues: readonly SchemaIssue[], value: unknown) {
    super(message(issues, value));
    this.issues = issues;
    this.value = value;
  }
}

/** Standard Schema issues as SchemaIssues: path steps given as `{ key }` become the key; frozen. */
export function toIssues(issues: readonly StandardIssue[]): readonly SchemaIssue[] {
  return Object.freeze(
    issues.map((i): SchemaIssue => {
      const path = (i.path ?? []).map((step) => (step !== null && typeof step === "object" ? step.key : step));
      return Object.freeze({ message: String(i.message), path: Object.freeze(path) });
    }),
  );
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A path as code would write it: `items[0].id`, `["a b"]`, `[Symbol(k)]`. */
function pathText(path: readonly PropertyKey[]): string {
  let s = "";
  for (const k of path) {
    if (typeof k === "number") s += `[${k}]`;
    else if (typeof k === "symbol") s += `[${String(k)}]`;
    else if (IDENT.test(k)) s += s === "" ? k : `.${k}`;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s;
}

/** The part of `value` at `path`, following own data properties only (no getter runs); `found: false` if it cannot. */
function at(value: unknown, path: readonly PropertyKey[]): { found: boolean; v: unknown } {
  let v = value;
  for (const k of path) {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return { found: true, v: undefined };
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (d === undefined) {
      v = undefined;
      continue;
    }
    if (!("value" in d)) return { found: false, v: undefined };
    v = d.value;
  }
  return { found: true, v };
}

function message(issues: readonly SchemaIssue[], value: unknown): string {
  const first = issues[0];
  if (first === undefined) return `schema rejected ${show(value)} (the validator gave no issues)`;
  const { found, v } = at(value, first.path);
  const what = found ? show(v) : "the value";
  const where = first.path.length === 0 ? "" : ` at ${pathText(first.path)}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
  return `schema rejected ${what}${where}: ${first.message}${more}`;
}
