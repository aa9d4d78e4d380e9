// bulkhead(): the concurrency limit, the FIFO queue, rejection when full, and
// queued calls honouring their signal.

import { describe, expect, it } from "vitest";
import { blocked, bulkhead, BulkheadRejectedError, watchers } from "../../src/index.js";
import { deferred, noLeaks, turn, watch, type Deferred } from "./_helpers.js";

noLeaks();

describe("bulkhead", () => {
  it("runs at most maxConcurrent at once, queues up to maxQueue in order, refuses the rest without calling fn", async () => {
    const b = bulkhead({ maxConcurrent: 2, maxQueue: 2, name: "render" });
    const gates: Deferred<string>[] = [];
    const started: number[] = [];
    const job = (i: number) => () => {
      started.push(i);
      const d = deferred<string>();
      gates[i] = d;
      return d.promise;
    };
    const p = [0, 1, 2, 3].map((i) => watch(b.execute(job(i))));
    await turn();
    expect(started).toEqual([0, 1]);
    expect([b.running, b.queued]).toEqual([2, 2]);
    const e = (await b.execute(job(4)).catch((x: unknown) => x)) as BulkheadRejectedError;
    expect(e).toBeInstanceOf(BulkheadRejectedError);
    expect(e.name).toBe("BulkheadRejectedError");
    expect(e.message).toBe('bulkhead "render" is full (2 running, 2 queued): the call was not made');
    expect([e.maxConcurrent, e.maxQueue, e.bulkhead]).toEqual([2, 2, "render"]);
    expect(started).toEqual([0, 1]);
    // Queued calls show up in diagnostics, on the bulkhead's semaphore.
    expect(blocked().map((x) => `${x.op} ${x.on}`)).toEqual(['acquire Semaphore "render"', 'acquire Semaphore "render"']);
    gates[1]!.resolve("one");
    await turn();
    expect(started).toEqual([0, 1, 2]); // oldest queued first
    gates[0]!.resolve("zero");
    await turn();
    expect(started).toEqual([0, 1, 2, 3]);
    expect([b.running, b.queued]).toEqual([2, 0]);
    gates[2]!.resolve("two");
    gates[3]!.reject(new Error("three failed"));
    await turn();
    expect(p.map((x) => x.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    expect((p[3]!.reason as Error).message).toBe("three failed");
    expect([b.running, b.queued]).toEqual([0, 0]); // a failure gives its slot back too
  });

  it("maxQueue defaults to 0: refuse at once when every slot is busy", async () => {
    const b = bulkhead({ maxConcurrent: 1 });
    const gate = deferred<void>();
    const first = b.execute(() => gate.promise);
    await expect(b.execute(() => 1)).rejects.toThrow("bulkhead is full (1 running, 0 queued): the call was not made");
    gate.resolve();
    await first;
    expect(await b.execute(() => 2)).toBe(2);
  });

  it("a queued call whose signal aborts leaves the queue with the reason; fn never runs", async () => {
    const b = bulkhead({ maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred<void>();
    const first = b.execute(() => gate.promise);
    const ac = new AbortController();
    let ran = false;
    const queued = watch(b.execute(() => (ran = true), { signal: ac.signal }));
    await turn();
    expect(b.queued).toBe(1);
    ac.abort("not any more");
    await turn();
    expect(queued.status).toBe("rejected");
    expect(queued.reason).toBe("not any more");
    expect(b.queued).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
    // The queue slot is free again.
    const next = watch(b.execute(() => "next"));
    gate.resolve();
    await first;
    await turn();
    expect(next.value).toBe("next");
    expect(ran).toBe(false);
  });

  it("a running call gets the caller's signal", async () => {
    const b = bulkhead({ maxConcurrent: 1 });
    const ac = new AbortController();
    expect(await b.execute(({ signal }) => signal, { signal: ac.signal })).toBe(ac.signal);
  });

  it("a synchronous throw in fn releases the slot", async () => {
    const b = bulkhead({ maxConcurrent: 1 });
    await expect(
      b.execute(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(b.running).toBe(0);
  });

  it("executeEither: Left(BulkheadRejectedError) when full", async () => {
    const b = bulkhead({ maxConcurrent: 1 });
    const gate = deferred<void>();
    const first = b.execute(() => gate.promise);
    const r = await b.executeEither(() => 1);
    expect((r as { left: unknown }).left).toBeInstanceOf(BulkheadRejectedError);
    gate.resolve();
    await first;
    expect(await b.executeEither(() => 1)).toEqual({ _tag: "Right", right: 1 });
  });

  it("maxQueue: Infinity never refuses", async () => {
    const b = bulkhead({ maxConcurrent: 1, maxQueue: Infinity });
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => b.execute(() => Promise.resolve(i))));
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
