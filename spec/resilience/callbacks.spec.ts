// A callback given to a policy that throws (a state listener, isFailure,
// retryIf) stops nothing: its error goes to the onPanic handler, named.

import { afterEach, describe, expect, it } from "vitest";
import { circuitBreaker, consecutiveBreaker, manualClock, onPanic, retry, type TaskPanic } from "../../src/index.js";
import { noLeaks, nowClock } from "./_helpers.js";

noLeaks();

let panics: TaskPanic[] = [];
let restore: () => void = () => {};
afterEach(() => {
  restore();
  panics = [];
});
const catchPanics = (): void => {
  restore = onPanic((p) => panics.push(p));
};

describe("throwing callbacks", () => {
  it("a throwing onStateChange listener: the others still run, the breaker still changes state", async () => {
    catchPanics();
    const cb = circuitBreaker({ breaker: consecutiveBreaker(1), halfOpenAfter: 10, clock: nowClock(), name: "db" });
    const seen: string[] = [];
    cb.onStateChange(() => {
      throw new Error("listener bug");
    });
    cb.onStateChange((c) => seen.push(c.to));
    await cb.execute(() => Promise.reject(new Error("down"))).catch(() => {});
    expect(cb.state).toBe("open");
    expect(seen).toEqual(["open"]);
    expect(panics).toHaveLength(1);
    expect(panics[0]!.message).toBe('panic in task "circuitBreaker \\"db\\".onStateChange listener": listener bug');
    expect((panics[0]!.cause as Error).message).toBe("listener bug");
    expect(cb.stateChanges.len).toBe(1);
  });

  it("a throwing isFailure: the error counts as a failure", async () => {
    catchPanics();
    const cb = circuitBreaker({
      breaker: consecutiveBreaker(1),
      halfOpenAfter: 10,
      clock: nowClock(),
      isFailure: () => {
        throw new Error("filter bug");
      },
    });
    await expect(cb.execute(() => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cb.state).toBe("open");
    expect(panics.map((p) => p.task)).toEqual(["circuitBreaker options.isFailure"]);
  });

  it("a throwing retryIf: no more attempts, the call fails with the error it was asked about", async () => {
    catchPanics();
    let attempts = 0;
    const p = retry({
      maxAttempts: 5,
      clock: manualClock(),
      retryIf: () => {
        throw new Error("predicate bug");
      },
    }).execute(() => (attempts++, Promise.reject(new Error("flaky"))));
    await expect(p).rejects.toThrow("flaky");
    expect(attempts).toBe(1);
    expect(panics.map((x) => [x.task, (x.cause as Error).message])).toEqual([["retry options.retryIf", "predicate bug"]]);
  });
});
