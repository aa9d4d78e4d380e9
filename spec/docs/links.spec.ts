// Links in docs/*.md and README.md must lead somewhere: `#anchor` to a heading of
// the same page (GitHub's slug rules), a relative path to a file or folder that
// exists in the repository, and `page.md#anchor` to a heading of that page.
// Targets resolve from the linking page's folder, as GitHub resolves them.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const docsDir = join(root, "docs");

/** GitHub's heading id: lower case, punctuation dropped (but - and _), spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/ /g, "-");

/** The page's text outside fenced code blocks. */
const prose = (path: string): string => readFileSync(path, "utf8").replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");

const anchors = (path: string): Set<string> => new Set([...prose(path).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

it("every link in docs/*.md and README.md resolves to a file and heading", () => {
  const pages = [...readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => join(docsDir, f)), join(root, "README.md")];
  const broken: string[] = [];
  const checked = new Map<string, number>();
  for (const page of pages) {
    const name = relative(root, page);
    for (const [, target] of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http:, https:, mailto:
      const [file, anchor] = target!.split("#") as [string, string | undefined];
      const into = file === "" ? page : resolve(dirname(page), file);
      checked.set(name, (checked.get(name) ?? 0) + 1);
      if (!existsSync(into)) broken.push(`${name}: ${target} (no such file)`);
      else if (anchor !== undefined && into.endsWith(".md") && !anchors(into).has(anchor)) broken.push(`${name}: ${target} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
  expect(checked.get("docs/go-to-cspkit.md") ?? 0).toBeGreaterThan(15);
  expect(checked.get("README.md") ?? 0).toBeGreaterThan(5);
});
