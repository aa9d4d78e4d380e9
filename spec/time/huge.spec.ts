// Durations beyond the host's timer range (Node: 2^31 - 1 ms ≈ 24.8 days; a
// longer setTimeout is clamped to 1 ms with a TimeoutOverflowWarning). Without
// care, sleep(3e9) resolves after ~1 ms and a parked after(3e9) / after(Infinity)
// re-arms a 1 ms host timeout again and again. These use the system clock on
// purpose: the clamping is the host's.

import { describe, expect, it } from "vitest";
import { after, chan, select, sleep } from "../../src/index.js";
import { collectWarnings, probe } from "../chan/_helpers.js";

const HUGE = 3_000_000_000; // ≈ 34.7 days, > 2^31 - 1
const realWait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("durations beyond the host timer range", () => {
  it("sleep(3e9) is still pending after 50 ms of real time", async () => {
    const w = collectWarnings();
    const ac = new AbortController();
    try {
      const s = probe(sleep(HUGE, { signal: ac.signal }));
      await realWait(50);
      expect(s.status).toBe("pending");
      expect(w.names).not.toContain("TimeoutOverflowWarning");
    } finally {
      ac.abort("cleanup");
      w.stop();
    }
  });

  it.each([HUGE, Number.POSITIVE_INFINITY])("a select parked on after(%s) waits quietly (no re-arming spin)", async (ms) => {
    const w = collectWarnings();
    try {
      const ch = chan<number>();
      const p = probe(select({ v: ch, t: after(ms) }));
      await realWait(50);
      expect(p.status).toBe("pending");
      ch.trySend(1);
      await realWait(0);
      expect(p.value).toStrictEqual({ case: "v", value: 1, ok: true });
      expect(w.names.filter((n) => n === "TimeoutOverflowWarning").length).toBe(0);
    } finally {
      w.stop();
    }
  });
});
