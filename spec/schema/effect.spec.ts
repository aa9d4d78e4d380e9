// The @effect/schema adapter (cspkit/schema/effect), and effect's own Standard
// Schema (effect ≥ 3.13) accepted by decode as it is.

import { ParseResult, Schema as S } from "@effect/schema";
import { Effect, Schema as ES } from "effect";
import { describe, expect, it } from "vitest";
import { collect, of } from "../../src/index.js";
import { fromEffectSchema } from "../../src/schema/effect.js";
import { decode, decodeValue, decodeValueAsync, SchemaError } from "../../src/schema/index.js";
import { noLeaks, thrown } from "../ops/_util.js";

noLeaks();

describe("fromEffectSchema", () => {
  const Item = fromEffectSchema(S.Struct({ id: S.Number }));

  it("is a Standard Schema v1 from vendor effect", () => {
    expect(Item["~standard"].version).toBe(1);
    expect(Item["~standard"].vendor).toBe("effect");
  });

  it("decode: valid values pass, an invalid one fails the stage with the issue, its path and the value", async () => {
    expect(await collect(decode(Item)(of<unknown>({ id: 1 }, { id: 2 })))).toEqual([{ id: 1 }, { id: 2 }]);
    const bad = { id: "3" };
    const e = await collect(decode(Item)(of<unknown>({ id: 1 }, bad))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SchemaError);
    expect((e as SchemaError).message).toBe('schema rejected "3" at id: Expected number, actual "3"');
    expect((e as SchemaError).issues).toEqual([{ message: 'Expected number, actual "3"', path: ["id"] }]);
    expect((e as SchemaError).value).toBe(bad);
  });

  it("reports every issue, with nested paths", () => {
    const Order = fromEffectSchema(S.Struct({ id: S.Number, items: S.Array(S.Struct({ sku: S.String })) }));
    const r = decodeValue(Order)({ items: [{ sku: "a" }, { sku: 7 }] });
    expect(r._tag).toBe("Left");
    if (r._tag !== "Left") return;
    expect(r.left.issues).toEqual([
      { message: "is missing", path: ["id"] },
      { message: "Expected string, actual 7", path: ["items", 1, "sku"] },
    ]);
    expect(r.left.message).toBe("schema rejected undefined at id: is missing (and 1 more issue)");
  });

  it("the output is the decoded (transformed) value", async () => {
    const Port = fromEffectSchema(S.NumberFromString.pipe(S.int(), S.between(1, 65535)));
    expect(decodeValue(Port)("8080")).toEqual({ _tag: "Right", right: 8080 });
    expect(await collect(decode(Port, { invalid: "drop" })(of("80", "x", "70000", "443")))).toEqual([80, 443]);
  });

  it("the root value itself", () => {
    const r = decodeValue(fromEffectSchema(S.Number))(null);
    expect(r).toMatchObject({ _tag: "Left", left: { message: "schema rejected null: Expected number, actual null", value: null } });
  });

  it("an async transformation is reported as an issue (the adapter decodes synchronously)", () => {
    const Slow = S.transformOrFail(S.String, S.String, {
      strict: true,
      decode: (s) => Effect.as(Effect.sleep(1), s),
      encode: (s) => ParseResult.succeed(s),
    });
    const r = decodeValue(fromEffectSchema(Slow))("a");
    expect(r._tag).toBe("Left");
    if (r._tag !== "Left") return;
    // @effect/schema's own wording (sic).
    expect(r.left.issues).toEqual([{ message: "cannot be be resolved synchronously, this is caused by using runSync on an effect that performs async work", path: [] }]);
  });

  it("bad input: not a Schema", () => {
    const e = thrown(() => fromEffectSchema("x" as any));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('fromEffectSchema(schema): schema must be an @effect/schema Schema, got "x"');
  });
});

describe("effect's own Standard Schema (effect ≥ 3.13), no adapter", () => {
  const Reading = ES.standardSchemaV1(ES.Struct({ celsius: ES.Number }));

  it("decode accepts it as it is", async () => {
    expect(await collect(decode(Reading, { invalid: "drop" })(of<unknown>({ celsius: 1 }, { celsius: "hot" }, { celsius: 2 })))).toEqual([
      { celsius: 1 },
      { celsius: 2 },
    ]);
    const e = await collect(decode(Reading)(of<unknown>({ celsius: "hot" }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SchemaError);
    expect((e as SchemaError).issues).toEqual([{ message: 'Expected number, actual "hot"', path: ["celsius"] }]);
  });

  it("its async decodings go through decodeValueAsync and decode", async () => {
    const Slow = ES.standardSchemaV1(
      ES.transformOrFail(ES.String, ES.Number, {
        strict: true,
        decode: (s) => Effect.as(Effect.sleep(1), s.length),
        encode: (n) => Effect.succeed("x".repeat(n)),
      }),
    );
    expect(await decodeValueAsync(Slow)("abc")).toEqual({ _tag: "Right", right: 3 });
    expect(await collect(decode(Slow)(of("a", "bb")))).toEqual([1, 2]);
  });
});
