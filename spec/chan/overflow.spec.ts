// options.overflow on buffered channels: dropOldest, dropNewest, error; dropped
// values are counted and handed to onDrop.

import { describe, expect, it, vi } from "vitest";
import { ChannelFullError, chan, channelState, select, send, trySelect } from "../../src/index.js";
import { probe, settle } from "./_helpers.js";

const drain = <T>(ch: { tryRecv(): { value: T; ok: true } | { value: undefined; ok: false } | undefined }): T[] => {
  const out: T[] = [];
  for (let r = ch.tryRecv(); r !== undefined && r.ok; r = ch.tryRecv()) out.push(r.value);
  return out;
};

describe("overflow", () => {
  it('"dropOldest" keeps the newest cap values and reports each dropped one', async () => {
    const onDrop = vi.fn<(v: number) => void>();
    const ch = chan<number>(2, { overflow: "dropOldest", onDrop });
    for (const v of [1, 2, 3, 4, 5]) expect(ch.trySend(v)).toBe(true);
    const s = probe(ch.send(6));
    await settle();
    expect(s.status).toBe("fulfilled");
    expect(channelState(ch)).toMatchObject({ len: 2, senders: 0, dropped: 4 });
    expect(onDrop.mock.calls).toEqual([[1], [2], [3], [4]]);
    expect(drain(ch)).toEqual([5, 6]);
  });

  it('"dropNewest" keeps the oldest cap values and reports each refused one', async () => {
    const onDrop = vi.fn<(v: string) => void>();
    const ch = chan<string>(2, { overflow: "dropNewest", onDrop });
    for (const v of ["a", "b", "c", "d"]) expect(ch.trySend(v)).toBe(true);
    await ch.send("e");
    expect(channelState(ch)).toMatchObject({ len: 2, senders: 0, dropped: 3 });
    expect(onDrop.mock.calls).toEqual([["c"], ["d"], ["e"]]);
    expect(drain(ch)).toEqual(["a", "b"]);
  });

  it("dropping policies count drops even without onDrop", () => {
    const ch = chan<number>(1, { overflow: "dropNewest" });
    ch.trySend(1);
    ch.trySend(2);
    ch.trySend(3);
    expect(channelState(ch).dropped).toBe(2);
    expect(drain(ch)).toEqual([1]);
  });

  it("nothing is dropped while there is room or a parked receiver", async () => {
    const onDrop = vi.fn<(v: number) => void>();
    const ch = chan<number>(1, { overflow: "dropOldest", onDrop });
    const r = probe(ch.recv());
    ch.trySend(1); // to the parked receiver
    ch.trySend(2); // into the buffer
    await settle();
    expect(r.value).toEqual({ value: 1, ok: true });
    expect(channelState(ch).dropped).toBe(0);
    expect(onDrop).not.toHaveBeenCalled();
  });

  it('"error" rejects a send to a full channel with ChannelFullError carrying the value', async () => {
    const ch = chan<number>(2, { overflow: "error" });
    ch.trySend(1);
    ch.trySend(2);
    let caught: unknown;
    try {
      ch.trySend(3);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ChannelFullError);
    expect((caught as ChannelFullError<number>).value).toBe(3);
    expect((caught as Error).name).toBe("ChannelFullError");
    expect((caught as Error).message).toContain("send on full channel");
    expect((caught as Error).message).toContain("capacity 2");

    const p = ch.send(4);
    await expect(p).rejects.toBeInstanceOf(ChannelFullError);
    await expect(p).rejects.toMatchObject({ value: 4 });
    // Failing fast: nothing parked, nothing dropped, the buffer as it was.
    expect(channelState(ch)).toMatchObject({ len: 2, senders: 0, dropped: 0 });
    expect(drain(ch)).toEqual([1, 2]);
  });

  it('"block" (the default) parks the sender', async () => {
    const ch = chan<number>(1, { overflow: "block" });
    ch.trySend(1);
    expect(ch.trySend(2)).toBe(false);
    const s = probe(ch.send(2));
    await settle();
    expect(s.status).toBe("pending");
    expect(channelState(ch)).toMatchObject({ senders: 1, dropped: 0 });
    ch.tryRecv();
    await settle();
    expect(s.status).toBe("fulfilled");
  });

  it("a select send case on a full dropping channel is ready and applies the policy", async () => {
    const onDrop = vi.fn<(v: number) => void>();
    const ch = chan<number>(1, { overflow: "dropOldest", onDrop });
    ch.trySend(1);
    expect(await select({ s: send(ch, 2) })).toStrictEqual({ case: "s" });
    expect(trySelect([send(ch, 3)])).toStrictEqual({ case: 0 });
    expect(onDrop.mock.calls).toEqual([[1], [2]]);
    expect(drain(ch)).toEqual([3]);
  });

  it('a select send case on a full "error" channel rejects with ChannelFullError', async () => {
    const ch = chan<number>(1, { overflow: "error" });
    ch.trySend(1);
    await expect(select({ s: send(ch, 2) })).rejects.toMatchObject({ name: "ChannelFullError", value: 2 });
    expect(drain(ch)).toEqual([1]);
  });
});
