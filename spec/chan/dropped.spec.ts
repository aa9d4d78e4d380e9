import { describe, expect, it } from "vitest";
import { chan, channelState } from "../../src/index.js";

describe("ch.dropped", () => {
  it("counts what a dropping policy discarded, on the channel itself", () => {
    const seen: number[] = [];
    const ch = chan<number>(2, { overflow: "dropOldest", onDrop: (v) => seen.push(v) });
    for (const v of [1, 2, 3, 4]) ch.trySend(v);
    expect(ch.dropped).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(channelState(ch).dropped).toBe(2);
    expect(chan<number>(1).dropped).toBe(0);
  });
});
