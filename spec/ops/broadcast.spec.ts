// broadcast and pubsub.

import { describe, expect, it } from "vitest";
import { broadcast, chan, ChannelFullError, channelState, collect, generate, of, pubsub, type Context } from "../../src/index.js";
import { noLeaks, settle, thrown } from "./_util.js";

noLeaks();

describe("broadcast", () => {
  it("every subscriber gets every value, in order", async () => {
    const hub = broadcast(of(1, 2, 3));
    const a = hub.subscribe();
    const b = hub.subscribe({ buffer: 0 });
    expect(hub.subscribers).toBe(2);
    expect(await Promise.all([collect(a.c), collect(b.c)])).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it("reads nothing before the first subscriber; a later one starts from the next value", async () => {
    const src = chan<number>(5);
    for (const v of [1, 2, 3]) await src.send(v);
    const hub = broadcast(src, { buffer: 8 });
    await settle();
    expect(channelState(src).len).toBe(3);
    const early = hub.subscribe();
    await settle();
    const late = hub.subscribe();
    await src.send(4);
    src.close();
    expect(await collect(early.c)).toEqual([1, 2, 3, 4]);
    expect(await collect(late.c)).toEqual([4]);
  });

  it("a slow subscriber with a dropping policy never holds the others back", async () => {
    const src = chan<number>();
    const hub = broadcast(src);
    const slow = hub.subscribe({ buffer: 1, overflow: "dropOldest" });
    const fast = hub.subscribe({ buffer: 0 });
    const fastGot = collect(fast.c);
    for (let i = 1; i <= 5; i++) await src.send(i);
    src.close();
    expect(await fastGot).toEqual([1, 2, 3, 4, 5]);
    expect(channelState(slow.c).dropped).toBe(4);
    expect(await collect(slow.c)).toEqual([5]);
  });

  it('a "block" subscriber holds everyone back once its buffer is full', async () => {
    const src = chan<number>();
    const hub = broadcast(src, { buffer: 1 });
    const stuck = hub.subscribe();
    const other = hub.subscribe({ buffer: 10 });
    await src.send(1);
    await src.send(2); // stuck's buffer full: the hub waits on it
    await settle();
    expect(channelState(other.c).len).toBe(1);
    expect(channelState(stuck.c).senders).toBe(1);
    expect((await stuck.c.recv()).value).toBe(1);
    await settle();
    expect(channelState(other.c).len).toBe(2);
    src.close();
    expect(await collect(stuck.c)).toEqual([2]);
    expect(await collect(other.c)).toEqual([1, 2]);
  });

  it('unsubscribing a "block" subscriber the hub is waiting on lets the hub go on', async () => {
    const src = chan<number>();
    const hub = broadcast(src, { buffer: 1 });
    const stuck = hub.subscribe();
    const other = hub.subscribe({ buffer: 10 });
    await src.send(1);
    await src.send(2);
    await settle();
    expect(channelState(stuck.c).senders).toBe(1);
    stuck.unsubscribe();
    await src.send(3);
    src.close();
    expect(await collect(other.c)).toEqual([1, 2, 3]);
    expect(await collect(stuck.c)).toEqual([1]); // what was buffered before it left
  });

  it('an "error" subscriber that overflows fails alone', async () => {
    const hub = broadcast(of(1, 2, 3));
    const strict = hub.subscribe({ buffer: 1, overflow: "error" });
    const ok = hub.subscribe({ buffer: 3 });
    expect(await collect(ok.c)).toEqual([1, 2, 3]);
    const e = await collect(strict.c).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChannelFullError);
    expect((e as ChannelFullError).value).toBe(2);
  });

  it("unsubscribe, break and using stop delivery to that subscriber only", async () => {
    const src = chan<number>();
    const hub = broadcast(src, { buffer: 4 });
    const a = hub.subscribe();
    const b = hub.subscribe();
    const keep = hub.subscribe();
    await src.send(1);
    a.unsubscribe();
    expect(channelState(a.c).closed).toBe(true);
    for await (const v of b.c) {
      expect(v).toBe(1);
      break;
    }
    {
      using c = hub.subscribe();
      expect(hub.subscribers).toBe(2);
      expect(c.c.closed).toBe(false);
    }
    expect(hub.subscribers).toBe(1);
    await src.send(2);
    src.close();
    expect(await collect(keep.c)).toEqual([1, 2]);
  });

  it("the input's failure reaches every subscriber; a subscriber after the end gets a closed channel", async () => {
    const boom = new Error("b");
    const hub = broadcast(
      generate<number>(async (send) => {
        await send(1);
        throw boom;
      }),
    );
    const a = hub.subscribe();
    const b = hub.subscribe();
    const r = await Promise.allSettled([collect(a.c), collect(b.c)]);
    expect(r).toEqual([
      { status: "rejected", reason: boom },
      { status: "rejected", reason: boom },
    ]);
    const late = hub.subscribe();
    expect(channelState(late.c).closed).toBe(true);
    await expect(collect(late.c)).rejects.toBe(boom);
  });

  it("close() stops the source and closes every subscriber", async () => {
    let ctx: Context | undefined;
    const hub = broadcast(
      generate<number>(async (send, c) => {
        ctx = c;
        for (;;) await send(0);
      }),
      { buffer: 2, overflow: "dropNewest" },
    );
    const a = hub.subscribe();
    await settle();
    hub.close();
    await settle();
    expect(ctx!.err()).toBeDefined();
    expect(await collect(a.c)).toEqual([0, 0]);
  });

  it("abort: every subscriber's reader gets the reason", async () => {
    const ac = new AbortController();
    const hub = broadcast(chan<number>(), { signal: ac.signal });
    const a = hub.subscribe();
    const res = collect(a.c);
    await settle();
    ac.abort("bye");
    await expect(res).rejects.toBe("bye");
  });

  it("bad options", () => {
    expect(thrown(() => broadcast([1], { buffer: -1, overflow: "drop" } as any)).message).toBe(
      'broadcast(input, options): 2 invalid arguments: options.buffer must be a non-negative integer (the subscriber\'s capacity), got -1; options.overflow must be one of "block", "dropOldest", "dropNewest", "error", got "drop"',
    );
    const hub = broadcast([1]);
    expect(thrown(() => hub.subscribe({ buffer: 0, overflow: "dropOldest" })).message).toBe(
      'broadcast.subscribe(options): overflow "dropOldest" needs a buffer: set buffer to 1 or more (here or in the hub\'s options)',
    );
    expect(thrown(() => broadcast([1], { buffer: 0, overflow: "dropNewest" })).message).toBe(
      'broadcast(input, options): options.overflow "dropNewest" needs a buffer: set options.buffer to 1 or more',
    );
    // The default buffer (16) is room enough for a dropping default.
    const latest = broadcast([1], { overflow: "dropOldest" });
    expect(latest.subscribe({ overflow: "dropNewest" }).c.cap).toBe(16);
    latest.close();
    const dropping = broadcast([1], { buffer: 1, overflow: "dropOldest" });
    expect(thrown(() => dropping.subscribe({ buffer: 0 })).message).toBe(
      'broadcast.subscribe(options): overflow "dropOldest" needs a buffer: set buffer to 1 or more (here or in the hub\'s options)',
    );
    dropping.close();
    expect(thrown(() => hub.subscribe({ size: 3 } as any)).message).toBe("broadcast.subscribe(options): options.size is not an option (known options: buffer, overflow, name)");
    hub.close();
  });
});

describe("pubsub", () => {
  it("routes each value to its topic's subscribers only", async () => {
    const src = chan<{ kind: string; n: number }>();
    const bus = pubsub(src, (e) => e.kind);
    const a1 = bus.subscribe("a");
    const a2 = bus.subscribe("a");
    const b = bus.subscribe("b");
    expect(bus.subscribers()).toBe(3);
    expect(bus.subscribers("a")).toBe(2);
    const events = [
      { kind: "a", n: 1 },
      { kind: "b", n: 2 },
      { kind: "c", n: 3 },
      { kind: "a", n: 4 },
    ];
    const res = Promise.all([collect(a1.c), collect(a2.c), collect(b.c)]);
    for (const e of events) await src.send(e);
    src.close();
    const [x, y, z] = await res;
    expect(x.map((e) => e.n)).toEqual([1, 4]);
    expect(y.map((e) => e.n)).toEqual([1, 4]);
    expect(z.map((e) => e.n)).toEqual([2]);
  });

  it("a throwing topicOf fails every subscriber", async () => {
    const boom = new Error("topic");
    const bus = pubsub<number, string>(of(1), () => {
      throw boom;
    });
    const s = bus.subscribe("x");
    await expect(collect(s.c)).rejects.toBe(boom);
  });

  it("topicOf must be a function", () => {
    expect(thrown(() => pubsub([1], "kind" as any)).message).toBe('pubsub(input, topicOf, options): topicOf must be a function, got "kind"');
  });
});
