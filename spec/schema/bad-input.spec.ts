// Bad input to the schema entry throws when the stage or checker is built,
// naming each bad argument or option, its value and what was expected (all of
// them in one error), as the other operators do. Nothing is started.

import { Schema as S } from "@effect/schema";
import { describe, expect, it } from "vitest";
import { blocked, runningTasks } from "../../src/index.js";
import { decode, decodeValue, decodeValueAsync } from "../../src/schema/index.js";
import { noLeaks, thrown } from "../ops/_util.js";
import { num } from "./_schemas.js";

noLeaks();

const X = "x" as any;
const SCHEMA = 'schema must be a Standard Schema (an object with a "~standard" property holding version 1 and validate())';

/** [what is called, the exact message, the error class]. */
const CASES: [string, () => unknown, string, typeof TypeError | typeof RangeError][] = [
  ["decode: not a schema", () => decode(X), `decode(schema, options): ${SCHEMA}, got "x"`, TypeError],
  ["decode: null", () => decode(null as any), `decode(schema, options): ${SCHEMA}, got null`, TypeError],
  [
    "decode: an @effect/schema Schema without the adapter",
    () => decode(S.Number as any),
    `decode(schema, options): ${SCHEMA}, got an @effect/schema Schema (wrap it with fromEffectSchema from "cspkit/schema/effect")`,
    TypeError,
  ],
  [
    "decode: a Standard Schema of another version",
    () => decode({ "~standard": { version: 2, vendor: "v", validate: () => ({ value: 1 }) } } as any),
    `decode(schema, options): ${SCHEMA}, got an object`,
    TypeError,
  ],
  [
    "decode: invalid, an unknown policy",
    () => decode(num, { invalid: "skip" as any }),
    'decode(schema, options): options.invalid must be "fail", "drop" or a function (error, value) => void, got "skip"',
    RangeError,
  ],
  [
    "decode: invalid, the wrong type",
    () => decode(num, { invalid: true as any }),
    'decode(schema, options): options.invalid must be "fail", "drop" or a function (error, value) => void, got true',
    TypeError,
  ],
  ["decode: a misspelt option", () => decode(num, { Invalid: "drop" } as any), "decode(schema, options): options.Invalid is not an option (did you mean invalid?)", TypeError],
  ["decode: options not an object", () => decode(num, 3 as any), "decode(schema, options): options must be an object, got 3", TypeError],
  [
    "decode: a dropping overflow with no buffer",
    () => decode(num, { overflow: "dropOldest" }),
    'decode(schema, options): options.overflow "dropOldest" needs a buffer: set options.buffer to 1 or more',
    RangeError,
  ],
  [
    "decode: every problem at once",
    () => decode(X, { buffer: -1, signal: 1 } as any),
    `decode(schema, options): 3 invalid arguments: ${SCHEMA}, got "x"; options.buffer must be a non-negative integer (the output's capacity), got -1; options.signal must be an AbortSignal, got 1`,
    TypeError,
  ],
  ["decode(...)(input): not a source", () => decode(num)(42 as any), "decode(schema, options)(input): input must be a channel, an iterable or an async iterable, got 42", TypeError],
  ["decodeValue", () => decodeValue(X), `decodeValue(schema): ${SCHEMA}, got "x"`, TypeError],
  ["decodeValueAsync", () => decodeValueAsync({} as any), `decodeValueAsync(schema): ${SCHEMA}, got an object`, TypeError],
];

describe("bad input", () => {
  it.each(CASES)("%s", (_name, call, message, kind) => {
    const e = thrown(call);
    expect(e).toBeInstanceOf(kind);
    expect(e.message).toBe(message);
    expect(blocked()).toEqual([]);
    expect(runningTasks()).toEqual([]);
  });

  it("undefined options are the defaults", async () => {
    expect(() => decode(num, undefined)).not.toThrow();
    expect(() => decode(num, { invalid: undefined, buffer: undefined })).not.toThrow();
  });
});
