// The sections of docs/patterns.md that the pattern specs take their programs from.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const PAGE = fileURLToPath(new URL("../../docs/patterns.md", import.meta.url));

/** The fenced blocks of one `## ` section of docs/patterns.md, in order (the section must exist). */
export function section(heading: string): { lang: string; code: string }[] {
  const text = readFileSync(PAGE, "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/patterns.md has a "## ${heading}" section`).toBeGreaterThan(0);
  const next = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, next < 0 ? undefined : next);
  return [...body.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}
