// Every one-input stage, run through the same checks: it closes when its input
// does, passes an upstream failure on exactly once, stops its source when its
// consumer leaves, and stops at once (leaving the user's channel alone) when
// its signal aborts or its context is cancelled, or fails before reading
// anything when its signal has already aborted. Operator-specific behaviour is in each operator's spec.

import { describe, expect, it } from "vitest";
import {
  background,
  batch,
  Canceled,
  chan,
  channelState,
  collect,
  concat,
  distinct,
  filter,
  first,
  flatMap,
  from,
  generate,
  manualClock,
  map,
  merge,
  parallelMap,
  race,
  rateLimit,
  scan,
  skip,
  take,
  takeWhile,
  timeout,
  watchers,
  window,
  withCancelCause,
  zip,
  type Context,
  type RecvChan,
  type Source,
  type StageOptions,
} from "../../src/index.js";
import { decode } from "../../src/schema/index.js";
import { anyNumber, anyNumberAsync } from "../schema/_schemas.js";
import { noLeaks, settle } from "./_util.js";

noLeaks();

type AnyStage = (input: Source<number>) => RecvChan<unknown>;

const clock = manualClock();

/** Each stage, made with the given options; all pass values through (possibly wrapped). */
const STAGES: [string, (o: StageOptions) => AnyStage][] = [
  ["from", (o) => (input) => from(input, o)],
  ["map", (o) => map((n: number) => n, o)],
  ["map (async)", (o) => map(async (n: number) => n, o)],
  ["filter", (o) => filter(() => true, o)],
  ["flatMap", (o) => flatMap((n: number) => [n], o)],
  ["scan", (o) => scan((_: number, n: number) => n, 0, o)],
  ["take", (o) => take(Infinity, o)],
  ["takeWhile", (o) => takeWhile(() => true, o)],
  ["skip", (o) => skip(0, o)],
  ["distinct", (o) => distinct({ ...o, key: () => Math.random() })],
  ["batch", (o) => batch(1, { ...o, clock })],
  ["window", (o) => window(1, o)],
  ["timeout", (o) => timeout(1_000_000, { ...o, clock })],
  ["parallelMap", (o) => parallelMap((n: number) => n, { ...o, concurrency: 2 })],
  ["parallelMap (ordered, async)", (o) => parallelMap(async (n: number) => n, { ...o, concurrency: 3, ordered: true })],
  ["rateLimit", (o) => rateLimit({ ...o, limit: 1000, interval: 1, clock })],
  ["merge", (o) => (input) => merge(input, o)],
  ["concat", (o) => (input) => concat(input, o)],
  ["race", (o) => (input) => race(input, o)],
  ["zip", (o) => (input) => zip(input, o)],
  ["decode (sync schema)", (o) => decode(anyNumber, o)],
  ["decode (async schema)", (o) => decode(anyNumberAsync, o)],
];

/** A source that sends 1, 2 and then fails. */
const failing = (boom: Error) =>
  generate<number>(async (send) => {
    await send(1);
    await send(2);
    throw boom;
  });

describe.each(STAGES)("%s", (_name, make) => {
  it("closes its output when the input is exhausted", async () => {
    const out = make({})(from([1, 2, 3]));
    const got = await collect(out);
    expect(got).toHaveLength(3);
    expect(channelState(out).closed).toBe(true);
  });

  it("passes an upstream failure on exactly once", async () => {
    const boom = new Error("upstream broke");
    await expect(collect(make({})(failing(boom)))).rejects.toBe(boom);
    const out = make({})(failing(boom));
    let throws = 0;
    for (let round = 0; round < 2; round++) {
      try {
        for await (const _ of out);
      } catch (e) {
        expect(e).toBe(boom);
        throws++;
      }
    }
    expect(throws).toBe(1);
  });

  it("stops its source when the consumer leaves", async () => {
    let ctx: Context | undefined;
    const src = generate<number>(async (send, c) => {
      ctx = c;
      for (let i = 0; ; i++) await send(i);
    });
    const out = make({})(src);
    expect((await first(out))._tag).toBe("Some");
    await settle();
    expect(ctx!.err()).toBe(Canceled);
    expect(channelState(src).closed).toBe(true);
    expect(channelState(out).closed).toBe(true);
  });

  it("stops at once on abort, leaving the user's channel open and unread", async () => {
    const src = chan<number>();
    const ac = new AbortController();
    const out = make({ signal: ac.signal })(src);
    const res = collect(out);
    await src.send(7);
    await settle();
    const why = new Error("abort!");
    ac.abort(why);
    await expect(res).rejects.toBe(why);
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0, senders: 0 });
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a cancelled ctx stops it with the context's cause", async () => {
    const [ctx, cancel] = withCancelCause(background());
    const src = chan<number>();
    const res = collect(make({ ctx })(src));
    await src.send(1);
    const cause = new Error("request ended");
    cancel(cause);
    await expect(res).rejects.toBe(cause);
    expect(channelState(src)).toMatchObject({ closed: false, receivers: 0, senders: 0 });
  });

  it("an already-aborted signal fails it before it reads anything", async () => {
    const src = chan<number>(1);
    await src.send(1);
    const why = new Error("too late");
    await expect(collect(make({ signal: AbortSignal.abort(why) })(src))).rejects.toBe(why);
    expect(channelState(src).len).toBe(1);
  });
});
