// Running one function as a task: listed by diagnostics while it runs, its
// synchronous part run as the "current task" (so what it parks records its
// name), its outcome delivered once it settles — always asynchronously, even
// for a synchronous return or throw, so that `go(fn).join()` written on one
// line observes a synchronous throw too.

import { microtask } from "../chan/host.js";
import { RunningTask, runAsTask } from "../chan/registry.js";
import type { Context } from "../context/types.js";

/** What a task's outcome is delivered to. */
export interface Outcome {
  ok(value: unknown): void;
  fail(error: unknown): void;
}

export function run(name: string, fn: (ctx: Context) => unknown, ctx: Context, out: Outcome): void {
  const diag = new RunningTask(name);
  diag.begin();
  const ok = (v: unknown): void => {
    diag.end();
    out.ok(v);
  };
  const fail = (e: unknown): void => {
    diag.end();
    out.fail(e);
  };
  let p: Promise<unknown>;
  try {
    // Promise.resolve adopts thenables; a thenable whose `then` throws rejects it.
    p = Promise.resolve(runAsTask(name, () => fn(ctx)));
  } catch (e) {
    microtask(() => fail(e));
    return;
  }
  p.then(ok, fail);
}
