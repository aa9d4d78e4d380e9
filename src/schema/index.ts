/**
 * Runtime validation at untyped boundaries (events, streams, workers, the
 * network): a `decode` stage and one-off `decodeValue` checks, for any
 * Standard Schema (zod 4, valibot 1, effect ≥ 3.13) and, through
 * `cspkit/schema/effect`, @effect/schema 0.75. No schema library is loaded
 * by this entry.
 *
 * @module cspkit/schema
 */

export { decode } from "./decode.js";
export type { DecodeOptions, InvalidPolicy } from "./decode.js";
export { decodeValue, decodeValueAsync } from "./value.js";
export { SchemaError } from "./error.js";
export type { SchemaIssue } from "./error.js";
export type {
  InferInput,
  InferOutput,
  StandardFailure,
  StandardIssue,
  StandardPathSegment,
  StandardProps,
  StandardResult,
  StandardSchema,
  StandardSuccess,
  StandardTypes,
} from "./standard.js";
