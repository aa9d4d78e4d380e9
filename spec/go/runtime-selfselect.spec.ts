// Port of the intent of Go's runtime/chan_test.go TestSelfSelect.
//
// Go: two goroutines loop 1000 times over a select with a send of their own id
// and a receive on the same channel (case order alternating), for capacity 0 and
// 1; on an unbuffered channel a goroutine must never receive its own id (a select
// must never rendezvous with itself).
//
// Translation: the same two-task loop, with and without `priority` (so the
// declared case order matters too), checking exact tallies: on an unbuffered
// channel every select pairs with the other task's select, so sends and receives
// are equal and each task's sends equal the receipts of its id. Then many tasks
// with random yields between iterations, run until a number of pairings is
// reached (capacity 0 and 1) and stopped by closing a `quit` channel that every
// select also watches; each task's sends must match the receipts of its id.

import { describe, expect, it } from "vitest";
import { chan, select, send } from "../../src/index.js";
import { expectIdle, jitter, rng } from "./util.js";

describe("Go runtime TestSelfSelect: a select never rendezvouses with itself", () => {
  describe.each([false, true])("priority %s", (priority) => {
    it.each([0, 1])("two tasks, 1000 selects each, capacity %i", async (cap) => {
      const c = chan<number>(cap);
      const iters = 1000;
      const selfReceives: number[] = [];
      const sent = [0, 0];
      const receivedFrom = [0, 0];
      let received = 0;

      const task = async (p: number): Promise<void> => {
        for (let i = 0; i < iters; i++) {
          const sendFirst = p === 0 || i % 2 === 0;
          const r = await select(sendFirst ? { s: send(c, p), r: c } : { r: c, s: send(c, p) }, { priority });
          if (r.case === "s") {
            sent[p] = (sent[p] ?? 0) + 1;
            continue;
          }
          expect(r.ok).toBe(true);
          received++;
          if (r.ok) {
            receivedFrom[r.value] = (receivedFrom[r.value] ?? 0) + 1;
            if (cap === 0 && r.value === p) selfReceives.push(i);
          }
        }
      };

      await Promise.all([task(0), task(1)]);
      expect(selfReceives).toEqual([]);
      const totalSent = (sent[0] ?? 0) + (sent[1] ?? 0);
      expect(totalSent + received).toBe(2 * iters);
      // Whatever was sent was received, or is still in the buffer.
      expect(totalSent - received).toBe(c.len);
      if (cap === 0) {
        expect(totalSent).toBe(iters);
        expect(receivedFrom).toEqual(sent);
      }
      expectIdle(c);
    });
  });

  describe.each([0, 1])("capacity %i", (cap) => {
    it.each([1, 2, 3])("eight tasks with random yields until 5,000 receipts, then quit (seed %i)", async (seed) => {
      const rand = rng(seed * 10 + cap);
      const tasks = 8;
      const target = 5_000;
      const c = chan<number>(cap);
      const quit = chan<void>();
      const sentBy = new Array<number>(tasks).fill(0);
      const receivedFrom = new Array<number>(tasks).fill(0);
      const selfReceives: number[] = [];
      let receipts = 0;

      const task = async (p: number): Promise<void> => {
        for (;;) {
          const r = await select(rand() < 0.5 ? { s: send(c, p), r: c, quit } : { quit, r: c, s: send(c, p) });
          if (r.case === "quit") return;
          if (r.case === "s") sentBy[p] = (sentBy[p] ?? 0) + 1;
          else if (r.ok) {
            // Only a rendezvous can be "with itself"; from a buffer a task may
            // legitimately get back what it sent earlier.
            if (cap === 0 && r.value === p) selfReceives.push(p);
            receivedFrom[r.value] = (receivedFrom[r.value] ?? 0) + 1;
            if (++receipts === target) quit.close();
          }
          await jitter(rand);
        }
      };

      await Promise.all(Array.from({ length: tasks }, (_, p) => task(p)));
      expect(selfReceives).toEqual([]);
      expect(receipts).toBeGreaterThanOrEqual(target);
      // Whatever a buffered channel still holds counts as received by nobody yet.
      expect(c.len).toBeLessThanOrEqual(cap);
      for (let r = c.tryRecv(); r !== undefined && r.ok; r = c.tryRecv()) {
        receivedFrom[r.value] = (receivedFrom[r.value] ?? 0) + 1;
      }
      // Each committed send is exactly one receipt, per sender.
      expect(receivedFrom).toEqual(sentBy);
      expectIdle(c, quit);
    });
  });
});
