// blocked() and runningTasks(): every parked operation, one entry each, selects
// merged, sync primitives included; nothing left once it completes or aborts.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RunningTask, runAsTask } from "../../src/chan/registry.js";
import {
  after,
  blocked,
  chan,
  Cond,
  manualClock,
  Mutex,
  nil,
  Once,
  runningTasks,
  RWMutex,
  select,
  Semaphore,
  send,
  setDebug,
  WaitGroup,
} from "../../src/index.js";

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What an entry says, without the time stamp and stack. */
const shape = (b: { op: string; on: string; task: string | undefined; cases: readonly { op: string; on: string }[] }) => ({
  op: b.op,
  on: b.on,
  task: b.task,
  cases: b.cases.map((c) => `${c.op} ${c.on}`),
});

// These specs set debug mode themselves (also under CSPKIT_DEBUG=1).
let wasDebug = false;
beforeAll(() => {
  wasDebug = setDebug(false);
});
afterAll(() => {
  setDebug(wasDebug);
});

afterEach(() => {
  setDebug(false);
  expect(blocked()).toEqual([]);
  expect(runningTasks()).toEqual([]);
});

describe("blocked(): channels", () => {
  it("is empty when nothing is parked", () => {
    expect(blocked()).toEqual([]);
  });

  it("lists a parked receive with its channel's name and when it parked", async () => {
    await macrotask(); // a fresh coarse stamp
    const before = Date.now();
    const jobs = chan<number>(0, { name: "jobs" });
    const p = jobs.recv();
    const after_ = Date.now();
    const [b, ...rest] = blocked();
    expect(rest).toEqual([]);
    expect(b).toEqual({ op: "recv", on: 'chan "jobs"', since: b!.since, task: undefined, stack: undefined, cases: [] });
    expect(b!.since).toBeGreaterThanOrEqual(before);
    expect(b!.since).toBeLessThanOrEqual(after_);
    jobs.trySend(1);
    expect(await p).toEqual({ value: 1, ok: true });
    expect(blocked()).toEqual([]);
  });

  it("lists one entry per parked operation: receives, sends, for-await, unnamed and nil channels", async () => {
    const a = chan<number>(0, { name: "a" });
    const full = chan<number>(1, { name: "full" });
    full.trySend(0);
    const anon = chan<number>();
    const n = nil<number>("in");
    const m = nil<number>();
    const ac = new AbortController();
    const ps = [
      a.recv({ signal: ac.signal }),
      a.recv({ signal: ac.signal }),
      full.send(1, { signal: ac.signal }),
      anon.send(2, { signal: ac.signal }),
      n.recv({ signal: ac.signal }),
      m.send(3, { signal: ac.signal }),
    ];
    const it = anon[Symbol.asyncIterator]();
    void it.next(); // anon has a parked sender: this takes its value...
    const iterating = chan<number>(0, { name: "ranged" });
    const rit = iterating[Symbol.asyncIterator]();
    const ranged = rit.next(); // ...this one parks
    expect(blocked().map(shape)).toEqual([
      { op: "recv", on: 'chan "a"', task: undefined, cases: [] },
      { op: "recv", on: 'chan "a"', task: undefined, cases: [] },
      { op: "send", on: 'chan "full"', task: undefined, cases: [] },
      { op: "recv", on: 'nil chan "in"', task: undefined, cases: [] },
      { op: "send", on: "nil chan", task: undefined, cases: [] },
      { op: "recv", on: 'chan "ranged"', task: undefined, cases: [] },
    ]);
    ac.abort(new Error("cleanup"));
    await rit.return!();
    expect(await ranged).toEqual({ value: undefined, done: true });
    const settled = await Promise.allSettled(ps);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected", "fulfilled", "rejected", "rejected"]);
  });

  it("merges the cases of one select into one entry, in case order", async () => {
    const a = chan<number>(0, { name: "a" });
    const b = chan<number>(0, { name: "b" });
    const clock = manualClock();
    const p = select({ x: a, y: send(b, 1), off: null, again: a, late: after(50, { clock }) });
    const c = chan<number>(0, { name: "c" });
    const other = select([c]); // a second select: a separate entry
    const entries = blocked();
    expect(entries.map(shape)).toEqual([
      {
        op: "select",
        on: '[recv chan "a", send chan "b", recv chan "a", recv timer]',
        task: undefined,
        cases: ['recv chan "a"', 'send chan "b"', 'recv chan "a"', 'recv timer'],
      },
      { op: "select", on: '[recv chan "c"]', task: undefined, cases: ['recv chan "c"'] },
    ]);
    // The send case commits: every case of that select leaves, the other select stays.
    expect(b.tryRecv()).toEqual({ value: 1, ok: true });
    expect(await p).toEqual({ case: "y" });
    expect(blocked().map(shape)).toEqual([{ op: "select", on: '[recv chan "c"]', task: undefined, cases: ['recv chan "c"'] }]);
    c.trySend(2);
    expect(await other).toEqual({ case: 0, value: 2, ok: true });
  });

  it("lists a select with no enabled case (Go's `select {}`) until it is aborted", async () => {
    const ac = new AbortController();
    const p = select({ off: null }, { signal: ac.signal });
    expect(blocked().map(shape)).toEqual([{ op: "select", on: "[]", task: undefined, cases: [] }]);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });

  it("drops aborted and closed-out operations at once", async () => {
    const ch = chan<string>(0, { name: "c" });
    const ac = new AbortController();
    const aborted = ch.recv({ signal: ac.signal });
    const plain = ch.recv();
    expect(blocked()).toHaveLength(2);
    ac.abort(new Error("gone"));
    await expect(aborted).rejects.toThrow("gone");
    expect(blocked().map(shape)).toEqual([{ op: "recv", on: 'chan "c"', task: undefined, cases: [] }]);
    ch.close();
    expect(blocked()).toEqual([]);
    expect(await plain).toEqual({ value: undefined, ok: false });
  });

  it("lists the oldest first", async () => {
    const late = chan<number>(0, { name: "late" });
    const early = chan<number>(0, { name: "early" });
    const e = early.recv();
    await new Promise((r) => setTimeout(r, 5)); // a later turn: a later coarse stamp
    const l = late.recv();
    const entries = blocked();
    expect(entries.map((b) => b.on)).toEqual(['chan "early"', 'chan "late"']);
    expect(entries[0]!.since).toBeLessThan(entries[1]!.since);
    early.close();
    late.close();
    await Promise.all([e, l]);
  });

  it("lists operations parked in the same turn in the order they parked", () => {
    const names = ["c1", "c2", "c3"];
    const chans = names.map((name) => chan<number>(0, { name }));
    for (const c of chans) void c.recv();
    expect(blocked().map((b) => b.on)).toEqual(['chan "c1"', 'chan "c2"', 'chan "c3"']);
    for (const c of chans) c.close();
  });
});

describe("blocked(): sync primitives", () => {
  it("lists lock, rlock, acquire and wait with the primitive's kind and name", async () => {
    const mu = new Mutex({ name: "db" });
    const anon = new Mutex();
    const rw = new RWMutex({ name: "cache" });
    const sem = new Semaphore(2, { name: "pool" });
    const wg = new WaitGroup({ name: "downloads" });
    const once = new Once({ name: "config" });
    await mu.lock();
    await anon.lock();
    await rw.rLock(); // a reader holds it
    await sem.acquire(2);
    wg.add(1);
    let finishInit!: () => void;
    const first = once.do(() => new Promise<void>((r) => (finishInit = r)));

    const ps = [
      mu.lock(),
      anon.lock(),
      rw.lock(), // pending: waits for the reader
      rw.rLock(), // queued behind the pending writer
      rw.lock(), // queued writer
      sem.acquire(1),
      wg.wait(),
      once.do(() => {}),
    ];
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toEqual([
      'lock Mutex "db"',
      "lock Mutex",
      'lock RWMutex "cache"',
      'rlock RWMutex "cache"',
      'lock RWMutex "cache"',
      'acquire Semaphore "pool"',
      'wait WaitGroup "downloads"',
      'wait Once "config"',
    ]);
    for (const b of blocked()) {
      expect(b.task).toBe(undefined);
      expect(b.stack).toBe(undefined);
      expect(b.cases).toEqual([]);
    }

    mu.unlock();
    anon.unlock();
    rw.rUnlock(); // the pending writer gets it
    sem.release(2);
    wg.done();
    finishInit();
    await Promise.all([first, ps[0], ps[1], ps[2], ps[5], ps[6], ps[7]]);
    // Same turn, same label: the reader and writer queues' relative order is the registry's.
    expect(blocked().map((b) => `${b.op} ${b.on}`).sort()).toEqual(['lock RWMutex "cache"', 'rlock RWMutex "cache"']);
    rw.unlock(); // the reader goes in; the last writer waits for it
    await ps[3];
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toEqual(['lock RWMutex "cache"']);
    rw.rUnlock();
    await ps[4];
    rw.unlock();
    mu.unlock();
    anon.unlock();
    sem.release(1);
  });

  it("shows a Cond waiter as `wait Cond`, then, once signalled and relocking, as `lock Mutex`", async () => {
    const mu = new Mutex({ name: "m" });
    const cond = new Cond(mu, { name: "ready" });
    await mu.lock();
    const waiting = cond.wait();
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toEqual(['wait Cond "ready"']);
    await mu.lock(); // the waiter released it
    cond.signal();
    expect(blocked().map((b) => `${b.op} ${b.on}`)).toEqual(['lock Mutex "m"']);
    mu.unlock();
    await waiting;
    mu.unlock();
  });

  it("drops an aborted lock at once", async () => {
    const mu = new Mutex({ name: "m" });
    await mu.lock();
    const ac = new AbortController();
    const p = mu.lock({ signal: ac.signal });
    expect(blocked()).toHaveLength(1);
    ac.abort(new Error("late"));
    await expect(p).rejects.toThrow("late");
    expect(blocked()).toEqual([]);
    mu.unlock();
  });
});

describe("tasks", () => {
  it("names the task whose synchronous part parked the operation (with a signal, a select, or in debug mode)", async () => {
    const out = chan<number>(0, { name: "out" });
    const ac = new AbortController();
    const p = runAsTask("worker-3", () => out.send(1, { signal: ac.signal }));
    const other = chan<number>(0, { name: "other" });
    const s = runAsTask("worker-4", () => select([other]));
    setDebug(true); // plain operations carry their task only in debug mode
    const plain = chan<number>(0, { name: "plain" });
    const q = runAsTask("worker-5", () => plain.recv());
    setDebug(false);
    expect(blocked().map(shape)).toEqual([
      { op: "send", on: 'chan "out"', task: "worker-3", cases: [] },
      { op: "select", on: '[recv chan "other"]', task: "worker-4", cases: ['recv chan "other"'] },
      { op: "recv", on: 'chan "plain"', task: "worker-5", cases: [] },
    ]);
    expect(out.tryRecv()).toEqual({ value: 1, ok: true });
    await p;
    other.trySend(2);
    expect(await s).toEqual({ case: 0, value: 2, ok: true });
    plain.close();
    await q;
  });

  it("lists running tasks apart from parked operations", () => {
    const t = new RunningTask("pump");
    t.begin();
    expect(blocked()).toEqual([]);
    const [r, ...rest] = runningTasks();
    expect(rest).toEqual([]);
    expect(r).toEqual({ op: "running", on: 'task "pump"', since: r!.since, task: "pump", stack: undefined, cases: [] });
    t.end();
    expect(runningTasks()).toEqual([]);
  });
});

describe("debug mode", () => {
  it("records where each operation parked, starting at the caller's frame", async () => {
    expect(setDebug(true)).toBe(false);
    const ch = chan<number>(0, { name: "dbg" });
    const mu = new Mutex({ name: "dm" });
    await mu.lock();
    const r = ch.recv(); // a plain receive parks as a Waiter in debug mode, so it has a stack
    const l = mu.lock();
    const s = select([ch]);
    const entries = blocked();
    expect(entries.map((b) => `${b.op} ${b.on}`)).toEqual(['recv chan "dbg"', 'select [recv chan "dbg"]', 'lock Mutex "dm"']);
    for (const b of entries) {
      expect(b.stack!.split("\n")[0]).toMatch(/^at .*blocked\.spec\.ts:\d+:\d+/);
    }
    expect(setDebug(false)).toBe(true);
    const plain = ch.recv();
    expect(blocked().find((b) => b.op === "recv" && b.stack === undefined)).toBeDefined();
    ch.close();
    mu.unlock();
    mu.unlock();
    await Promise.all([r, l, s, plain]);
  });

  it("setDebug rejects a non-boolean", () => {
    expect(() => setDebug("yes" as unknown as boolean)).toThrow(new TypeError("setDebug(on): on must be a boolean, got yes"));
  });
});
