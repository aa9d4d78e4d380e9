// The examples of the "Goroutines and recover" and "errgroup" sections of
// docs/go-to-cspkit.md, run for real with the values they claim.

import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { Canceled, background, chan, go, group, onPanic, select, type Context } from "../../src/index.js";
import { flush, hygiene } from "./_util.js";

const recorded = hygiene();

interface Job {
  id: number;
}

describe("Goroutines and recover", () => {
  it("the first-job task: handles one job and returns its id", async () => {
    const jobs = chan<Job>(1);
    const handled: number[] = [];
    await jobs.send({ id: 7 });
    const t = go(
      async (ctx) => {
        const r = await select({ job: jobs, quit: ctx.done });
        if (r.case === "quit" || !r.ok) return 0;
        handled.push(r.value.id);
        return r.value.id;
      },
      { name: "first-job", signal: new AbortController().signal, recover: () => 0 },
    );
    expect(await t.join()).toEqual(E.right(7));
    expect(handled).toEqual([7]);
  });

  it("the first-job task: a panic in handle() is recovered as 0", async () => {
    const jobs = chan<Job>(1);
    await jobs.send({ id: 7 });
    const causes: unknown[] = [];
    const boom = new Error("handler broke");
    const t = go(
      async (ctx) => {
        const r = await select({ job: jobs, quit: ctx.done });
        if (r.case === "quit" || !r.ok) return 0;
        throw boom;
      },
      { name: "first-job", recover: (p) => (causes.push(p.cause), 0) },
    );
    expect(await t.join()).toEqual(E.right(0));
    expect(causes).toEqual([boom]);
  });

  it("the first-job task: cancelled through its signal, it returns 0", async () => {
    const ac = new AbortController();
    const t = go(
      async (ctx) => {
        const r = await select({ job: chan<Job>(), quit: ctx.done });
        return r.case === "quit" ? 0 : 1;
      },
      { name: "first-job", signal: ac.signal },
    );
    ac.abort();
    expect(await t.join()).toEqual(E.right(0));
  });

  it("onPanic: log and keep going, then restore", async () => {
    const logged: string[] = [];
    const restore = onPanic((p) => logged.push(`${p.message}\n${p.startedAt}`));
    go(
      () => {
        throw new Error("lost");
      },
      { name: "fire-and-forget" },
    );
    await flush();
    restore();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^panic in task "fire-and-forget": lost\n {4}at .*docs\.spec\.ts:\d+:\d+/);
    expect(recorded.take()).toEqual([]);
  });
});

describe("errgroup", () => {
  const fetchSize = async (url: string, ctx: Context): Promise<number> => (ctx.err() ? 0 : url.length);

  it("sizes of every url, at most 4 at a time", async () => {
    const urls = ["a.example", "b.example", "c.example"];
    const g = group(background(), { limit: 4 });
    const sizes = new Map<string, number>();
    for (const url of urls) {
      await g.go(async (ctx) => {
        sizes.set(url, await fetchSize(url, ctx));
      });
    }
    await g.wait();
    expect([...sizes]).toEqual([
      ["a.example", 9],
      ["b.example", 9],
      ["c.example", 9],
    ]);
    expect(g.ctx.err()).toBe(Canceled);
  });

  it("a failing fetch: wait rejects with it, and it is g.ctx's cause", async () => {
    const g = group(background(), { limit: 4 });
    const bad = new Error("404 b.example");
    for (const url of ["a.example", "b.example"]) {
      await g.go(async (ctx) => {
        if (url === "b.example") throw bad;
        await fetchSize(url, ctx);
      });
    }
    await expect(g.wait()).rejects.toBe(bad);
    expect(g.ctx.cause()).toBe(bad);
  });

  it("the methods are bound: const { go: spawn, wait } = group()", async () => {
    const { go: spawn, wait } = group();
    let ran = false;
    await spawn(() => {
      ran = true;
    });
    await wait();
    expect(ran).toBe(true);
  });
});
