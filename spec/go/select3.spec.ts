// Port of the intent of Go's test/chan/select3.go.
//
// Go: a matrix of channel operations and selects, each declared "always blocks"
// or "never blocks" (or "panics"), checked by running it in a goroutine and
// watching a timer: nil channels, closed channels, unbuffered and buffered
// channels with and without a counterpart, empty selects, selects with default,
// and a select that could only be satisfied by itself.
//
// Translation: "never blocks" = the promise settles (resolves to the exact
// expected value, or rejects with the exact error) within a few macrotask turns;
// "always blocks" = it is still pending then, and after aborting its signal it
// rejects with that very reason, the signal has no watcher left and no channel
// keeps a waiter (the op leaves no trace). Go's panics are rejections (or throws
// from the synchronous ops) with Go's message.

import { describe, expect, it } from "vitest";
import { chan, ClosedChannelError, nil, select, send, trySelect, watchers, type Chan } from "../../src/index.js";
import { expectIdle, outcome } from "./util.js";

type AnyChan = Chan<number>;

async function expectBlocks(start: (signal: AbortSignal) => Promise<unknown>, ...chs: AnyChan[]): Promise<void> {
  const ac = new AbortController();
  const p = start(ac.signal);
  expect((await outcome(p)).state).toBe("pending");
  const reason = new Error("gave up waiting");
  ac.abort(reason);
  const after = await outcome(p, 1);
  expect(after.state).toBe("rejected");
  if (after.state === "rejected") expect(after.reason).toBe(reason);
  expect(watchers(ac.signal)).toBe(0);
  expectIdle(...chs);
}

async function expectResolves(p: Promise<unknown>, value: unknown): Promise<void> {
  expect(await outcome(p)).toEqual({ state: "resolved", value });
}

async function expectSendOnClosed(p: Promise<unknown>, value: unknown): Promise<void> {
  const o = await outcome(p);
  expect(o.state).toBe("rejected");
  if (o.state !== "rejected") return;
  expect(o.reason).toBeInstanceOf(ClosedChannelError);
  expect((o.reason as ClosedChannelError).message).toMatch(/^send on closed channel/);
  expect((o.reason as ClosedChannelError).value).toBe(value);
}

const closed = (cap = 0): AnyChan => {
  const c = chan<number>(cap);
  c.close();
  return c;
};

describe("Go test/chan/select3: which operations block", () => {
  describe("nil channels always block", () => {
    it("receive", () => expectBlocks((signal) => nil<number>().recv({ signal })));
    it("send", () => expectBlocks((signal) => nil<number>().send(1, { signal })));
    it("select receive", () => expectBlocks((signal) => select([nil<number>()], { signal })));
    it("select send", () => expectBlocks((signal) => select([send(nil<number>(), 1)], { signal })));
    it("select with only nil cases of both kinds", () => {
      const n = nil<number>();
      return expectBlocks((signal) => select({ r: n, s: send(n, 1) }, { signal }), n);
    });
    it("the non-blocking forms report would-block and change nothing", () => {
      const n = nil<number>();
      expect(n.tryRecv()).toBeUndefined();
      expect(n.trySend(1)).toBe(false);
      expect(trySelect({ r: n, s: send(n, 1) })).toBeUndefined();
      expect(n.len).toBe(0);
    });
    it("close panics (TypeError: close of nil channel)", () => {
      expect(() => nil<number>().close()).toThrow(TypeError);
      expect(() => nil<number>().close()).toThrow(/^close of nil channel/);
    });
  });

  describe("empty selects always block (Go's select {})", () => {
    it("an empty array", () => expectBlocks((signal) => select([], { signal })));
    it("an empty object", () => expectBlocks((signal) => select({}, { signal })));
    it("only disabled (null / undefined) cases", () => expectBlocks((signal) => select([null, undefined], { signal })));
    it("with default, never", () => {
      expect(trySelect([])).toBeUndefined();
      expect(trySelect({ a: null })).toBeUndefined();
    });
  });

  describe("selects over channels that are not ready always block", () => {
    it("an unbuffered channel with no counterpart, both directions", () => {
      const a = chan<number>();
      const b = chan<number>();
      return expectBlocks((signal) => select({ a, b: send(b, 1) }, { signal }), a, b);
    });
    it("a full buffer (send) and an empty buffer (receive)", () => {
      const full = chan<number>(1);
      full.trySend(0);
      const empty = chan<number>(1);
      return expectBlocks((signal) => select({ s: send(full, 1), r: empty }, { signal }), full, empty);
    });
    it("a select that could only be satisfied by itself: send and receive on one unbuffered channel", () => {
      const c = chan<number>();
      return expectBlocks((signal) => select({ s: send(c, 1), r: c }, { signal }), c);
    });
    it("the same, with duplicate cases", () => {
      const c = chan<number>();
      return expectBlocks((signal) => select([send(c, 1), c, send(c, 2), c], { signal }), c);
    });
  });

  describe("closed channels never block", () => {
    it("receive: zero value and ok=false, every time", async () => {
      const c = closed();
      for (let i = 0; i < 3; i++) await expectResolves(c.recv(), { value: undefined, ok: false });
      expectIdle(c);
    });
    it("send panics: ClosedChannelError carrying the value", async () => {
      const c = closed(2);
      await expectSendOnClosed(c.send(7), 7);
      expect(() => c.trySend(8)).toThrow(/^send on closed channel/);
      expect(c.len).toBe(0);
      expectIdle(c);
    });
    it("close panics: close of closed channel", () => {
      const c = closed();
      expect(() => c.close()).toThrow(ClosedChannelError);
      expect(() => c.close()).toThrow(/^close of closed channel/);
    });
    it("select receive: ok=false", async () => {
      const c = closed();
      await expectResolves(select([c]), { case: 0, value: undefined, ok: false });
      await expectResolves(select({ c, n: nil<number>(), x: null }), { case: "c", value: undefined, ok: false });
      expect(trySelect({ c })).toEqual({ case: "c", value: undefined, ok: false });
    });
    it("select send panics", async () => {
      const c = closed(1);
      await expectSendOnClosed(select({ s: send(c, 9) }), 9);
      expect(() => trySelect({ s: send(c, 9) })).toThrow(/^send on closed channel/);
      expect(c.len).toBe(0);
    });
  });

  describe("unbuffered channels", () => {
    it("receive blocks with no sender", () => {
      const c = chan<number>();
      return expectBlocks((signal) => c.recv({ signal }), c);
    });
    it("send blocks with no receiver", () => {
      const c = chan<number>();
      return expectBlocks((signal) => c.send(1, { signal }), c);
    });
    it("receive does not block with a sender parked, and the sender completes", async () => {
      const c = chan<number>();
      const s = c.send(5);
      await expectResolves(c.recv(), { value: 5, ok: true });
      await expectResolves(s, undefined);
      expectIdle(c);
    });
    it("send does not block with a receiver parked, and the receiver gets the value", async () => {
      const c = chan<number>();
      const r = c.recv();
      await expectResolves(c.send(6), undefined);
      await expectResolves(r, { value: 6, ok: true });
      expectIdle(c);
    });
    it("select receive / send do not block with a counterpart parked", async () => {
      const c = chan<number>();
      const s = c.send(5);
      await expectResolves(select({ r: c, q: chan<number>() }), { case: "r", value: 5, ok: true });
      await expectResolves(s, undefined);
      const r = c.recv();
      await expectResolves(select({ s: send(c, 6), q: chan<number>() }), { case: "s" });
      await expectResolves(r, { value: 6, ok: true });
      expectIdle(c);
    });
    it("a select with one ready and one blocking case never blocks and always takes the ready one", async () => {
      const ready = chan<number>(1);
      const blocking = chan<number>();
      for (let i = 0; i < 100; i++) {
        ready.trySend(i);
        await expectResolves(select({ b: blocking, sb: send(blocking, 0), r: ready }), { case: "r", value: i, ok: true });
      }
      expectIdle(ready, blocking);
    });
  });

  describe("buffered channels", () => {
    it("send does not block with room", async () => {
      const c = chan<number>(1);
      await expectResolves(c.send(1), undefined);
      expect(c.len).toBe(1);
    });
    it("send blocks when full", () => {
      const c = chan<number>(1);
      c.trySend(1);
      return expectBlocks((signal) => c.send(2, { signal }), c).then(() => {
        expect(c.len).toBe(1);
        expect(c.tryRecv()).toEqual({ value: 1, ok: true });
      });
    });
    it("receive blocks when empty", () => {
      const c = chan<number>(1);
      return expectBlocks((signal) => c.recv({ signal }), c);
    });
    it("receive does not block with a value", async () => {
      const c = chan<number>(1);
      c.trySend(3);
      await expectResolves(c.recv(), { value: 3, ok: true });
    });
    it("a select with send and receive on one 1-buffered channel does not block: it sends when empty, receives when full", async () => {
      const c = chan<number>(1);
      await expectResolves(select({ s: send(c, 4), r: c }), { case: "s" });
      expect(c.len).toBe(1);
      await expectResolves(select({ s: send(c, 5), r: c }), { case: "r", value: 4, ok: true });
      expect(c.len).toBe(0);
      expectIdle(c);
    });
  });

  describe("selects with default (trySelect) never block", () => {
    it("on every kind of not-ready case, and they change nothing", () => {
      const u = chan<number>();
      const full = chan<number>(1);
      full.trySend(1);
      const empty = chan<number>(1);
      expect(trySelect({ a: u, b: send(u, 1), c: send(full, 2), d: empty, e: nil<number>(), f: null })).toBeUndefined();
      expect(full.len).toBe(1);
      expect(empty.len).toBe(0);
      expectIdle(u, full, empty);
    });
  });
});
