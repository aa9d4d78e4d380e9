// decodeValue / decodeValueAsync (one value at a boundary) and SchemaError's
// fields and message.

import { either as E, function as F } from "fp-ts";
import { describe, expect, it } from "vitest";
import { decodeValue, decodeValueAsync, SchemaError, type StandardSchema } from "../../src/schema/index.js";
import { noLeaks, thrown } from "../ops/_util.js";
import { asyncDigits, num, schemaOf, throwing, user } from "./_schemas.js";

noLeaks();

describe("decodeValue", () => {
  it("Right(output) for a valid value, Left(SchemaError) for an invalid one: plain fp-ts Eithers", () => {
    const check = decodeValue(user);
    expect(check({ id: 1, name: "ann" })).toEqual(E.right({ id: 1, name: "ann" }));
    const r = check({ id: 1 });
    expect(E.isLeft(r)).toBe(true);
    const e = F.pipe(
      r,
      E.match(
        (l) => l,
        () => undefined,
      ),
    );
    expect(e).toBeInstanceOf(SchemaError);
    expect(e!.message).toBe("schema rejected undefined at name: expected a string");
    expect(e!.issues).toEqual([{ message: "expected a string", path: ["name"] }]);
    expect(e!.value).toEqual({ id: 1 });
  });

  it("is synchronous, and validates on each call", () => {
    const s = schemaOf<number>(() => []);
    const check = decodeValue(s);
    expect(s.calls).toEqual([]);
    expect(check(1)).toEqual({ _tag: "Right", right: 1 });
    expect(check(2)).toEqual({ _tag: "Right", right: 2 });
    expect(s.calls).toEqual([1, 2]);
  });

  it("an async schema makes the call throw a TypeError that points at decodeValueAsync", () => {
    const e = thrown(() => decodeValue(asyncDigits())("1"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("decodeValue(schema): the schema validated asynchronously (validate() returned a promise); use decodeValueAsync(schema)");
  });

  it("a throw from the validator is rethrown as it is", () => {
    const boom = new Error("validator bug");
    const s = throwing(boom);
    expect(thrown(() => decodeValue(s)(1))).toBe(boom);
  });
});

describe("decodeValueAsync", () => {
  it("async schemas: a promise of Right or Left", async () => {
    const check = decodeValueAsync(asyncDigits());
    expect(await check("42")).toEqual(E.right(42));
    const r = await check(42);
    expect(r._tag).toBe("Left");
    if (r._tag === "Left") {
      expect(r.left).toBeInstanceOf(SchemaError);
      expect(r.left.message).toBe("schema rejected 42: expected digits");
      expect(r.left.value).toBe(42);
    }
  });

  it("sync schemas work too", async () => {
    expect(await decodeValueAsync(num)(7)).toEqual(E.right(7));
    expect((await decodeValueAsync(num)("7"))._tag).toBe("Left");
  });

  it("rejects only when the validator throws or rejects", async () => {
    const boom = new Error("remote check failed");
    const s: StandardSchema<unknown, number> = { "~standard": { version: 1, vendor: "spec", validate: () => Promise.reject(boom) } };
    await expect(decodeValueAsync(s)(1)).rejects.toBe(boom);
  });
});

describe("SchemaError", () => {
  const rejects = (issues: ConstructorParameters<typeof SchemaError>[0], value: unknown): string => new SchemaError(issues, value).message;

  it("is an Error named SchemaError with issues and value", () => {
    const e = new SchemaError([{ message: "expected a number", path: [] }], "x");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("SchemaError");
    expect(String(e)).toBe('SchemaError: schema rejected "x": expected a number');
    expect(e.issues).toEqual([{ message: "expected a number", path: [] }]);
    expect(e.value).toBe("x");
  });

  it("names the first issue, its path as code writes it, and the value found there", () => {
    const value = { items: [{ id: "a" }], "a b": null };
    expect(rejects([{ message: "expected a number", path: ["items", 0, "id"] }], value)).toBe('schema rejected "a" at items[0].id: expected a number');
    expect(rejects([{ message: "expected a string", path: ["a b"] }], value)).toBe('schema rejected null at ["a b"]: expected a string');
    expect(rejects([{ message: "required", path: ["items", 1, "id"] }], value)).toBe("schema rejected undefined at items[1].id: required");
    expect(rejects([{ message: "bad", path: [Symbol("k"), "x"] }], {})).toBe("schema rejected undefined at [Symbol(k)].x: bad");
    expect(rejects([{ message: "expected an object", path: [] }], [1])).toBe("schema rejected an array: expected an object");
  });

  it("counts the other issues", () => {
    const one = { message: "a", path: [] };
    expect(rejects([one, one], 1)).toBe("schema rejected 1: a (and 1 more issue)");
    expect(rejects([one, one, one], 1)).toBe("schema rejected 1: a (and 2 more issues)");
    expect(rejects([], 1)).toBe("schema rejected 1 (the validator gave no issues)");
  });

  it("does not run getters to find the value at the path", () => {
    let ran = false;
    const value = {
      get id(): string {
        ran = true;
        return "x";
      },
    };
    expect(rejects([{ message: "expected a number", path: ["id"] }], value)).toBe("schema rejected the value at id: expected a number");
    expect(ran).toBe(false);
  });

  it("issues from a schema are frozen, with { key } path steps turned into keys", () => {
    const r = decodeValue(user)({ id: "1" });
    if (r._tag !== "Left") throw new Error("expected a Left");
    expect(r.left.issues).toEqual([
      { message: "expected a number", path: ["id"] },
      { message: "expected a string", path: ["name"] },
    ]);
    expect(Object.isFrozen(r.left.issues)).toBe(true);
    expect(Object.isFrozen(r.left.issues[0])).toBe(true);
    expect(Object.isFrozen(r.left.issues[0]!.path)).toBe(true);
  });
});
