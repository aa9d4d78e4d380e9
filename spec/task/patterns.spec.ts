// The structured-concurrency sections of docs/patterns.md, run for real: each
// section's program is taken from the page, its `import … from "cspkit"` lines
// are replaced by the library itself, and it runs on a manual clock with a
// console that records what it prints, which must be exactly what the page
// shows. The functions a program declares are then called again here for the
// paths the page describes in prose (failures, cancellation).
//
// The last block checks the claims of the "sync" section of docs/go-to-cspkit.md.

import { format } from "node:util";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { section } from "../docs/_pages.js";
import * as api from "../../src/index.js";
import {
  Canceled,
  Cond,
  Mutex,
  Once,
  RWMutex,
  Semaphore,
  TaskPanic,
  WaitGroup,
  background,
  chan,
  channelState,
  go,
  manualClock,
  onceFunc,
  onceValue,
  setClock,
  sleep,
  withCancel,
  type Clock,
  type Context,
  type ManualClock,
  type RecvChan,
  type SendChan,
  type Task,
} from "../../src/index.js";
import { flush, gate, hygiene, track } from "./_util.js";

const recorded = hygiene();



type Declared = Record<string, any>;

interface Ran {
  /** What the program printed, one entry per console.log call. */
  readonly printed: string;
  /** What the page shows it prints. */
  readonly shown: string;
  /** The functions and constants the program declares at top level. */
  readonly declared: Declared;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<Declared>;

/** Start the section's program (its one ```ts block) against the library, with a recording console. */
function start(heading: string): { done: Promise<Ran>; lines: string[] } {
  const blocks = section(heading);
  const code = blocks.filter((b) => b.lang === "ts");
  expect(code, `"${heading}" has one program`).toHaveLength(1);
  const shown = blocks.find((b) => b.lang === "text")?.code;
  expect(shown, `"${heading}" shows what the program prints`).toBeDefined();
  const src = code[0]!.code;
  for (const m of src.matchAll(/^import (type )?\{([^}]*)\} from "([^"]+)";$/gm)) {
    expect(m[3]).toBe("cspkit");
    // Values must exist at run time (types are checked by spec/docs/snippets.spec.ts).
    if (m[1] === undefined) for (const name of m[2]!.split(",").map((s) => s.trim())) expect(api, `cspkit exports ${name}`).toHaveProperty(name);
  }
  const body = src.replace(/^import .*$/gm, "");
  const names = [...body.matchAll(/^(?:async\s+)?function\s+(\w+)|^const\s+(\w+)/gm)].map((m) => m[1] ?? m[2]!);
  const js = ts.transpileModule(body, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  const lines: string[] = [];
  const console = { log: (...args: unknown[]) => lines.push(format(...args)) };
  const keys = Object.keys(api);
  const program = new AsyncFunction(...keys, "console", `${js}\nreturn { ${names.join(", ")} };`);
  const done = program(...keys.map((k) => (api as Record<string, unknown>)[k]), console).then((declared) => ({
    printed: lines.map((l) => `${l}\n`).join(""),
    shown: shown!,
    declared,
  }));
  return { done, lines };
}

let clock: ManualClock;
let previous: Clock;
beforeEach(() => {
  clock = manualClock();
  previous = setClock(clock);
});
afterEach(() => {
  setClock(previous);
});

/** Move the clock in `step` ms steps until `p` settles (at most `limit` ms of virtual time). */
async function until<T>(p: Promise<T>, limit: number, step = 5): Promise<T> {
  const t = track(p);
  for (let ms = 0; ms < limit && t.state === "pending"; ms += step) await clock.advance(step);
  await flush();
  return p;
}

/** Run the section's program to its end; what it printed must be what the page shows. */
async function run(heading: string, limit = 2_000): Promise<Declared> {
  const { printed, shown, declared } = await until(start(heading).done, limit);
  expect(printed).toBe(shown);
  return declared;
}

describe("Aggregating results with errgroup and a results map", () => {
  const HEADING = "Aggregating results with errgroup and a results map";

  it("the program prints what the page shows", async () => {
    await run(HEADING);
  });

  it("every key once, at most `limit` at a time, keyed by input in completion order", async () => {
    const { lookupAll } = await run(HEADING);
    let inFlight = 0;
    let most = 0;
    const calls: number[] = [];
    const lookup = async (id: number, ctx: Context) => {
      calls.push(id);
      most = Math.max(most, ++inFlight);
      await sleep((10 - id) * 10, { signal: ctx.signal });
      inFlight--;
      return id * id;
    };
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const got = await until<Map<number, number>>(lookupAll(background(), ids, lookup, 3), 1_000);
    expect(calls).toEqual(ids);
    expect(most).toBe(3);
    expect(new Map([...got].sort(([a], [b]) => a - b))).toEqual(new Map(ids.map((id) => [id, id * id])));
    expect([...got.keys()]).not.toEqual(ids); // completion order, not input order
  });

  it("the first failure rejects with that very error, cancels the rest and starts nothing more; nothing is left running", async () => {
    const { lookupAll } = await run(HEADING);
    const boom = new Error("lookup 2 failed");
    const calls: number[] = [];
    const stopped: [number, unknown][] = [];
    let running = 0;
    const lookup = async (id: number, ctx: Context) => {
      calls.push(id);
      running++;
      try {
        await sleep(id * 10, { signal: ctx.signal });
        if (id === 2) throw boom;
        return id;
      } catch (e) {
        if (id !== 2) stopped.push([id, ctx.cause()]); // its sleep rejected with the cause
        throw e;
      } finally {
        running--;
      }
    };
    const outcome = lookupAll(background(), [5, 2, 3, 4, 6], lookup, 2).then(
      () => "resolved",
      (e: unknown) => ({ e, running }),
    );
    expect(await until(outcome, 200)).toEqual({ e: boom, running: 0 });
    expect(calls).toEqual([5, 2, 3]);
    expect(stopped).toEqual([
      [5, boom], // was running
      [3, boom], // was waiting for a slot: started with the cancelled ctx
    ]);
    expect(clock.pending).toBe(0);
  });

  it("a cancelled parent: the lookups stop and the call rejects with Canceled", async () => {
    const { lookupAll } = await run(HEADING);
    const [parent, cancel] = withCancel(background());
    const lookup = async (id: number, ctx: Context) => {
      await sleep(100, { signal: ctx.signal });
      return id;
    };
    const p = track(lookupAll(parent, [1, 2, 3], lookup, 2));
    await clock.advance(50);
    cancel();
    await flush();
    expect(p).toEqual({ state: "rejected", value: Canceled });
    expect(clock.pending).toBe(0);
  });
});

describe("Fan-in with a WaitGroup that closes the output", () => {
  const HEADING = "Fan-in with a WaitGroup that closes the output";
  type Producer<T> = (out: SendChan<T>, ctx: Context) => Promise<void>;

  it("the program prints what the page shows, and leaves nothing parked", async () => {
    await run(HEADING);
    // hygiene(): after the test, no producer is parked on a send.
  });

  it("every value once, each producer's in order; the channel closes only after the last producer returns", async () => {
    const { fanIn } = await run(HEADING);
    const last = gate();
    const counter =
      (base: number, n: number): Producer<number> =>
      async (out) => {
        for (let i = 1; i <= n; i++) await out.send(base + i);
      };
    const lingering: Producer<number> = async (out) => {
      await out.send(1000);
      await last.promise; // done sending, but not yet returned
    };
    const merged = fanIn(background(), [counter(100, 5), counter(200, 3), lingering]) as RecvChan<number>;
    const got: number[] = [];
    for (let i = 0; i < 9; i++) got.push((await merged.recv()).value!);
    await flush();
    expect(merged.closed).toBe(false);
    last.open();
    expect(await merged.recv()).toEqual({ value: undefined, ok: false });
    expect([...got].sort((a, b) => a - b)).toEqual([101, 102, 103, 104, 105, 201, 202, 203, 1000]);
    expect(got.filter((v) => v < 200)).toEqual([101, 102, 103, 104, 105]);
    expect(got.filter((v) => v > 200 && v < 1000)).toEqual([201, 202, 203]);
  });

  it("a producer that throws is a panic of the task \"WaitGroup.go\", and the output still closes", async () => {
    const { fanIn } = await run(HEADING);
    const boom = new Error("sensor unplugged");
    const good: Producer<string> = async (out) => out.send("ok");
    const bad: Producer<string> = async () => {
      await Promise.resolve();
      throw boom;
    };
    const merged = fanIn(background(), [good, bad]) as RecvChan<string>;
    const got: string[] = [];
    for await (const v of merged) got.push(v);
    expect(got).toEqual(["ok"]);
    await flush();
    const panics = recorded.take();
    expect(panics).toHaveLength(1);
    expect(panics[0]).toBeInstanceOf(TaskPanic);
    expect(panics[0]!.task).toBe("WaitGroup.go");
    expect(panics[0]!.cause).toBe(boom);
    expect(panics[0]!.message).toBe('panic in task "WaitGroup.go": sensor unplugged');
  });

  it("cancelling ctx ends parked producers quietly (no panic) and closes the output", async () => {
    const { fanIn } = await run(HEADING);
    const [ctx, cancel] = withCancel(background());
    const forever: Producer<number> = async (out, c) => {
      for (;;) await out.send(1, { signal: c.signal });
    };
    const merged = fanIn(ctx, [forever, forever, forever]) as RecvChan<number>;
    expect((await merged.recv()).value).toBe(1);
    expect(channelState(merged).senders).toBe(3);
    cancel();
    expect(await merged.recv()).toEqual({ value: undefined, ok: false });
    expect(channelState(merged)).toMatchObject({ senders: 0, receivers: 0, closed: true });
    expect(recorded.take()).toEqual([]);
  });
});

describe("A timeout per task and for the whole batch", () => {
  const HEADING = "A timeout per task and for the whole batch";

  it("the program prints what the page shows (b timed out, e cut off), and leaves no timer", async () => {
    await run(HEADING);
    expect(clock.pending).toBe(0);
  });

  it("the page's table: when each task ran and ended", async () => {
    const { runBatch } = await run(HEADING);
    const log: string[] = [];
    const t0 = clock.now();
    const at = () => clock.now() - t0;
    const timed = (name: string, ms: number) => async (ctx: Context) => {
      log.push(`${name} start ${at()}`);
      try {
        await sleep(ms, { signal: ctx.signal });
        log.push(`${name} done ${at()}`);
        return ms;
      } catch (e) {
        log.push(`${name} ${String(ctx.err()?.message)} ${at()}`);
        throw e;
      }
    };
    const tasks = new Map(Object.entries({ a: 10, b: 80, c: 30, d: 45, e: 60 }).map(([n, ms]) => [n, timed(n, ms)]));
    const report = await until(runBatch(background(), tasks, { perTaskMs: 50, batchMs: 90, limit: 2 }), 200);
    expect(report).toEqual({ results: new Map([["a", 10], ["c", 30], ["d", 45]]), timedOut: ["b"], cutOff: ["e"] });
    expect(log).toEqual([
      "a start 0",
      "b start 0",
      "a done 10",
      "c start 10",
      "c done 40",
      "d start 40",
      "b context deadline exceeded 50",
      "e start 50",
      "d done 85",
      "e context deadline exceeded 90",
    ]);
  });

  it("a real failure is thrown on: the others are cancelled with it as the cause and runBatch rejects with it", async () => {
    const { runBatch } = await run(HEADING);
    const boom = new Error("task c broke");
    const causes: unknown[] = [];
    const tasks = new Map<string, (ctx: Context) => Promise<number>>([
      [
        "slow",
        async (ctx) => {
          try {
            await sleep(40, { signal: ctx.signal });
            return 1;
          } catch (e) {
            causes.push(ctx.cause());
            throw e;
          }
        },
      ],
      [
        "c",
        async () => {
          await sleep(10);
          throw boom;
        },
      ],
    ]);
    await expect(until(runBatch(background(), tasks, { perTaskMs: 50, batchMs: 90, limit: 2 }), 200)).rejects.toBe(boom);
    expect(causes).toEqual([boom]);
    expect(clock.pending).toBe(0);
  });

  it("the caller cancels: what is still running is cut off, the report comes back", async () => {
    const { runBatch } = await run(HEADING);
    const [parent, cancel] = withCancel(background());
    const work = (ms: number) => async (ctx: Context) => {
      await sleep(ms, { signal: ctx.signal });
      return ms;
    };
    const p = runBatch(parent, new Map([["quick", work(5)], ["long", work(40)]]), { perTaskMs: 50, batchMs: 90, limit: 2 });
    await clock.advance(10);
    cancel();
    expect(await until(p, 10)).toEqual({ results: new Map([["quick", 5]]), timedOut: [], cutOff: ["long"] });
  });
});

describe("A safe task launcher with recover and context", () => {
  const HEADING = "A safe task launcher with recover and context";

  it("the program prints what the page shows, and puts the previous panic handler back", async () => {
    await run(HEADING);
    go(
      () => {
        throw new Error("after restore");
      },
      { name: "later" },
    );
    await flush();
    expect(recorded.take().map((p) => p.message)).toEqual(['panic in task "later": after restore']);
  });

  it("launch: a value, a logged panic with its start site, a quiet cancellation; the task's ctx ends with it", async () => {
    const { launch } = await run(HEADING);
    const [ctx, cancel] = withCancel(background());
    const logged: string[] = [];
    const log = (l: string) => logged.push(l);
    let taskCtx: Context | undefined;
    const ok = launch(
      "ok",
      async (c: Context) => {
        taskCtx = c;
        return "v";
      },
      { ctx, fallback: "fb", log },
    ) as Task<string>;
    expect(ok.name).toBe("ok");
    expect(await ok.join()).toEqual({ _tag: "Right", right: "v" });
    expect(taskCtx!.err()).toBe(Canceled); // ended with the task
    expect(ctx.err()).toBeUndefined(); // never the reverse

    const boom = new Error("boom");
    const bad = launch(
      "bad",
      () => {
        throw boom;
      },
      { ctx, fallback: "fb", log },
    ) as Task<string>;
    expect(await bad.join()).toEqual({ _tag: "Right", right: "fb" });
    expect(logged).toEqual(['recovered: panic in task "bad": boom']);

    const stuck = launch("stuck", (c: Context) => sleep(1_000, { signal: c.signal }).then(() => "late"), { ctx, fallback: "fb", log }) as Task<string>;
    cancel();
    expect(await stuck.join()).toEqual({ _tag: "Right", right: "fb" });
    expect(logged).toHaveLength(1); // the cancellation was not logged

    // After cancel, a failure that is not the cancellation is still logged.
    const late = launch(
      "late",
      async () => {
        throw new Error("unrelated");
      },
      { ctx, fallback: "fb", log },
    ) as Task<string>;
    expect(await late.join()).toEqual({ _tag: "Right", right: "fb" });
    expect(logged).toEqual(['recovered: panic in task "bad": boom', 'recovered: panic in task "late": unrelated']);
    expect(recorded.take()).toEqual([]);
  });
});

// docs/go-to-cspkit.md, section "sync": the claims made there, with the values it states.
describe("docs/go-to-cspkit.md: sync", () => {
  it("WaitGroup: go() counts, wait() resolves at zero or rejects on abort; a negative counter throws Go's words", async () => {
    const wg = new WaitGroup({ name: "compress" });
    const done: string[] = [];
    for (const f of ["a.log", "b.log"]) wg.go(() => sleep(10).then(() => done.push(f)));
    const ac = new AbortController();
    const aborted = wg.wait({ signal: ac.signal });
    ac.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    const waited = track(wg.wait());
    await clock.advance(10);
    await flush();
    expect(waited.state).toBe("resolved");
    expect(done).toEqual(["a.log", "b.log"]);
    expect(() => wg.add(-1)).toThrow("sync: negative WaitGroup counter");
    wg.add(1);
    wg.done();
  });

  it("WaitGroup.go: a throw counts as done, then reaches the panic handler as a TaskPanic for \"WaitGroup.go\"", async () => {
    const wg = new WaitGroup();
    const boom = new Error("disk full");
    wg.go(() => {
      throw boom;
    });
    await wg.wait();
    const [p] = recorded.take();
    expect(p).toBeInstanceOf(TaskPanic);
    expect(p!.task).toBe("WaitGroup.go");
    expect(p!.cause).toBe(boom);
  });

  it("Mutex: a read-modify-write across awaits is serialised; FIFO; tryLock false while held; unlock of unlocked throws", async () => {
    let stored = 0;
    const load = async () => {
      await sleep(1);
      return stored;
    };
    const save = async (n: number) => {
      await sleep(1);
      stored = n;
    };
    const mu = new Mutex({ name: "counter" });
    const order: number[] = [];
    const incs = [1, 2, 3, 4, 5].map((i) =>
      mu.withLock(async () => {
        order.push(i);
        await save((await load()) + 1);
      }),
    );
    expect(mu.tryLock()).toBe(false);
    await until(Promise.all(incs), 100, 1);
    expect(stored).toBe(5);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    await expect(mu.withLock(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(mu.tryLock()).toBe(true); // released on rejection
    mu.unlock();
    expect(() => mu.unlock()).toThrow("sync: unlock of unlocked mutex");
  });

  it("RWMutex: writer-preferring; the readers that queued go before the next writer; RUnlock of unlocked throws", async () => {
    const rw = new RWMutex();
    const log: string[] = [];
    await rw.rLock();
    const w1 = rw.withLock(() => log.push("w1"));
    const r2 = rw.withRLock(() => log.push("r2")); // behind the waiting writer
    expect(rw.tryRLock()).toBe(false);
    const w2 = rw.withLock(() => log.push("w2"));
    rw.rUnlock();
    await Promise.all([w1, r2, w2]);
    expect(log).toEqual(["w1", "r2", "w2"]);
    expect(() => rw.rUnlock()).toThrow("sync: RUnlock of unlocked RWMutex");
  });

  it("Once, onceFunc, onceValue: as the page says", async () => {
    const loadConfig = async () => ({ port: 8080 });
    let config = { port: 0 };
    let runs = 0;
    const init = new Once({ name: "config" });
    const first = init.do(async () => {
      runs++;
      config = await loadConfig();
    });
    const meanwhile = init.do(() => runs++); // waits for the first; never runs
    await Promise.all([first, meanwhile]);
    await init.do(() => runs++);
    expect([runs, config.port]).toEqual([1, 8080]);

    const failing = new Once();
    const bad = new Error("no config");
    await expect(failing.do(() => Promise.reject(bad))).rejects.toBe(bad);
    await expect(failing.do(() => runs++)).resolves.toBeUndefined(); // done anyway
    expect(runs).toBe(1);

    const getConfig = onceValue(loadConfig);
    expect(getConfig()).toBe(getConfig());
    const ch = chan<number>();
    const closeOnce = onceFunc(() => ch.close());
    closeOnce();
    closeOnce();
    expect(ch.closed).toBe(true);
    const thrower = onceValue((): number => {
      throw bad;
    });
    expect(() => thrower()).toThrow(bad);
    expect(() => thrower()).toThrow(bad);
    const selfCall: () => void = onceFunc(() => selfCall());
    expect(() => selfCall()).toThrow("called its own once-wrapper");
  });

  it("Cond: take() waits for a push; an aborted wait relocks before it rejects", async () => {
    const queue: number[] = [];
    const qmu = new Mutex();
    const nonEmpty = new Cond(qmu);
    async function take(signal?: AbortSignal): Promise<number> {
      await qmu.lock();
      try {
        while (queue.length === 0) await nonEmpty.wait(signal === undefined ? undefined : { signal });
        return queue.shift()!;
      } finally {
        qmu.unlock();
      }
    }
    const taken = take();
    await flush();
    await qmu.withLock(() => {
      queue.push(7);
      nonEmpty.signal();
    });
    expect(await taken).toBe(7);

    const ac = new AbortController();
    const gaveUp = track(take(ac.signal));
    await flush();
    await qmu.lock(); // the waiter released the lock while it waits
    ac.abort(new Error("stop"));
    await flush();
    expect(gaveUp.state).toBe("pending"); // it must relock first
    qmu.unlock();
    await flush();
    expect(gaveUp).toMatchObject({ state: "rejected" });
    expect((gaveUp.value as Error).message).toBe("stop");
    expect(qmu.tryLock()).toBe(true); // and its finally unlocked it
    qmu.unlock();
  });

  it("Semaphore: FIFO without barging, tryAcquire false while anyone waits, Go's words, RangeErrors where the page says", async () => {
    const sem = new Semaphore(4, { name: "downloads" });
    await sem.acquire(3);
    const big = track(sem.acquire(2)); // head of the queue: needs 2, 1 free
    const small = track(sem.acquire(1)); // fits, but may not overtake
    expect(sem.tryAcquire(1)).toBe(false);
    await flush();
    expect([big.state, small.state]).toEqual(["pending", "pending"]);
    sem.release(3);
    await flush();
    expect([big.state, small.state]).toEqual(["resolved", "resolved"]);
    sem.release(3);
    expect(() => sem.release(1)).toThrow("semaphore: released more than held");
    await expect(sem.acquire(5)).rejects.toBeInstanceOf(RangeError);
    await expect(sem.acquire(0)).rejects.toBeInstanceOf(RangeError);
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new WaitGroup().add(1.5)).toThrow(RangeError);
  });
});
