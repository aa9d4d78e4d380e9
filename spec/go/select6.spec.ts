// Port of the intent of Go's test/chan/select6.go (Go issue 2075).
//
// Go: a select corrupted the wait queue of a case it did not choose when that
// queue held other waiters in different states. One goroutine blocks receiving on
// c1; a second selects on c1 and c2; c2 fires, so the second must withdraw from
// c1 and then receives on c1 again; two sends on c1 must then reach both
// receivers (with the bug, the queue was broken and the program deadlocked).
//
// Translation: the same scenario with async functions, where a deadlock shows up
// as a send that is still pending after a few macrotask turns (a clear failure,
// not a hung test). Then the generalisation: a select parked between other
// waiters of every kind (plain, with a signal, another select, an iterator), on
// the receive or the send side, chosen by another case; the remaining waiters
// must be served in exactly their parking order and nothing may remain parked.

import { describe, expect, it } from "vitest";
import { chan, select, send } from "../../src/index.js";
import { expectIdle, macroTurn, parked, rng, settles } from "./util.js";

describe("Go test/chan/select6: a select that loses on a channel leaves that channel's queue intact", () => {
  it("the original scenario: blocked receiver + select on (c1, c2); c2 wins; two sends on c1 reach both", async () => {
    const c1 = chan<number>();
    const c2 = chan<boolean>();
    const c3 = chan<boolean>();
    const got: string[] = [];

    const first = c1.recv().then((r) => void got.push(`first:${String(r.value)}`));
    const second = (async () => {
      const r = await select({ one: c1, two: c2 });
      got.push(`select:${r.case}`);
      await c3.send(true);
      const again = await c1.recv();
      got.push(`second:${String(again.value)}`);
    })();
    const sender = c2.send(true);

    expect((await settles(c3.recv(), "<-c3")).ok).toBe(true);
    await settles(c1.send(1), "c1 <- 1");
    await settles(c1.send(2), "c1 <- 2");
    await Promise.all([first, second, sender]);
    expect(got).toEqual(["select:two", "first:1", "second:2"]);
    expectIdle(c1, c2, c3);
  });

  type Kind = "plain" | "signal" | "select" | "iter";
  const kinds: readonly Kind[] = ["plain", "signal", "select", "iter"];

  it("generalised, receive side: 300 random queues around a losing select", async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      const c1 = chan<number>();
      const c2 = chan<number>();
      const quiet = chan<number>();
      const ac = new AbortController();
      const log: Array<[number, number]> = [];
      const iters: AsyncIterator<number>[] = [];
      const done: Promise<unknown>[] = [];

      const park = (id: number, kind: Kind): void => {
        const note = (v: unknown): void => void log.push([id, v as number]);
        if (kind === "plain") done.push(c1.recv().then((r) => note(r.value)));
        else if (kind === "signal") done.push(c1.recv({ signal: ac.signal }).then((r) => note(r.value)));
        else if (kind === "select") done.push(select({ q: quiet, v: c1 }).then((r) => note(r.value)));
        else {
          const it = c1[Symbol.asyncIterator]();
          iters.push(it);
          done.push(it.next().then((r) => note(r.value)));
        }
      };

      const before = Math.floor(rand() * 4);
      const after = Math.floor(rand() * 4);
      const duplicate = rand() < 0.5;
      let id = 0;
      for (let i = 0; i < before; i++) park(id++, pick(kinds));
      const target = duplicate
        ? select(rand() < 0.5 ? { a: c1, b: c2, a2: c1 } : { b: c2, a: c1, a2: c1 })
        : select(rand() < 0.5 ? { a: c1, b: c2 } : { b: c2, a: c1 });
      for (let i = 0; i < after; i++) park(id++, pick(kinds));
      expect(parked(c1).receivers).toBe(before + after + (duplicate ? 2 : 1));

      // The select's other case fires, through a plain send or another select.
      const trigger: Promise<unknown> = rand() < 0.5 ? c2.send(99) : select({ s: send(c2, 99), q: quiet });
      expect(await settles(target, `seed ${seed}: target select`)).toEqual({ case: "b", value: 99, ok: true });
      await settles(trigger, `seed ${seed}: trigger`);
      expect(parked(c1).receivers).toBe(before + after);

      for (let v = 0; v < before + after; v++) await settles(c1.send(v), `seed ${seed}: c1 <- ${v}`);
      await Promise.all(done);
      expect(log, `seed ${seed}`).toEqual(Array.from({ length: before + after }, (_, k) => [k, k]));
      for (const it of iters) await it.return?.();
      expectIdle(c1, c2, quiet);
    }
  });

  it("generalised, send side: 300 random queues of senders around a losing select", async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(1000 + seed);
      const c1 = chan<number>(rand() < 0.5 ? 0 : 1);
      if (c1.cap === 1) c1.trySend(-1); // a full buffer, so senders park
      const c2 = chan<number>();
      const quiet = chan<number>();
      const ac = new AbortController();
      const done: Promise<unknown>[] = [];

      const park = (v: number): void => {
        const k = Math.floor(rand() * 3);
        if (k === 0) done.push(c1.send(v));
        else if (k === 1) done.push(c1.send(v, { signal: ac.signal }));
        else done.push(select({ q: quiet, s: send(c1, v) }));
      };

      const before = Math.floor(rand() * 4);
      const after = Math.floor(rand() * 4);
      let v = 0;
      for (let i = 0; i < before; i++) park(v++);
      const target = select(rand() < 0.5 ? { a: send(c1, 1000), b: c2 } : { b: c2, a: send(c1, 1000), a2: send(c1, 1001) });
      for (let i = 0; i < after; i++) park(v++);

      const trigger = c2.send(99);
      expect(await settles(target, `seed ${seed}: target select`)).toEqual({ case: "b", value: 99, ok: true });
      await settles(trigger, `seed ${seed}: trigger`);
      expect(parked(c1).senders).toBe(before + after);

      const got: number[] = [];
      const expected = c1.cap === 1 ? [-1] : [];
      for (let k = 0; k < before + after; k++) expected.push(k);
      for (let k = 0; k < expected.length; k++) {
        const r = await settles(c1.recv(), `seed ${seed}: <-c1`);
        got.push(r.value as number);
      }
      await Promise.all(done);
      expect(got, `seed ${seed}`).toEqual(expected);
      expect(c1.len).toBe(0);
      expectIdle(c1, c2, quiet);
    }
  });

  it("a withdrawn select case in the middle of a long queue is skipped, not served", async () => {
    // Enough waiters that the queue's middle-removal (tombstone) path is taken.
    const c1 = chan<number>();
    const c2 = chan<number>();
    const plain: Promise<{ value: number | undefined }>[] = [];
    const losers: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      plain.push(c1.recv());
      losers.push(select({ a: c1, b: c2 }));
    }
    expect(parked(c1).receivers).toBe(200);
    for (let i = 0; i < 100; i++) await c2.send(i);
    await macroTurn();
    expect(parked(c1).receivers).toBe(100);
    expect(parked(c2).receivers).toBe(0);
    for (let i = 0; i < 100; i++) await settles(c1.send(i), `c1 <- ${i}`);
    expect((await Promise.all(plain)).map((r) => r.value)).toEqual([...Array(100).keys()]);
    expect((await Promise.all(losers)).map((r) => (r as { case: string }).case)).toEqual(new Array<string>(100).fill("b"));
    expectIdle(c1, c2);
  });
});
