// A promise without a closure per call.
//
// `new Promise((resolve, reject) => { ...park... })` allocates the executor
// closure and a context for what it captures on every park, and when the
// executor is too large to inline, calls it too. The executor runs
// synchronously inside the constructor, so one shared executor can leave the
// settle functions where the caller reads them on the next line:
// `const p = pending(); park(settlers.resolve, settlers.reject); forget(); return p;`
// Only where the executor would be large (select): a small arrow executor, as in
// Channel.send/recv, is inlined and its closure optimised away (measured there:
// pending() was ~10% slower on the fan-in benchmark).

type Resolve = (value: unknown) => void;
type Reject = (error: unknown) => void;

const none = (): void => {};

/** The settle functions of the promise the last `pending()` call made. */
export const settlers: { resolve: Resolve; reject: Reject } = { resolve: none, reject: none };

function capture(resolve: Resolve, reject: Reject): void {
  settlers.resolve = resolve;
  settlers.reject = reject;
}

/** A new pending promise; take its settle functions from `settlers` at once. */
export function pending<T>(): Promise<T> {
  // (capture takes any value: a resolve function does, whatever T is.)
  return new Promise<T>(capture as (resolve: (value: T) => void, reject: Reject) => void);
}

/** Drop the settle functions just taken, so this module does not keep their promise alive. */
export function forget(): void {
  settlers.resolve = none;
  settlers.reject = none;
}
