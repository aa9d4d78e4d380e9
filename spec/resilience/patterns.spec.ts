// The circuit-breaker section of docs/patterns.md, run for real: its program is
// taken from the page, transpiled, pointed at a build of src/ and run with
// plain node; it must print exactly what the page shows.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { entry, runFixture } from "../diag/_run.js";

const PAGE = fileURLToPath(new URL("../../docs/patterns.md", import.meta.url));
const HEADING = "A concurrency circuit breaker with limit, degrade and fallback";
const dir = mkdtempSync(join(tmpdir(), "cspkit-resilience-patterns-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fenced blocks of one `## ` section, in order. */
function section(heading: string): { lang: string; code: string }[] {
  const text = readFileSync(PAGE, "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/patterns.md has a "## ${heading}" section`).toBeGreaterThan(0);
  const next = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, next < 0 ? undefined : next);
  return [...body.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

describe("docs/patterns.md", () => {
  it(`${HEADING}: the program prints what the page shows`, async () => {
    const blocks = section(HEADING);
    const code = blocks.filter((b) => b.lang === "ts");
    expect(code).toHaveLength(1);
    const shown = blocks.find((b) => b.lang === "text")!.code;
    const js = ts.transpileModule(code[0]!.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const file = join(dir, "breaker.mjs");
    writeFileSync(file, js.replace(/from "cspkit";/g, `from ${JSON.stringify(entry())};`));
    const r = await runFixture(file);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(shown);
  });
});
