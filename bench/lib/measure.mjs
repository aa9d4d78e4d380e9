// Timing and memory primitives shared by every cell. Nothing here knows about channels.

const wall = () => performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The clock every measurement reads, in milliseconds. "wall" (the default) is what a
 * user waits for. "cpu" is the process's CPU time: on a machine shared with other
 * work it does not count the time the process spent descheduled (GC helper threads
 * do count, so run it with --single-threaded-gc to keep their work on the main thread).
 */
export let now = wall;
export function useClock(kind) {
  if (kind !== "wall" && kind !== "cpu") throw new Error(`--clock must be "wall" or "cpu", got ${JSON.stringify(kind)}`);
  now = kind === "cpu" ? cpu : wall;
}

/** Full collections until the heap stops shrinking, then the bytes in use. */
export function settledHeap() {
  let prev = Infinity;
  let cur = 0;
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    cur = process.memoryUsage().heapUsed;
    if (cur >= prev) break;
    prev = cur;
  }
  return cur;
}

/**
 * Time one run of `fn`, with no collection first. A forced full GC deoptimises
 * optimised code that embedded objects the GC freed ("weak objects"), and the next
 * tens of thousands of operations run slow while V8 re-optimises: forcing one before
 * every rep would measure that recovery, not the library's steady state.
 */
export async function timed(fn) {
  const t0 = now();
  const result = await fn();
  return { ms: now() - t0, result };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** median, min, max and every sample, for the report's spread columns. */
export const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs });

/** Round down to two significant digits, to a multiple of `unit`, and never below `unit`. */
export function roundSize(n, unit = 1) {
  if (!(n > unit)) return unit;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  const r = Math.floor(n / step) * step;
  return Math.max(unit, Math.floor(r / unit) * unit);
}
