// Every ```ts block in docs/*.md and README.md must type-check against the real API (src/).
//
// Each block becomes its own virtual module: its `import … from "cspkit"` lines are
// checked against the names src/index.ts exports and replaced by one import of
// everything, its `import … from "fp-ts"` lines (the package root only: subpaths
// fail at run time under plain Node ESM) are kept as they are, and its body is
// wrapped in an async function (so `await` and `return` read as they would inside
// user code). The names the guides take for
// granted (a Job type, a `handle` function, a `signal`, …) are declared in PRELUDE
// as globals, which a snippet may shadow with its own declarations.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { typecheck } from "./_typecheck.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const docsDir = join(root, "docs");
const virtualDir = join(here, "__snippets__");

const PRELUDE = `
import type { AbortSignalLike, Chan, RecvChan } from "../../../src/index.js";
declare global {
  // The snippets need only these two host globals; leaving out @types/node keeps the check fast.
  const console: { log(...data: unknown[]): void };
  interface Job { id: number }
  function handle(job: Job): void;
  function poll(): void;
  const signal: AbortSignalLike;
  const job: Job;
  const jobs: Chan<Job>;
  const ch: Chan<Job>;
  const inbox: Chan<Job>;
  const quit: Chan<void>;
  const results: Chan<string>;
  const last: string;
  const left: RecvChan<number>;
  const right: RecvChan<number>;
  const out: Chan<number>;
  const v: number;
}
export {};
`;

/** Names src/index.ts exports: values (from the module itself) and types (from its source). */
function exportedNames(): { values: string[]; types: string[] } {
  const values = Object.keys(api).sort();
  const source = readFileSync(join(root, "src/index.ts"), "utf8");
  const types = [...source.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((s) => s.trim()).filter(Boolean));
  return { values, types: [...new Set(types)].sort() };
}

interface Snippet {
  readonly doc: string;
  readonly line: number; // 1-based line of the opening fence
  readonly heading: string;
  readonly code: string;
}

/** `doc`: a page's path from the repository root (`docs/patterns.md`, `README.md`). */
function snippets(doc: string): Snippet[] {
  const lines = readFileSync(join(root, doc), "utf8").split("\n");
  const found: Snippet[] = [];
  let heading = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^#{1,6} /.test(l)) heading = l.replace(/^#+ /, "");
    if (l.trim() !== "```ts") continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) body.push(lines[i]!);
    found.push({ doc, line: start + 1, heading, code: body.join("\n") });
  }
  return found;
}

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)";\s*$/;

/**
 * Split a snippet into the names it imports from "cspkit", its fp-ts imports
 * (kept as written), imports from anywhere else, and its body. Import lines
 * leave an empty line in the body, so body lines keep the snippet's numbering.
 */
function splitImports(code: string): { imported: string[]; fpts: string[]; foreign: string[]; body: string } {
  const imported: string[] = [];
  const fpts: string[] = [];
  const foreign: string[] = [];
  const body: string[] = [];
  for (const l of code.split("\n")) {
    const m = IMPORT.exec(l);
    if (m === null) {
      body.push(l);
      continue;
    }
    body.push("");
    if (m[3] === "cspkit") imported.push(...m[2]!.split(",").map((s) => s.trim()).filter(Boolean));
    else if (m[3] === "fp-ts") fpts.push(l.trim());
    else foreign.push(m[3]!);
  }
  return { imported, fpts, foreign, body: body.join("\n") };
}

/**
 * Type errors the docs hit because of a known bug in the API's types, each with
 * the reason. The check fails if one of these stops occurring: delete the entry
 * once the API is fixed.
 */
const KNOWN_API_TYPE_BUGS: readonly { readonly pattern: RegExp; readonly why: string }[] = [];

const docs = [...readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "README.md"];
const all = docs.flatMap(snippets);
const names = exportedNames();

describe("doc snippets", () => {
  it("the guides have TypeScript snippets to check", () => {
    expect(docs).toContain("docs/go-to-cspkit.md");
    expect(all.filter((s) => s.doc === "docs/go-to-cspkit.md").length).toBeGreaterThanOrEqual(15);
    expect(all.filter((s) => s.doc === "README.md").length).toBeGreaterThanOrEqual(6); // the side-by-side example and the tour
  });

  it("import only names that cspkit exports, and only from cspkit", () => {
    const known = new Set([...names.values, ...names.types]);
    const bad = all.flatMap((s) => {
      const { imported, foreign } = splitImports(s.code);
      return [
        ...imported.filter((n) => !known.has(n)).map((n) => `${s.doc}:${s.line} imports unknown name ${n}`),
        ...foreign.map((f) => `${s.doc}:${s.line} imports from ${f}${f.startsWith("fp-ts/") ? ' (import fp-ts from its root: "fp-ts")' : ""}`),
      ];
    });
    expect(bad).toEqual([]);
  });

  it("type-check against src/ with the project's strict options", () => {
    const files = new Map<string, string>();
    files.set(join(virtualDir, "prelude.ts"), PRELUDE);
    const header =
      `import { ${names.values.join(", ")} } from "../../../src/index.js";\n` +
      `import type { ${names.types.join(", ")} } from "../../../src/index.js";\n`;
    const origin = new Map<string, Snippet>();
    all.forEach((s, i) => {
      const file = join(virtualDir, `snippet-${i}.ts`);
      const { fpts, body } = splitImports(s.code);
      // fp-ts imports join the type import's line, so the snippet's first line stays the file's fourth.
      files.set(file, `${header.trimEnd()} ${fpts.join(" ")}\nexport async function snippet(): Promise<void> {\n${body}\n}\n`);
      origin.set(file, s);
    });

    const problems = typecheck(files).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      const file = d.file?.fileName;
      const s = file === undefined ? undefined : origin.get(file);
      if (d.file === undefined || d.start === undefined || s === undefined) return `${file ?? "?"}: ${message}`;
      // Lines 1-2 are the injected imports, line 3 the wrapper: snippet line 1 is file line 4
      // (its own import lines are left empty in place).
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${s.doc}:${s.line + line - 2} (${s.heading}): ${message}`;
    });
    const known = KNOWN_API_TYPE_BUGS.map((k) => ({ why: k.why, hits: problems.filter((p) => k.pattern.test(p)).length }));
    expect(problems.filter((p) => !KNOWN_API_TYPE_BUGS.some((k) => k.pattern.test(p)))).toEqual([]);
    expect(known.filter((k) => k.hits === 0).map((k) => `fixed? remove from KNOWN_API_TYPE_BUGS: ${k.why}`)).toEqual([]);
  }, 120_000); // a whole program check: generous on a busy shared machine
});
