// decode: a pipeline stage that validates every value against a schema.

import type { Stage, StageOptions } from "../ops/options.js";
import { isThenable } from "../ops/stage.js";
import { unary } from "../ops/unary.js";
import { BUFFERED, Check, type Rule, type Schema } from "../ops/validate.js";
import { checkSchema } from "./check.js";
import type { SchemaError } from "./error.js";
import { outcome } from "./outcome.js";
import type { StandardSchema } from "./standard.js";

/**
 * What {@link decode} does with a value its schema rejects: `"fail"` fails
 * the stage with the {@link SchemaError}, `"drop"` skips the value, and a
 * function is called with the error and the value, which is then skipped (a
 * throw from it fails the stage with what it threw).
 *
 * @example
 * ```ts
 * const log: InvalidPolicy = (error, value) => console.log("skipped", value, error.message);
 * ```
 */
export type InvalidPolicy = "fail" | "drop" | ((error: SchemaError, value: unknown) => void);

/**
 * Options of {@link decode}.
 *
 * @example
 * ```ts
 * decode(schema, { invalid: "drop", buffer: 16 });
 * ```
 */
export interface DecodeOptions extends StageOptions {
  /** What to do with an invalid value (default `"fail"`). */
  readonly invalid?: InvalidPolicy | undefined;
}

const INVALID_EXPECTED = '"fail", "drop" or a function (error, value) => void';

const invalid: Rule = (v) =>
  v === "fail" || v === "drop" || typeof v === "function" ? undefined : { expected: INVALID_EXPECTED, range: typeof v === "string" };

const DECODE: Schema = { ...BUFFERED, invalid };

const WHERE = "decode(schema, options)";

/**
 * Validate each value against `schema` and pass on what it produces, in
 * order; the output type is the schema's. An async schema is awaited before
 * the next value is read. A rejected value fails the stage with a
 * {@link SchemaError} (`invalid: "fail"`, the default), is skipped
 * (`"drop"`), or is handed to a function and skipped. A throw or rejection
 * from the validator itself fails the stage with that error. Like every
 * stage: close travels downstream, a failure reaches the end of the pipeline
 * once, and `{ signal, ctx }` stop it.
 *
 * ```text
 * in:   1 - "x" - 3 - |
 * decode(number)
 * out:  1 - X                       (invalid: "fail": SchemaError)
 * out:  1 ------- 3 - |             (invalid: "drop")
 * ```
 *
 * @example
 * ```ts
 * import { collect, from } from "cspkit";
 * import { decode } from "cspkit/schema";
 * import { fromEffectSchema } from "cspkit/schema/effect";
 * import { Schema as S } from "@effect/schema";
 *
 * const User = fromEffectSchema(S.Struct({ id: S.Number, name: S.String }));
 * const users = await collect(decode(User, { invalid: "drop" })(from(messages))); // { id: number; name: string }[]
 * ```
 */
export function decode<O>(schema: StandardSchema<unknown, O>, options?: DecodeOptions): Stage<unknown, O> {
  checkSchema(new Check(WHERE), schema).options(options, DECODE).done();
  const policy = options?.invalid ?? "fail";
  return (input) =>
    unary<unknown, O>("decode", WHERE, options, input, async (s, inp, out) => {
      const std = schema["~standard"];
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        let result: unknown = std.validate(r.value);
        if (isThenable(result)) result = await s.wait(result);
        const e = outcome<O>(WHERE, result, r.value);
        if (e._tag === "Left") {
          if (policy === "fail") throw e.left;
          if (policy !== "drop") policy(e.left, r.value);
          continue;
        }
        const p = s.put(out, e.right);
        if (p !== undefined) await p;
      }
    });
}
