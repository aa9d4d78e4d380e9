// A policy as a pipeline stage: each item goes through policy.run, one at a
// time, in order. Built on the operators' stage machinery (../ops/unary.ts), so
// it follows their rules: it closes its output when its input is exhausted, an
// error (a BrokenCircuitError with no fallback, a failure of fn) fails the stage
// and reaches the end of the pipeline once, a consumer that stops early or a
// cancelled `signal`/`ctx` stops it, and nothing is left parked.
//
// Layering: resilience sits on top of ops (a policy's stage is an operator),
// so these imports point down a layer; ops never imports resilience.

import type { Stage, StageOptions } from "../ops/options.js";
import { isThenable } from "../ops/stage.js";
import { unary } from "../ops/unary.js";
import { BUFFERED, Check, fn as isFn } from "../ops/validate.js";
import type { PolicyBase } from "./policy.js";
import type { ExecuteContext } from "./types.js";

/** @internal The stage of `policy` applying `fn` to each item. */
export function policyStage<A, B, C extends ExecuteContext>(
  where: string,
  op: string,
  policy: PolicyBase<C, unknown>,
  fn: (item: A, ctx: C) => unknown,
  options: StageOptions | undefined,
): Stage<A, B> {
  new Check(where).arg("fn", fn, isFn).options(options, BUFFERED).done();
  return (input) =>
    unary<A, B>(op, where, options, input, async (s, inp, out) => {
      // The stage's context is cancelled when the stage stops: fn's signal follows it,
      // and for the policy that is the caller's abort (not a breaker failure).
      const signal = s.ctx.signal;
      while (!s.finished) {
        let r = s.next(inp);
        if (r instanceof Promise) r = await r;
        if (!r.ok) return s.ended(inp);
        const item = r.value;
        let v: unknown = policy.run((c) => fn(item, c), signal, null);
        if (isThenable(v)) v = await s.wait(v);
        const p = s.put(out, v as B);
        if (p !== undefined) await p;
      }
    });
}
