// decodeValue / decodeValueAsync: validate one value at a boundary.

import type { either as E } from "fp-ts";
import { isThenable } from "../ops/stage.js";
import { Check } from "../ops/validate.js";
import { checkSchema } from "./check.js";
import type { SchemaError } from "./error.js";
import { outcome } from "./outcome.js";
import type { StandardSchema } from "./standard.js";

const noop = (): void => {};

/**
 * A synchronous check of one value: `Right(output)` or `Left(SchemaError)`.
 * For schemas whose `validate` is synchronous (most are); one that returns a
 * promise makes the call throw a TypeError pointing at
 * {@link decodeValueAsync}. A throw from the validator itself is rethrown.
 *
 * @example
 * ```ts
 * import { either as E } from "fp-ts";
 * import { decodeValue } from "cspkit/schema";
 *
 * const parsePort = decodeValue(port); // port: a Standard Schema of numbers
 * const r = parsePort(JSON.parse(text));
 * if (E.isLeft(r)) console.log(r.left.message);
 * else listen(r.right); // r.right: number
 * ```
 */
export function decodeValue<O>(schema: StandardSchema<unknown, O>): (value: unknown) => E.Either<SchemaError, O> {
  checkSchema(new Check("decodeValue(schema)"), schema).done();
  return (value) => {
    const result: unknown = schema["~standard"].validate(value);
    if (isThenable(result)) {
      result.then(noop, noop);
      throw new TypeError("decodeValue(schema): the schema validated asynchronously (validate() returned a promise); use decodeValueAsync(schema)");
    }
    return outcome<O>("decodeValue(schema)", result, value);
  };
}

/**
 * {@link decodeValue} for any schema, async ones included: a promise of
 * `Right(output)` or `Left(SchemaError)`. It rejects only when the validator
 * itself throws or rejects.
 *
 * @example
 * ```ts
 * import { decodeValueAsync } from "cspkit/schema";
 *
 * const r = await decodeValueAsync(uniqueEmail)(body.email);
 * if (r._tag === "Right") await register(r.right);
 * ```
 */
export function decodeValueAsync<O>(schema: StandardSchema<unknown, O>): (value: unknown) => Promise<E.Either<SchemaError, O>> {
  checkSchema(new Check("decodeValueAsync(schema)"), schema).done();
  return async (value) => {
    const result: unknown = await schema["~standard"].validate(value);
    return outcome<O>("decodeValueAsync(schema)", result, value);
  };
}
