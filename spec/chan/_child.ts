// Run a plain-`node` child process against the engine's current source.
//
// Some properties are only observable from outside: that a process exits by
// itself (no timer left behind), that the heap did not grow (with --expose-gc),
// that a ping-pong starves timers with the guard off (the child never returns).
// dist/ may be stale while the unit tests run (npm test builds after them), so
// src/ is transpiled (TypeScript's transpileModule, type-free) into a temp dir
// and the child imports that.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

let built: string | undefined;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Remove builds of earlier sources (older than 10 minutes, so none still in use). */
function pruneOldBuilds(keep: string): void {
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(tmpdir())) {
    if (!/^cspkit-spec-[0-9a-f]{16}$/.test(name)) continue;
    const dir = join(tmpdir(), name);
    if (dir === keep) continue;
    try {
      if (statSync(dir).mtimeMs < cutoff) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone already (another spec file pruned it).
    }
  }
}

/**
 * Transpile src/ into a temp dir and return that dir. The dir is named by a hash
 * of the sources, so spec files (and runs) share one build until src/ changes.
 */
export function buildSrc(): string {
  if (built !== undefined) return built;
  const files = walk(SRC).sort();
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update(readFileSync(f));
  const final = join(tmpdir(), `cspkit-spec-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(join(final, "package.json"))) {
    // Loaded only when a build is needed (it takes a while).
    const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
    const out = mkdtempSync(join(tmpdir(), "cspkit-spec-tmp-"));
    for (const file of files) {
      const js = ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
        fileName: file,
      }).outputText;
      const dest = join(out, relative(SRC, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, js);
    }
    // Written last: its presence marks a complete build.
    writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
    try {
      renameSync(out, final);
    } catch {
      // Another spec file won the race with an identical build.
      rmSync(out, { recursive: true, force: true });
    }
    pruneOldBuilds(final);
  }
  built = final;
  return final;
}

export interface ChildResult {
  /** Exit code, or null if the child was killed. */
  readonly code: number | null;
  /** The signal that killed it (e.g. "SIGKILL" on timeout), or null. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, ms. */
  readonly ms: number;
}

/**
 * Run `body` (an ES module; `cspkit` is the transpiled src/index.js, already
 * imported as `* as csp`) with plain node. Killed with SIGKILL after `timeoutMs`.
 */
export function runChild(body: string, { timeoutMs, nodeArgs = [] }: { timeoutMs: number; nodeArgs?: string[] }): Promise<ChildResult> {
  const dir = buildSrc();
  const script = join(dir, `child-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  const entry = pathToFileURL(join(dir, "index.js")).href;
  writeFileSync(script, `import * as csp from ${JSON.stringify(entry)};\n${body}\n`);
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, script],
      { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        rmSync(script, { force: true });
        const e = err as (Error & { code?: unknown; signal?: string | null }) | null;
        resolve({
          code: e === null ? 0 : typeof e.code === "number" ? e.code : null,
          signal: e === null ? null : (e.signal ?? null),
          stdout,
          stderr,
          ms: performance.now() - t0,
        });
      },
    );
  });
}
