/**
 * The @effect/schema adapter, on its own subpath (`cspkit/schema/effect`) so
 * that only its users load effect.
 *
 * @module cspkit/schema/effect
 */

import { ArrayFormatter, Schema } from "@effect/schema";
import { describe } from "../chan/describe.js";
import type { StandardIssue, StandardSchema } from "./standard.js";

/**
 * Make an @effect/schema 0.75 `Schema` a {@link StandardSchema}, for
 * `decode`, `decodeValue` and `decodeValueAsync` from `cspkit/schema`. It
 * decodes with `Schema.decodeUnknownEither` (every error, not just the
 * first) and reports each one with its path through `ArrayFormatter`. The
 * schema must need no services (`R = never`) and decode synchronously: an
 * async transformation is reported as an issue. (effect ≥ 3.13 has
 * `Schema.standardSchemaV1`, whose result can be passed directly.)
 *
 * @example
 * ```ts
 * import { Schema as S } from "@effect/schema";
 * import { decode } from "cspkit/schema";
 * import { fromEffectSchema } from "cspkit/schema/effect";
 *
 * const Order = fromEffectSchema(S.Struct({ id: S.Number, items: S.Array(S.String) }));
 * const orders = decode(Order)(incoming); // RecvChan<{ readonly id: number; readonly items: readonly string[] }>
 * ```
 */
export function fromEffectSchema<A, I>(schema: Schema.Schema<A, I, never>): StandardSchema<I, A> {
  if (!Schema.isSchema(schema)) {
    throw new TypeError(`fromEffectSchema(schema): schema must be an @effect/schema Schema, got ${describe(schema)}`);
  }
  const decodeEither = Schema.decodeUnknownEither(schema, { errors: "all" });
  return {
    "~standard": {
      version: 1,
      vendor: "effect",
      validate: (value) => {
        const r = decodeEither(value);
        if (r._tag === "Right") return { value: r.right };
        const issues = ArrayFormatter.formatErrorSync(r.left).map((i): StandardIssue => ({ message: i.message, path: i.path }));
        return { issues };
      },
    },
  };
}
