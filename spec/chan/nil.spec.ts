// DESIGN §1 row "nil channel": never ready; ops wait until their signal aborts.

import { describe, expect, it } from "vitest";
import { chan, channelState, nil, select, send, trySelect, watchers } from "../../src/index.js";
import { leaveParked } from "../setup/leaks.js";
import { probe, settle } from "./_helpers.js";

describe("nil()", () => {
  it("is never ready for a non-blocking op", () => {
    const n = nil<number>();
    expect(n.tryRecv()).toBeUndefined();
    expect(n.trySend(1)).toBe(false);
    expect(n.tryRecv()).toBeUndefined();
    expect([n.len, n.cap, n.closed]).toEqual([0, 0, false]);
  });

  it("send and recv wait until their signal aborts, then reject with its reason", async () => {
    const n = nil<number>();
    const ac = new AbortController();
    const r = probe(n.recv({ signal: ac.signal }));
    const s = probe(n.send(1, { signal: ac.signal }));
    const r2 = probe(n.recv({ signal: ac.signal }));
    await settle();
    expect([r.status, s.status, r2.status]).toEqual(["pending", "pending", "pending"]);
    // A second party on the nil channel does not meet the first.
    expect(n.trySend(2)).toBe(false);
    const reason = new Error("give up");
    ac.abort(reason);
    await settle();
    expect(r.reason).toBe(reason);
    expect(s.reason).toBe(reason);
    expect(r2.reason).toBe(reason);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("send and recv with no signal stay pending", async () => {
    const n = nil<string>();
    const r = probe(n.recv());
    const s = probe(n.send("x"));
    await settle();
    expect([r.status, s.status]).toEqual(["pending", "pending"]);
    expect(channelState(n)).toMatchObject({ senders: 1, receivers: 1 });
    leaveParked("a nil channel never becomes ready and these two have no signal: nothing can release them", (b) => b.on === "nil chan");
  });

  it("as a select case it never fires; the other cases decide", async () => {
    const n = nil<number>();
    const ch = chan<number>(1);
    ch.trySend(5);
    for (let i = 0; i < 50; i++) {
      expect(trySelect({ n, s: send(n, 1), ch })).toEqual({ case: "ch", value: 5, ok: true });
      ch.trySend(5);
    }
    const ac = new AbortController();
    const p = probe(select({ n, s: send(n, 1) }, { signal: ac.signal }));
    await settle();
    expect(p.status).toBe("pending");
    ac.abort("stop");
    await settle();
    expect(p.reason).toBe("stop");
    expect(channelState(n)).toMatchObject({ senders: 0, receivers: 0 });
  });

  it("close(nil) throws a TypeError", () => {
    const n = nil<number>();
    expect(() => n.close()).toThrow(TypeError);
    expect(() => n.close()).toThrow("close of nil channel");
    expect(n.closed).toBe(false);
  });
});
