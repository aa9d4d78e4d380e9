// The Standard Schema v1 interface, written out here (no dependency for a few
// types): zod 4, valibot 1, effect ≥ 3.13 (`Schema.standardSchemaV1`) and
// fromEffectSchema (./effect.ts) all produce objects of this shape.

/**
 * A Standard Schema (v1): any validator with a `"~standard"` property. zod 4
 * and valibot 1 schemas are ones as they are; effect ≥ 3.13 through
 * `Schema.standardSchemaV1(schema)`; an @effect/schema 0.75 `Schema` through
 * `fromEffectSchema` from `cspkit/schema/effect`.
 *
 * @typeParam Input what the schema accepts (for type inference only).
 * @typeParam Output what a successful validation produces.
 *
 * @example
 * ```ts
 * const positive: StandardSchema<unknown, number> = {
 *   "~standard": {
 *     version: 1,
 *     vendor: "hand-made",
 *     validate: (v) => (typeof v === "number" && v > 0 ? { value: v } : { issues: [{ message: "expected a positive number" }] }),
 *   },
 * };
 * ```
 */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The validator's properties, under a name no ordinary field uses. */
  readonly "~standard": StandardProps<Input, Output>;
}

/**
 * The `"~standard"` property of a {@link StandardSchema}.
 *
 * @example
 * ```ts
 * const props: StandardProps<unknown, string> = {
 *   version: 1,
 *   vendor: "hand-made",
 *   validate: (v) => (typeof v === "string" ? { value: v } : { issues: [{ message: "expected a string" }] }),
 * };
 * ```
 */
export interface StandardProps<Input = unknown, Output = Input> {
  /** The version of the Standard Schema interface: 1. */
  readonly version: 1;
  /** Who made the validator ("zod", "valibot", "effect", ...). */
  readonly vendor: string;
  /** Check one value: `{ value }` (the output) or `{ issues }`, possibly through a promise. */
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** The input and output types, for inference only (never read at run time). */
  readonly types?: StandardTypes<Input, Output> | undefined;
}

/**
 * The types a {@link StandardSchema} carries for inference.
 *
 * @example
 * ```ts
 * type T = StandardTypes<string, number>; // { input: string; output: number }
 * ```
 */
export interface StandardTypes<Input, Output> {
  /** What the schema accepts. */
  readonly input: Input;
  /** What it produces. */
  readonly output: Output;
}

/**
 * What `validate` returns: a {@link StandardSuccess} or a {@link StandardFailure}.
 *
 * @example
 * ```ts
 * const ok: StandardResult<number> = { value: 1 };
 * const bad: StandardResult<number> = { issues: [{ message: "expected a number", path: ["id"] }] };
 * ```
 */
export type StandardResult<Output> = StandardSuccess<Output> | StandardFailure;

/**
 * A successful validation: the output value, and no `issues`.
 *
 * @example
 * ```ts
 * const ok: StandardSuccess<number> = { value: 42 };
 * ```
 */
export interface StandardSuccess<Output> {
  /** The validated (possibly transformed) value. */
  readonly value: Output;
  /** Absent on success. */
  readonly issues?: undefined;
}

/**
 * A failed validation: what was wrong.
 *
 * @example
 * ```ts
 * const bad: StandardFailure = { issues: [{ message: "expected a number", path: ["items", 0, "id"] }] };
 * ```
 */
export interface StandardFailure {
  /** One entry per problem found. */
  readonly issues: readonly StandardIssue[];
}

/**
 * One problem found by a {@link StandardSchema}.
 *
 * @example
 * ```ts
 * const issue: StandardIssue = { message: "expected a string", path: ["user", { key: "name" }] };
 * ```
 */
export interface StandardIssue {
  /** What was wrong, in the validator's words. */
  readonly message: string;
  /** Where in the value: keys and indices from the root (absent or empty: the value itself). */
  readonly path?: readonly (PropertyKey | StandardPathSegment)[] | undefined;
}

/**
 * A step of a {@link StandardIssue}'s path given as an object.
 *
 * @example
 * ```ts
 * const step: StandardPathSegment = { key: "name" };
 * ```
 */
export interface StandardPathSegment {
  /** The key or index of this step. */
  readonly key: PropertyKey;
}

/**
 * The output type of a {@link StandardSchema}.
 *
 * @example
 * ```ts
 * declare const ids: StandardSchema<string, number>;
 * type Id = InferOutput<typeof ids>; // number
 * ```
 */
export type InferOutput<S extends StandardSchema> = S extends StandardSchema<unknown, infer O> ? O : never;

/**
 * The input type of a {@link StandardSchema} (`unknown` when it declares none).
 *
 * @example
 * ```ts
 * declare const ids: StandardSchema<string, number>;
 * type Raw = InferInput<typeof ids>; // string
 * ```
 */
export type InferInput<S extends StandardSchema> = S extends StandardSchema<infer I, unknown> ? I : never;

/** Is `v` a Standard Schema v1 (a `"~standard"` object with version 1 and a validate function)? */
export function isStandardSchema(v: unknown): v is StandardSchema {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return false;
  const props = (v as { "~standard"?: unknown })["~standard"];
  if (props === null || typeof props !== "object") return false;
  const p = props as { version?: unknown; validate?: unknown };
  return p.version === 1 && typeof p.validate === "function";
}
