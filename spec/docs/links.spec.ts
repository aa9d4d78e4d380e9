// Links in docs/*.md must lead somewhere: `#anchor` to a heading of the same page
// (GitHub's slug rules), `file.md` and `file.md#anchor` to a page and heading in docs/.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs");

/** GitHub's heading id: lower case, punctuation dropped (but - and _), spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");

/** The page's text outside fenced code blocks. */
const prose = (file: string): string => readFileSync(join(docsDir, file), "utf8").replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");

const anchors = (file: string): Set<string> =>
  new Set([...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

it("every link in docs/*.md resolves to a page and heading", () => {
  const pages = readdirSync(docsDir).filter((f) => f.endsWith(".md"));
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    for (const [, target] of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http:, https:, mailto:
      const [file, anchor] = target!.split("#") as [string, string | undefined];
      const into = file === "" ? page : file;
      checked++;
      if (!existsSync(join(docsDir, into))) broken.push(`${page}: ${target} (no such file)`);
      else if (anchor !== undefined && into.endsWith(".md") && !anchors(into).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(15);
});
