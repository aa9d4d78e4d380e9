// timeoutPolicy(): rejects at the deadline and aborts the function's signal;
// the caller's abort; nothing left behind once the call is over.

import { describe, expect, it } from "vitest";
import { DeadlineExceeded, fromSignal, manualClock, timeoutPolicy, TimeoutRejectedError, watchers } from "../../src/index.js";
import { deferred, noLeaks, watch } from "./_helpers.js";

noLeaks();

describe("timeoutPolicy", () => {
  it("rejects with TimeoutRejectedError at the deadline and aborts the signal fn received with the same error", async () => {
    const clock = manualClock(0);
    const t = timeoutPolicy(200, { clock });
    let seen: AbortSignal | undefined;
    const never = deferred<string>();
    const p = watch(
      t.execute(({ signal }) => {
        seen = signal;
        return never.promise; // ignores its signal: the call still ends at the deadline
      }),
    );
    await clock.advance(199);
    expect(p.status).toBe("pending");
    expect(seen!.aborted).toBe(false);
    await clock.advance(1);
    expect(p.status).toBe("rejected");
    const e = p.reason as TimeoutRejectedError;
    expect(e).toBeInstanceOf(TimeoutRejectedError);
    expect(e.name).toBe("TimeoutError");
    expect(e.ms).toBe(200);
    expect(e.message).toBe("timeout: the call did not finish within 200 ms (its signal was aborted)");
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe(e);
    // A context following that signal reads it as a deadline.
    expect(fromSignal(seen!).err()).toBe(DeadlineExceeded);
    never.resolve("too late"); // dropped
    expect(clock.pending).toBe(0);
  });

  it("a call that finishes in time resolves with its value, and its timer is cleared", async () => {
    const clock = manualClock(0);
    const t = timeoutPolicy(200, { clock });
    expect(await t.execute(() => Promise.resolve("quick"))).toBe("quick");
    expect(clock.pending).toBe(0);
    await expect(t.execute(() => Promise.reject(new Error("fast failure")))).rejects.toThrow("fast failure");
    expect(clock.pending).toBe(0);
    expect(t.ms).toBe(200);
  });

  it("a cooperative fn stops when its signal aborts", async () => {
    const clock = manualClock(0);
    const stopped: unknown[] = [];
    const p = watch(
      timeoutPolicy(50, { clock }).execute(
        ({ signal }) =>
          new Promise((_, reject) =>
            signal.addEventListener("abort", () => {
              stopped.push(signal.reason);
              reject(signal.reason);
            }),
          ),
      ),
    );
    await clock.advance(50);
    expect(stopped).toHaveLength(1);
    expect(p.reason).toBe(stopped[0]);
  });

  it("the caller's abort rejects at once with its reason and aborts fn's signal too", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    let seen: AbortSignal | undefined;
    const p = watch(
      timeoutPolicy(1_000, { clock }).execute(({ signal }) => {
        seen = signal;
        return deferred<void>().promise;
      }, { signal: ac.signal }),
    );
    ac.abort("caller left");
    await clock.advance(0);
    expect(p.reason).toBe("caller left");
    expect(seen!.reason).toBe("caller left");
    expect(clock.pending).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a signal already aborted: rejects with its reason, fn never runs, no timer", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    ac.abort("early");
    let calls = 0;
    await expect(timeoutPolicy(10, { clock }).execute(() => calls++, { signal: ac.signal })).rejects.toBe("early");
    expect(calls).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("after the call the listener on the caller's signal is gone", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    await timeoutPolicy(10, { clock }).execute(() => 1, { signal: ac.signal });
    expect(watchers(ac.signal)).toBe(0);
  });

  it("Infinity never times out and arms no timer", async () => {
    const clock = manualClock(0);
    const gate = deferred<number>();
    const p = timeoutPolicy(Infinity, { clock }).execute(() => gate.promise);
    expect(clock.pending).toBe(0);
    gate.resolve(3);
    expect(await p).toBe(3);
  });
});
