// Bad input throws when an operator is built (never at the first item), naming
// each bad argument or option, its value and what was expected — all of them in
// one error. Nothing is started by a call that throws.

import { describe, expect, it } from "vitest";
import {
  batch,
  blocked,
  broadcast,
  collect,
  concat,
  debounce,
  distinct,
  distribute,
  drain,
  filter,
  first,
  flatMap,
  forEach,
  from,
  gather,
  generate,
  map,
  merge,
  parallelMap,
  partition,
  pubsub,
  race,
  range,
  rateLimit,
  reduce,
  runningTasks,
  scan,
  skip,
  take,
  takeWhile,
  throttle,
  timeout,
  window,
  zip,
} from "../../src/index.js";
import { noLeaks, thrown } from "./_util.js";

noLeaks();

const X = "x" as any;

/** [what is called, the exact message, the error class]. */
const CASES: [string, () => unknown, string, typeof TypeError | typeof RangeError][] = [
  ["map", () => map(X, { buffer: 2, overflow: "x" } as any), 'map(f, options): 2 invalid arguments: f must be a function, got "x"; options.overflow must be one of "block", "dropOldest", "dropNewest", "error", got "x"', TypeError],
  ["filter", () => filter(X), 'filter(p, options): p must be a function, got "x"', TypeError],
  ["flatMap", () => flatMap(X, X), 'flatMap(f, options): 2 invalid arguments: f must be a function, got "x"; options must be an object, got "x"', TypeError],
  ["scan", () => scan(X, 0, { name: 3 } as any), 'scan(f, init, options): 2 invalid arguments: f must be a function, got "x"; options.name must be a string, got 3', TypeError],
  ["take", () => take(1.5), "take(n, options): n must be a non-negative integer (Infinity for all), got 1.5", RangeError],
  ["takeWhile", () => takeWhile(X), 'takeWhile(p, options): p must be a function, got "x"', TypeError],
  ["skip", () => skip(-1), "skip(n, options): n must be a non-negative integer (Infinity for all), got -1", RangeError],
  ["distinct", () => distinct({ keys: 1 } as any), "distinct(options): options.keys is not an option (did you mean key?)", TypeError],
  ["batch", () => batch(0), "batch(size, options): size must be a positive integer (the largest batch), got 0", RangeError],
  ["window", () => window(-3), "window(size, options): size must be a positive integer (the window's length), got -3", RangeError],
  ["timeout", () => timeout(-1), "timeout(ms, options): ms must be a positive number of milliseconds, got -1", RangeError],
  ["debounce", () => debounce(X), 'debounce(ms, options): ms must be a positive number of milliseconds, got "x"', TypeError],
  ["throttle", () => throttle(Infinity), "throttle(ms, options): ms must be a positive number of milliseconds, got Infinity", RangeError],
  ["parallelMap", () => parallelMap((n: number) => n, { concurrency: 0 }), "parallelMap(f, options): options.concurrency must be a positive integer, got 0", RangeError],
  ["distribute", () => distribute(2.5), "distribute(n, options): n must be a positive integer (the number of outputs), got 2.5", RangeError],
  ["partition", () => partition(X), 'partition(p, options): p must be a function, got "x"', TypeError],
  ["merge", () => merge([1], 7 as any), "merge(...inputs, options): inputs[1] must be a channel, an iterable or an async iterable, got 7", TypeError],
  ["zip", () => zip([1], { concurrency: 2 } as any), "zip(...inputs, options): options.concurrency is not an option (known options: signal, ctx, name, buffer, overflow)", TypeError],
  ["concat", () => concat(null as any), "concat(...inputs, options): inputs[0] must be a channel, an iterable or an async iterable, got null", TypeError],
  ["race", () => race(1 as any, [2]), "race(...inputs, options): inputs[0] must be a channel, an iterable or an async iterable, got 1", TypeError],
  ["broadcast", () => broadcast(X), 'broadcast(input, options): input must be a channel, an iterable or an async iterable, got "x"', TypeError],
  ["pubsub", () => pubsub([1], X, { buffer: -1 }), 'pubsub(input, topicOf, options): 2 invalid arguments: topicOf must be a function, got "x"; options.buffer must be a non-negative integer (the subscriber\'s capacity), got -1', TypeError],
  ["rateLimit", () => rateLimit({ limit: 2, interval: 0, clock: 1 } as any), "rateLimit(options): 2 invalid arguments: options.interval must be a positive number of milliseconds, got 0; options.clock must be a clock with now(), setTimeout() and clearTimeout(), got 1", TypeError],
  ["gather", () => gather([X]), 'gather(tasks, options): tasks[0] must be a function (ctx) => value, got "x"', TypeError],
  ["from", () => from(5 as any, { buffer: -1 }), "from(source, options): 2 invalid arguments: source must be a channel, an iterable or an async iterable, got 5; options.buffer must be a non-negative integer (the output's capacity), got -1", TypeError],
  ["range", () => range(0, 1, 0), "range(start, end, step, options): step must be a finite non-zero number, got 0", RangeError],
  ["generate", () => generate(X), 'generate(fn, options): fn must be a function, got "x"', TypeError],
  ["collect", () => collect(X), 'collect(input, options): input must be a channel, an iterable or an async iterable, got "x"', TypeError],
  ["reduce", () => reduce(X, 0), 'reduce(f, init, options): f must be a function, got "x"', TypeError],
  ["forEach", () => forEach(X), 'forEach(f, options): f must be a function, got "x"', TypeError],
  ["drain", () => drain([], { signal: X }), 'drain(input, options): options.signal must be an AbortSignal, got "x"', TypeError],
  ["first", () => first([], { ctx: {} as any }), "first(input, options): options.ctx must be a Context (from background(), fromSignal() or a with…() function), got an object", TypeError],
];

describe.each(CASES)("%s", (_name, call, message, E) => {
  it("throws at once, with every problem named, and starts nothing", () => {
    const e = thrown(call);
    expect(e.message).toBe(message);
    expect(e.constructor).toBe(E);
    expect(blocked()).toEqual([]);
    expect(runningTasks()).toEqual([]);
  });
});
