// dump(): Go's goroutine-dump style text, checked to the character with a
// faked Date (the registry's stamps and dump's "now" both read Date.now).

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RunningTask, runAsTask } from "../../src/chan/registry.js";
import { duration } from "../../src/diag/dump.js";
import {
  blocked,
  chan,
  Cond,
  dump,
  group,
  Mutex,
  nil,
  Once,
  runningTasks,
  RWMutex,
  select,
  Semaphore,
  setDebug,
  WaitGroup,
} from "../../src/index.js";

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const HINT = "(stacks: set CSPKIT_DEBUG=1 or call setDebug(true) before the operations park)";

/** Fake only Date, at T0, and start a new turn so the registry's coarse stamp reads T0. */
async function freezeAt(t: number): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(t);
  await macrotask();
}

// These specs set debug mode themselves (also under CSPKIT_DEBUG=1).
let wasDebug = false;
beforeAll(() => {
  wasDebug = setDebug(false);
});
afterAll(() => {
  setDebug(wasDebug);
});

afterEach(() => {
  vi.useRealTimers();
  setDebug(false);
  expect(blocked()).toEqual([]);
  expect(runningTasks()).toEqual([]);
});

describe("dump()", () => {
  it("says so when nothing waits", () => {
    expect(dump()).toBe("no parked operations, no running tasks\n");
  });

  it("renders one paragraph per waiter: task name or position, Go's wait reason, how long", async () => {
    await freezeAt(T0);
    const worker = new RunningTask("worker-3");
    worker.begin();
    const results = chan<number>(0, { name: "results" });
    const sendAc = new AbortController();
    const sent = runAsTask("worker-3", () => results.send(1, { signal: sendAc.signal }));
    const flusher = new RunningTask("flusher");
    flusher.begin();
    const a = chan<number>(0, { name: "a" });
    const ac = new AbortController();
    const sel = select([a, nil<number>()], { signal: ac.signal });
    const mu = new Mutex();
    await mu.lock();
    const locked = mu.lock();

    vi.setSystemTime(T0 + 125_000);
    expect(dump()).toBe(
      [
        'task "worker-3" [chan send, 2 minutes]:',
        '\tsend chan "results"',
        "",
        "op 2 [select, 2 minutes]:",
        '\tselect [recv chan "a", recv nil chan]',
        "",
        "op 3 [sync.Mutex.Lock, 2 minutes]:",
        "\tlock Mutex",
        "",
        'task "flusher" [running, 2 minutes]:',
        "\tnot parked on a channel or sync primitive (awaiting something else)",
        "",
        HINT,
        "",
      ].join("\n"),
    );

    expect(results.tryRecv()).toEqual({ value: 1, ok: true });
    await sent;
    worker.end();
    flusher.end();
    ac.abort(new Error("done"));
    await expect(sel).rejects.toThrow("done");
    mu.unlock();
    await locked;
    mu.unlock();
  });

  it("gives every primitive Go's wait reason", async () => {
    await freezeAt(T0);
    const rw = new RWMutex({ name: "rw" });
    await rw.rLock();
    const pendingWriter = rw.lock();
    const reader = rw.rLock();
    const sem = new Semaphore(1, { name: "s" });
    await sem.acquire();
    const acquired = sem.acquire();
    const wg = new WaitGroup({ name: "wg" });
    wg.add(1);
    const waited = wg.wait();
    const mu = new Mutex();
    await mu.lock();
    const cond = new Cond(mu, { name: "c" });
    const condWait = cond.wait();
    const once = new Once({ name: "o" });
    let finish!: () => void;
    const first = once.do(() => new Promise<void>((r) => (finish = r)));
    const second = once.do(() => {});
    const ac = new AbortController();
    const n = nil<number>();
    const nilRecv = n.recv({ signal: ac.signal });
    const nilSend = n.send(1, { signal: ac.signal });
    const empty = select({}, { signal: ac.signal });

    vi.setSystemTime(T0 + 1500);
    const text = dump();
    const headers = text.split("\n").filter((l) => l.endsWith("]:"));
    expect(headers.every((h, i) => h.startsWith(`op ${i + 1} [`))).toBe(true);
    expect(headers.map((h) => h.replace(/^op \d+ /, "")).sort()).toEqual([
      "[chan receive (nil chan), 1 second]:",
      "[chan send (nil chan), 1 second]:",
      "[select (no cases), 1 second]:",
      "[semaphore.Acquire, 1 second]:",
      "[sync.Cond.Wait, 1 second]:",
      "[sync.Once.Do, 1 second]:",
      "[sync.RWMutex.Lock, 1 second]:",
      "[sync.RWMutex.RLock, 1 second]:",
      "[sync.WaitGroup.Wait, 1 second]:",
    ]);
    expect(text).toContain('\n\twait WaitGroup "wg"\n');
    expect(text).toContain('\n\tacquire Semaphore "s"\n');

    rw.rUnlock();
    await pendingWriter;
    rw.unlock();
    await reader;
    rw.rUnlock();
    sem.release();
    await acquired;
    sem.release();
    wg.done();
    await waited;
    cond.signal(); // the waiter relocks the (free) mutex
    await condWait;
    mu.unlock();
    finish();
    await Promise.all([first, second]);
    ac.abort(new Error("end"));
    const settled = await Promise.allSettled([nilRecv, nilSend, empty]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
  });

  it("names an errgroup's waits: for a slot (errgroup.Go) and for the group (errgroup.Wait)", async () => {
    await freezeAt(T0);
    const g = group({ limit: 1, name: "crawler" });
    let release!: () => void;
    await g.go(() => new Promise<void>((r) => (release = r))); // started: it holds the only slot
    const second = g.go(() => {}); // waits for the slot
    const waited = g.wait();
    vi.setSystemTime(T0 + 3000);
    const text = dump();
    expect(text).toMatch(/\[errgroup\.Go, 3 seconds\]:\n\tgo group "crawler"\n/);
    expect(text).toMatch(/\[errgroup\.Wait, 3 seconds\]:\n\twait group "crawler"\n/);
    release();
    await second;
    await waited;
  });

  it("shows where each operation parked in debug mode, and where a running task started", async () => {
    setDebug(true);
    const task = new RunningTask("pump"); // captures its stack at construction
    task.begin();
    const ch = chan<number>(0, { name: "jobs" });
    const p = ch.recv();
    const text = dump();
    const lines = text.split("\n");
    const recvAt = lines.indexOf('\trecv chan "jobs"');
    expect(lines[recvAt - 1]).toMatch(/^op 1 \[chan receive, \d+ ms\]:$/);
    expect(lines[recvAt + 1]).toMatch(/^\tat .*dump\.spec\.ts:\d+:\d+/);
    const started = lines.indexOf("\tstarted:");
    expect(lines[started - 2]).toMatch(/^task "pump" \[running, \d+ ms\]:$/);
    expect(lines[started + 1]).toMatch(/^\tat /);
    expect(text).not.toContain(HINT);
    ch.close();
    await p;
    task.end();
  });
});

describe("duration()", () => {
  it("reads like Go's: ms under a second, then whole seconds, minutes, hours", () => {
    expect([-5, 0, 999, 1000, 1999, 2000, 119_999, 120_000, 7_199_999, 7_200_000, 36_000_000].map(duration)).toEqual([
      "0 ms",
      "0 ms",
      "999 ms",
      "1 second",
      "1 second",
      "2 seconds",
      "119 seconds",
      "2 minutes",
      "119 minutes",
      "2 hours",
      "10 hours",
    ]);
  });
});
