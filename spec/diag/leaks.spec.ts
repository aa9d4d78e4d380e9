// expectNoLeaks(): passes once nothing is parked or running, waits out things
// that settle within the grace period, names whatever stays, honours `ignore`,
// and never depends on (possibly faked) timers.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RunningTask, runAsTask } from "../../src/chan/registry.js";
import { blocked, chan, expectNoLeaks, LeakError, Mutex, runningTasks, select, send, setDebug } from "../../src/index.js";

/** Undo each test's scene even when it fails, so one failure does not cascade. */
const cleanups: (() => Promise<void>)[] = [];

// These specs set debug mode themselves (also under CSPKIT_DEBUG=1).
let wasDebug = false;
beforeAll(() => {
  wasDebug = setDebug(false);
});
afterAll(() => {
  setDebug(wasDebug);
});

/** Leave the registry empty for the next test (checked here). */
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  vi.useRealTimers();
  setDebug(false);
  expect(blocked()).toEqual([]);
  expect(runningTasks()).toEqual([]);
});

/** The message with every number of milliseconds replaced by N. */
const scrub = (e: unknown): string => (e as Error).message.replace(/\d+ ms/g, "N ms");

/** A scene with one of everything: parked receive, select, a task parked on a send, a running task. */
function scene() {
  const jobs = chan<number>(0, { name: "jobs" });
  const a = chan<number>(0, { name: "a" });
  const b = chan<number>(0, { name: "b" });
  const out = chan<number>(0, { name: "out" });
  const worker = new RunningTask("worker");
  worker.begin();
  const pump = new RunningTask("pump");
  pump.begin();
  const ac = new AbortController();
  const ps = [
    jobs.recv({ signal: ac.signal }),
    select([a, send(b, 1)], { signal: ac.signal }),
    runAsTask("worker", () => out.send(2, { signal: ac.signal })),
  ];
  cleanups.push(async () => {
    ac.abort(new Error("cleanup"));
    const settled = await Promise.allSettled(ps);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    worker.end();
    pump.end();
  });
}

describe("expectNoLeaks()", () => {
  it("resolves when nothing is parked or running", async () => {
    await expect(expectNoLeaks()).resolves.toBe(undefined);
  });

  it("waits for operations that finish within the grace period", async () => {
    const ch = chan<string>(0, { name: "late" });
    const p = ch.recv();
    setTimeout(() => ch.trySend("done"), 30);
    expect(blocked()).toHaveLength(1);
    await expect(expectNoLeaks({ timeout: 5000 })).resolves.toBe(undefined);
    expect(await p).toEqual({ value: "done", ok: true });
  });

  it("rejects with a LeakError naming everything still parked or running", async () => {
    scene();
    const t0 = performance.now();
    const e = await expectNoLeaks({ timeout: 40 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39); // it waited out the whole grace period
    expect(e).toBeInstanceOf(LeakError);
    expect(e).toBeInstanceOf(Error);
    expect((e as LeakError).name).toBe("LeakError");
    expect(scrub(e)).toBe(
      [
        "expectNoLeaks: 3 operations still parked, 1 task still running after N ms:",
        '  recv chan "jobs" (parked N ms ago)',
        '  select [recv chan "a", send chan "b"] (parked N ms ago)',
        '  send chan "out" (task "worker", parked N ms ago)',
        '  task "pump" running (started N ms ago)',
      ].join("\n"),
    );
    // `leaks` holds every entry, the folded task "worker" included.
    expect((e as LeakError).leaks.map((b) => `${b.op} ${b.on}`)).toEqual([
      'recv chan "jobs"',
      'select [recv chan "a", send chan "b"]',
      'send chan "out"',
      'running task "worker"',
      'running task "pump"',
    ]);
  });

  it("counts in the singular, and lists running tasks alone", async () => {
    const t = new RunningTask("solo");
    t.begin();
    await expect(expectNoLeaks({ timeout: 0 }).catch(scrub)).resolves.toBe(
      'expectNoLeaks: 1 task still running after N ms:\n  task "solo" running (started N ms ago)',
    );
    t.end();
    const mu = new Mutex({ name: "db" });
    await mu.lock();
    const p = mu.lock();
    await expect(expectNoLeaks({ timeout: 0 }).catch(scrub)).resolves.toBe(
      'expectNoLeaks: 1 operation still parked after N ms:\n  lock Mutex "db" (parked N ms ago)',
    );
    mu.unlock();
    await p;
    mu.unlock();
  });

  it("skips what `ignore` names: channel names, labels, task names, RegExps, a predicate", async () => {
    scene();
    // 'chan "a"' names a case of the select; "worker" the task of the send; "jobs" a channel's name.
    await expect(expectNoLeaks({ timeout: 0, ignore: ["jobs", 'chan "a"', "worker", /^task "pump"/] })).resolves.toBe(undefined);
    await expect(expectNoLeaks({ timeout: 0, ignore: (b) => b.task !== undefined || b.op !== "running" })).resolves.toBe(undefined);
    // A partial list leaves the rest reported.
    const e = await expectNoLeaks({ timeout: 0, ignore: ["b", /pump/] }).catch((err: unknown) => err);
    expect(scrub(e)).toBe(
      [
        "expectNoLeaks: 2 operations still parked after N ms:",
        '  recv chan "jobs" (parked N ms ago)',
        '  send chan "out" (task "worker", parked N ms ago)',
      ].join("\n"),
    );
    // A name matches whole names only.
    await expect(expectNoLeaks({ timeout: 0, ignore: ["job", "pum", "work", "ou"] })).rejects.toThrow("3 operations still parked, 1 task still running");
  });

  it("uses real timers even when the test has faked them", async () => {
    vi.useFakeTimers();
    await expect(expectNoLeaks()).resolves.toBe(undefined);
    const ch = chan<number>(0, { name: "stuck" });
    const p = ch.recv();
    await expect(expectNoLeaks({ timeout: 20 })).rejects.toThrow('recv chan "stuck"');
    ch.close();
    await p;
  });

  it("with timeout 0 checks once, after one macrotask turn", async () => {
    const ch = chan<number>(0, { name: "soon" });
    const p = ch.recv();
    queueMicrotask(() => ch.trySend(1)); // settles before the first check
    await expect(expectNoLeaks({ timeout: 0 })).resolves.toBe(undefined);
    expect(await p).toEqual({ value: 1, ok: true });
  });

  it("shows where each leak parked, in debug mode", async () => {
    setDebug(true);
    const ch = chan<number>(0, { name: "dbg" });
    const p = ch.recv();
    const e = await expectNoLeaks({ timeout: 0 }).catch((err: unknown) => err);
    const lines = (e as Error).message.split("\n");
    expect(lines[1]).toMatch(/^ {2}recv chan "dbg" \(parked \d+ ms ago\)$/);
    expect(lines[2]).toMatch(/^ {4}at .*leaks\.spec\.ts:\d+:\d+/);
    ch.close();
    await p;
  });

  it("rejects bad options with the argument named", async () => {
    await expect(expectNoLeaks("fast" as never)).rejects.toThrow(
      new TypeError('expectNoLeaks(options): options must be an object like { timeout: 500 }, got "fast"'),
    );
    await expect(expectNoLeaks({ timeout: -1 })).rejects.toThrow(
      new RangeError("expectNoLeaks(options): options.timeout must be a finite number of milliseconds >= 0, got -1"),
    );
    await expect(expectNoLeaks({ timeout: NaN })).rejects.toThrow(RangeError);
    await expect(expectNoLeaks({ timeout: Infinity })).rejects.toThrow(RangeError);
    await expect(expectNoLeaks({ timeout: "1s" as never })).rejects.toThrow(
      new TypeError('expectNoLeaks(options): options.timeout must be a finite number of milliseconds >= 0, got "1s"'),
    );
    await expect(expectNoLeaks({ ignore: 5 as never })).rejects.toThrow(
      new TypeError("expectNoLeaks(options): options.ignore must be a function (entry) => boolean or an array of names and RegExps, got 5"),
    );
    await expect(expectNoLeaks({ ignore: [1] as never })).rejects.toThrow(TypeError);
  });
});
