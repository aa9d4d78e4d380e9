// Late wakes (src/chan/wake.ts): a hand-off to a receiver parked on an empty
// buffered channel commits at once and settles from one batched microtask.

import { describe, expect, it } from "vitest";
import { chan, channelState } from "../../src/index.js";
import { wakeLater } from "../../src/chan/wake.js";

describe("late wakes", () => {
  it("settle in FIFO order, after the sender's own continuation, and commit at once", async () => {
    const a = chan<number>(4);
    const log: string[] = [];
    const r1 = a.recv().then((r) => log.push(`r1:${r.value}`));
    const r2 = a.recv().then((r) => log.push(`r2:${r.value}`));
    const sent = a.send(1); // committed to r1 now: nothing buffered, r1 no longer parked
    expect(channelState(a)).toMatchObject({ len: 0, receivers: 1 });
    await sent;
    log.push("sender:1"); // the sender goes on before r1 sees its value
    await a.send(2);
    log.push("sender:2");
    await Promise.all([r1, r2]);
    expect(log).toEqual(["sender:1", "r1:1", "sender:2", "r2:2"]);
  });

  it("wakes queued while a flush runs go to the next flush, none lost or repeated", async () => {
    const seen: string[] = [];
    const later = (label: string) => wakeLater(((x: string) => seen.push(x)), label);
    // The first settle function queues two more wakes from inside the flush, as
    // an operator's callback can (src/ops/callback.ts), before the flush has
    // reached the wakes queued after it.
    wakeLater(
      (() => {
        seen.push("a");
        later("c");
        later("d");
      }),
      undefined,
    );
    later("b");
    later("b2");
    await Promise.resolve();
    expect(seen).toEqual(["a", "b", "b2"]);
    await Promise.resolve();
    expect(seen).toEqual(["a", "b", "b2", "c", "d"]);
  });
});
