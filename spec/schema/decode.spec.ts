// decode: values, order, the three `invalid` policies, async schemas, and how
// it stops upstream. The operator rules every stage follows are checked for
// decode too, in spec/ops/conformance.spec.ts.

import { function as F } from "fp-ts";
import { describe, expect, it } from "vitest";
import {
  Canceled,
  chan,
  channelState,
  collect,
  first,
  from,
  generate,
  map,
  of,
  stageError,
  take,
  watchers,
  type Context,
  type RecvChan,
  type Source,
  type StageOptions,
} from "../../src/index.js";
import { decode, SchemaError, type StandardSchema } from "../../src/schema/index.js";
import { noLeaks, settle } from "../ops/_util.js";
import { anyNumber, anyNumberAsync, asyncDigits, num, schemaOf, throwing, turns, user, type User } from "./_schemas.js";

noLeaks();

describe("decode: values", () => {
  it("valid values pass through in order, and the output closes after the input", async () => {
    const out = decode(num)(of(3, 1, 2));
    expect(await collect(out)).toEqual([3, 1, 2]);
    expect(channelState(out).closed).toBe(true);
  });

  it("the output is what the schema produces (a transforming schema)", async () => {
    const trim = schemaOf<string>(() => []);
    const upper: StandardSchema<unknown, string> = {
      "~standard": { version: 1, vendor: "spec", validate: (v) => ({ value: String(v).toUpperCase() }) },
    };
    expect(await collect(decode(upper)(of("a", "b")))).toEqual(["A", "B"]);
    expect(await collect(decode(trim)(["x"]))).toEqual(["x"]);
  });

  it("each value is validated once, when it is read", async () => {
    const s = schemaOf<number>(() => []);
    await collect(decode(s)(of(1, 2, 3)));
    expect(s.calls).toEqual([1, 2, 3]);
  });

  it("composes with pipe and the other stages", async () => {
    const names = await F.pipe(
      of<unknown>({ id: 1, name: "ann" }, { id: 2, name: "bob" }),
      decode(user),
      map((u: User) => u.name),
      collect,
    );
    expect(names).toEqual(["ann", "bob"]);
  });

  it("buffer and overflow shape the output like any stage's", async () => {
    const out = decode(num, { buffer: 2, overflow: "dropOldest" })(of(1, 2, 3, 4));
    expect(channelState(out).cap).toBe(2);
    await settle();
    expect(await collect(out)).toEqual([3, 4]);
  });
});

describe('decode: invalid: "fail" (the default)', () => {
  const bad = { id: "7", name: 3 };

  it("the terminal rejects with a SchemaError carrying the issues, their paths and the value", async () => {
    const e = await collect(decode(user)(of<unknown>({ id: 1, name: "ann" }, bad, { id: 2, name: "bob" }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SchemaError);
    const err = e as SchemaError;
    expect(err.name).toBe("SchemaError");
    expect(err.message).toBe('schema rejected "7" at id: expected a number (and 1 more issue)');
    expect(err.issues).toEqual([
      { message: "expected a number", path: ["id"] },
      { message: "expected a string", path: ["name"] },
    ]);
    expect(err.value).toBe(bad);
  });

  it("the values before it are delivered, none after; the failure surfaces exactly once", async () => {
    const out = decode(user)(of<unknown>({ id: 1, name: "ann" }, bad, { id: 2, name: "bob" }));
    const seen: unknown[] = [];
    let throws = 0;
    for (let round = 0; round < 2; round++) {
      try {
        for await (const u of out) seen.push(u);
      } catch (e) {
        expect(e).toBeInstanceOf(SchemaError);
        expect((e as SchemaError).value).toBe(bad);
        throws++;
      }
    }
    expect(seen).toEqual([{ id: 1, name: "ann" }]);
    expect(throws).toBe(1);
    expect(stageError(out)._tag).toBe("Some");
  });

  it("a stage after decode adopts the failure: the end of the pipeline sees it once", async () => {
    const out = map((u: User) => u.id)(decode(user, { invalid: "fail" })(of<unknown>(bad)));
    await expect(collect(out)).rejects.toMatchObject({ name: "SchemaError", value: bad });
  });

  it("the failure stops the source", async () => {
    let ctx: Context | undefined;
    const src = generate<unknown>(async (send, c) => {
      ctx = c;
      for (let i = 0; ; i++) await send(i === 2 ? "two" : i);
    });
    await expect(collect(decode(num)(src))).rejects.toMatchObject({ message: 'schema rejected "two": expected a number', value: "two" });
    await settle();
    expect(ctx!.err()).toBe(Canceled);
    expect(channelState(src).closed).toBe(true);
  });
});

describe('decode: invalid: "drop" and a callback', () => {
  it('"drop" skips invalid values and keeps the order of the rest', async () => {
    expect(await collect(decode(num, { invalid: "drop" })(of<unknown>(1, "a", 2, null, 3)))).toEqual([1, 2, 3]);
  });

  it("a callback sees each invalid value and its error, in order, and the value is skipped", async () => {
    const seen: [string, unknown][] = [];
    const out = decode(num, { invalid: (e, v) => seen.push([e.message, v]) })(of<unknown>(1, "a", 2, undefined));
    expect(await collect(out)).toEqual([1, 2]);
    expect(seen).toEqual([
      ['schema rejected "a": expected a number', "a"],
      ["schema rejected undefined: expected a number", undefined],
    ]);
  });

  it("the callback gets SchemaErrors with issues and value", async () => {
    const errors: SchemaError[] = [];
    await collect(decode(user, { invalid: (e) => errors.push(e) })(of<unknown>({ id: 1 })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SchemaError);
    expect(errors[0]!.issues).toEqual([{ message: "expected a string", path: ["name"] }]);
    expect(errors[0]!.value).toEqual({ id: 1 });
  });

  it("a throwing callback fails the stage with what it threw", async () => {
    const boom = new Error("too many bad values");
    const out = decode(num, {
      invalid: () => {
        throw boom;
      },
    })(of<unknown>(1, "a", 2));
    await expect(collect(out)).rejects.toBe(boom);
  });
});

describe("decode: async schemas", () => {
  it("keeps the order: one validation at a time, even when later ones would finish first", async () => {
    const s = asyncDigits((v) => 10 - Number(v));
    expect(await collect(decode(s)(of("1", "2", "3", "4", "5")))).toEqual([1, 2, 3, 4, 5]);
    expect(s.most()).toBe(1);
  });

  it('an async rejection fails the stage ("fail") or is dropped ("drop")', async () => {
    await expect(collect(decode(asyncDigits())(of("1", "x")))).rejects.toMatchObject({
      name: "SchemaError",
      message: 'schema rejected "x": expected digits',
      issues: [{ message: "expected digits", path: [] }],
      value: "x",
    });
    expect(await collect(decode(asyncDigits(), { invalid: "drop" })(of("1", "x", "3")))).toEqual([1, 3]);
  });

  it("cancellation while a validation is pending: the stage stops at once, nothing is left parked", async () => {
    const s = asyncDigits(() => 1_000);
    const src = chan<string>();
    const ac = new AbortController();
    const res = collect(decode(s, { signal: ac.signal })(src));
    await src.send("1");
    await turns(2);
    expect(s.running()).toBe(1);
    const why = new Error("shutting down");
    ac.abort(why);
    await expect(res).rejects.toBe(why);
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0, senders: 0 });
    expect(watchers(ac.signal)).toBe(0);
    // The pending validation finishes on its own; its result is not waited for (noLeaks checks the rest).
  });
});

describe("decode: a validator that breaks", () => {
  it("a throw from validate fails the stage with that error", async () => {
    const boom = new Error("validator bug");
    const s = throwing(boom);
    await expect(collect(decode(s)(of(1)))).rejects.toBe(boom);
  });

  it("a rejection from an async validate fails the stage with it", async () => {
    const boom = new Error("remote check failed");
    const s: StandardSchema<unknown, number> = { "~standard": { version: 1, vendor: "spec", validate: () => Promise.reject(boom) } };
    await expect(collect(decode(s, { invalid: "drop" })(of(1)))).rejects.toBe(boom);
  });

  it("a result that is neither { value } nor { issues } is a TypeError", async () => {
    const s = { "~standard": { version: 1, vendor: "spec", validate: () => 42 } } as unknown as StandardSchema<unknown, number>;
    await expect(collect(decode(s)(of(1)))).rejects.toThrow(
      new TypeError("decode(schema, options): the schema's validate() must return { value } or { issues: [...] }, got 42"),
    );
    const t = { "~standard": { version: 1, vendor: "spec", validate: () => ({ issues: "bad" }) } } as unknown as StandardSchema<unknown, number>;
    await expect(collect(decode(t)(of(1)))).rejects.toThrow("must return { value } or { issues: [...] }, got an object");
  });
});

// The operator rules (close, one failure, abort, ctx, an aborted signal) are
// checked for decode, sync and async, with every other stage in
// spec/ops/conformance.spec.ts. Here, what stopping upstream looks like in values.
const KINDS: [string, (o: StageOptions) => (input: Source<number>) => RecvChan<unknown>][] = [
  ["sync schema", (o) => decode(anyNumber, o)],
  ["async schema", (o) => decode(anyNumberAsync, o)],
];

describe.each(KINDS)("decode stops upstream (%s)", (_name, make) => {
  it("stops its source when the consumer leaves (first, take, break)", async () => {
    let ctx: Context | undefined;
    const src = generate<number>(async (send, c) => {
      ctx = c;
      for (let i = 0; ; i++) await send(i);
    });
    const out = make({})(src);
    expect(await first(out)).toEqual({ _tag: "Some", value: 0 });
    await settle();
    expect(ctx!.err()).toBe(Canceled);
    expect(channelState(src).closed).toBe(true);
    expect(channelState(out).closed).toBe(true);

    expect(await collect(take(2)(make({})(from(of(5, 6, 7)))))).toEqual([5, 6]);
    const loop = make({})(of(1, 2, 3));
    for await (const v of loop) if (v === 1) break;
    await settle();
    expect(channelState(loop).closed).toBe(true);
  });
});
