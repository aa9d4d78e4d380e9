// The "Validating at the boundary" section of docs/patterns.md: its program is
// taken from the page, type-checked against src/ with the project's strict
// options (its imports from "cspkit", "cspkit/schema" and
// "cspkit/schema/effect" pointed at src/), then run and compared with the
// output the page shows.
//
// The block is fenced `typescript`, not `ts`, because spec/docs/snippets.spec.ts
// checks every `ts` block against the root entry alone and refuses imports
// from anywhere else; this file does that job for the subpaths.

import * as effectSchema from "@effect/schema";
import * as fpts from "fp-ts";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { section } from "../docs/_pages.js";
import { typecheck } from "../docs/_typecheck.js";
import * as api from "../../src/index.js";
import * as adapter from "../../src/schema/effect.js";
import * as schema from "../../src/schema/index.js";
import { noLeaks } from "../ops/_util.js";

noLeaks();

const here = dirname(fileURLToPath(import.meta.url));
const HEADING = "Validating at the boundary";

/** What the page's imports resolve to: for the type check (paths) and the run (modules). */
const TARGETS: Record<string, { path: string; module: object }> = {
  cspkit: { path: "../../src/index.js", module: api },
  "cspkit/schema": { path: "../../src/schema/index.js", module: schema },
  "cspkit/schema/effect": { path: "../../src/schema/effect.js", module: adapter },
  "@effect/schema": { path: "@effect/schema", module: effectSchema },
  "fp-ts": { path: "fp-ts", module: fpts },
};

const IMPORT = /^import \{([^}]*)\} from "([^"]+)";$/gm;


function program(): { code: string; shown: string } {
  const blocks = section(HEADING);
  const code = blocks.filter((b) => b.lang === "typescript" || b.lang === "ts");
  expect(code, `"${HEADING}" has one program`).toHaveLength(1);
  const shown = blocks.find((b) => b.lang === "text")?.code;
  expect(shown, `"${HEADING}" shows what the program prints`).toBeDefined();
  for (const m of code[0]!.code.matchAll(IMPORT)) expect(Object.keys(TARGETS)).toContain(m[2]);
  return { code: code[0]!.code, shown: shown! };
}

describe("docs/patterns.md", () => {
  it(`${HEADING}: the program type-checks against src/`, () => {
    const { code } = program();
    // Imports stay on top, pointed at src/; the rest runs inside an async function (top-level await).
    const imports = [...code.matchAll(IMPORT)].map((m) => `import {${m[1]}} from "${TARGETS[m[2]!]!.path}";`);
    const body = code.replace(IMPORT, "");
    const file = join(here, "__docs__example.ts");
    const text = `${imports.join("\n")}\nexport async function program(): Promise<void> {\n${body}\n}\n`;
    const problems = typecheck(new Map([[file, text]]), ["node"]).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 120_000);

  it(`${HEADING}: the program prints what the page shows`, async () => {
    const { code, shown } = program();
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    // Each import becomes a destructuring of the module it names.
    const runnable = js.replace(IMPORT, (_all, names: string, from: string) => `const {${names.replace(/ as /g, ": ")}} = modules[${JSON.stringify(from)}];`);
    expect(runnable).not.toMatch(/^import /m);
    const printed: string[] = [];
    const console = { log: (...args: unknown[]) => printed.push(args.map(String).join(" ")) };
    const modules = Object.fromEntries(Object.entries(TARGETS).map(([k, v]) => [k, v.module]));
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
    await new AsyncFunction("console", "modules", runnable)(console, modules);
    expect(printed.map((l) => `${l}\n`).join("")).toBe(shown);
  });
});
