// The schema argument of decode / decodeValue, checked when they are built.

import { type Check, show } from "../ops/validate.js";
import { isStandardSchema } from "./standard.js";

const EXPECTED = 'a Standard Schema (an object with a "~standard" property holding version 1 and validate())';

/** An @effect/schema or effect Schema (it has an `ast`), which needs the adapter. */
const isEffectSchema = (v: unknown): boolean =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { ast?: unknown }).ast === "object";

/** Add a problem to `check` unless `schema` is a Standard Schema. */
export function checkSchema(check: Check, schema: unknown): Check {
  if (isStandardSchema(schema)) return check;
  const got = isEffectSchema(schema) ? 'an @effect/schema Schema (wrap it with fromEffectSchema from "cspkit/schema/effect")' : show(schema);
  return check.add(`schema must be ${EXPECTED}, got ${got}`, false);
}
