// The schema entry's types: decode's output type is inferred from the schema
// (hand-made Standard Schemas, @effect/schema through fromEffectSchema, and
// effect's own standardSchemaV1), and what decodeValue returns.

import { Schema as S } from "@effect/schema";
import { Schema as ES } from "effect";
import { function as F, type either as E } from "fp-ts";
import { describe, expectTypeOf, it } from "vitest";
import { chan, collect, map, of, type RecvChan, type Stage } from "../../src/index.js";
import { fromEffectSchema } from "../../src/schema/effect.js";
import {
  decode,
  decodeValue,
  decodeValueAsync,
  type InferInput,
  type InferOutput,
  type SchemaError,
  type SchemaIssue,
  type StandardSchema,
} from "../../src/schema/index.js";

declare const num: StandardSchema<unknown, number>;
declare const needsService: S.Schema<number, string, "Service">;

describe("schema types", () => {
  it("decode's output is the schema's output, whatever the input's type", () => {
    expectTypeOf(decode(num)).toEqualTypeOf<Stage<unknown, number>>();
    expectTypeOf(decode(num)(of<string | number>("a", 1))).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(decode(num)(chan<unknown>())).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(F.pipe(of<unknown>(1), decode(num), map((n) => n.toFixed(1)), collect)).toEqualTypeOf<Promise<string[]>>();
  });

  it("inferred from a hand-made literal, sync or async", () => {
    const sync = {
      "~standard": {
        version: 1 as const,
        vendor: "hand-made",
        validate: (v: unknown) => (typeof v === "string" ? { value: v } : { issues: [{ message: "expected a string" }] }),
      },
    };
    const async = {
      "~standard": {
        version: 1 as const,
        vendor: "hand-made",
        validate: async (v: unknown) => (typeof v === "boolean" ? { value: v } : { issues: [{ message: "expected a boolean" }] }),
      },
    };
    expectTypeOf(decode(sync)(of(1))).toEqualTypeOf<RecvChan<string>>();
    expectTypeOf(decode(async)(of(1))).toEqualTypeOf<RecvChan<boolean>>();
    expectTypeOf<InferOutput<typeof sync>>().toEqualTypeOf<string>();
  });

  it("inferred through fromEffectSchema", () => {
    const Item = fromEffectSchema(S.Struct({ id: S.Number }));
    expectTypeOf(Item).toEqualTypeOf<StandardSchema<{ readonly id: number }, { readonly id: number }>>();
    expectTypeOf(decode(Item)(of<unknown>())).toEqualTypeOf<RecvChan<{ readonly id: number }>>();
    const Port = fromEffectSchema(S.NumberFromString);
    expectTypeOf<InferInput<typeof Port>>().toEqualTypeOf<string>();
    expectTypeOf<InferOutput<typeof Port>>().toEqualTypeOf<number>();
    expectTypeOf(decode(Port)(of("80"))).toEqualTypeOf<RecvChan<number>>();
  });

  it("effect's own Standard Schema is accepted as it is", () => {
    const Reading = ES.standardSchemaV1(ES.Struct({ celsius: ES.Number }));
    expectTypeOf(decode(Reading)(of<unknown>())).toEqualTypeOf<RecvChan<{ readonly celsius: number }>>();
  });

  it("decodeValue and decodeValueAsync return fp-ts Eithers", () => {
    expectTypeOf(decodeValue(num)).toEqualTypeOf<(value: unknown) => E.Either<SchemaError, number>>();
    expectTypeOf(decodeValueAsync(num)).toEqualTypeOf<(value: unknown) => Promise<E.Either<SchemaError, number>>>();
  });

  it("the invalid callback gets the SchemaError and the value", () => {
    decode(num, {
      invalid: (error, value) => {
        expectTypeOf(error).toEqualTypeOf<SchemaError>();
        expectTypeOf(value).toEqualTypeOf<unknown>();
        expectTypeOf(error.issues).toEqualTypeOf<readonly SchemaIssue[]>();
        expectTypeOf(error.issues[0]!.path).toEqualTypeOf<readonly PropertyKey[]>();
      },
    });
  });

  it("what does not type-check", () => {
    // @ts-expect-error an @effect/schema Schema needs the adapter
    decode(S.Number);
    // @ts-expect-error not a policy
    decode(num, { invalid: "skip" });
    // @ts-expect-error the adapter takes schemas that need no services
    fromEffectSchema(needsService);
    // @ts-expect-error the output is a number, not a string
    const _s: RecvChan<string> = decode(num)(of(1));
  });
});
