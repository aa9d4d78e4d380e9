// Imports point down the layers (DESIGN §3): the engine knows nothing of the
// layers above it. Checked over every source file's import statements.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

// Higher may import lower, never the reverse; folders of one rank do not import each other.
const RANK: Record<string, number> = {
  chan: 0,
  select: 1,
  time: 1,
  context: 2,
  sync: 2,
  diag: 2,
  task: 3, // goroutines and errgroup: on top of context and sync
  ops: 4,
  resilience: 5, // a policy's stage is an operator
  schema: 5, // decode() is an operator
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith(".ts") ? [p] : [];
  });
}

describe("layers", () => {
  it("every import from another folder goes to a lower layer", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const f of files(SRC)) {
      const rel = relative(SRC, f).split(sep);
      if (rel.length < 2) continue; // src/index.ts: the public face re-exports everything
      const from = rel[0]!;
      expect(RANK, `src/${from} has no layer`).toHaveProperty(from);
      for (const m of readFileSync(f, "utf8").matchAll(/from "\.\.\/([a-z]+)\//g)) {
        const to = m[1]!;
        checked++;
        if (to === from) continue;
        if (!(to in RANK) || RANK[to]! >= RANK[from]!) wrong.push(`src/${rel.join("/")} imports src/${to}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
