// The examples of docs/go-to-cspkit.md, run for real. Each describe block is a
// section of the guide; each test is a snippet (or a claim of the prose) with the
// values it must produce. Time runs on manualClock: no test waits for real time
// except the starvation one, which has no time bound but the runner's timeout.

import { describe, expect, it } from "vitest";
import {
  ChannelFullError,
  ClosedChannelError,
  after,
  chan,
  channelState,
  manualClock,
  nil,
  select,
  send,
  setClock,
  sleep,
  tick,
  timer,
  trySelect,
  watchers,
} from "../../src/index.js";
import type { Chan, RecvChan, SendChan } from "../../src/index.js";

interface Job {
  id: number;
}

/** Let every queued microtask and one macrotask run. */
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Has `p` settled yet (after letting pending work run)? */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await flush();
  return done;
}

/** The rejection reason of `p` (fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => expect.fail(`expected a rejection, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
}

const noneParked = (ch: { readonly len: number }) => expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });

describe("make", () => {
  it("unbuffered: a send waits for a receiver", async () => {
    const done = chan<void>();
    const sent = done.send();
    expect(await settled(sent)).toBe(false);
    expect(await done.recv()).toEqual({ value: undefined, ok: true });
    expect(await settled(sent)).toBe(true);
  });

  it("buffered: a send waits only while `cap` values are queued", async () => {
    const jobs = chan<Job>(16);
    for (let id = 0; id < 16; id++) await jobs.send({ id });
    const seventeenth = jobs.send({ id: 16 });
    expect(await settled(seventeenth)).toBe(false);
    expect(jobs.tryRecv()).toEqual({ value: { id: 0 }, ok: true });
    expect(await settled(seventeenth)).toBe(true);
    expect(jobs.len).toBe(16);
  });

  it('overflow "dropOldest" keeps the newest values', async () => {
    const latest = chan<number>(1, { overflow: "dropOldest" });
    await latest.send(1);
    await latest.send(2);
    await latest.send(3);
    expect(latest.tryRecv()).toEqual({ value: 3, ok: true });
    expect(channelState(latest).dropped).toBe(2);
  });

  it('overflow "dropNewest" discards the new value and reports it to onDrop', async () => {
    const dropped: number[] = [];
    const samples = chan<number>(2, { overflow: "dropNewest", onDrop: (v) => dropped.push(v) });
    for (const v of [1, 2, 3, 4]) await samples.send(v);
    expect([samples.tryRecv()?.value, samples.tryRecv()?.value]).toEqual([1, 2]);
    expect(dropped).toEqual([3, 4]);
    expect(channelState(samples).dropped).toBe(2);
  });

  it('overflow "error": a send to a full channel rejects with ChannelFullError carrying the value', async () => {
    const events = chan<string>(1, { overflow: "error", name: "events" });
    await events.send("a");
    const e = await rejection(events.send("b"));
    expect(e).toBeInstanceOf(ChannelFullError);
    expect((e as ChannelFullError<string>).value).toBe("b");
    expect((e as Error).message).toContain('send on full channel "events"');
    expect(events.len).toBe(1);
  });

  it("bad capacities and overflow on an unbuffered channel throw RangeError at once", () => {
    expect(() => chan(-1)).toThrow(RangeError);
    expect(() => chan(1.5)).toThrow(/capacity must be a non-negative integer, got 1.5/);
    expect(() => chan(NaN)).toThrow(RangeError);
    expect(() => chan(0, { overflow: "dropOldest" })).toThrow(/needs a buffer, but capacity is 0/);
  });
});

describe("send", () => {
  it("an abort before the send commits rejects with signal.reason and leaves no trace", async () => {
    const jobs = chan<Job>();
    const ac = new AbortController();
    const reason = new Error("shutting down");
    const sent = jobs.send({ id: 1 }, { signal: ac.signal });
    expect(channelState(jobs).senders).toBe(1);
    ac.abort(reason);
    expect(await rejection(sent)).toBe(reason);
    noneParked(jobs);
    expect(watchers(ac.signal)).toBe(0);
    expect(jobs.tryRecv()).toBeUndefined();
  });

  it("trySend returns false when the send would block, and sends nothing", () => {
    const jobs = chan<Job>(1);
    expect(jobs.trySend({ id: 1 })).toBe(true);
    expect(jobs.trySend({ id: 2 })).toBe(false);
    expect(jobs.len).toBe(1);
    expect(jobs.tryRecv()).toEqual({ value: { id: 1 }, ok: true });
  });
});

describe("receive, with ok", () => {
  it("undefined and null are values; ok:false only once closed and drained", async () => {
    const ch = chan<string | null | undefined>(3);
    await ch.send(undefined);
    await ch.send(null);
    ch.close();
    expect(await ch.recv()).toEqual({ value: undefined, ok: true });
    expect(await ch.recv()).toEqual({ value: null, ok: true });
    expect(await ch.recv()).toEqual({ value: undefined, ok: false });
    expect(ch.tryRecv()).toEqual({ value: undefined, ok: false });
  });

  it("tryRecv is undefined when nothing is ready", () => {
    expect(chan<Job>().tryRecv()).toBeUndefined();
  });
});

describe("close, and who closes", () => {
  async function produce(out: SendChan<Job>, list: Job[]): Promise<void> {
    try {
      for (const j of list) await out.send(j);
    } finally {
      out.close();
    }
  }

  it("producer closes, consumer ranges to the end (the guide's example)", async () => {
    const ch = chan<Job>();
    const seen: number[] = [];
    async function consume(inp: RecvChan<Job>): Promise<void> {
      for await (const j of inp) seen.push(j.id);
    }
    await Promise.all([produce(ch, [{ id: 1 }, { id: 2 }, { id: 3 }]), consume(ch)]);
    expect(seen).toEqual([1, 2, 3]);
    expect(ch.closed).toBe(true);
    noneParked(ch);
  });

  it("a receive-only view has no close() (a compile error)", () => {
    const inp: RecvChan<number> = chan<number>();
    // @ts-expect-error RecvChan has no close(): only the sending side closes (checked by `tsc -p spec`)
    const closeIt = (): void => inp.close();
    expect(typeof closeIt).toBe("function"); // never called: at run time every view is the same object
  });

  it("several producers: await them all, then close", async () => {
    const out = chan<Job>(10);
    const producers = [0, 1, 2].map(async (p) => {
      for (let i = 0; i < 3; i++) await out.send({ id: p * 10 + i });
    });
    await Promise.all(producers);
    out.close();
    const ids: number[] = [];
    for await (const j of out) ids.push(j.id);
    expect(ids.sort((a, b) => a - b)).toEqual([0, 1, 2, 10, 11, 12, 20, 21, 22]);
  });

  it("closing a done channel wakes every receiver with ok:false (broadcast)", async () => {
    const done = chan<void>();
    const waiting = [done.recv(), done.recv(), done.recv()];
    expect(channelState(done).receivers).toBe(3);
    done.close();
    expect(await Promise.all(waiting)).toEqual([
      { value: undefined, ok: false },
      { value: undefined, ok: false },
      { value: undefined, ok: false },
    ]);
  });

  it("after close: drain, then ok:false; send rejects with its value; parked senders too; close twice throws", async () => {
    const ch = chan<number>(1, { name: "nums" });
    await ch.send(1);
    const parked = ch.send(2);
    ch.close();
    const e1 = await rejection(parked);
    expect(e1).toBeInstanceOf(ClosedChannelError);
    expect((e1 as ClosedChannelError<number>).value).toBe(2);
    expect((e1 as Error).message).toMatch(/^send on closed channel "nums"/);
    const e2 = await rejection(ch.send(3));
    expect((e2 as ClosedChannelError<number>).value).toBe(3);
    expect(() => ch.trySend(4)).toThrow(ClosedChannelError);
    expect(() => ch.close()).toThrow(/^close of closed channel "nums"/);
    expect(await ch.recv()).toEqual({ value: 1, ok: true });
    expect(await ch.recv()).toEqual({ value: undefined, ok: false });
    noneParked(ch);
  });
});

describe("range", () => {
  it("for await yields until closed and drained, in order", async () => {
    const jobs = chan<Job>(4);
    for (let id = 1; id <= 3; id++) jobs.trySend({ id });
    jobs.close();
    const ids: number[] = [];
    for await (const job of jobs) ids.push(job.id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it("break does not close: the remaining values go to a later loop", async () => {
    const jobs = chan<Job>(4);
    for (let id = 1; id <= 4; id++) jobs.trySend({ id });
    for await (const job of jobs) if (job.id === 2) break;
    expect(jobs.closed).toBe(false);
    noneParked(jobs);
    jobs.close();
    const rest: number[] = [];
    for await (const job of jobs) rest.push(job.id);
    expect(rest).toEqual([3, 4]);
  });

  it("a cancellable range: recv({ signal }) in a loop rejects with the reason and leaves nothing parked", async () => {
    const jobs = chan<Job>();
    const ac = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for (;;) {
        const r = await jobs.recv({ signal: ac.signal });
        if (!r.ok) break;
        seen.push(r.value.id);
      }
    })();
    await jobs.send({ id: 1 });
    await jobs.send({ id: 2 });
    await flush();
    ac.abort("stop");
    expect(await rejection(loop)).toBe("stop");
    expect(seen).toEqual([1, 2]);
    noneParked(jobs);
    expect(watchers(ac.signal)).toBe(0);
  });
});

describe("len, cap, direction", () => {
  it("len and cap are Go's; closed is true at close() even with values buffered", () => {
    const jobs = chan<Job>(8);
    jobs.trySend({ id: 1 });
    jobs.trySend({ id: 2 });
    expect([jobs.len, jobs.cap, jobs.closed]).toEqual([2, 8, false]);
    jobs.close();
    expect([jobs.len, jobs.closed]).toEqual([2, true]);
    expect(chan<Job>().cap).toBe(0);
  });

  it("a Chan is assignable to both directions (the reverse is a compile error)", () => {
    const ch: Chan<Job> = chan<Job>();
    const inp: RecvChan<Job> = ch;
    const out: SendChan<Job> = ch;
    // @ts-expect-error a RecvChan is not a Chan
    const back: Chan<Job> = inp;
    expect([inp, out, back].every((c) => c === ch)).toBe(true);
  });
});

describe("select", () => {
  // The guide's example, one branch at a time: only one case is ready each time.
  async function step(jobs: Chan<Job>, results: Chan<string>, quit: Chan<void>, last: string): Promise<string> {
    const r = await select({ job: jobs, out: send(results, last), quit });
    switch (r.case) {
      case "job":
        return r.ok ? `job ${r.value.id}` : "jobs closed";
      case "quit":
        return "quit";
      default:
        return `delivered ${last}`; // "out": the SelectResult type currently drops send cases (see the report)
    }
  }

  it("receive case, send case, quit, closed: exactly one happens", async () => {
    const jobs = chan<Job>(1);
    const results = chan<string>(1);
    const quit = chan<void>();

    results.trySend("full"); // no room: the send case is not ready
    jobs.trySend({ id: 7 });
    expect(await step(jobs, results, quit, "x")).toBe("job 7");
    expect(results.len).toBe(1); // the send case that lost sent nothing
    noneParked(results);

    results.tryRecv(); // room again: now only the send case is ready
    expect(await step(jobs, results, quit, "y")).toBe("delivered y");
    expect(results.tryRecv()).toEqual({ value: "y", ok: true });

    results.trySend("full");
    const quitting = step(jobs, results, quit, "z");
    await flush();
    expect([channelState(jobs).receivers, channelState(quit).receivers, channelState(results).senders]).toEqual([1, 1, 1]);
    quit.close();
    expect(await quitting).toBe("quit");
    noneParked(jobs);
    noneParked(results);
    expect(results.tryRecv()).toEqual({ value: "full", ok: true }); // "z" was never sent

    jobs.close();
    results.trySend("full");
    expect(await step(jobs, results, chan<void>(), "w")).toBe("jobs closed"); // closed counts as ready
  });

  it("picks uniformly at random among ready cases", async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const wins = { a: 0, b: 0 };
    for (let i = 0; i < 2000; i++) {
      a.trySend(1);
      b.trySend(2);
      const r = await select({ a, b });
      wins[r.case]++;
      (r.case === "a" ? b : a).tryRecv();
    }
    // About 10σ around 1000 (σ ≈ 22): only a biased choice falls outside.
    expect(wins.a).toBeGreaterThan(780);
    expect(wins.b).toBeGreaterThan(780);
  });

  it("default → trySelect: undefined and nothing done when no case is ready", () => {
    const ch = chan<Job>(1);
    const out = chan<number>();
    expect(trySelect({ v: ch, o: send(out, 1) })).toBeUndefined();
    noneParked(ch);
    noneParked(out);
    ch.trySend({ id: 3 });
    const r = trySelect({ v: ch });
    expect(r).toEqual({ case: "v", value: { id: 3 }, ok: true });
  });

  it("timeout → after: the timeout case fires at the deadline", async () => {
    const clock = manualClock();
    const results = chan<string>();
    const r = select({ res: results, timeout: after(500, { clock }) });
    expect(clock.pending).toBe(1);
    await clock.advance(499);
    expect(await settled(r)).toBe(false);
    await clock.advance(1);
    expect(await r).toEqual({ case: "timeout", value: 500, ok: true });
    noneParked(results);
  });

  it("timeout → after: when results wins, no timer is left pending", async () => {
    const clock = manualClock();
    const results = chan<string>();
    const r = select({ res: results, timeout: after(500, { clock }) });
    await results.send("ok");
    expect(await r).toEqual({ case: "res", value: "ok", ok: true });
    expect(clock.pending).toBe(0);
  });

  it("nil case → null: the merge example drains both inputs, then closes out", async () => {
    const left = chan<number>(3);
    const right = chan<number>(2);
    [1, 2, 3].forEach((v) => left.trySend(v));
    [10, 20].forEach((v) => right.trySend(v));
    left.close();
    right.close();
    const out = chan<number>(10);

    let a: RecvChan<number> | null = left;
    let b: RecvChan<number> | null = right;
    let rounds = 0;
    while (a !== null || b !== null) {
      rounds++;
      const r = await select({ a, b });
      if (!r.ok) {
        if (r.case === "a") a = null;
        else b = null;
        continue;
      }
      await out.send(r.value);
    }
    out.close();

    const got: number[] = [];
    for await (const v of out) got.push(v);
    expect(got.filter((v) => v < 10)).toEqual([1, 2, 3]); // each input's order is kept
    expect(got.filter((v) => v >= 10)).toEqual([10, 20]);
    expect(rounds).toBe(7); // 5 values + one "closed" per input: a null case never fires
  });

  it("nil(): never ready in a select; ops on it wait until their signal aborts; close throws", async () => {
    const b = chan<number>(1);
    for (let i = 0; i < 50; i++) {
      b.trySend(5);
      expect((await select({ a: nil<number>(), b })).case).toBe("b");
    }
    const n = nil<number>();
    const ac = new AbortController();
    const r = n.recv({ signal: ac.signal });
    const s = n.send(1, { signal: ac.signal });
    expect(await settled(r)).toBe(false);
    ac.abort("enough");
    expect(await rejection(r)).toBe("enough");
    expect(await rejection(s)).toBe("enough");
    expect(watchers(ac.signal)).toBe(0);
    expect(() => n.close()).toThrow(/^close of nil channel/);
  });

  it("send case with a signal: abort rejects with the reason and withdraws the send", async () => {
    const out = chan<number>();
    const ac = new AbortController();
    const r = select({ out: send(out, 9) }, { signal: ac.signal });
    expect(channelState(out).senders).toBe(1);
    ac.abort("cancelled");
    expect(await rejection(r)).toBe("cancelled");
    noneParked(out);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("select([]) waits until its signal aborts (Go's select {})", async () => {
    const ac = new AbortController();
    const r = select([], { signal: ac.signal });
    expect(await settled(r)).toBe(false);
    ac.abort("bye");
    expect(await rejection(r)).toBe("bye");
  });

  it("priority: the first ready case in array order always wins", async () => {
    const quit = chan<void>();
    const jobs = chan<Job>(1);
    quit.close();
    for (let i = 0; i < 500; i++) {
      jobs.trySend({ id: i });
      const r = await select([quit, jobs], { priority: true });
      expect(r.case).toBe(0);
      jobs.tryRecv();
    }
    const open = chan<void>();
    jobs.trySend({ id: 1 });
    const r = await select([open, jobs], { priority: true });
    if (r.case === 0) expect.fail("quit was not ready");
    else expect(r.ok && r.value).toEqual({ id: 1 });
  });

  it("a select never rendezvouses with itself; duplicate channels are allowed", async () => {
    const ch = chan<number>();
    const self = select({ s: send(ch, 1), r: ch });
    expect(await settled(self)).toBe(false);
    const other = ch.recv();
    expect(await other).toEqual({ value: 1, ok: true });
    expect((await self).case).toBe("s");
    const dup = chan<number>(1);
    dup.trySend(4);
    const d = await select([dup, dup]);
    expect([0, 1]).toContain(d.case);
    expect(d.ok && d.value).toBe(4);
  });
});

describe("time", () => {
  it("after() delivers its deadline once; the deadline is fixed at creation", async () => {
    const clock = manualClock(1_000);
    const t = after(100, { clock });
    await clock.advance(250);
    expect(clock.pending).toBe(0); // nobody waited: no host timeout was ever armed
    expect(t.tryRecv()).toEqual({ value: 1_100, ok: true }); // late receive: at once
    expect(t.tryRecv()).toBeUndefined(); // once only
    expect(after(0, { clock }).tryRecv()).toEqual({ value: 1_250, ok: true });
    expect(after(-5, { clock }).tryRecv()?.ok).toBe(true);
  });

  it("one after() for the whole loop: a deadline, not a per-message timeout", async () => {
    const clock = manualClock();
    const jobs = chan<Job>();
    const handled: number[] = [];
    const loop = (async () => {
      const deadline = after(2_000, { clock });
      for (;;) {
        const r = await select({ job: jobs, deadline });
        if (r.case === "deadline" || !r.ok) return clock.now();
        handled.push(r.value.id);
      }
    })();
    for (let id = 1; id <= 3; id++) {
      await clock.advance(600); // a message every 600 ms: a per-iteration timeout would never fire
      await jobs.send({ id });
    }
    await clock.advance(199); // now 1 999
    expect(await settled(loop)).toBe(false);
    await clock.advance(1);
    expect(await loop).toBe(2_000);
    expect(handled).toEqual([1, 2, 3]);
    expect(clock.pending).toBe(0);
    noneParked(jobs);
  });

  it("timer: stop() before it fires returns true, and c never delivers", async () => {
    const clock = manualClock();
    const t = timer(100, { clock });
    const r = t.c.recv();
    expect(t.stop()).toBe(true);
    expect(clock.pending).toBe(0);
    await clock.advance(1_000);
    expect(await settled(r)).toBe(false);
    expect(t.stop()).toBe(false); // already stopped
    // Only a reset makes it deliver again, to the receive still waiting.
    expect(t.reset(0)).toBe(false);
    await clock.advance(0);
    expect(await r).toEqual({ value: 1_000, ok: true });
  });

  it("timer: stop() after the deadline but before a receive returns true and discards the value (Go 1.23)", async () => {
    const clock = manualClock();
    const t = timer(100, { clock });
    await clock.advance(200);
    expect(t.stop()).toBe(true);
    expect(t.c.tryRecv()).toBeUndefined();
  });

  it("timer: once received, stop() returns false; reset() re-arms with no stale value", async () => {
    const clock = manualClock();
    const t = timer(100, { clock });
    await clock.advance(100);
    expect(t.c.tryRecv()).toEqual({ value: 100, ok: true });
    expect(t.stop()).toBe(false);

    const u = timer(100, { clock }); // due at 200
    await clock.advance(150); // now 250: u is due but unreceived
    expect(u.reset(100)).toBe(true); // was still active; now due at 350
    expect(u.c.tryRecv()).toBeUndefined(); // no stale value
    await clock.advance(99);
    expect(u.c.tryRecv()).toBeUndefined();
    await clock.advance(1);
    expect(u.c.tryRecv()).toEqual({ value: 350, ok: true });
  });

  it("the idle-timer example: ends after 30 s without a message", async () => {
    const clock = manualClock();
    const inbox = chan<Job>();
    const handled: number[] = [];
    const loop = (async () => {
      const idle = timer(30_000, { clock });
      for (;;) {
        const r = await select({ msg: inbox, idle: idle.c });
        if (r.case === "idle" || !r.ok) break;
        idle.reset(30_000);
        handled.push(r.value.id);
      }
      idle.stop();
      return clock.now();
    })();
    await clock.advance(20_000);
    await inbox.send({ id: 1 }); // at 20 s: the idle deadline moves to 50 s
    await clock.advance(29_000);
    await inbox.send({ id: 2 }); // at 49 s: moves to 79 s
    await clock.advance(29_999);
    expect(await settled(loop)).toBe(false);
    await clock.advance(1);
    expect(await loop).toBe(79_000);
    expect(handled).toEqual([1, 2]);
    expect(clock.pending).toBe(0);
    noneParked(inbox);
  });

  it("the ticker example: poll on each tick until quit; stop() leaves nothing pending", async () => {
    const clock = manualClock();
    const quit = chan<void>();
    const polls: number[] = [];
    const t = tick(1_000, { clock });
    const loop = (async () => {
      try {
        for (;;) {
          const r = await select({ tick: t.c, quit });
          if (r.case === "quit") return;
          if (r.ok) polls.push(r.value);
        }
      } finally {
        t.stop();
      }
    })();
    await clock.advance(3_500);
    quit.close();
    await loop;
    expect(polls).toEqual([1_000, 2_000, 3_000]);
    expect(clock.pending).toBe(0);
    expect(t.c.closed).toBe(false); // stop() does not close c
  });

  it("ticker: a slow receiver misses ticks (at most one pending); tick(0) throws", async () => {
    const clock = manualClock();
    const t = tick(10, { clock });
    await clock.advance(55);
    expect(t.c.tryRecv()).toEqual({ value: 10, ok: true });
    expect(t.c.tryRecv()).toBeUndefined(); // 20..50 were dropped
    await clock.advance(5);
    expect(t.c.tryRecv()).toEqual({ value: 60, ok: true });
    t.reset(100); // now 60: next tick at 160
    await clock.advance(99);
    expect(t.c.tryRecv()).toBeUndefined();
    await clock.advance(1);
    expect(t.c.tryRecv()).toEqual({ value: 160, ok: true });
    expect(() => tick(0)).toThrow(RangeError);
    expect(() => tick(-1)).toThrow(/positive number of milliseconds/);
  });

  it("sleep: resolves after ms; an abort rejects with the reason and clears the host timer", async () => {
    const clock = manualClock();
    const slept = sleep(1_000, { clock });
    await clock.advance(999);
    expect(await settled(slept)).toBe(false);
    await clock.advance(1);
    expect(await settled(slept)).toBe(true);

    const ac = new AbortController();
    const s = sleep(1_000, { clock, signal: ac.signal });
    expect(clock.pending).toBe(1);
    ac.abort("wake up");
    expect(await rejection(s)).toBe("wake up");
    expect(clock.pending).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("setClock makes every timer created afterwards use virtual time", async () => {
    const clock = manualClock();
    const prev = setClock(clock);
    try {
      const ch = chan<Job>();
      const r = select({ v: ch, timeout: after(5_000) });
      await clock.advance(5_000);
      expect((await r).case).toBe("timeout");
    } finally {
      setClock(prev);
    }
  });
});

describe("semantics rows not covered above", () => {
  it("unbuffered send resolves only once a receiver has taken the value (in one atomic step)", async () => {
    const ch = chan<number>();
    const sent = ch.send(1);
    await flush();
    await flush();
    expect(await settled(sent)).toBe(false); // no receiver: the send stays pending however long we wait
    const got = ch.recv();
    expect(channelState(ch).senders).toBe(0); // the value moved to the receiver synchronously
    await sent;
    expect(await got).toEqual({ value: 1, ok: true });
  });

  it("FIFO holds across the buffer and parked senders", async () => {
    const ch = chan<number>(2);
    const sends = [1, 2, 3, 4, 5].map((v) => ch.send(v));
    expect([ch.len, channelState(ch).senders]).toEqual([2, 3]);
    const got: number[] = [];
    for (let i = 0; i < 5; i++) got.push((await ch.recv()).value ?? -1);
    await Promise.all(sends);
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  it("commit before abort: the op resolves and the late abort is ignored", async () => {
    const ch = chan<number>();
    const ac = new AbortController();
    const r = ch.recv({ signal: ac.signal });
    ch.trySend(8); // commits: the parked receiver has the value
    ac.abort("too late");
    expect(await r).toEqual({ value: 8, ok: true });
    expect(watchers(ac.signal)).toBe(0);
  });

  it("starvation guard: a timer fires while two tasks ping-pong forever", async () => {
    const ping = chan<number>();
    const pong = chan<number>();
    let exchanges = 0;
    const endsOnClose = (p: Promise<void>): Promise<void> =>
      p.catch((e: unknown) => {
        if (!(e instanceof ClosedChannelError)) throw e;
      });
    const a = endsOnClose(
      (async () => {
        for (;;) {
          await ping.send(1);
          if (!(await pong.recv()).ok) return;
          exchanges++;
        }
      })(),
    );
    const b = endsOnClose(
      (async () => {
        for (;;) {
          if (!(await ping.recv()).ok) return;
          await pong.send(1);
        }
      })(),
    );
    // Real time, no bound: without the guard this sleep never ends and the runner's timeout fails the test.
    await sleep(20);
    const during = exchanges;
    ping.close();
    pong.close();
    await Promise.all([a, b]);
    expect(during).toBeGreaterThan(0);
    noneParked(ping);
    noneParked(pong);
  });
});

describe("differences from Go", () => {
  it("a badly written select throws synchronously, before any promise exists", () => {
    expect(() => select(42 as never)).toThrow(TypeError);
    expect(() => select({ a: 42 } as never)).toThrow(/cases\.a must be a channel, send\(ch, value\), null or undefined, got 42/);
    expect(() => trySelect([{}] as never)).toThrow(/cases\[0\] must be a channel/);
  });

  it("an already-aborted signal beats a ready case", async () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    const reason = new Error("aborted");
    expect(await rejection(select({ ch }, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(await rejection(ch.recv({ signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(ch.len).toBe(1); // nothing was taken
  });

  it('trySend throws on a closed channel and on a full overflow "error" channel; such a send case rejects a select', async () => {
    const closed = chan<number>(1);
    closed.close();
    expect(() => closed.trySend(1)).toThrow(ClosedChannelError);
    const strict = chan<number>(1, { overflow: "error" });
    strict.trySend(1);
    expect(() => strict.trySend(2)).toThrow(ChannelFullError);
    const e = await rejection(select({ out: send(strict, 3), other: chan<number>() }));
    expect(e).toBeInstanceOf(ChannelFullError);
    expect((e as ChannelFullError<number>).value).toBe(3);
  });

  it("timers hold no host timeout until someone waits on them", async () => {
    const clock = manualClock();
    const t1 = after(100, { clock });
    const t2 = timer(100, { clock });
    const t3 = tick(100, { clock });
    expect(clock.pending).toBe(0);
    const waiting = select({ t1, t2: t2.c, t3: t3.c });
    expect(clock.pending).toBe(3);
    await clock.advance(100);
    expect(["t1", "t2", "t3"]).toContain((await waiting).case);
    expect(clock.pending).toBe(0); // the losers' timeouts were cleared with their waiters
  });
});
