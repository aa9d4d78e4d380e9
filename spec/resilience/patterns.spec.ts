// The circuit-breaker section of docs/patterns.md, run for real: its program is
// taken from the page, transpiled, pointed at a build of src/ and run with
// plain node; it must print exactly what the page shows.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { section } from "../docs/_pages.js";
import { entry, runFixture } from "../diag/_run.js";

const HEADING = "A concurrency circuit breaker with limit, degrade and fallback";
const dir = mkdtempSync(join(tmpdir(), "cspkit-resilience-patterns-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


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
