// DESIGN §1 rows "unbuffered channel", "buffered channel", "receive result",
// plus len / cap / closed / name.

import { describe, expect, it } from "vitest";
import { chan, channelState } from "../../src/index.js";
import { probe, settle } from "./_helpers.js";

describe("unbuffered channel: rendezvous", () => {
  it("a send stays pending until a receiver takes the value", async () => {
    const ch = chan<number>();
    const s = probe(ch.send(1));
    await settle();
    expect(s.status).toBe("pending");
    expect(channelState(ch)).toEqual({ len: 0, cap: 0, closed: false, senders: 1, receivers: 0, dropped: 0 });

    expect(ch.tryRecv()).toEqual({ value: 1, ok: true });
    await settle();
    expect(s.status).toBe("fulfilled");
    expect(channelState(ch)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
  });

  it("a send to a parked receiver resolves only after the receiver has the value", async () => {
    const ch = chan<string>();
    const order: string[] = [];
    const r = ch.recv().then((res) => order.push(`recv ${String(res.value)}`));
    expect(channelState(ch).receivers).toBe(1);
    const s = ch.send("x").then(() => order.push("send"));
    await Promise.all([r, s]);
    expect(order).toEqual(["recv x", "send"]);
    expect(channelState(ch)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
  });

  it("trySend without a receiver returns false and stores nothing; tryRecv without a sender returns undefined", async () => {
    const ch = chan<number>();
    expect(ch.trySend(1)).toBe(false);
    expect(ch.tryRecv()).toBeUndefined();
    expect(channelState(ch)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
    // The refused value did not linger anywhere: a receiver that arrives later waits.
    const r = probe(ch.recv());
    await settle();
    expect(r.status).toBe("pending");
    expect(ch.trySend(2)).toBe(true);
    await settle();
    expect(r.value).toEqual({ value: 2, ok: true });
  });

  it("parked senders are served in FIFO order", async () => {
    const ch = chan<number>();
    const sends = [1, 2, 3].map((v) => probe(ch.send(v)));
    expect(channelState(ch).senders).toBe(3);
    expect(await ch.recv()).toEqual({ value: 1, ok: true });
    expect(await ch.recv()).toEqual({ value: 2, ok: true });
    await settle();
    expect(sends.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "pending"]);
    expect(await ch.recv()).toEqual({ value: 3, ok: true });
    await settle();
    expect(sends[2]!.status).toBe("fulfilled");
  });

  it("parked receivers are served in FIFO order", async () => {
    const ch = chan<number>();
    const rs = [probe(ch.recv()), probe(ch.recv()), probe(ch.recv())];
    await ch.send(10);
    await ch.send(20);
    await settle();
    expect(rs.map((r) => r.value)).toEqual([{ value: 10, ok: true }, { value: 20, ok: true }, undefined]);
    expect(channelState(ch).receivers).toBe(1);
    await ch.send(30);
    await settle();
    expect(rs[2]!.value).toEqual({ value: 30, ok: true });
  });
});

describe("buffered channel", () => {
  it("accepts cap values at once, then parks senders; FIFO holds across the buffer and parked senders", async () => {
    const ch = chan<number>(3);
    const first = [1, 2, 3].map((v) => probe(ch.send(v)));
    await settle();
    expect(first.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(ch.len).toBe(3);

    const s4 = probe(ch.send(4));
    const s5 = probe(ch.send(5));
    await settle();
    expect([s4.status, s5.status]).toEqual(["pending", "pending"]);
    expect(channelState(ch)).toMatchObject({ len: 3, senders: 2 });

    expect(await ch.recv()).toEqual({ value: 1, ok: true });
    await settle();
    // The oldest parked sender refilled the buffer.
    expect([s4.status, s5.status]).toEqual(["fulfilled", "pending"]);
    expect(channelState(ch)).toMatchObject({ len: 3, senders: 1 });

    const got: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await ch.recv();
      expect(r.ok).toBe(true);
      got.push(r.value as number);
    }
    expect(got).toEqual([2, 3, 4, 5]);
    await settle();
    expect(s5.status).toBe("fulfilled");
    expect(channelState(ch)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
  });

  it("tryRecv on a full buffer with parked senders also refills from the oldest sender", () => {
    const ch = chan<string>(1);
    expect(ch.trySend("a")).toBe(true);
    expect(ch.trySend("b")).toBe(false);
    void ch.send("b");
    void ch.send("c");
    expect(ch.tryRecv()).toEqual({ value: "a", ok: true });
    expect(channelState(ch)).toMatchObject({ len: 1, senders: 1 });
    expect(ch.tryRecv()).toEqual({ value: "b", ok: true });
    expect(ch.tryRecv()).toEqual({ value: "c", ok: true });
    expect(ch.tryRecv()).toBeUndefined();
  });

  it("a sender that finds a parked receiver hands off directly, bypassing the buffer", async () => {
    const ch = chan<string>(2);
    const r1 = probe(ch.recv());
    const r2 = probe(ch.recv());
    expect(channelState(ch).receivers).toBe(2);

    expect(ch.trySend("a")).toBe(true);
    expect(ch.len).toBe(0);
    expect(channelState(ch).receivers).toBe(1);
    await ch.send("b");
    expect(ch.len).toBe(0);
    expect(channelState(ch).receivers).toBe(0);
    await settle();
    expect(r1.value).toEqual({ value: "a", ok: true });
    expect(r2.value).toEqual({ value: "b", ok: true });

    // With nobody waiting the next value is buffered.
    expect(ch.trySend("c")).toBe(true);
    expect(ch.len).toBe(1);
  });

  it("keeps FIFO order when the buffer wraps around and grows", async () => {
    const ch = chan<number>(100);
    const got: number[] = [];
    let next = 0;
    // Interleave bursts of sends and receives so head/tail wrap many times.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 37 && ch.len < ch.cap; i++) ch.trySend(next++);
      for (let i = 0; i < 23; i++) {
        const r = ch.tryRecv();
        if (r === undefined || !r.ok) break;
        got.push(r.value);
      }
    }
    for (let r = ch.tryRecv(); r !== undefined && r.ok; r = ch.tryRecv()) got.push(r.value);
    expect(got).toEqual(Array.from({ length: next }, (_, i) => i));
    await settle();
  });
});

describe("receive result", () => {
  it("undefined and null are ordinary values, never sentinels", async () => {
    const ch = chan<undefined | null | number>(3);
    expect(ch.trySend(undefined)).toBe(true);
    expect(ch.trySend(null)).toBe(true);
    expect(ch.trySend(0)).toBe(true);
    ch.close();
    expect(await ch.recv()).toStrictEqual({ value: undefined, ok: true });
    expect(await ch.recv()).toStrictEqual({ value: null, ok: true });
    expect(await ch.recv()).toStrictEqual({ value: 0, ok: true });
    expect(await ch.recv()).toStrictEqual({ value: undefined, ok: false });
  });

  it("undefined and null pass through an unbuffered hand-off in both directions", async () => {
    const ch = chan<undefined | null>();
    const r = ch.recv();
    await ch.send(undefined);
    expect(await r).toStrictEqual({ value: undefined, ok: true });
    const s = ch.send(null);
    expect(ch.tryRecv()).toStrictEqual({ value: null, ok: true });
    await s;
  });

  it("every woken receiver gets its own result object, never touched again (the one made with the channel is used once)", async () => {
    for (const cap of [0, 2]) {
      const ch = chan<number>(cap);
      // The channel's own result object (src/chan/chan.ts `resultFor`): the first wake gets it.
      const made = (ch as unknown as { spare: unknown }).spare;
      expect(made).toStrictEqual({ value: undefined, ok: false });
      const first = [ch.recv(), ch.recv(), ch.recv()];
      await ch.send(1);
      await ch.send(2);
      const [a, b] = await Promise.all(first.slice(0, 2));
      expect(a).toBe(made);
      const later = ch.recv(); // parks after the channel's first result object was used
      await ch.send(3);
      ch.close();
      const [c, d] = await Promise.all([first[2], later]);
      expect([a, b, c, d]).toStrictEqual([
        { value: 1, ok: true },
        { value: 2, ok: true },
        { value: 3, ok: true },
        { value: undefined, ok: false },
      ]);
      expect(new Set([a, b, c, d]).size).toBe(4);
      expect(Object.keys(a!)).toStrictEqual(["value", "ok"]);
      const closed = await ch.recv(); // after close: a fresh object each time too
      expect(closed).toStrictEqual({ value: undefined, ok: false });
      expect(closed).not.toBe(d);
    }
  });

  it("for await yields undefined and null values and ends only at close", async () => {
    const ch = chan<undefined | null>(2);
    ch.trySend(undefined);
    ch.trySend(null);
    ch.close();
    const seen: (undefined | null)[] = [];
    for await (const v of ch) seen.push(v);
    expect(seen).toStrictEqual([undefined, null]);
  });
});

describe("len, cap, closed, name", () => {
  it("report Go's len(ch), cap(ch) and the closed flag", () => {
    const u = chan<number>();
    expect([u.len, u.cap, u.closed, u.name]).toEqual([0, 0, false, undefined]);

    const b = chan<number>(4, { name: "jobs" });
    expect([b.len, b.cap, b.closed, b.name]).toEqual([0, 4, false, "jobs"]);
    b.trySend(1);
    b.trySend(2);
    expect(b.len).toBe(2);
    b.close();
    // Closing keeps the buffered values (and the count) until they are drained.
    expect([b.len, b.cap, b.closed]).toEqual([2, 4, true]);
    b.tryRecv();
    expect(b.len).toBe(1);
    expect(channelState(b)).toEqual({ len: 1, cap: 4, closed: true, senders: 0, receivers: 0, dropped: 0 });
  });

  it("a buffer larger than the initial ring grows without losing values", () => {
    const ch = chan<number>(1000);
    for (let i = 0; i < 1000; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(1000)).toBe(false);
    expect(ch.len).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(ch.tryRecv()).toEqual({ value: i, ok: true });
    expect(ch.tryRecv()).toBeUndefined();
  });
});
