// The operator and resilience workloads of issue 4, shared pieces: the stage
// functions every pipeline applies, the checksums, and the hand-built references
// (core fan-in, bare calls) that some of them are divided by in the same process.

/** Stages of the 3-stage pipeline: 0…n-1 → +1 → keep evens → halve, so the output is 1…⌊n/2⌋. */
export const inc = (x) => x + 1;
export const even = (x) => (x & 1) === 0;
export const half = (x) => x >> 1;
export const pipelineSum = (n) => {
  const m = Math.floor(n / 2);
  return (m * (m + 1)) / 2;
};

/** The async identity function parallelMap and its peers run. */
export const asyncIdentity = async (x) => x;

export const triangle = (n) => (n * (n - 1)) / 2;

/** Breaker workloads: `calls(n, exec)` awaits `exec(fn)` n times; fn returns 0, 1, 2, … */
export async function calls(n, exec) {
  let c = 0;
  const fn = async () => c++;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await exec(fn);
  return sum;
}

/** The breaker baseline: the same loop with a bare `await fn()`. */
export const bareCalls = (a, n) => calls(n, (fn) => fn());
