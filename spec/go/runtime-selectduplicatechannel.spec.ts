// Port of the intent of Go's runtime/chan_test.go TestSelectDuplicateChannel.
//
// Go: a goroutine selects on {<-c, <-c, <-d} (c twice); after it has parked,
// another goroutine parks receiving on c; then d fires, so the select must
// withdraw *both* of its entries on c; a final send on c must reach the other
// goroutine (a stale entry of the finished select must not swallow it).
//
// Translation: Go's sleeps ("let it park") become macrotask turns plus exact
// checks of how many receivers are parked where. The value sent on c must reach
// the plain receiver, the select must report d with its value, and nothing may
// remain parked. Also the send-side mirror (duplicate send cases) and an iterator
// as the second receiver.

import { describe, expect, it } from "vitest";
import { chan, ClosedChannelError, select, send } from "../../src/index.js";
import { expectIdle, macroTurn, parked, settles } from "./util.js";

describe("Go runtime TestSelectDuplicateChannel", () => {
  it("a select with c twice withdraws both entries when another case wins", async () => {
    const c = chan<number>();
    const d = chan<number>();
    const e = chan<number>();

    const selector = (async () => {
      const r = await select([c, c, d]);
      await e.send(9);
      return r;
    })();
    await macroTurn();
    expect(parked(c).receivers).toBe(2);
    expect(parked(d).receivers).toBe(1);

    const other = c.recv();
    expect(parked(c).receivers).toBe(3);

    await settles(d.send(7), "d <- 7");
    expect(parked(c).receivers).toBe(1);
    expect(parked(d).receivers).toBe(0);
    expect(await settles(e.recv(), "<-e")).toEqual({ value: 9, ok: true });
    await settles(c.send(8), "c <- 8");
    expect(await other).toEqual({ value: 8, ok: true });
    expect(await selector).toEqual({ case: 2, value: 7, ok: true });
    expectIdle(c, d, e);
  });

  it("the same with an iterator as the other receiver and the select's entries around it", async () => {
    const c = chan<number>();
    const d = chan<number>();
    const first = select({ a: c, d, b: c });
    const it = c[Symbol.asyncIterator]();
    const next = it.next();
    const second = select({ a: c, d, b: c });
    expect(parked(c).receivers).toBe(5);
    await settles(d.send(1), "d <- 1");
    await settles(d.send(2), "d <- 2");
    expect(await first).toEqual({ case: "d", value: 1, ok: true });
    expect(await second).toEqual({ case: "d", value: 2, ok: true });
    expect(parked(c).receivers).toBe(1);
    await settles(c.send(3), "c <- 3");
    expect(await next).toEqual({ value: 3, done: false });
    await it.return?.();
    expectIdle(c, d);
  });

  it("duplicate send cases: both withdrawn when a receive case wins; a later receive gets the other sender's value", async () => {
    const c = chan<number>();
    const d = chan<number>();
    const selector = select([send(c, 1), send(c, 2), d]);
    const other = c.send(3);
    expect(parked(c).senders).toBe(3);
    await settles(d.send(4), "d <- 4");
    expect(await selector).toEqual({ case: 2, value: 4, ok: true });
    expect(parked(c).senders).toBe(1);
    expect(await settles(c.recv(), "<-c")).toEqual({ value: 3, ok: true });
    await other;
    expectIdle(c, d);
  });

  it("a ready duplicate channel is taken once, by one of its cases", async () => {
    const c = chan<number>(2);
    c.trySend(5);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const r = await select([c, c]);
      expect(r).toMatchObject({ value: 5, ok: true });
      seen.add(r.case);
      expect(c.len).toBe(0);
      c.trySend(5);
    }
    // Uniform over the two cases (each has probability 1/2 per trial).
    expect([...seen].sort()).toEqual([0, 1]);
    expectIdle(c);
  });
});

describe("Go runtime TestSelectDuplicateChannel, and close", () => {
  it("close wakes a select parked twice on the channel exactly once, through the first entry", async () => {
    const c = chan<number>();
    const p = select({ a: c, b: c });
    expect(parked(c).receivers).toBe(2);
    c.close();
    expect(await settles(p, "select")).toEqual({ case: "a", value: undefined, ok: false });
    expectIdle(c);
  });

  it("close refuses a select parked with two send cases on the channel once, with the first case's value", async () => {
    const c = chan<number>();
    const p = select([send(c, 1), send(c, 2)]);
    expect(parked(c).senders).toBe(2);
    c.close();
    const o = await Promise.allSettled([p]);
    expect(o[0]?.status).toBe("rejected");
    const reason: unknown = o[0]?.status === "rejected" ? o[0].reason : null;
    expect(reason).toBeInstanceOf(ClosedChannelError);
    expect((reason as ClosedChannelError).message).toMatch(/^send on closed channel/);
    expect((reason as ClosedChannelError).value).toBe(1);
    expectIdle(c);
  });
});
