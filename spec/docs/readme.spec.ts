// The README's tour, run for real: each test is one snippet of README.md (or a
// claim its comments make), with the values the README says it produces.
// snippets.spec.ts only type-checks them. Time runs on manualClock where a
// snippet waits.

import { function as F } from "fp-ts";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrokenCircuitError,
  DeadlineExceeded,
  Semaphore,
  WaitGroup,
  after,
  background,
  bulkhead,
  chan,
  channelState,
  circuitBreaker,
  collect,
  consecutiveBreaker,
  filter,
  go,
  group,
  manualClock,
  map,
  onceValue,
  parallelMap,
  range,
  retry,
  select,
  send,
  setClock,
  shutdown,
  sleep,
  take,
  timeoutPolicy,
  trySelect,
  withTimeout,
  wrap,
} from "../../src/index.js";
import type { AbortSignalLike, Clock, Context, RecvChan } from "../../src/index.js";

interface Job {
  id: number;
}

let restoreClock: Clock | undefined;
afterEach(() => {
  if (restoreClock !== undefined) setClock(restoreClock);
  restoreClock = undefined;
});

describe("Go and cspkit, side by side", () => {
  async function worker(jobs: RecvChan<Job>, quit: RecvChan<void>, log: string[], clock: Clock): Promise<void> {
    for (;;) {
      const r = await select({ job: jobs, quit, idle: after(5_000, { clock }) });
      switch (r.case) {
        case "job":
          if (!r.ok) return;
          log.push(`job ${r.value.id}`);
          break;
        case "quit":
          return;
        case "idle":
          log.push("idle for 5s");
      }
    }
  }

  it("handles jobs, complains when idle, returns on close; a losing after() leaves no timer", async () => {
    const clock = manualClock();
    const jobs = chan<Job>();
    const quit = chan<void>();
    const log: string[] = [];
    const running = worker(jobs, quit, log, clock);
    await jobs.send({ id: 1 });
    await jobs.send({ id: 2 });
    await clock.advance(5_000);
    jobs.close();
    await running;
    expect(log).toEqual(["job 1", "job 2", "idle for 5s"]);
    expect(clock.pending).toBe(0);
    expect(channelState(quit)).toMatchObject({ receivers: 0 });
  });
});

describe("tour", () => {
  it("channels, select, timers: the values the comments promise", async () => {
    const jobs = chan<Job>(16);
    const latest = chan<number>(1, { overflow: "dropOldest", name: "latest" });
    await jobs.send({ id: 1 });
    expect(await jobs.recv()).toEqual({ value: { id: 1 }, ok: true });
    const r = await select({ job: jobs, out: send(latest, 42), late: after(500) });
    expect(r).toEqual({ case: "out" });
    expect(trySelect([jobs, latest])).toEqual({ case: 1, value: 42, ok: true });
    expect(trySelect([jobs, latest])).toBeUndefined();
    jobs.trySend({ id: 2 });
    jobs.close();
    const seen: number[] = [];
    for await (const j of jobs) seen.push(j.id);
    expect(seen).toEqual([2]);
    expect(await jobs.recv()).toEqual({ value: undefined, ok: false });
  });

  it("context, tasks, errgroup", async () => {
    const fetchSize = async (url: string, ctx: Context) => (ctx.err() ? 0 : url.length);
    const [ctx, cancel] = withTimeout(background(), 5_000);
    try {
      const t = go((c) => fetchSize("a.example", c), { name: "probe", ctx, recover: () => -1 });
      expect(await t.join()).toEqual({ _tag: "Right", right: 9 });
      const failing = go(() => Promise.reject(new Error("boom")), { name: "bad", recover: () => -1 });
      expect(await failing.join()).toEqual({ _tag: "Right", right: -1 });

      const g = group(ctx, { limit: 4 });
      const sizes = new Map<string, number>();
      for (const url of ["a.example", "b.example"]) {
        await g.go(async (c) => void sizes.set(url, await fetchSize(url, c)));
      }
      await g.wait();
      expect([...sizes]).toEqual([
        ["a.example", 9],
        ["b.example", 9],
      ]);
      expect(ctx.err()).toBeUndefined();
    } finally {
      cancel();
    }
    const clock = manualClock();
    const [late] = withTimeout(background(), 5_000, { clock });
    await clock.advance(5_000);
    expect(late.err()).toBe(DeadlineExceeded);
  });

  it("sync", async () => {
    const handled: number[] = [];
    const wg = new WaitGroup();
    for (const j of [{ id: 1 }, { id: 2 }]) wg.go(() => handled.push(j.id));
    await wg.wait();
    expect(handled).toEqual([1, 2]);
    const sem = new Semaphore(10);
    await sem.acquire(3);
    expect(sem.held).toBe(3);
    sem.release(3);
    expect(sem.held).toBe(0);
    let calls = 0;
    const config = onceValue(() => ({ retries: 3, call: ++calls }));
    expect([config(), config()]).toEqual([
      { retries: 3, call: 1 },
      { retries: 3, call: 1 },
    ]);
  });

  it('operators with fp-ts pipe: ["#1", "#9", "#25"], and everything upstream has stopped', async () => {
    const firstOddSquares = await F.pipe(
      range(1, 1_000),
      map((n: number) => n * n),
      filter((n: number) => n % 2 === 1),
      parallelMap(async (n: number) => `#${n}`, { concurrency: 8, ordered: true }),
      take(3),
      collect,
    );
    expect(firstOddSquares).toEqual(["#1", "#9", "#25"]);
    // The suite-wide leak check (spec/setup/no-leaks.ts) fails the test if a stage is left running.
  });

  it("resilience: wrap(bulkhead, retry, breaker, timeout) gives 42; shutdown returns the summary", async () => {
    const clock = manualClock();
    restoreClock = setClock(clock);
    async function callService(id: number, signal: AbortSignalLike): Promise<number> {
      await sleep(10, { signal });
      return id * 2;
    }
    const changes: string[] = [];
    const breaker = circuitBreaker({ breaker: consecutiveBreaker(5), halfOpenAfter: 10_000 });
    breaker.onStateChange((c) => changes.push(`${c.from} → ${c.to}`));
    const policy = wrap(
      bulkhead({ maxConcurrent: 8, maxQueue: 16 }),
      retry({ maxAttempts: 3, backoff: { initialDelay: 100, maxDelay: 2_000 }, retryIf: (e) => !(e instanceof BrokenCircuitError) }),
      breaker,
      timeoutPolicy(2_000),
    );
    const doubled = policy.execute(({ signal }) => callService(21, signal));
    await clock.advance(10);
    expect(await doubled).toBe(42);
    expect(changes).toEqual([]);

    const ac = new AbortController();
    const sd = shutdown<Job>({ drainTimeout: 5_000, signal: ac.signal });
    const job = { id: 4 };
    const work = sd.track(job, policy.execute(({ signal }) => callService(job.id, signal), { signal: sd.workCtx.signal }));
    ac.abort(); // Ctrl-C
    expect(sd.state).toBe("draining");
    await clock.advance(10);
    expect(await work).toBe(8);
    const summary = await sd.done;
    expect(summary).toMatchObject({ state: "stopped", drained: true, finished: [job], failed: [], returned: [] });
  });
});
