// The two diagnostics sections of docs/patterns.md, run for real: each section's
// TypeScript program is taken from the page, transpiled, pointed at a build of
// src/ and run with plain node; what it prints must be what the page shows
// (durations and line numbers aside).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { section } from "../docs/_pages.js";
import { entry, runFixture } from "./_run.js";

const PAGE = fileURLToPath(new URL("../../docs/patterns.md", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "cspkit-patterns-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** Write `code` (TypeScript importing "cspkit") as a runnable .mjs against the build; returns its file name. */
function program(name: string, code: string): string {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = join(dir, name);
  writeFileSync(file, js.replace(/from "cspkit";/g, `from ${JSON.stringify(entry())};`));
  return file;
}

/** Durations vary from run to run. */
const scrub = (s: string): string =>
  s
    .split("\n")
    .map((l) => l.trimEnd().replace(/\d+ ms/g, "N ms"))
    .join("\n");

describe("docs/patterns.md", () => {
  it("Leak hunting with blocked() and expectNoLeaks(): the program prints what the page shows", async () => {
    const blocks = section("Leak hunting with blocked() and expectNoLeaks()");
    const code = blocks.filter((b) => b.lang === "ts");
    expect(code).toHaveLength(1);
    const shown = blocks.find((b) => b.lang === "text")!.code;
    const r = await runFixture(program("leaks.mjs", code[0]!.code));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(scrub(r.stdout)).toBe(scrub(shown));
  });

  it("A deliberate deadlock and the detector's report: exit code 2 and the report the page shows", async () => {
    const blocks = section("A deliberate deadlock and the detector's report");
    const code = blocks.filter((b) => b.lang === "ts");
    expect(code).toHaveLength(1);
    const shown = blocks.find((b) => b.lang === "text")!.code;
    const file = program("main.mjs", code[0]!.code);

    const r = await runFixture(file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("sending\n");
    expect(scrub(r.stderr)).toBe(scrub(shown));

    // The page's claim about debug mode: the paragraph gains where the send parked,
    // the page quoting the position in its own program, the report in the one that ran.
    const at = (text: string): string => {
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.includes("answers.send(42)"));
      return `${line + 1}:${lines[line]!.indexOf("send(42)") + 1}`;
    };
    expect(readFileSync(PAGE, "utf8")).toContain(`(\`at file:///…/main.mjs:${at(code[0]!.code)}\`)`);
    const debug = await runFixture(file, { env: { CSPKIT_DEBUG: "1" } });
    expect(debug.code).toBe(2);
    expect(debug.stderr.endsWith(`\n\tsend chan "answers"\n\tat ${pathToFileURL(file).href}:${at(readFileSync(file, "utf8"))}\n`)).toBe(true);
  });
});
