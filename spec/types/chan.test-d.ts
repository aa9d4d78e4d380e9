// Type tests: channel directions, variance and receive results. A `Chan<T>` is
// usable wherever a `SendChan<T>` or `RecvChan<T>` is expected, never the
// reverse (Go's rule); RecvChan is covariant, SendChan contravariant, Chan
// invariant; a receive-only view cannot send or close.

import { describe, expectTypeOf, test } from "vitest";
import {
  after,
  chan,
  ClosedChannelError,
  nil,
  send,
  timer,
  tick,
  type Chan,
  type RecvChan,
  type RecvResult,
  type SendChan,
} from "../../src/index.js";

interface Animal {
  readonly name: string;
}
interface Cat extends Animal {
  meow(): string;
}

declare const cats: Chan<Cat>;
declare const nums: Chan<number>;
declare const inbox: RecvChan<number>;
declare const outbox: SendChan<number>;

describe("directions", () => {
  test("Chan<T> is usable as SendChan<T> and RecvChan<T>", () => {
    expectTypeOf<Chan<number>>().toExtend<SendChan<number>>();
    expectTypeOf<Chan<number>>().toExtend<RecvChan<number>>();
    const s: SendChan<number> = nums;
    const r: RecvChan<number> = nums;
    expectTypeOf(s).toEqualTypeOf<SendChan<number>>();
    expectTypeOf(r).toEqualTypeOf<RecvChan<number>>();
  });

  test("never the reverse, and never one direction as the other", () => {
    expectTypeOf<SendChan<number>>().not.toExtend<Chan<number>>();
    expectTypeOf<RecvChan<number>>().not.toExtend<Chan<number>>();
    expectTypeOf<SendChan<number>>().not.toExtend<RecvChan<number>>();
    expectTypeOf<RecvChan<number>>().not.toExtend<SendChan<number>>();
    // @ts-expect-error a receive-only view is not a channel you may send on
    const c: Chan<number> = inbox;
    void c;
  });

  test("a receive-only view has no send, trySend or close", () => {
    expectTypeOf<RecvChan<number>>().not.toHaveProperty("send");
    expectTypeOf<RecvChan<number>>().not.toHaveProperty("trySend");
    expectTypeOf<RecvChan<number>>().not.toHaveProperty("close");
    // @ts-expect-error RecvChan has no send
    void inbox.send(1);
    // @ts-expect-error RecvChan has no close (only the sending side closes)
    inbox.close();
  });

  test("a send-only view has no recv, tryRecv or iteration", () => {
    expectTypeOf<SendChan<number>>().not.toHaveProperty("recv");
    expectTypeOf<SendChan<number>>().not.toHaveProperty("tryRecv");
    expectTypeOf<SendChan<number>>().not.toHaveProperty(Symbol.asyncIterator);
    // @ts-expect-error SendChan has no recv
    void outbox.recv();
    expectTypeOf(outbox.close).toEqualTypeOf<() => void>();
  });

  test("send(ch, v) needs a send-capable channel and a value of its type", () => {
    expectTypeOf(send(outbox, 1).value).toEqualTypeOf<number>();
    // @ts-expect-error cannot make a send case on a receive-only channel
    send(inbox, 1);
    // @ts-expect-error after() is receive-only
    send(after(1), 1);
    // @ts-expect-error a string does not go on a channel of numbers
    send(nums, "one");
    // @ts-expect-error neither through the send-only view
    send(outbox, "one");
  });
});

describe("variance", () => {
  test("RecvChan is covariant: RecvChan<Cat> is a RecvChan<Animal>, not the reverse", () => {
    expectTypeOf<RecvChan<Cat>>().toExtend<RecvChan<Animal>>();
    expectTypeOf<RecvChan<Animal>>().not.toExtend<RecvChan<Cat>>();
    const animals: RecvChan<Animal> = cats;
    void animals;
  });

  test("SendChan is contravariant: SendChan<Animal> is a SendChan<Cat>, not the reverse", () => {
    expectTypeOf<SendChan<Animal>>().toExtend<SendChan<Cat>>();
    expectTypeOf<SendChan<Cat>>().not.toExtend<SendChan<Animal>>();
  });

  test("Chan is invariant", () => {
    expectTypeOf<Chan<Cat>>().not.toExtend<Chan<Animal>>();
    expectTypeOf<Chan<Animal>>().not.toExtend<Chan<Cat>>();
    expectTypeOf<Chan<Cat>>().toExtend<RecvChan<Animal>>();
    expectTypeOf<Chan<Animal>>().toExtend<SendChan<Cat>>();
  });

  test("a channel of cats is not a send-side of animals (no bivariant method escape)", () => {
    expectTypeOf<Chan<Cat>>().not.toExtend<SendChan<Animal>>();
    // @ts-expect-error a Chan<Cat> would then accept any Animal
    const x: SendChan<Animal> = cats;
    void x;
  });
});

describe("operations and results", () => {
  test("recv resolves to RecvResult<T>, which narrows on ok", async () => {
    expectTypeOf(nums.recv()).toEqualTypeOf<Promise<RecvResult<number>>>();
    expectTypeOf(inbox.tryRecv()).toEqualTypeOf<RecvResult<number> | undefined>();
    const r = await inbox.recv({ signal: new AbortController().signal });
    expectTypeOf(r.value).not.toBeAny();
    expectTypeOf(r.value).toEqualTypeOf<number | undefined>();
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
    else expectTypeOf(r.value).toEqualTypeOf<undefined>();
    expectTypeOf<RecvResult<string>>().toEqualTypeOf<{ value: string; ok: true } | { value: undefined; ok: false }>();
  });

  test("undefined is an ordinary element type, kept apart from ok", async () => {
    const c = chan<string | undefined>(1);
    const r = await c.recv();
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<string | undefined>();
    else expectTypeOf(r.ok).toEqualTypeOf<false>();
  });

  test("send, trySend, close, len, cap, closed, name", () => {
    expectTypeOf(outbox.send(1)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(outbox.trySend(1)).toEqualTypeOf<boolean>();
    expectTypeOf(nums.len).toEqualTypeOf<number>();
    expectTypeOf(inbox.cap).toEqualTypeOf<number>();
    expectTypeOf(outbox.closed).toEqualTypeOf<boolean>();
    expectTypeOf(nums.name).toEqualTypeOf<string | undefined>();
    // @ts-expect-error len is read-only
    nums.len = 3;
  });

  test("for await yields T", async () => {
    for await (const c of cats) expectTypeOf(c).toEqualTypeOf<Cat>();
    expectTypeOf(inbox[Symbol.asyncIterator]()).toEqualTypeOf<AsyncIterableIterator<number>>();
  });

  test("chan, nil and the timers", () => {
    expectTypeOf(chan<number>()).toEqualTypeOf<Chan<number>>();
    expectTypeOf(chan<number>(4, { overflow: "dropOldest", onDrop: (v) => expectTypeOf(v).toEqualTypeOf<number>() })).toEqualTypeOf<Chan<number>>();
    // @ts-expect-error unknown overflow policy
    chan<number>(4, { overflow: "drop" });
    expectTypeOf(nil<string>()).toEqualTypeOf<Chan<string>>();
    expectTypeOf(after).returns.toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(after(5)).not.toHaveProperty("close");
    expectTypeOf(timer(5).c).toEqualTypeOf<RecvChan<number>>();
    expectTypeOf(tick(5).c).toEqualTypeOf<RecvChan<number>>();
  });

  test("ClosedChannelError carries the unsent value", () => {
    const e = new ClosedChannelError<number>("send on closed channel", 1);
    expectTypeOf(e.value).toEqualTypeOf<number | undefined>();
    expectTypeOf(e).toExtend<Error>();
  });
});
