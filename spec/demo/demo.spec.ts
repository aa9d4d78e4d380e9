// `npm run demo`, run for real: demo/main.mjs in a plain node child process on
// a small fixture tree made here, against a fresh build of src/ (see
// ./_register.mjs). The demo's summary is parsed and checked: every file the
// walk took in is accounted for exactly once (seen = indexed + failed +
// returned), and the stop paths (input exhausted, --stop-after, Ctrl-C, a
// second Ctrl-C) each go Running → Draining → Stopped.
//
// No timing is measured. The Ctrl-C tests run the service at one call per
// second, so most files are still in flight when the signal is sent: the clock
// decides how many can finish, whatever the machine's speed.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { entry } from "../diag/_run.js";

const DEMO = fileURLToPath(new URL("../../demo/main.mjs", import.meta.url));
const REGISTER = new URL("./_register.mjs", import.meta.url).href;

// ── The fixture: 12 files with known line counts, and 3 directories the walk must skip ──

const root = mkdtempSync(join(tmpdir(), "cspkit-demo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  "README.md": "# fixture\n\nthree lines\n",
  "empty.txt": "",
  "no-newline.txt": "one line, no newline at the end",
  "crlf.txt": "a\r\nb\r\n",
  "src/a.ts": "export const a = 1;\n",
  "src/b.ts": "export const b = 2;\nexport const c = 3;\n",
  "src/deep/er/c.json": '{\n  "x": 1\n}\n',
  "src/deep/d.txt": "x\n".repeat(100),
  "docs/guide.md": "line\n".repeat(7),
  "docs/big.txt": "0123456789abcdef\n".repeat(10_000), // several read chunks
  "data/blob.bin": "\u0000\u0001\u0002\n\u00ff",
  "data/z.csv": "a,b\n1,2\n3,4\n",
};
const LINES = 3 + 0 + 1 + 2 + 1 + 2 + 3 + 100 + 7 + 10_000 + 2 + 3;
const skipped = ["node_modules/pkg/index.js", ".git/HEAD", "dist/index.js", "src/node_modules/x.js"];
for (const [path, text] of Object.entries(files)) write(path, text);
for (const path of skipped) write(path, "skip me\n");

function write(path: string, text: string): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

const FILES = Object.keys(files).length;

// ── Running the demo ──

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the demo on the fixture; `watch` sees all of stdout so far after each chunk. */
function demo(args: readonly string[], watch?: (stdout: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, ["--import", REGISTER, DEMO, root, ...args], {
    env: { ...process.env, CSPKIT_ENTRY: entry() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    watch?.(stdout, child);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // A safety net against a hung child, not a measurement.
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Calls `then(child)` once, the first time stdout matches `pattern`. */
function when(pattern: RegExp, then: (child: ChildProcess) => void): (stdout: string, child: ChildProcess) => void {
  let fired = false;
  return (stdout, child) => {
    if (!fired && pattern.test(stdout)) {
      fired = true;
      then(child);
    }
  };
}

/** The summary's numbers, checked for consistency with each other. */
function summary(out: string) {
  const num = (re: RegExp): number => {
    const m = re.exec(out);
    expect(m, `${re} in:\n${out}`).not.toBeNull();
    return Number(m![1]);
  };
  const s = {
    seen: num(/^ {2}files seen\s+(\d+)$/m),
    hashed: num(/^ {2}hashed\s+(\d+)/m),
    lines: num(/^ {2}hashed\s+\d+\s+(\d+) lines/m),
    indexed: num(/^ {2}indexed\s+(\d+)/m),
    failed: num(/^ {2}failed\s+(\d+)$/m),
    returned: num(/^ {2}returned\s+(\d+)/m),
  };
  // The demo's own check, printed with the coordinator's totals.
  const lost = /^ {2}nothing lost: seen (\d+) = indexed (\d+) \+ failed (\d+) \+ returned (\d+) ✓$/m.exec(out);
  expect(lost, `a passed "nothing lost" check in:\n${out}`).not.toBeNull();
  expect(lost!.slice(1).map(Number)).toEqual([s.seen, s.indexed, s.failed, s.returned]);
  expect(s.indexed + s.failed + s.returned).toBe(s.seen);
  // Every failure is listed under exactly one reason.
  const reasons = [...out.matchAll(/^ {4}\S.*?\s+(\d+)$/gm)].map((m) => Number(m[1]));
  expect(reasons.reduce((a, b) => a + b, 0)).toBe(s.failed);
  return s;
}

/** The shutdown transitions, in the order printed. */
const transitions = (out: string): string[] => [...out.matchAll(/shutdown: (\w+ → \w+.*)$/gm)].map((m) => m[1]!);

// A status line of a slow run with at least 5 files in flight.
const BUSY = /in flight ([5-9]|\d{2,})\b/;

describe("npm run demo", () => {
  it("walks the whole tree, skipping node_modules/.git/dist, and accounts for every file", async () => {
    // With seed 20 the simulated service gives this fixture two 500s and one
    // call slower than the timeout (drawn from demo/service.mjs's generator).
    const r = await demo(["--seed=20"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.seen).toBe(FILES);
    expect(s.hashed).toBe(FILES);
    expect(s.lines).toBe(LINES);
    expect(s.returned).toBe(0);
    expect(s.failed).toBe(3);
    expect(r.stdout).toMatch(/^ {4}service error 500\s+2$/m);
    expect(r.stdout).toMatch(/^ {4}timeout \(250 ms\)\s+1$/m);
    expect(r.stdout).toContain("stopped by input exhausted (drained)");
    expect(transitions(r.stdout)).toEqual(["running → draining (input exhausted)", "draining → stopped"]);
    for (const path of skipped) expect(r.stdout).not.toContain(path);
  });

  it("--stop-after=5 drains: exactly 5 files taken in, all of them finished", async () => {
    const r = await demo(["--stop-after=5", "--drain-timeout=60000"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.seen).toBe(5);
    expect(s.indexed + s.failed).toBe(5);
    expect(s.returned).toBe(0);
    expect(r.stdout).toContain("stopped by --stop-after=5 (drained)");
    expect(transitions(r.stdout)).toEqual(["running → draining (--stop-after=5)", "draining → stopped"]);
  });

  it("Ctrl-C drains; at the drain deadline the files still in flight are returned", async () => {
    let sent = false;
    const r = await demo(
      ["--rate=1", "--drain-timeout=300"],
      when(BUSY, (child) => (sent = child.kill("SIGINT"))),
    );
    expect(sent).toBe(true);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.seen).toBeLessThanOrEqual(FILES);
    expect(s.returned).toBeGreaterThan(0);
    expect(r.stdout).toContain("stopped by Ctrl-C (not drained: the files in flight were returned)");
    expect(transitions(r.stdout)).toEqual(["running → draining (Ctrl-C)", "draining → stopped"]);
    // The returned files are named (up to five of them).
    const listed = /^ {2}returned\s+\d+\s+(.+)$/m.exec(r.stdout)![1]!;
    expect(Object.keys(files).some((path) => listed.includes(path))).toBe(true);
  });

  it("a second Ctrl-C while draining stops at once", async () => {
    let sent = 0;
    const r = await demo(
      ["--rate=1", "--drain-timeout=60000"],
      (stdout, child) => {
        if (sent === 0 && BUSY.test(stdout)) sent += Number(child.kill("SIGINT"));
        else if (sent === 1 && stdout.includes("running → draining")) sent += Number(child.kill("SIGINT"));
      },
    );
    expect(sent).toBe(2);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = summary(r.stdout);
    expect(s.returned).toBeGreaterThan(0);
    expect(r.stdout).toContain("stopped by Ctrl-C, then a second Ctrl-C (not drained: the files in flight were returned)");
    expect(transitions(r.stdout)).toEqual(["running → draining (Ctrl-C)", "draining → stopped"]);
  });

  it("rejects a bad option with exit code 2, naming the option and the value", async () => {
    const r = await demo(["--rate=0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rate must be an integer ≥ 1, got "0"');
    expect(r.stdout).toBe("");
  });
});
