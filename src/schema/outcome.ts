// What one validation says: the output, or a SchemaError.

import type { either as E } from "fp-ts";
import { show } from "../ops/validate.js";
import { left, right } from "../task/either.js";
import { SchemaError, toIssues } from "./error.js";
import type { StandardIssue } from "./standard.js";

/** Turn `validate`'s result for `value` into an Either; a result of the wrong shape is a TypeError naming `where`. */
export function outcome<O>(where: string, result: unknown, value: unknown): E.Either<SchemaError, O> {
  if (result !== null && typeof result === "object") {
    const issues = (result as { issues?: unknown }).issues;
    if (issues === undefined) return right((result as { value: O }).value);
    if (Array.isArray(issues)) return left(new SchemaError(toIssues(issues as StandardIssue[]), value));
  }
  throw new TypeError(`${where}: the schema's validate() must return { value } or { issues: [...] }, got ${show(result)}`);
}
