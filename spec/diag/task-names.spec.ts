import { describe, expect, it } from "vitest";
import { blocked, chan, go } from "../../src/index.js";

describe("blocked() names the task that parked a plain send or receive", () => {
  it("records the task for a receive and a send parked in a task's first step", async () => {
    const jobs = chan<number>(0, { name: "jobs" });
    const out = chan<number>(0, { name: "out" });
    const r = go(async () => void (await jobs.recv()), { name: "reader" });
    const w = go(async () => out.send(1), { name: "writer" });
    const ops = blocked().filter((b) => b.op === "recv" || b.op === "send");
    expect(ops.map((b) => [b.op, b.on, b.task])).toEqual([
      ["recv", 'chan "jobs"', "reader"],
      ["send", 'chan "out"', "writer"],
    ]);
    jobs.trySend(7);
    expect(out.tryRecv()).toEqual({ value: 1, ok: true });
    await r.join();
    await w.join();
  });
});
