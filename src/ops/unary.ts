// The shape shared by every one-input, one-output stage: check the input, make
// the record and the output, run the body.

import type { Channel } from "../chan/chan.js";
import type { RecvChan } from "../chan/types.js";
import type { Source, StageOptions } from "./options.js";
import { read, source } from "./source.js";
import { StageRec, type StageChan } from "./stage.js";
import { Check } from "./validate.js";

/** The input argument of a stage, checked when the stage is applied. */
export function checkInput(where: string, input: unknown): void {
  new Check(where).arg("input", input, source).done();
}

/** Build a one-input, one-output stage running `body`. */
export function unary<A, B>(
  op: string,
  where: string,
  options: StageOptions | undefined,
  input: Source<A>,
  body: (s: StageRec, inp: Channel<A>, out: StageChan<B>) => Promise<void>,
): RecvChan<B> {
  checkInput(`${where}(input)`, input);
  const s = new StageRec(op, options);
  const inp = read(s, input);
  const out = s.output<B>(options?.buffer, options?.overflow);
  s.launch(() => body(s, inp, out));
  return out;
}
