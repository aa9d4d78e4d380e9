// Run a fixture script (spec/diag/fixtures/*.mjs) with plain node against a
// build of src/. The build is spec/chan/_child.ts's transpiled copy of src/ in a
// temp dir (shared by every spec file, rebuilt when src/ changes), so no spec
// races another helper's `dist/`. Fixtures import cspkit from CSPKIT_ENTRY.

import { spawn } from "node:child_process";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSrc } from "../chan/_child.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface Exit {
  /** Exit code, or null when killed (timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  /** Arguments after the script. */
  readonly args?: readonly string[];
  /** Called with each chunk of stdout as it arrives (to talk to the child). */
  readonly onStdout?: (chunk: string) => void;
  /** SIGKILL after this long (a safety net, not a measurement). */
  readonly killAfterMs?: number;
}

/** The entry module of the build, as a file URL. */
export const entry = (): string => pathToFileURL(join(buildSrc(), "index.js")).href;

/** A module of the build other than the entry (e.g. "chan/registry.js"), as a file URL. */
export const internal = (path: string): string => pathToFileURL(join(buildSrc(), path)).href;

/** Run fixture `name` (or the script at an absolute path) and collect its exit code and output. */
export function runFixture(name: string, options: RunOptions = {}): Promise<Exit> {
  const env: NodeJS.ProcessEnv = { ...process.env, CSPKIT_ENTRY: entry(), CSPKIT_BUILD: pathToFileURL(buildSrc()).href + "/" };
  delete env["CSPKIT_DEBUG"];
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [isAbsolute(name) ? name : join(FIXTURES, name), ...(options.args ?? [])], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
    options.onStdout?.(c);
  });
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 15_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}
