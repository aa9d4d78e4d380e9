// shutdown(): a small pipeline (an intake, a buffered queue, parallel workers)
// drained within the deadline, and one where the deadline hits; plus the
// coordinator's own rules.

import { describe, expect, it } from "vitest";
import {
  chan,
  channelState,
  go,
  manualClock,
  shutdown,
  sleep,
  type ManualClock,
  type Shutdown,
  type ShutdownChange,
  type ShutdownTicket,
} from "../../src/index.js";
import { deferred, loose, noLeaks, turn, watch } from "./_helpers.js";

noLeaks();

interface Job {
  readonly n: number;
  readonly t: ShutdownTicket;
}

/**
 * Start a pipeline: an intake sending 1, 2, 3, … into a queue of 2 until draining
 * begins, and `workers` workers each taking `cost` ms (clock time) per job.
 * Returns what was delivered, in order.
 */
function pipeline(sd: Shutdown<number>, clock: ManualClock, workers: number, cost: number) {
  const queue = chan<Job>(2, { name: "queue" });
  const delivered: number[] = [];
  go(
    async () => {
      try {
        for (let n = 1; sd.ctx.err() === undefined; n++) {
          const t = sd.track(n);
          try {
            await queue.send({ n, t }, { signal: sd.ctx.signal });
          } catch {
            t.handBack(); // draining began while this one waited for room: it was never queued
          }
        }
      } finally {
        queue.close();
      }
    },
    { name: "intake" },
  );
  for (let w = 1; w <= workers; w++) {
    go(
      async () => {
        for await (const job of queue) {
          if (sd.workCtx.err() !== undefined) break; // stopped: what is left was returned
          try {
            await sleep(cost, { clock, signal: sd.workCtx.signal });
            delivered.push(job.n);
            job.t.finish();
          } catch {
            break; // cancelled at the stop: the coordinator returned the job
          }
        }
      },
      { name: `worker-${w}` },
    );
  }
  return { queue, delivered };
}

const changesOf = async (sd: Shutdown<number>): Promise<ShutdownChange[]> => {
  const all: ShutdownChange[] = [];
  for await (const c of sd.changes) all.push(c);
  return all;
};

describe("shutdown with a running pipeline", () => {
  it("draining finishes the in-flight work within the deadline: every item finished or returned, none lost", async () => {
    const clock = manualClock(0);
    const sd = shutdown<number>({ drainTimeout: 1_000, clock, name: "files" });
    const { queue, delivered } = pipeline(sd, clock, 2, 100);
    await clock.advance(250); // workers finished 1-4 at t=100 and t=200
    expect(delivered).toEqual([1, 2, 3, 4]);
    // In flight now: 5 and 6 in the workers, 7 and 8 in the queue, 9 waiting to be queued.
    expect(sd.inFlight).toEqual([5, 6, 7, 8, 9]);
    expect(sd.state).toBe("running");

    const summary = watch(sd.begin());
    expect(sd.state).toBe("draining");
    expect(sd.ctx.err()).toBeDefined();
    expect(sd.workCtx.err()).toBeUndefined();
    await clock.advance(0);
    expect(sd.inFlight).toEqual([5, 6, 7, 8]); // 9 was handed back by the intake
    expect(queue.closed).toBe(true);
    await clock.advance(500);

    expect(summary.status).toBe("fulfilled");
    const s = summary.value!;
    expect(s).toEqual({
      state: "stopped",
      drained: true,
      finished: [5, 6, 7, 8],
      failed: [],
      returned: [9],
      totals: { finished: 8, failed: 0 },
    });
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // None lost: everything the intake took was delivered or returned.
    expect([...delivered, ...s.returned].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sd.state).toBe("stopped");
    expect(sd.workCtx.err()).toBeDefined();
    expect((sd.workCtx.cause() as Error).message).toBe('shutdown "files": stopped');
    expect(await changesOf(sd)).toEqual([
      { from: "running", to: "draining", at: 250 },
      { from: "draining", to: "stopped", at: 400 },
    ]);
    expect(await sd.done).toBe(s);
    expect(clock.pending).toBe(0);
  });

  it("when the deadline hits, the work left is cancelled and its items are returned", async () => {
    const clock = manualClock(0);
    const sd = shutdown<number>({ drainTimeout: 300, clock });
    const { queue, delivered } = pipeline(sd, clock, 2, 1_000);
    await clock.advance(1_000); // 1 and 2 done at t=1000
    expect(delivered).toEqual([1, 2]);
    const summary = watch(sd.begin());
    await clock.advance(299);
    expect(sd.state).toBe("draining");
    expect(summary.status).toBe("pending");
    await clock.advance(1);
    expect(sd.state).toBe("stopped");
    const s = summary.value!;
    expect(s.drained).toBe(false);
    expect(s.finished).toEqual([]);
    expect(s.returned).toEqual([7, 3, 4, 5, 6]); // handed back at begin(), then in flight at the stop, oldest first
    expect(s.totals).toEqual({ finished: 2, failed: 0 });
    expect((sd.workCtx.cause() as Error).message).toBe("shutdown: stopped, the drain deadline (300 ms) passed");
    await clock.advance(5_000);
    expect(delivered).toEqual([1, 2]); // the cancelled workers delivered nothing more
    expect([...delivered, ...s.returned].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await changesOf(sd)).toEqual([
      { from: "running", to: "draining", at: 1_000 },
      { from: "draining", to: "stopped", at: 1_300 },
    ]);
    expect(channelState(queue)).toMatchObject({ closed: true, senders: 0, receivers: 0 });
    expect(clock.pending).toBe(0);
  });
});

describe("shutdown: the coordinator", () => {
  it("begin() with nothing in flight stops at once; begin() and stop() are idempotent", async () => {
    const clock = manualClock(5);
    const sd = shutdown<string>({ drainTimeout: 1_000, clock });
    const a = sd.begin();
    expect(sd.state).toBe("stopped");
    expect(sd.begin()).toBe(a);
    expect(sd.stop()).toBe(a);
    expect(await a).toEqual({ state: "stopped", drained: true, finished: [], failed: [], returned: [], totals: { finished: 0, failed: 0 } });
    expect(clock.pending).toBe(0);
  });

  it("stop() skips the drain: running → draining → stopped at once, everything in flight returned", async () => {
    const clock = manualClock(0);
    const sd = shutdown<string>({ drainTimeout: 1_000, clock });
    sd.track("a");
    sd.track("b").finish();
    const s = await sd.stop();
    expect(s).toMatchObject({ drained: false, returned: ["a"], totals: { finished: 1, failed: 0 } });
    const changes: string[] = [];
    for await (const c of sd.changes) changes.push(`${c.from}→${c.to}`);
    expect(changes).toEqual(["running→draining", "draining→stopped"]);
  });

  it("track(item, promise): fulfilled is finished, rejected is failed (with the error); the promise is returned as it is", async () => {
    const clock = manualClock(0);
    const sd = shutdown<string>({ drainTimeout: 1_000, clock });
    const ok = deferred<number>();
    const bad = deferred<number>();
    const early = Promise.resolve(0);
    expect(sd.track("early", early)).toBe(early);
    await early;
    const pOk = sd.track("ok", ok.promise);
    const pBad = sd.track("bad", bad.promise);
    expect(pOk).toBe(ok.promise);
    expect(sd.inFlight).toEqual(["ok", "bad"]);
    const summary = watch(sd.begin());
    const err = new Error("disk full");
    bad.reject(err);
    await pBad.catch(() => {});
    expect(sd.state).toBe("draining");
    ok.resolve(1);
    await pOk;
    await turn();
    expect(summary.value).toEqual({
      state: "stopped",
      drained: true,
      finished: ["ok"],
      failed: [{ item: "bad", error: err }],
      returned: [],
      totals: { finished: 2, failed: 1 },
    });
  });

  it("a ticket counts once; a late settle of a returned item changes nothing; tracking after the stop returns the item", async () => {
    const clock = manualClock(0);
    const sd = shutdown<string>({ drainTimeout: 10, clock });
    const t = sd.track("x");
    const u = sd.track("y");
    u.finish();
    u.fail(new Error("ignored"));
    u.handBack();
    const s = watch(sd.begin());
    await clock.advance(10);
    expect(s.value!.returned).toEqual(["x"]);
    t.finish(); // too late: it was returned
    expect(s.value!.totals).toEqual({ finished: 1, failed: 0 });
    const late = sd.track("z");
    late.finish();
    expect(s.value!.returned).toEqual(["x", "z"]);
  });

  it("aborting options.signal begins the drain; an already aborted signal begins it at once", async () => {
    const clock = manualClock(0);
    const ac = new AbortController();
    const sd = shutdown<string>({ drainTimeout: 100, clock, signal: ac.signal });
    const t = sd.track("job");
    ac.abort();
    expect(sd.state).toBe("draining");
    t.finish();
    expect(sd.state).toBe("stopped");
    expect((await sd.done).finished).toEqual(["job"]);

    const gone = new AbortController();
    gone.abort();
    const sd2 = shutdown({ drainTimeout: 100, clock, signal: gone.signal });
    expect(sd2.state).toBe("stopped");
  });

  it("drainTimeout Infinity waits for ever: no timer", async () => {
    const clock = manualClock(0);
    const sd = shutdown<number>({ drainTimeout: Infinity, clock });
    const t = sd.track(1);
    const s = watch(sd.begin());
    expect(clock.pending).toBe(0);
    await clock.advance(1e9);
    expect(s.status).toBe("pending");
    t.finish();
    await turn();
    expect(s.value!.drained).toBe(true);
  });

  it("track(item, work) with a work that is not a promise is a TypeError", () => {
    const sd = shutdown({ drainTimeout: 1 });
    expect(() => loose(sd.track.bind(sd))("a", 42)).toThrow(new TypeError("shutdown.track(item, work): work must be a promise, got 42"));
    expect(sd.inFlight).toEqual([]);
    void sd.stop();
  });

  it("works with the default clock (the real one) too", async () => {
    const sd = shutdown<number>({ drainTimeout: 5_000 });
    const p = sd.track(1, sleep(1));
    const s = await sd.begin();
    await p;
    expect(s).toMatchObject({ drained: true, finished: [1] });
  });
});
