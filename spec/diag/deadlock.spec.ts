// detectDeadlocks(): checked from outside, on child processes running the
// fixtures in ./fixtures against a build of src/. A deadlock exits 2 with Go's
// message and the dump; a healthy program, a pending timer and an open server
// are never reported. Node itself exits 13, silently, when a top-level await
// never settles: that is what "not reported" looks like for a stuck script.

import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { DEADLOCK, detectDeadlocks } from "../../src/index.js";
import { runFixture } from "./_run.js";

const REPORT = `${DEADLOCK}\n\n`;

describe("detectDeadlocks() in a child process", () => {
  it("reports a deliberate deadlock: Go's message, a blank line, the dump; exit code 2", async () => {
    const r = await runFixture("deadlock.mjs");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("waiting for a result\n");
    expect(r.stderr.startsWith(REPORT)).toBe(true);
    const paragraphs = r.stderr.slice(REPORT.length).split("\n\n");
    expect(paragraphs[0]).toMatch(/^op 1 \[chan receive, \d+ ms\]:\n\trecv chan "results"$/);
    expect(paragraphs).toHaveLength(2); // and the hint about stacks
    expect(DEADLOCK).toBe("fatal error: all tasks are asleep - deadlock!");
  });

  it("leaves a healthy program alone", async () => {
    const r = await runFixture("healthy.mjs");
    expect(r).toEqual({ code: 0, stdout: "sum 6\n", stderr: "" });
  });

  it("never reports a select waiting on a timer: the pending timer keeps the loop alive", async () => {
    const r = await runFixture("timer.mjs");
    expect(r).toEqual({ code: 0, stdout: "selected late\n", stderr: "" });
  });

  it("never reports a receive while a server is listening; reports it once the server is gone", async () => {
    // The fixture has no timer: only its listening server keeps it alive until we
    // connect (~200 ms after it printed its port).
    const talk = (mode: string) => {
      let connected = false;
      let out = "";
      return runFixture("socket.mjs", {
        args: [mode],
        onStdout(chunk) {
          out += chunk;
          const m = /port (\d+)/.exec(out);
          if (m === null || connected) return;
          connected = true;
          setTimeout(() => {
            const s = createConnection(Number(m[1]), "127.0.0.1");
            s.on("error", () => {});
            s.resume();
          }, 200);
        },
      });
    };
    const sent = await talk("send");
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^port \d+\ngot hello\n$/);
    expect(sent.stderr).toBe("");

    const dropped = await talk("drop");
    expect(dropped.code).toBe(2);
    expect(dropped.stderr).toMatch(/^fatal error: all tasks are asleep - deadlock!\n\nop 1 \[chan receive, \d+ ms\]:\n\trecv chan "inbox"\n/);
  });

  it("reports deadlocks on sync primitives with Go's wait reasons", async () => {
    const mutex = await runFixture("sync.mjs", { args: ["mutex"] });
    expect(mutex.code).toBe(2);
    expect(mutex.stderr).toMatch(/^fatal error: all tasks are asleep - deadlock!\n\nop 1 \[sync\.Mutex\.Lock, \d+ ms\]:\n\tlock Mutex "db"\n/);
    const wg = await runFixture("sync.mjs", { args: ["waitgroup"] });
    expect(wg.code).toBe(2);
    expect(wg.stderr).toMatch(/\nop 1 \[sync\.WaitGroup\.Wait, \d+ ms\]:\n\twait WaitGroup "downloads"\n/);
  });

  it("names tasks: one parked on a send, one running but parked on nothing cspkit knows", async () => {
    const r = await runFixture("task.mjs");
    expect(r.code).toBe(2);
    const paragraphs = r.stderr.slice(REPORT.length).split("\n\n");
    expect(paragraphs.slice(0, 2)).toEqual([
      expect.stringMatching(/^task "worker-3" \[chan send, \d+ ms\]:\n\tsend chan "results"$/),
      expect.stringMatching(/^task "stuck" \[running, \d+ ms\]:\n\tnot parked on a channel or sync primitive \(awaiting something else\)$/),
    ]);
    expect(paragraphs).toHaveLength(3);
  });

  it("honours ignore and exitCode, and reports nothing once uninstalled", async () => {
    const ignored = await runFixture("options.mjs", { args: ["ignored"] });
    expect(ignored).toEqual({ code: 0, stdout: "", stderr: "" });
    const both = await runFixture("options.mjs", { args: ["both"] });
    expect(both.code).toBe(3);
    // The dump shows everything, the ignored operation too.
    expect(both.stderr).toContain('\trecv chan "metrics"\n');
    expect(both.stderr).toContain('\trecv chan "results"\n');
    const uninstalled = await runFixture("options.mjs", { args: ["uninstalled"] });
    expect(uninstalled.code).toBe(13); // Node's own exit for the unsettled top-level await
    expect(uninstalled.stdout).toBe("");
    expect(uninstalled.stderr).not.toContain("deadlock");
  });
});

describe("debug mode installs the detector", () => {
  it("is off by default: the stuck script ends with Node's own exit code 13 and no report", async () => {
    const r = await runFixture("debug.mjs");
    expect(r.code).toBe(13);
    expect(r.stderr).not.toContain("deadlock");
  });

  it("CSPKIT_DEBUG=1 installs it at load, and the dump shows where the operation parked", async () => {
    const r = await runFixture("debug.mjs", { env: { CSPKIT_DEBUG: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fatal error: all tasks are asleep - deadlock!\n\nop 1 \[chan receive, \d+ ms\]:\n\trecv chan "jobs"\n\tat .*fixtures\/debug\.mjs:11:\d+\n$/);
  });

  it("setDebug(true) installs it; setDebug(false) removes the automatic one", async () => {
    const on = await runFixture("debug.mjs", { args: ["on"] });
    expect(on.code).toBe(2);
    expect(on.stderr).toContain('\trecv chan "jobs"\n\tat ');
    const off = await runFixture("debug.mjs", { args: ["on-off"] });
    expect(off.code).toBe(13);
    expect(off.stderr).not.toContain("deadlock");
  });
});

describe("detectDeadlocks() in this process", () => {
  it("adds one beforeExit listener and its returned function removes it (twice is harmless)", () => {
    const before = process.listenerCount("beforeExit");
    const stop = detectDeadlocks();
    expect(process.listenerCount("beforeExit")).toBe(before + 1);
    stop();
    stop();
    expect(process.listenerCount("beforeExit")).toBe(before);
  });

  it("rejects bad options with the argument named", () => {
    expect(() => detectDeadlocks(2 as never)).toThrow(
      new TypeError("detectDeadlocks(options): options must be an object like { exitCode: 2 }, got 2"),
    );
    expect(() => detectDeadlocks({ exitCode: 0 })).toThrow(
      new RangeError("detectDeadlocks(options): options.exitCode must be an integer from 1 to 255, got 0"),
    );
    expect(() => detectDeadlocks({ exitCode: 2.5 })).toThrow(RangeError);
    expect(() => detectDeadlocks({ exitCode: "2" as never })).toThrow(
      new TypeError('detectDeadlocks(options): options.exitCode must be an integer from 1 to 255, got "2"'),
    );
    expect(() => detectDeadlocks({ ignore: "metrics" as never })).toThrow(
      new TypeError('detectDeadlocks(options): options.ignore must be a function (entry) => boolean or an array of names and RegExps, got "metrics"'),
    );
  });
});
