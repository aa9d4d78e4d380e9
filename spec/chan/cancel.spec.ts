// DESIGN §1 row "cancellation": abort before commit rejects with signal.reason
// and leaves the channel as if the op was never issued; commit before abort
// resolves; one listener per AbortSignal however many ops share it.

import { describe, expect, it } from "vitest";
import { chan, channelState, watchers } from "../../src/index.js";
import { PARKED } from "../../src/chan/signal.js";
import { abortListeners, collectWarnings, countAdds, macrotask, probe, settle } from "./_helpers.js";

describe("abort before commit", () => {
  it("a parked unbuffered send rejects with the identical reason and leaves no trace", async () => {
    const ch = chan<string>();
    const ac = new AbortController();
    const reason = { why: "shutdown" };
    const s = probe(ch.send("a", { signal: ac.signal }));
    expect(channelState(ch).senders).toBe(1);
    ac.abort(reason);
    await settle();
    expect(s.status).toBe("rejected");
    expect(s.reason).toBe(reason);
    expect(channelState(ch)).toMatchObject({ len: 0, senders: 0, receivers: 0 });
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);

    // "a" is gone for good: a receiver now gets the next sender's value.
    const r = probe(ch.recv());
    await ch.send("b");
    await settle();
    expect(r.value).toEqual({ value: "b", ok: true });
    expect(ch.tryRecv()).toBeUndefined();
  });

  it("a parked recv rejects with the reason and will not take a later value", async () => {
    const ch = chan<number>(1);
    const ac = new AbortController();
    const r = probe(ch.recv({ signal: ac.signal }));
    expect(channelState(ch).receivers).toBe(1);
    ac.abort("stop");
    await settle();
    expect(r.reason).toBe("stop");
    expect(channelState(ch).receivers).toBe(0);
    // The next value is buffered, not handed to the aborted receiver.
    expect(ch.trySend(1)).toBe(true);
    expect(ch.len).toBe(1);
    expect(await ch.recv()).toEqual({ value: 1, ok: true });

    const u = chan<number>();
    const ac2 = new AbortController();
    const r2 = probe(u.recv({ signal: ac2.signal }));
    ac2.abort();
    await settle();
    expect(r2.reason).toBe(ac2.signal.reason);
    expect((r2.reason as Error).name).toBe("AbortError");
    expect(u.trySend(1)).toBe(false);
  });

  it("a parked sender on a full buffer is removed; the buffer is untouched", async () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    const ac = new AbortController();
    const s = probe(ch.send(2, { signal: ac.signal }));
    ac.abort("x");
    await settle();
    expect(s.reason).toBe("x");
    expect(channelState(ch)).toMatchObject({ len: 1, senders: 0 });
    expect(ch.tryRecv()).toEqual({ value: 1, ok: true });
    expect(ch.tryRecv()).toBeUndefined();
  });

  it("aborting one of several parked senders keeps the others in FIFO order", async () => {
    const ch = chan<string>();
    const ac = new AbortController();
    const a = probe(ch.send("a"));
    const b = probe(ch.send("b", { signal: ac.signal }));
    const c = probe(ch.send("c"));
    ac.abort("drop b");
    await settle();
    expect(b.reason).toBe("drop b");
    expect(channelState(ch).senders).toBe(2);
    expect(ch.tryRecv()).toEqual({ value: "a", ok: true });
    expect(ch.tryRecv()).toEqual({ value: "c", ok: true });
    expect(ch.tryRecv()).toBeUndefined();
    await settle();
    expect([a.status, c.status]).toEqual(["fulfilled", "fulfilled"]);
  });

  it("an already-aborted signal rejects at once even when the op could complete, consuming nothing", async () => {
    const reason = new Error("too late");
    const signal = AbortSignal.abort(reason);

    const buffered = chan<number>(1);
    buffered.trySend(7);
    await expect(buffered.recv({ signal })).rejects.toBe(reason);
    expect(buffered.len).toBe(1);

    const withReceiver = chan<number>();
    const r = probe(withReceiver.recv());
    await expect(withReceiver.send(1, { signal })).rejects.toBe(reason);
    await settle();
    expect(r.status).toBe("pending");
    expect(channelState(withReceiver).receivers).toBe(1);
    withReceiver.trySend(2);
    await settle();
    expect(r.value).toEqual({ value: 2, ok: true });

    const room = chan<number>(2);
    await expect(room.send(1, { signal })).rejects.toBe(reason);
    expect(room.len).toBe(0);
    expect(watchers(signal)).toBe(0);
    expect(abortListeners(signal)).toBe(0);
  });
});

describe("commit before abort", () => {
  it("a recv matched in the same tick as the abort resolves with the value", async () => {
    const ch = chan<number>();
    const ac = new AbortController();
    const r = ch.recv({ signal: ac.signal });
    expect(ch.trySend(5)).toBe(true);
    ac.abort("late");
    expect(await r).toEqual({ value: 5, ok: true });
    expect(watchers(ac.signal)).toBe(0);
    expect(abortListeners(ac.signal)).toBe(0);
  });

  it("on a buffered channel too (where the receiver's promise settles a microtask after the commit)", async () => {
    const ch = chan<number>(4);
    const ac = new AbortController();
    const r = ch.recv({ signal: ac.signal });
    const it = ch[Symbol.asyncIterator]();
    const n = it.next();
    expect(channelState(ch).receivers).toBe(2);
    expect(ch.trySend(5)).toBe(true);
    expect(ch.trySend(6)).toBe(true);
    ac.abort("late");
    expect(await r).toEqual({ value: 5, ok: true });
    expect(await n).toEqual({ value: 6, done: false });
    expect(ch.len).toBe(0);
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a send taken in the same tick as the abort resolves; the value is not lost", async () => {
    const ch = chan<number>();
    const ac = new AbortController();
    const s = ch.send(6, { signal: ac.signal });
    expect(ch.tryRecv()).toEqual({ value: 6, ok: true });
    ac.abort("late");
    await expect(s).resolves.toBeUndefined();
    expect(watchers(ac.signal)).toBe(0);
  });

  it("a sender moved from the send queue into the buffer has committed", async () => {
    const ch = chan<number>(1);
    ch.trySend(1);
    const ac = new AbortController();
    const s = ch.send(2, { signal: ac.signal });
    expect(ch.tryRecv()).toEqual({ value: 1, ok: true });
    ac.abort("late");
    await expect(s).resolves.toBeUndefined();
    expect(ch.tryRecv()).toEqual({ value: 2, ok: true });
  });

  it("an op that completes at once ignores a later abort", async () => {
    const ch = chan<number>(1);
    const ac = new AbortController();
    const s = ch.send(1, { signal: ac.signal });
    ac.abort("late");
    await expect(s).resolves.toBeUndefined();
    expect(await ch.recv({ signal: new AbortController().signal })).toEqual({ value: 1, ok: true });
    expect(watchers(ac.signal)).toBe(0);
  });
});

describe("one listener per AbortSignal", () => {
  it("control: 11 direct listeners do raise MaxListenersExceededWarning (so the detector works)", async () => {
    const w = collectWarnings();
    try {
      const ac = new AbortController();
      for (let i = 0; i < 11; i++) ac.signal.addEventListener("abort", () => {});
      await macrotask();
      expect(w.names).toContain("MaxListenersExceededWarning");
    } finally {
      w.stop();
    }
  });

  it("10,000 parked ops on one signal add one listener and leave none after the abort", async () => {
    const w = collectWarnings();
    try {
      const ac = new AbortController();
      const adds = countAdds(ac.signal);
      // Receivers on one channel, senders on another, senders on a full buffer: all park.
      const chans = [chan<number>(), chan<number>(), chan<number>(1)];
      chans[2]!.trySend(-1);
      const ops: ReturnType<typeof probe<unknown>>[] = [];
      for (let i = 0; i < 10_000; i++) {
        const k = i % 3;
        const ch = chans[k]!;
        ops.push(probe<unknown>(k === 0 ? ch.recv({ signal: ac.signal }) : ch.send(i, { signal: ac.signal })));
      }
      await settle();
      expect(ops.every((o) => o.status === "pending")).toBe(true);
      expect(watchers(ac.signal)).toBe(10_000);
      expect(channelState(chans[0]!).receivers).toBe(3_334);
      expect(channelState(chans[1]!).senders).toBe(3_333);
      expect(channelState(chans[2]!).senders).toBe(3_333);
      expect(adds.adds).toBe(1);
      expect(abortListeners(ac.signal)).toBe(1);

      const reason = new Error("all");
      ac.abort(reason);
      await settle();
      expect(ops.every((o) => o.status === "rejected" && o.reason === reason)).toBe(true);
      expect(watchers(ac.signal)).toBe(0);
      expect(abortListeners(ac.signal)).toBe(0);
      for (const ch of chans) expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0 });
      // The full buffer kept its one value; no aborted sender's value slipped in.
      expect(chans[2]!.tryRecv()).toEqual({ value: -1, ok: true });
      expect(chans[2]!.tryRecv()).toBeUndefined();
      await macrotask();
      expect(w.names).not.toContain("MaxListenersExceededWarning");
    } finally {
      w.stop();
    }
  });

  it("10,000 parked receives on one signal leave no listener once they all complete", async () => {
    const w = collectWarnings();
    try {
      const ac = new AbortController();
      const adds = countAdds(ac.signal);
      const ch = chan<number>();
      const ops = Array.from({ length: 10_000 }, () => ch.recv({ signal: ac.signal }));
      expect(watchers(ac.signal)).toBe(10_000);
      expect(adds.adds).toBe(1);
      expect(abortListeners(ac.signal)).toBe(1);

      for (let i = 0; i < 9_999; i++) expect(ch.trySend(i)).toBe(true);
      expect(watchers(ac.signal)).toBe(1);
      expect(abortListeners(ac.signal)).toBe(1);
      expect(ch.trySend(9_999)).toBe(true);
      expect(watchers(ac.signal)).toBe(0);
      expect(abortListeners(ac.signal)).toBe(0);

      const results = await Promise.all(ops);
      expect(results.map((r) => r.value)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
      ac.abort("after everything");
      await macrotask();
      expect(w.names).not.toContain("MaxListenersExceededWarning");
    } finally {
      w.stop();
    }
  });

  it("the listener is re-added when the signal is used again after its ops settled", async () => {
    const ac = new AbortController();
    const adds = countAdds(ac.signal);
    const ch = chan<number>();
    const r1 = ch.recv({ signal: ac.signal });
    ch.trySend(1);
    await r1;
    expect(abortListeners(ac.signal)).toBe(0);
    const r2 = probe(ch.recv({ signal: ac.signal }));
    expect(adds.adds).toBe(2);
    expect(abortListeners(ac.signal)).toBe(1);
    ac.abort("bye");
    await settle();
    expect(r2.reason).toBe("bye");
    expect(abortListeners(ac.signal)).toBe(0);
  });
});

describe("a signal that owns its parked list (operators' stop signals)", () => {
  // The engine side of src/ops/stage.ts's StopSignal: parking is a list push,
  // settling removes exactly that entry, and firing is the owner's job.
  function ownSignal() {
    const parked: { abort(reason: unknown): void }[] = [];
    const signal = {
      aborted: false,
      reason: undefined as unknown,
      [PARKED]: parked,
      addEventListener: () => {
        throw new Error("an owned signal is never given a listener");
      },
      removeEventListener: () => {
        throw new Error("an owned signal is never given a listener");
      },
      fire(reason: unknown) {
        this.aborted = true;
        this.reason = reason;
        for (const op of parked.splice(0)) op.abort(reason);
      },
    };
    return signal;
  }

  it("parks without listeners, unlinks what settles, and aborts the rest when fired", async () => {
    const s = ownSignal();
    const chans = Array.from({ length: 10 }, () => chan<number>());
    const ops = chans.map((c) => c.recv({ signal: s }));
    const sends = [chan<number>(), chan<number>()].map((c) => ({ c, p: c.send(7, { signal: s }) }));
    expect(watchers(s)).toBe(12);
    // Settle every other receive, out of order: each takes only its own entry.
    for (const i of [7, 1, 5, 3, 9]) expect(chans[i]!.trySend(i)).toBe(true);
    expect(await sends[1]!.c.recv()).toEqual({ value: 7, ok: true });
    expect(watchers(s)).toBe(6);
    for (const i of [1, 3, 5, 7, 9]) expect(await ops[i]).toEqual({ value: i, ok: true });
    const reason = new Error("stop");
    s.fire(reason);
    expect(watchers(s)).toBe(0);
    for (const i of [0, 2, 4, 6, 8]) await expect(ops[i]).rejects.toBe(reason);
    await expect(sends[0]!.p).rejects.toBe(reason);
    await sends[1]!.p;
    // Withdrawn: nothing left parked on any channel.
    for (const c of [...chans, ...sends.map((x) => x.c)]) expect(channelState(c)).toMatchObject({ senders: 0, receivers: 0 });
  });
});
