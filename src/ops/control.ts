// Looking at and stopping an operator from outside, through its output channel.

import type { option as O } from "fp-ts";
import type { RecvChan } from "../chan/types.js";
import { StageChan } from "./stage.js";

/**
 * Why the operator behind `ch` failed: `Some(error)` once it has, `None` while
 * it runs, after it finished cleanly, or if `ch` is not an operator's output.
 * `for await` and the terminals report failures by themselves; this is for a
 * consumer that reads with `recv()` and sees `{ ok: false }`.
 *
 * @example
 * ```ts
 * const out = map((n: number) => 10 / n)(of(1, 2));
 * while ((await out.recv()).ok);
 * const e = stageError(out); // { _tag: "None" }: it finished cleanly
 * ```
 */
export function stageError(ch: RecvChan<unknown>): O.Option<unknown> {
  if (!(ch instanceof StageChan)) return { _tag: "None" };
  const f = ch.failure ?? ch.stage.failure;
  return f === null ? { _tag: "None" } : { _tag: "Some", value: f.error };
}

/**
 * Tell the operator behind `ch` that its consumer is gone (what `break` out of
 * `for await` does): it stops, closes `ch`, and stops everything upstream that
 * only fed it. Returns false (and does nothing) if `ch` is not an operator's
 * output.
 *
 * @example
 * ```ts
 * const ticks = map((n: number) => n)(range(0, Infinity));
 * await ticks.recv();
 * stopStage(ticks); // the range source stops too
 * ```
 */
export function stopStage(ch: RecvChan<unknown>): boolean {
  if (!(ch instanceof StageChan)) return false;
  ch.stage.release(ch as StageChan<unknown>);
  return true;
}
