// The context layer's types: typed keys, tuples, directions, and a signal that
// is the host's AbortSignal where the program has one.

import { describe, expectTypeOf, it } from "vitest";
import {
  afterFunc,
  background,
  contextKey,
  fromSignal,
  withCancel,
  withCancelCause,
  withDeadline,
  withTimeout,
  withTimeoutCause,
  withValue,
  withoutCancel,
  type CancelableContext,
  type CancelCauseFunc,
  type CancelFunc,
  type Context,
  type ContextKey,
  type RecvChan,
  type ValueOf,
} from "../../src/index.js";

describe("context types", () => {
  it("with… functions return [ctx, cancel] tuples", () => {
    expectTypeOf(withCancel(background())).toEqualTypeOf<[ctx: CancelableContext, cancel: CancelFunc]>();
    expectTypeOf(withCancelCause(background())).toEqualTypeOf<[ctx: CancelableContext, cancel: CancelCauseFunc]>();
    expectTypeOf(withTimeout(background(), 1)).toEqualTypeOf<[ctx: CancelableContext, cancel: CancelFunc]>();
    expectTypeOf(withTimeoutCause(background(), 1, new Error("x"))).toEqualTypeOf<[ctx: CancelableContext, cancel: CancelFunc]>();
    expectTypeOf(fromSignal(new AbortController().signal)).toEqualTypeOf<CancelableContext>();
    expectTypeOf(withoutCancel(background())).toEqualTypeOf<Context>();
    expectTypeOf(afterFunc(background(), () => {})).toEqualTypeOf<() => boolean>();
    expectTypeOf<CancelableContext>().toMatchTypeOf<Disposable>();
    expectTypeOf<Context>().not.toMatchTypeOf<Disposable>();
    withDeadline(background(), new Date());
    withDeadline(background(), 0);
    // @ts-expect-error a string is not a deadline
    withDeadline(background(), "tomorrow");
  });

  it("done is receive-only; signal is the host AbortSignal (usable with fetch and friends)", () => {
    const [ctx] = withCancel(background());
    expectTypeOf(ctx.done).toEqualTypeOf<RecvChan<void>>();
    // @ts-expect-error done has no close
    ctx.done.close();
    expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
    const init: { signal?: AbortSignal } = { signal: ctx.signal };
    void init;
    expectTypeOf(ctx.err()).toEqualTypeOf<Error | undefined>();
    expectTypeOf(ctx.deadline()).toEqualTypeOf<number | undefined>();
  });

  it("typed keys type the stored and the read value; other keys give unknown", () => {
    const port = contextKey<number>("port");
    expectTypeOf(port).toEqualTypeOf<ContextKey<number>>();
    const ctx = withValue(background(), port, 8080);
    expectTypeOf(ctx.value(port)).toEqualTypeOf<number | undefined>();
    expectTypeOf(ctx.value("port")).toEqualTypeOf<unknown>();
    expectTypeOf<ValueOf<ContextKey<string>>>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error a string is not a number
    withValue(background(), port, "8080");
    withValue(background(), "any key", { any: "value" });
  });

  it("keys are invariant and not forgeable from plain objects", () => {
    const n = contextKey<number>("n");
    // @ts-expect-error a number key is not a string key
    const s: ContextKey<string> = n;
    // @ts-expect-error nor a key of a wider type (a reader of it could store a string)
    const w: ContextKey<number | string> = n;
    void s;
    void w;
    // @ts-expect-error a plain object is not a key
    const fake: ContextKey<number> = { name: "n" };
    void fake;
  });

  it("cancel functions: CancelFunc takes nothing, CancelCauseFunc an optional cause", () => {
    const [, cancel] = withCancel(background());
    const [, cancelCause] = withCancelCause(background());
    // @ts-expect-error withCancel's cancel takes no cause
    cancel(new Error("x"));
    cancelCause();
    cancelCause(new Error("x"));
  });
});
