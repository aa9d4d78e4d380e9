// Random acquire / tryAcquire / release / abort sequences against Semaphore and
// Mutex. After every step: never more permits out than the size, no request
// granted past an older one still waiting (FIFO, no barging), and no waiter
// left parked that would fit (liveness). At the end every promise has settled
// and no listener is left on any signal.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mutex, Semaphore, watchers } from "../../src/index.js";
import { flush } from "./util.js";

interface Subject {
  readonly n: number;
  acquire(k: number, signal?: AbortSignal): Promise<void>;
  tryAcquire(k: number): boolean;
  release(k: number): void;
  readonly held: number;
  readonly waiters: number;
}

const semaphore = (n: number): Subject => {
  const s = new Semaphore(n);
  return {
    n,
    acquire: (k, signal) => s.acquire(k, signal === undefined ? undefined : { signal }),
    tryAcquire: (k) => s.tryAcquire(k),
    release: (k) => s.release(k),
    get held() {
      return s.held;
    },
    get waiters() {
      return s.waiters;
    },
  };
};

const mutex = (): Subject => {
  const m = new Mutex();
  return {
    n: 1,
    acquire: (_k, signal) => m.lock(signal === undefined ? undefined : { signal }),
    tryAcquire: () => m.tryLock(),
    release: () => m.unlock(),
    get held() {
      return m.locked ? 1 : 0;
    },
    get waiters() {
      return m.waiters;
    },
  };
};

type Cmd =
  | { t: "acq"; k: number; abortable: boolean }
  | { t: "try"; k: number }
  | { t: "rel"; pick: number }
  | { t: "abort"; pick: number }
  | { t: "relThenAbort"; pick: number }; // a release and an abort in one step: the race

const cmd = (maxK: number): fc.Arbitrary<Cmd> =>
  fc.oneof(
    fc.record({ t: fc.constant("acq" as const), k: fc.integer({ min: 1, max: maxK }), abortable: fc.boolean() }),
    fc.record({ t: fc.constant("try" as const), k: fc.integer({ min: 1, max: maxK }) }),
    fc.record({ t: fc.constant("rel" as const), pick: fc.nat() }),
    fc.record({ t: fc.constant("abort" as const), pick: fc.nat() }),
    fc.record({ t: fc.constant("relThenAbort" as const), pick: fc.nat() }),
  );

interface Req {
  id: number;
  k: number;
  ac: AbortController | undefined;
  state: "pending" | "granted" | "rejected" | "released";
}

async function run(subject: Subject, cmds: Cmd[]): Promise<void> {
  const reqs: Req[] = [];
  const signals: AbortSignal[] = [];
  let nextId = 0;
  const pending = () => reqs.filter((r) => r.state === "pending");
  const granted = () => reqs.filter((r) => r.state === "granted");

  const check = () => {
    const out = granted().reduce((sum, r) => sum + r.k, 0);
    expect(subject.held).toBe(out);
    expect(out).toBeLessThanOrEqual(subject.n);
    const waiting = pending();
    expect(subject.waiters).toBe(waiting.length);
    if (waiting.length > 0) {
      const oldest = Math.min(...waiting.map((r) => r.id));
      // FIFO: nothing younger than the oldest waiter was ever granted past it.
      for (const r of reqs) if (r.state === "granted" || r.state === "released") expect(r.id).toBeLessThan(oldest);
      // Liveness: the head waits only because it does not fit.
      const head = waiting.find((r) => r.id === oldest)!;
      expect(head.k).toBeGreaterThan(subject.n - subject.held);
    }
  };

  const abortOne = (pick: number) => {
    const abortable = pending().filter((r) => r.ac !== undefined);
    if (abortable.length > 0) abortable[pick % abortable.length]!.ac!.abort("stop");
  };

  for (const c of cmds) {
    switch (c.t) {
      case "acq": {
        const ac = c.abortable ? new AbortController() : undefined;
        if (ac !== undefined) signals.push(ac.signal);
        const r: Req = { id: nextId++, k: c.k, ac, state: "pending" };
        reqs.push(r);
        subject.acquire(c.k, ac?.signal).then(
          () => void (r.state = "granted"),
          () => void (r.state = "rejected"),
        );
        break;
      }
      case "try": {
        const id = nextId++;
        if (subject.tryAcquire(c.k)) reqs.push({ id, k: c.k, ac: undefined, state: "granted" });
        break;
      }
      case "rel":
      case "relThenAbort": {
        const g = granted();
        if (g.length > 0) {
          const r = g[c.pick % g.length]!;
          r.state = "released";
          subject.release(r.k);
        }
        if (c.t === "relThenAbort") abortOne(c.pick);
        break;
      }
      case "abort":
        abortOne(c.pick);
        break;
    }
    await flush();
    check();
  }

  // Wind down: abort what can be aborted, release everything; all must settle.
  for (const r of pending()) r.ac?.abort("end");
  for (let guard = 0; guard < 1000 && (pending().length > 0 || granted().length > 0); guard++) {
    for (const r of granted()) {
      r.state = "released";
      subject.release(r.k);
    }
    await flush();
  }
  expect(pending()).toEqual([]);
  expect(subject.held).toBe(0);
  expect(subject.waiters).toBe(0);
  for (const s of signals) expect(watchers(s)).toBe(0);
}

describe("properties", () => {
  it("Semaphore: bounded, FIFO without barging, live, and leaves nothing behind", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(cmd(5), { maxLength: 40 }), async (n, cmds) => {
        const fitting = cmds.map((c) => ("k" in c ? { ...c, k: Math.min(c.k, n) } : c));
        await run(semaphore(n), fitting);
      }),
      { numRuns: 300 },
    );
  });

  it("Mutex: mutual exclusion, FIFO, live, and leaves nothing behind", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd(1), { maxLength: 40 }), async (cmds) => {
        await run(mutex(), cmds);
      }),
      { numRuns: 300 },
    );
  });
});
