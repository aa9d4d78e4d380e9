// Type tests: what select and trySelect infer from their cases. Each assertion
// pins an exact type (toEqualTypeOf fails on `any`, on a wider union and on a
// missing member), so a regression in src/select/types.ts breaks the build.

import { describe, expectTypeOf, test } from "vitest";
import {
  after,
  chan,
  nil,
  select,
  send,
  trySelect,
  type Chan,
  type RecvChan,
  type SelectResult,
  type SendCase,
  type SendChan,
} from "../../src/index.js";

declare const nums: Chan<number>;
declare const strs: Chan<string>;
declare const flags: RecvChan<boolean>;
declare const out: SendChan<string>;
declare const maybe: Chan<Date> | null;
declare const optional: Chan<bigint> | undefined;

type Recv<K, T> = { readonly case: K; readonly value: T; readonly ok: true } | { readonly case: K; readonly value: undefined; readonly ok: false };

describe("select over an object of cases", () => {
  test("the result is a union discriminated on the key", async () => {
    const r = await select({ n: nums, s: strs, f: flags, o: send(out, "x") });
    expectTypeOf(r).toEqualTypeOf<Recv<"n", number> | Recv<"s", string> | Recv<"f", boolean> | { readonly case: "o" }>();
    expectTypeOf(r.case).toEqualTypeOf<"n" | "s" | "f" | "o">();
  });

  test("value narrows to the channel's element type after checking case and ok", async () => {
    const r = await select({ n: nums, s: strs, o: send(out, "x") });
    if (r.case === "n") {
      expectTypeOf(r.value).not.toBeAny();
      expectTypeOf(r.value).toEqualTypeOf<number | undefined>();
      if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
      else expectTypeOf(r.value).toEqualTypeOf<undefined>();
    }
    if (r.case === "s" && r.ok) expectTypeOf(r.value).toEqualTypeOf<string>();
    if (r.case === "o") {
      expectTypeOf(r).toEqualTypeOf<{ readonly case: "o" }>();
      // @ts-expect-error a send case reports only which case fired
      void r.value;
      // @ts-expect-error a send case has no ok either
      void r.ok;
    }
  });

  test("null and undefined cases are off: they never appear in the result", async () => {
    const r = await select({ n: nums, off: null, gone: undefined });
    expectTypeOf(r).toEqualTypeOf<Recv<"n", number>>();
  });

  test("a case typed `Chan<T> | null` (or `| undefined`) is a receive case of T", async () => {
    const r = await select({ m: maybe, o: optional });
    expectTypeOf(r).toEqualTypeOf<Recv<"m", Date> | Recv<"o", bigint>>();
  });

  test("a send case typed `SendCase<T> | null` reports `{ case }` only", async () => {
    expectTypeOf(send(nums, 1)).toEqualTypeOf<SendCase<number>>();
    const sc = Math.random() > 0.5 ? send(out, "x") : null;
    const r = await select({ sc, n: nums });
    expectTypeOf(r).toEqualTypeOf<{ readonly case: "sc" } | Recv<"n", number>>();
  });

  test("timers, nil channels and element types that include undefined", async () => {
    const opt = chan<string | undefined>();
    const r = await select({ t: after(10), z: nil<number>(), u: opt });
    expectTypeOf(r).toEqualTypeOf<Recv<"t", number> | Recv<"z", number> | Recv<"u", string | undefined>>();
    if (r.case === "u" && r.ok) expectTypeOf(r.value).toEqualTypeOf<string | undefined>();
  });

  test("the result names the same type as SelectResult of the cases", async () => {
    const cases = { n: nums, o: send(out, "x") };
    expectTypeOf(await select(cases)).toEqualTypeOf<SelectResult<typeof cases>>();
    expectTypeOf<SelectResult<typeof cases>>().toEqualTypeOf<Recv<"n", number> | { readonly case: "o" }>();
  });

  test("options: signal and priority", () => {
    expectTypeOf(select({ n: nums }, { signal: new AbortController().signal, priority: true })).resolves.toEqualTypeOf<Recv<"n", number>>();
    // @ts-expect-error priority is a boolean
    void select({ n: nums }, { priority: 1 });
  });

  test("what is not a case is a type error", () => {
    // @ts-expect-error a number is not a case
    void select({ n: 42 });
    // @ts-expect-error a lone channel must be wrapped in an object or array
    void select(nums);
    // @ts-expect-error a promise is not a case
    void select({ p: Promise.resolve(1) });
  });
});

describe("select over an array of cases", () => {
  test("a tuple's cases are discriminated by their numeric index literal", async () => {
    const r = await select([nums, send(strs, "a"), null, flags]);
    expectTypeOf(r).toEqualTypeOf<Recv<0, number> | { readonly case: 1 } | Recv<3, boolean>>();
    expectTypeOf(r.case).toEqualTypeOf<0 | 1 | 3>();
    if (r.case === 0 && r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
    if (r.case === 3) {
      expectTypeOf(r.value).not.toBeAny();
      expectTypeOf(r.value).toEqualTypeOf<boolean | undefined>();
    }
    if (r.case === 1) expectTypeOf(r).toEqualTypeOf<{ readonly case: 1 }>();
  });

  test("an array of unknown length reports `case: number`", async () => {
    const list: Chan<string>[] = [strs, strs];
    const r = await select(list);
    expectTypeOf(r).toEqualTypeOf<Recv<number, string>>();
  });

  test("`Chan<T> | null` in a tuple", async () => {
    const r = await select([maybe, nums]);
    expectTypeOf(r).toEqualTypeOf<Recv<0, Date> | Recv<1, number>>();
  });
});

describe("trySelect", () => {
  test("returns the result or undefined (the default case), synchronously", () => {
    const r = trySelect({ n: nums, o: send(out, "x") });
    expectTypeOf(r).toEqualTypeOf<Recv<"n", number> | { readonly case: "o" } | undefined>();
    if (r !== undefined && r.case === "n" && r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
    const t = trySelect([nums, flags], { priority: true });
    expectTypeOf(t).toEqualTypeOf<Recv<0, number> | Recv<1, boolean> | undefined>();
  });

  test("takes no signal (it never waits)", () => {
    // @ts-expect-error trySelect has no signal option
    trySelect({ n: nums }, { signal: new AbortController().signal });
  });
});

describe("case typing corners", () => {
  test("send() infers the channel's element type, not the literal", () => {
    expectTypeOf(send(out, "x")).toEqualTypeOf<SendCase<string>>();
    const c: SendCase<string> = send(out, "x");
    void c;
  });

  test("a case typed as a channel or a send case keeps both shapes", () => {
    expectTypeOf<SelectResult<{ e: Chan<number> | SendCase<string> }>>().toEqualTypeOf<Recv<"e", number> | { readonly case: "e" }>();
  });
});

