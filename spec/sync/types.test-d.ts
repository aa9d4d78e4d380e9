import { describe, expectTypeOf, it } from "vitest";
import { Mutex, onceFunc, onceValue, RWMutex, Semaphore, type Locker, type WaitOptions } from "../../src/index.js";

describe("sync types", () => {
  it("Mutex, RWMutex and rLocker() are Lockers", () => {
    expectTypeOf(new Mutex()).toExtend<Locker>();
    expectTypeOf(new RWMutex()).toExtend<Locker>();
    expectTypeOf(new RWMutex().rLocker()).toEqualTypeOf<Locker>();
  });

  it("withLock resolves with fn's result, sync or async", () => {
    const m = new Mutex();
    expectTypeOf(m.withLock(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(m.withLock(async () => "s")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(new RWMutex().withRLock(() => true)).toEqualTypeOf<Promise<boolean>>();
  });

  it("onceFunc keeps sync and async apart; onceValue keeps the value type", () => {
    expectTypeOf(onceFunc(() => undefined)).toEqualTypeOf<() => void>();
    expectTypeOf(onceFunc(async () => undefined)).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(onceValue(() => 42)).toEqualTypeOf<() => number>();
    expectTypeOf(onceValue(async () => "t")).toEqualTypeOf<() => Promise<string>>();
  });

  it("blocking ops take { signal } or { ctx }", () => {
    expectTypeOf<{ signal: AbortSignal }>().toExtend<WaitOptions>();
    expectTypeOf<{ ctx: { signal: AbortSignal } }>().toExtend<WaitOptions>();
    const s = new Semaphore(2);
    // @ts-expect-error a weight is a number
    void s.acquire("2");
  });
});
