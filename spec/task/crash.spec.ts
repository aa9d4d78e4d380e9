// The default panic handler crashes the process, as Go does. Only a separate
// process can show that: each test runs a small script with plain `node`
// against the current source (transpiled to a temp dir by ../chan/_child.ts, so
// it does not depend on dist/ being built) and reads its exit code and stderr.

import { describe, expect, it } from "vitest";
import { runChild } from "../chan/_child.js";

const opts = { timeoutMs: 20_000 };

describe("the default panic handler", () => {
  it("an unobserved panic crashes the process: non-zero exit, the task's name and both stacks on stderr", async () => {
    const r = await runChild(
      `
      function explodeInTask() { throw new Error("kaboom"); }
      function launchFromHere() { csp.go(explodeInTask, { name: "doomed" }); }
      launchFromHere();
      setTimeout(() => console.log("still alive"), 5_000);
      `,
      opts,
    );
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stdout).not.toContain("still alive");
    expect(r.stderr).toContain('TaskPanic: panic in task "doomed": kaboom');
    // the cause's stack: where it was thrown
    expect(r.stderr).toMatch(/\n\s+at explodeInTask \(.*child-.*\.mjs:\d+:\d+\)/);
    // the go() call site, introduced like Go's "created by"
    expect(r.stderr).toMatch(/task "doomed" was started by go\(\) at:\n\s+at launchFromHere \(.*child-.*\.mjs:\d+:\d+\)/);
  });

  it("a rejection after an await crashes the same way", async () => {
    const r = await runChild(
      `
      async function slowFailure() { await csp.sleep(5); throw new TypeError("bad state"); }
      csp.go(slowFailure, { name: "async-doomed" });
      setTimeout(() => console.log("still alive"), 5_000);
      `,
      opts,
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("still alive");
    expect(r.stderr).toContain('panic in task "async-doomed": TypeError: bad state');
    expect(r.stderr).toMatch(/at slowFailure \(/);
  });

  it("a joined task's panic does not crash", async () => {
    const r = await runChild(
      `
      const t = csp.go(() => { throw new Error("handled"); }, { name: "joined" });
      const res = await t.join();
      console.log(res._tag, res.left.message);
      `,
      opts,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Left panic in task "joined": handled\n');
  });

  it("onPanic can log and keep going; its restore brings the crash back", async () => {
    const r = await runChild(
      `
      const restore = csp.onPanic((p) => console.log("logged:", p.message));
      csp.go(() => { throw new Error("first"); }, { name: "a" });
      await csp.sleep(20);
      console.log("still alive");
      restore();
      csp.go(() => { throw new Error("second"); }, { name: "b" });
      await csp.sleep(500);
      console.log("survived the second");
      `,
      opts,
    );
    expect(r.stdout).toBe('logged: panic in task "a": first\nstill alive\n');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('panic in task "b": second');
  });

  it("a handler that throws crashes with the handler's error", async () => {
    const r = await runChild(
      `
      csp.onPanic(() => { throw new Error("handler broke"); });
      csp.go(() => { throw new Error("original"); });
      setTimeout(() => console.log("still alive"), 5_000);
      `,
      opts,
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("still alive");
    expect(r.stderr).toContain("handler broke");
  });

  it("WaitGroup.go's throwing function crashes too (it has no join)", async () => {
    const r = await runChild(
      `
      const wg = new csp.WaitGroup();
      wg.go(() => { throw new Error("wg boom"); });
      await wg.wait();
      setTimeout(() => console.log("still alive"), 5_000);
      `,
      opts,
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("still alive");
    expect(r.stderr).toContain('panic in task "WaitGroup.go": wg boom');
  });

  it("a group's failing task does not crash: its error goes to wait()", async () => {
    const r = await runChild(
      `
      const g = csp.group();
      await g.go(() => { throw new Error("group boom"); });
      console.log((await g.waitEither()).left.message);
      `,
      opts,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("group boom\n");
  });

  it("in debug mode (CSPKIT_DEBUG=1) the start site has the caller's callers too", async () => {
    // runChild spawns synchronously and the child inherits the environment.
    const was = process.env["CSPKIT_DEBUG"];
    process.env["CSPKIT_DEBUG"] = "1";
    let child;
    try {
      child = runChild(
        `
        function explode() { throw new Error("deep"); }
        function inner() { return csp.go(explode, { name: "dbg" }); }
        function outer() { return inner(); }
        const res = await outer().join();
        console.log(res.left.startedAt);
        `,
        opts,
      );
    } finally {
      if (was === undefined) delete process.env["CSPKIT_DEBUG"];
      else process.env["CSPKIT_DEBUG"] = was;
    }
    const r = await child;
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s+at inner \(/);
    expect(lines[1]).toMatch(/^\s+at outer \(/);
  });
});
