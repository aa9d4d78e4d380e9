// The operator sections of docs/patterns.md, run for real: each section's
// TypeScript is taken from the page, its `import … from "cspkit"` lines are
// replaced by the library itself, and the functions it declares are called
// here on a manual clock, checking what the page says they do.

import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { section } from "../docs/_pages.js";
import * as api from "../../src/index.js";
import {
  background,
  chan,
  DeadlineExceeded,
  manualClock,
  setClock,
  sleep,
  StageTimeoutError,
  withCancel,
  type Clock,
  type Context,
  type ManualClock,
} from "../../src/index.js";
import { noLeaks, settle } from "./_util.js";

noLeaks();


/** The ```ts blocks of one `## ` section, joined. */
function code(heading: string): string {
  const blocks = section(heading)
    .filter((b) => b.lang === "ts")
    .map((b) => b.code);
  expect(blocks.length).toBeGreaterThan(0);
  return blocks.join("\n");
}

/** Evaluate a section's code against the library; returns what it declares at top level. */
function load(heading: string): Record<string, any> {
  const src = code(heading);
  for (const m of src.matchAll(/^import (type )?\{([^}]*)\} from "([^"]+)";$/gm)) {
    expect(m[3]).toBe("cspkit");
    // Values must exist at run time (type names are checked by spec/docs/snippets.spec.ts).
    if (m[1] === undefined) for (const name of m[2]!.split(",").map((s) => s.trim())) expect(api, `cspkit exports ${name}`).toHaveProperty(name);
  }
  const body = src.replace(/^import .*$/gm, "");
  const names = [...body.matchAll(/^(?:async\s+)?function\s+(\w+)|^const\s+(\w+)/gm)].map((m) => m[1] ?? m[2]!);
  const js = ts.transpileModule(body, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  const keys = Object.keys(api);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the page's code, run as written
  const make = new Function(...keys, `${js}\nreturn { ${names.join(", ")} };`) as (...args: unknown[]) => Record<string, any>;
  return make(...keys.map((k) => (api as Record<string, unknown>)[k]));
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

/** Move the clock in `step` ms steps until `p` settles (at most `limit` ms). */
async function until<T>(p: Promise<T>, limit: number, step = 5): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let t = 0; t < limit && !done; t += step) await clock.advance(step);
  await settle();
  return p;
}

describe("Pipelines with cancel, timeout and graceful exit", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: i + 1, name: `r${i + 1}` }));

  function storeWith(log: string[], ctxs: Context[]) {
    return async (row: { id: number }, ctx: Context) => {
      ctxs.push(ctx);
      try {
        await sleep(10, { signal: ctx.signal });
      } catch (e) {
        log.push(`store ${row.id} stopped: ${(e as Error).message}`);
        throw e;
      }
      log.push(`stored ${row.id}`);
    };
  }

  it("out of time: keeps what was stored and says why; the unfinished store was cancelled", async () => {
    const { importRows } = load("Pipelines with cancel, timeout and graceful exit");
    const log: string[] = [];
    const ctxs: Context[] = [];
    const r = await until(importRows(background(), rows(5), storeWith(log, ctxs), 35), 100);
    expect(r).toEqual({ stored: 3, complete: false, why: "context deadline exceeded" });
    await clock.advance(50);
    expect(log).toEqual(["stored 1", "stored 2", "stored 3", "store 4 stopped: context deadline exceeded"]);
    expect(ctxs).toHaveLength(4);
  });

  it("cancelled by the caller", async () => {
    const { importRows } = load("Pipelines with cancel, timeout and graceful exit");
    const [parent, cancel] = withCancel(background());
    const log: string[] = [];
    const p = importRows(parent, rows(5), storeWith(log, []), 1_000);
    await clock.advance(15);
    cancel();
    expect(await until(p, 10)).toEqual({ stored: 1, complete: false, why: "context canceled" });
  });

  it("complete, with invalid rows filtered out; bad JSON rejects with the SyntaxError itself", async () => {
    const { importRows } = load("Pipelines with cancel, timeout and graceful exit");
    const lines = [...rows(2), JSON.stringify({ id: -1, name: "bad id" })];
    expect(await until(importRows(background(), lines, storeWith([], []), 1_000), 100)).toEqual({ stored: 2, complete: true, why: "" });
    await expect(until(importRows(background(), ["{"], storeWith([], []), 1_000), 100)).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe("Worker pool with ordered results", () => {
  it("input order, at most 4 in flight; the first failure rejects", async () => {
    const { lookupAll } = load("Worker pool with ordered results");
    let inFlight = 0;
    let most = 0;
    const lookup = async (id: number, ctx: Context) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep((10 - id) * 10, { signal: ctx.signal });
      inFlight--;
      return `user ${id}`;
    };
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(await until(lookupAll(ids, lookup), 1_000)).toEqual(ids.map((id) => `user ${id}`));
    expect(most).toBe(4);
    const boom = new Error("lookup 3 failed");
    const failing = async (id: number) => {
      if (id === 3) throw boom;
      return `${id}`;
    };
    await expect(until(lookupAll(ids, failing), 100)).rejects.toBe(boom);
  });
});

describe("Fan-out and fan-in", () => {
  it("every file once, spread over the workers; a failure rejects and stops the rest", async () => {
    const { checksums } = load("Fan-out and fan-in");
    const files = Array.from({ length: 12 }, (_, i) => `f${i}`);
    const hash = async (f: string) => {
      await sleep(10);
      return `sum(${f})`;
    };
    const out: { file: string; worker: number; sum: string }[] = await until(checksums(files, hash), 1_000);
    expect(out.map((r) => r.file).sort()).toEqual([...files].sort());
    expect(out.every((r) => r.sum === `sum(${r.file})`)).toBe(true);
    expect(new Set(out.map((r) => r.worker))).toEqual(new Set([0, 1, 2]));
    const boom = new Error("unreadable f4");
    const bad = async (f: string) => {
      await sleep(10);
      if (f === "f4") throw boom;
      return f;
    };
    await expect(until(checksums(files, bad), 1_000)).rejects.toBe(boom);
  });
});

describe("Rate limiting", () => {
  it("the burst, then one call every 500 ms; wait() shares the bucket", async () => {
    const { fetchAll, fetchGuarded } = load("Rate limiting");
    const calls: number[] = [];
    const fetchOne = async (id: number) => {
      calls.push(clock.now());
      return `#${id}`;
    };
    expect(await until(fetchAll([1, 2, 3, 4, 5], fetchOne), 3_000, 50)).toEqual(["#1", "#2", "#3", "#4", "#5"]);
    expect(calls).toEqual([0, 0, 500, 1000, 1500]);
    // The bucket is empty now: a guarded call waits for the next token, or leaves on abort.
    const ac = new AbortController();
    const waiting = fetchGuarded(6, fetchOne, ac.signal);
    ac.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    expect(await until(fetchGuarded(7, fetchOne, new AbortController().signal), 1_000, 50)).toBe("#7");
    expect(calls.at(-1)).toBe(2000);
  });
});

describe("Staged timeouts: per item and for the whole traversal", () => {
  const lookup = async (id: number, ctx: Context) => {
    await sleep(id * 10, { signal: ctx.signal });
    return `v${id}`;
  };
  const budget = { totalMs: 1_000, itemMs: 25, stallMs: 100 };

  it("a slow item is skipped, not fatal", async () => {
    const { enrich } = load("Staged timeouts: per item and for the whole traversal");
    const ids = chan<number>(3);
    for (const id of [1, 2, 3]) await ids.send(id);
    ids.close();
    expect(await until(enrich(ids, lookup, budget), 200)).toEqual([
      { id: 1, value: "v1" },
      { id: 2, value: "v2" },
      { id: 3, value: "(timed out)" },
    ]);
  });

  it("the whole traversal's deadline ends it with DeadlineExceeded", async () => {
    const { enrich } = load("Staged timeouts: per item and for the whole traversal");
    const ids = chan<number>();
    const outcome = enrich(ids, lookup, { ...budget, totalMs: 120 }).catch((e: unknown) => e);
    let sent = 0;
    for (let t = 0; t < 200; t += 10) {
      if (ids.trySend(1)) sent++;
      await clock.advance(10);
    }
    expect(await outcome).toBe(DeadlineExceeded);
    expect(sent).toBeGreaterThan(3);
    expect(ids.closed).toBe(false);
  });

  it("a source that goes quiet fails it with a StageTimeoutError", async () => {
    const { enrich } = load("Staged timeouts: per item and for the whole traversal");
    const ids = chan<number>(1);
    await ids.send(1);
    const p = enrich(ids, lookup, budget);
    const e = await until(p, 300).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StageTimeoutError);
    expect((e as Error).message).toContain("timeout: no value within 100 ms");
    expect(ids.closed).toBe(false);
  });
});
