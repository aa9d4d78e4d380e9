// The task layer's types: what go() infers, what join() gives, what recover
// must return, and the group's shapes.

import type { either as E } from "fp-ts";
import { describe, expectTypeOf, it } from "vitest";
import { background, go, group, onPanic, type Context, type Group, type PanicHandler, type RecvChan, type Task, type TaskPanic } from "../../src/index.js";

describe("task types", () => {
  it("go() infers the task's value from fn, unwrapping promises", () => {
    expectTypeOf(go(() => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(go(async () => "s")).toEqualTypeOf<Task<string>>();
    expectTypeOf(go(async (ctx) => ctx.err())).toEqualTypeOf<Task<Error | undefined>>();
    expectTypeOf(go(() => {})).toEqualTypeOf<Task<void>>();
    expectTypeOf(go(() => 1).join()).toEqualTypeOf<Promise<E.Either<TaskPanic, number>>>();
    expectTypeOf(go(() => 1).done).toEqualTypeOf<RecvChan<void>>();
    expectTypeOf(go(() => 1).name).toEqualTypeOf<string>();
  });

  it("fn receives a Context", () => {
    go((ctx) => expectTypeOf(ctx).toEqualTypeOf<Context>());
  });

  it("recover must return the task's value type", () => {
    go(async () => 1, { recover: (p) => (expectTypeOf(p).toEqualTypeOf<TaskPanic>(), -1) });
    // @ts-expect-error a string is not the number the task returns
    go(async () => 1, { recover: () => "fallback" });
    // the value type comes from fn alone, never from recover (whether or not fn's parameter is typed)
    expectTypeOf(go(async (ctx) => (ctx.err() ? 1 : 2), { recover: () => 0 })).toEqualTypeOf<Task<number>>();
    expectTypeOf(go(async () => 1, { recover: () => 0 })).toEqualTypeOf<Task<number>>();
  });

  it("done is receive-only", () => {
    const t = go(() => 1);
    // @ts-expect-error a task's done channel cannot be closed by its readers
    t.done.close();
  });

  it("onPanic takes a PanicHandler and returns a restore function", () => {
    expectTypeOf(onPanic).parameter(0).toEqualTypeOf<PanicHandler>();
    expectTypeOf(onPanic(() => {})).toEqualTypeOf<() => void>();
  });

  it("group shapes", () => {
    expectTypeOf(group()).toEqualTypeOf<Group>();
    expectTypeOf(group(background(), { limit: 2 })).toEqualTypeOf<Group>();
    expectTypeOf(group({ limit: 2 })).toEqualTypeOf<Group>();
    const g = group();
    expectTypeOf(g.go(async () => {})).toEqualTypeOf<Promise<void>>();
    expectTypeOf(g.tryGo(() => 1)).toEqualTypeOf<boolean>();
    expectTypeOf(g.wait()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(g.waitEither()).toEqualTypeOf<Promise<E.Either<unknown, void>>>();
    expectTypeOf(g.ctx).toEqualTypeOf<Context>();
    // @ts-expect-error the limit is a number
    group({ limit: "4" });
  });
});
