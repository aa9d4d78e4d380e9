// DESIGN §1 rows "send on closed", "senders parked when the channel closes",
// "close twice", and options.name in error messages.

import { describe, expect, it } from "vitest";
import { ChannelFullError, ClosedChannelError, chan, channelState, select, send, watchers } from "../../src/index.js";
import { probe, settle } from "./_helpers.js";

describe("close", () => {
  it("buffered values drain first, then every receive reports ok: false", async () => {
    const ch = chan<number>(3);
    ch.trySend(1);
    ch.trySend(2);
    ch.close();
    expect(ch.closed).toBe(true);
    expect(await ch.recv()).toEqual({ value: 1, ok: true });
    expect(ch.tryRecv()).toEqual({ value: 2, ok: true });
    expect(await ch.recv()).toStrictEqual({ value: undefined, ok: false });
    expect(await ch.recv()).toStrictEqual({ value: undefined, ok: false });
    expect(ch.tryRecv()).toStrictEqual({ value: undefined, ok: false });
    expect(channelState(ch)).toEqual({ len: 0, cap: 3, closed: true, senders: 0, receivers: 0, dropped: 0 });
  });

  it("every kind of parked receiver gets ok: false", async () => {
    const ch = chan<number>();
    const other = chan<number>();
    const ac = new AbortController();
    const plain = probe(ch.recv());
    const withSignal = probe(ch.recv({ signal: ac.signal }));
    const sel = probe(select({ c: ch, o: other }));
    const it = ch[Symbol.asyncIterator]();
    const iter = probe(it.next());
    expect(channelState(ch).receivers).toBe(4);
    expect(watchers(ac.signal)).toBe(1);

    ch.close();
    await settle();
    expect(plain.value).toStrictEqual({ value: undefined, ok: false });
    expect(withSignal.value).toStrictEqual({ value: undefined, ok: false });
    expect(sel.value).toStrictEqual({ case: "c", value: undefined, ok: false });
    expect(iter.value).toStrictEqual({ value: undefined, done: true });
    expect(channelState(ch).receivers).toBe(0);
    expect(channelState(other).receivers).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("parked senders reject with ClosedChannelError carrying their own value", async () => {
    const ch = chan<string>();
    const other = chan<string>();
    const ac = new AbortController();
    const a = probe(ch.send("a"));
    const b = probe(ch.send("b", { signal: ac.signal }));
    const sel = probe(select({ s: send(ch, "c"), o: other }));
    expect(channelState(ch).senders).toBe(3);

    ch.close();
    await settle();
    for (const [p, v] of [[a, "a"], [b, "b"], [sel, "c"]] as const) {
      expect(p.status).toBe("rejected");
      const e = p.reason as ClosedChannelError<string>;
      expect(e).toBeInstanceOf(ClosedChannelError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe("ClosedChannelError");
      expect(e.value).toBe(v);
      expect(e.message.startsWith("send on closed channel")).toBe(true);
    }
    expect(channelState(ch).senders).toBe(0);
    expect(channelState(other).receivers).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("on a full buffered channel, parked senders are refused but buffered values stay receivable", async () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    const s2 = probe(ch.send(2));
    const s3 = probe(ch.send(3));
    ch.close();
    await settle();
    expect((s2.reason as ClosedChannelError).value).toBe(2);
    expect((s3.reason as ClosedChannelError).value).toBe(3);
    expect(await ch.recv()).toEqual({ value: 1, ok: true });
    expect(await ch.recv()).toStrictEqual({ value: undefined, ok: false });
  });

  it("closing twice throws 'close of closed channel'", () => {
    const ch = chan<number>();
    ch.close();
    let caught: unknown;
    try {
      ch.close();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ClosedChannelError);
    const e = caught as ClosedChannelError;
    expect(e.message.startsWith("close of closed channel")).toBe(true);
    expect(e.value).toBeUndefined();
    expect(ch.closed).toBe(true);
  });

  it("trySend on a closed channel throws with the value; send rejects with the value", async () => {
    const ch = chan<number>(4);
    ch.close();
    let caught: unknown;
    try {
      ch.trySend(41);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ClosedChannelError);
    expect((caught as ClosedChannelError).value).toBe(41);
    expect((caught as Error).message).toMatch(/^send on closed channel/);

    const p = ch.send(42);
    await expect(p).rejects.toBeInstanceOf(ClosedChannelError);
    await expect(p).rejects.toMatchObject({ value: 42, message: expect.stringMatching(/^send on closed channel/) as unknown });
    // Nothing was buffered by the refused sends.
    expect(ch.len).toBe(0);
  });

  it("a closed channel refuses sends even when receivers would have been parked (none are left)", async () => {
    const ch = chan<number>();
    const r = probe(ch.recv());
    ch.close();
    await settle();
    expect(r.value).toStrictEqual({ value: undefined, ok: false });
    expect(() => ch.trySend(1)).toThrow(ClosedChannelError);
  });
});

describe("options.name appears in error messages", () => {
  it("send on closed, close of closed, send on full", async () => {
    const ch = chan<number>(1, { name: "jobs" });
    ch.close();
    expect(() => ch.trySend(1)).toThrow('send on closed channel "jobs"');
    await expect(ch.send(2)).rejects.toThrow('send on closed channel "jobs"');
    expect(() => ch.close()).toThrow('close of closed channel "jobs"');
    try {
      ch.close();
    } catch (e) {
      expect((e as ClosedChannelError).channel).toBe("jobs");
    }

    const parked = chan<number>(0, { name: "results" });
    const s = probe(parked.send(7));
    parked.close();
    await settle();
    expect((s.reason as Error).message).toContain('send on closed channel "results"');
    expect((s.reason as ClosedChannelError).channel).toBe("results");

    const full = chan<number>(1, { name: "events", overflow: "error" });
    full.trySend(1);
    expect(() => full.trySend(2)).toThrow('send on full channel "events"');
    try {
      full.trySend(3);
    } catch (e) {
      expect(e).toBeInstanceOf(ChannelFullError);
      expect((e as ChannelFullError).channel).toBe("events");
    }
  });

  it("without a name the messages say just 'channel'", () => {
    const ch = chan<number>();
    ch.close();
    expect(() => ch.trySend(1)).toThrow(/^send on closed channel: /);
    expect(() => ch.close()).toThrow(/^close of closed channel: /);
  });
});
