// DESIGN §1 rows "select" and "default case".

import { describe, expect, it } from "vitest";
import { ClosedChannelError, chan, channelState, select, send, trySelect } from "../../src/index.js";
import { probe, settle } from "../chan/_helpers.js";

describe("select: forms and results", () => {
  it("object form: the key names the case; receive cases carry value and ok", async () => {
    const a = chan<number>(1);
    const b = chan<string>(1);
    b.trySend("x");
    expect(await select({ a, b })).toStrictEqual({ case: "b", value: "x", ok: true });
    expect(channelState(a)).toMatchObject({ len: 0, receivers: 0 });
  });

  it("array form: the index names the case", async () => {
    const a = chan<number>(1);
    const b = chan<string>(1);
    a.trySend(3);
    expect(await select([a, b])).toStrictEqual({ case: 0, value: 3, ok: true });
    b.trySend("y");
    expect(await select([a, b])).toStrictEqual({ case: 1, value: "y", ok: true });
  });

  it("a send case resolves to { case } alone and delivers its value", async () => {
    const out = chan<number>(1);
    const idle = chan<number>();
    expect(await select({ out: send(out, 5), idle })).toStrictEqual({ case: "out" });
    expect(out.tryRecv()).toEqual({ value: 5, ok: true });
    expect(await select([idle, send(out, 6)])).toStrictEqual({ case: 1 });
    expect(out.tryRecv()).toEqual({ value: 6, ok: true });
  });

  it("a receive case on a closed, drained channel is ready with ok: false", async () => {
    const done = chan<void>();
    const idle = chan<number>();
    done.close();
    expect(await select({ done, idle })).toStrictEqual({ case: "done", value: undefined, ok: false });
  });

  it("a parked select completes on the first counterpart and reports that case", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const p = probe(select({ a, b }));
    await settle();
    expect(p.status).toBe("pending");
    expect(channelState(a).receivers).toBe(1);
    expect(channelState(b).receivers).toBe(1);
    expect(b.trySend(9)).toBe(true);
    await settle();
    expect(p.value).toStrictEqual({ case: "b", value: 9, ok: true });
  });

  it("a parked send case completes when a receiver arrives; the receiver gets the value", async () => {
    const out = chan<string>();
    const idle = chan<string>();
    const p = probe(select({ out: send(out, "v"), idle }));
    await settle();
    expect(channelState(out).senders).toBe(1);
    expect(await out.recv()).toEqual({ value: "v", ok: true });
    await settle();
    expect(p.value).toStrictEqual({ case: "out" });
  });
});

describe("select: choice among ready cases", () => {
  it("is uniformly random between two ready cases (10,000 trials, within 10σ of 5,000)", async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    let countA = 0;
    for (let i = 0; i < 10_000; i++) {
      a.trySend(1);
      b.trySend(2);
      const r = await select({ a, b });
      if (r.case === "a") countA++;
      // Empty the loser so both are ready again next time.
      (r.case === "a" ? b : a).tryRecv();
    }
    // Binomial(10,000, 0.5): σ = 50.
    expect(Math.abs(countA - 5_000)).toBeLessThan(500);
  });

  it("is uniform over three ready cases of mixed kinds, and trySelect uses the same rule", () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const out = chan<number>(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 9_000; i++) {
      if (a.len === 0) a.trySend(1);
      if (b.len === 0) b.trySend(2);
      if (out.len === 1) out.tryRecv();
      const r = trySelect([a, b, send(out, 3)]);
      expect(r).toBeDefined();
      counts[r!.case]!++;
    }
    // Binomial(9,000, 1/3): σ ≈ 44.7.
    for (const c of counts) expect(Math.abs(c - 3_000)).toBeLessThan(447);
  });

  it("ignores cases that are not ready when choosing", () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const c = chan<number>(1);
    for (let i = 0; i < 200; i++) {
      b.trySend(i);
      expect(trySelect({ a, b, c })).toStrictEqual({ case: "b", value: i, ok: true });
    }
  });

  it("priority: true always picks the first ready case in order", async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const c = chan<number>(1);
    b.trySend(2);
    c.trySend(3);
    for (let i = 0; i < 500; i++) {
      expect(await select({ a, b, c }, { priority: true })).toStrictEqual({ case: "b", value: 2, ok: true });
      b.trySend(2);
    }
    // The later ready case was never touched.
    expect(c.len).toBe(1);
    a.trySend(1);
    expect(trySelect([a, b, c], { priority: true })).toStrictEqual({ case: 0, value: 1, ok: true });
    expect([a.len, b.len, c.len]).toEqual([0, 1, 1]);
  });
});

describe("select: losers leave no trace", () => {
  it("every losing registration is withdrawn before select settles", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const c = chan<number>(1);
    c.trySend(0); // full: the send case parks
    const out = chan<number>();
    const p = select({ a, b, s: send(c, 1), o: send(out, 2) });
    expect(channelState(a).receivers).toBe(1);
    expect(channelState(b).receivers).toBe(1);
    expect(channelState(c).senders).toBe(1);
    expect(channelState(out).senders).toBe(1);

    expect(b.trySend(7)).toBe(true);
    // Withdrawn synchronously, in the same step as the commit.
    for (const ch of [a, b, c, out]) expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
    expect(await p).toStrictEqual({ case: "b", value: 7, ok: true });

    // The losers cannot steal or deliver anything later.
    expect(a.trySend(1)).toBe(false);
    expect(c.tryRecv()).toEqual({ value: 0, ok: true });
    expect(c.tryRecv()).toBeUndefined();
    expect(out.tryRecv()).toBeUndefined();
  });

  it("an immediate commit touches no other case", async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const out = chan<number>(1);
    a.trySend(1);
    expect(await select({ a, b, o: send(out, 9) }, { priority: true })).toStrictEqual({ case: "a", value: 1, ok: true });
    expect(out.len).toBe(0);
    for (const ch of [a, b, out]) expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
  });

  it("a close that wins a parked select withdraws its other cases", async () => {
    const a = chan<number>();
    const b = chan<number>();
    const p = select({ a, b });
    a.close();
    expect(await p).toStrictEqual({ case: "a", value: undefined, ok: false });
    expect(channelState(b).receivers).toBe(0);
  });
});

describe("select: send case on a closed channel", () => {
  it("rejects with ClosedChannelError carrying the value when the channel is already closed", async () => {
    const c = chan<number>(1, { name: "out" });
    const idle = chan<number>();
    c.close();
    const p = select({ s: send(c, 7), idle });
    await expect(p).rejects.toBeInstanceOf(ClosedChannelError);
    await expect(p).rejects.toMatchObject({ value: 7, message: expect.stringContaining('send on closed channel "out"') as unknown });
    expect(channelState(idle).receivers).toBe(0);
  });

  it("rejects a parked select when the channel closes under it, and withdraws the other cases", async () => {
    const c = chan<number>();
    const idle = chan<number>();
    const p = probe(select({ s: send(c, 8), idle }));
    c.close();
    await settle();
    expect(p.status).toBe("rejected");
    expect(p.reason).toBeInstanceOf(ClosedChannelError);
    expect((p.reason as ClosedChannelError).value).toBe(8);
    expect(channelState(idle).receivers).toBe(0);
    expect(idle.trySend(1)).toBe(false);
  });

  it("trySelect throws it synchronously", () => {
    const c = chan<number>();
    c.close();
    expect(() => trySelect([send(c, 1)])).toThrow(ClosedChannelError);
  });
});

describe("select: no enabled case", () => {
  it.each([
    ["all null", { a: null, b: undefined }],
    ["empty object", {}],
    ["empty array", []],
  ])("%s blocks until the signal aborts (Go's select {})", async (_, cases) => {
    const ac = new AbortController();
    const p = probe(select(cases as Record<string, null>, { signal: ac.signal }));
    await settle();
    expect(p.status).toBe("pending");
    const reason = new Error("stop");
    ac.abort(reason);
    await settle();
    expect(p.reason).toBe(reason);
  });

  it("a disabled case is skipped even if a channel would be ready in its place", async () => {
    const ready = chan<number>(1);
    ready.trySend(1);
    const maybe: typeof ready | null = null;
    const other = chan<number>(1);
    other.trySend(2);
    expect(await select({ m: maybe, o: other })).toStrictEqual({ case: "o", value: 2, ok: true });
    expect(ready.len).toBe(1);
  });
});

describe("select: duplicate channels and self-select", () => {
  it("a channel listed twice yields its value once, from either case", async () => {
    const ch = chan<number>(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      ch.trySend(i);
      const r = await select([ch, ch]);
      expect(r.ok && r.value).toBe(i);
      seen.add(r.case);
      expect(ch.len).toBe(0);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it("a parked select with a duplicated channel commits once and withdraws both registrations", async () => {
    const ch = chan<number>();
    const p = select([ch, ch, send(ch, 99)]);
    expect(channelState(ch)).toMatchObject({ receivers: 2, senders: 1 });
    expect(ch.trySend(1)).toBe(true);
    expect(channelState(ch)).toMatchObject({ receivers: 0, senders: 0 });
    // The first registered receive case is the oldest receiver.
    expect(await p).toStrictEqual({ case: 0, value: 1, ok: true });
    expect(ch.trySend(2)).toBe(false);
    expect(ch.tryRecv()).toBeUndefined();
  });

  it("a select never rendezvouses with itself", async () => {
    const ch = chan<number>();
    const ac = new AbortController();
    const p = probe(select({ s: send(ch, 1), r: ch }, { signal: ac.signal }));
    await settle();
    expect(p.status).toBe("pending");
    expect(channelState(ch)).toMatchObject({ senders: 1, receivers: 1 });

    // An outside receiver meets the send case.
    expect(ch.tryRecv()).toEqual({ value: 1, ok: true });
    expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
    await settle();
    expect(p.value).toStrictEqual({ case: "s" });

    // And an outside sender meets the receive case.
    const q = select({ s: send(ch, 1), r: ch });
    expect(ch.trySend(2)).toBe(true);
    expect(await q).toStrictEqual({ case: "r", value: 2, ok: true });
    expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
  });

  it("two selects that each send and receive on one unbuffered channel always pair with each other", async () => {
    const ch = chan<number>();
    const kinds = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const p1 = select({ s: send(ch, 1), r: ch });
      const p2 = select({ s: send(ch, 2), r: ch });
      const [r1, r2] = await Promise.all([p1, p2]);
      if (r1.case === "s") {
        expect(r2).toStrictEqual({ case: "r", value: 1, ok: true });
      } else {
        expect(r1).toStrictEqual({ case: "r", value: 2, ok: true });
        expect(r2).toStrictEqual({ case: "s" });
      }
      kinds.add(r1.case);
      expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
    }
    // The second select chose at random between its two ready cases.
    expect([...kinds].sort()).toEqual(["r", "s"]);
  });
});

describe("trySelect: the default case", () => {
  it("returns undefined and consumes nothing when no case is ready", () => {
    const empty = chan<number>(1);
    const full = chan<number>(1);
    full.trySend(1);
    const unbuffered = chan<number>();
    const r = trySelect({ e: empty, f: send(full, 2), u: unbuffered, su: send(unbuffered, 3), off: null });
    expect(r).toBeUndefined();
    expect(channelState(empty)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
    expect(channelState(full)).toMatchObject({ len: 1, senders: 0, receivers: 0 });
    expect(channelState(unbuffered)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
    expect(full.tryRecv()).toEqual({ value: 1, ok: true });
    expect(trySelect([])).toBeUndefined();
  });

  it("returns the result synchronously when a case is ready", () => {
    const ch = chan<number>(1);
    ch.trySend(4);
    const r = trySelect({ ch });
    expect(r).toStrictEqual({ case: "ch", value: 4, ok: true });
    expect(r instanceof Promise).toBe(false);
  });

  it("completes a parked counterpart (a sender waiting on an unbuffered channel)", async () => {
    const ch = chan<number>();
    const s = ch.send(5);
    expect(trySelect([ch])).toStrictEqual({ case: 0, value: 5, ok: true });
    await s;
    const r = probe(ch.recv());
    expect(trySelect([send(ch, 6)])).toStrictEqual({ case: 0 });
    await settle();
    expect(r.value).toEqual({ value: 6, ok: true });
  });
});
