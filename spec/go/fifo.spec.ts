// Port of the intent of Go's test/chan/fifo.go.
//
// Go: AsynchFifo fills a buffered channel with 0..N-1 and drains it expecting the
// same order; SynchFifo hands 0..N-1 over an unbuffered channel to a chain of
// goroutines, each released by the previous one, each expecting its own index.
//
// Translation: the same two shapes with async functions, plus the FIFO rows of
// DESIGN §1 that the Go runtime also guarantees: parked receivers are served in
// the order they parked (plain recv, recv with a signal, iterator and select alike),
// parked senders are served in the order they parked, and FIFO holds across the
// buffer and the parked senders behind it. Every check is on exact sequences,
// and every channel ends with nothing parked.

import { describe, expect, it } from "vitest";
import { chan, type Chan, type RecvResult, select } from "../../src/index.js";
import { expectIdle, macroTurn, parked } from "./util.js";

const N = 10;

describe("Go test/chan/fifo: values leave a channel in the order they were sent", () => {
  it("AsynchFifo: a buffered channel of capacity N returns 0..N-1 in order", async () => {
    const ch = chan<number>(N);
    for (let i = 0; i < N; i++) await ch.send(i);
    expect(ch.len).toBe(N);
    const got: number[] = [];
    for (let i = 0; i < N; i++) {
      const r = await ch.recv();
      expect(r.ok).toBe(true);
      got.push(r.value as number);
    }
    expect(got).toEqual([...Array(N).keys()]);
    expect(ch.len).toBe(0);
    expectIdle(ch);
  });

  it("SynchFifo: a chain of tasks, each released by its predecessor, receives 0..N-1 in order", async () => {
    const ch = chan<number>();
    const start = chan<number>();
    const got: number[] = [];

    // Each link waits for its turn, receives one value, records it against its
    // own index, then releases the next link.
    const link = async (val: number, turn: Chan<number>, next: Chan<number>): Promise<void> => {
      await turn.recv();
      const r = await ch.recv();
      if (!r.ok || r.value !== val) got.push(-1 - val);
      else got.push(r.value);
      await next.send(1);
    };

    let turn = start;
    const links: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      const next = chan<number>();
      links.push(link(i, turn, next));
      turn = next;
    }
    const last = turn.recv();
    await start.send(0);
    for (let i = 0; i < N; i++) await ch.send(i);
    expect((await last).ok).toBe(true);
    await Promise.all(links);
    expect(got).toEqual([...Array(N).keys()]);
    expectIdle(ch, start, turn);
  });

  it("parked receivers of every kind are served in the order they parked", async () => {
    const ch = chan<number>();
    const quiet = chan<number>();
    const ac = new AbortController();
    const order: string[] = [];
    const it = ch[Symbol.asyncIterator]();

    const plain = ch.recv().then((r) => order.push(`plain:${String(r.value)}`));
    const withSignal = ch.recv({ signal: ac.signal }).then((r) => order.push(`signal:${String(r.value)}`));
    const viaSelect = select({ v: ch, q: quiet }).then((r) => order.push(`select:${r.case}:${String(r.value)}`));
    const viaIter = it.next().then((r) => order.push(`iter:${String(r.value)}`));
    expect(parked(ch)).toEqual({ senders: 0, receivers: 4 });

    for (let i = 0; i < 4; i++) await ch.send(i);
    await Promise.all([plain, withSignal, viaSelect, viaIter]);
    expect(order).toEqual(["plain:0", "signal:1", "select:v:2", "iter:3"]);
    await it.return?.();
    expectIdle(ch, quiet);
  });

  it("parked senders on an unbuffered channel are served in the order they parked", async () => {
    const ch = chan<number>();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < N; i++) sent.push(ch.send(i));
    expect(parked(ch)).toEqual({ senders: N, receivers: 0 });
    const got: number[] = [];
    for (let i = 0; i < N; i++) got.push((await ch.recv()).value as number);
    await Promise.all(sent);
    expect(got).toEqual([...Array(N).keys()]);
    expectIdle(ch);
  });

  it("FIFO holds across the buffer and the senders parked behind it", async () => {
    const cap = 4;
    const ch = chan<number>(cap);
    const resolved: number[] = [];
    const sends: Promise<void>[] = [];
    for (let i = 0; i < cap + N; i++) sends.push(ch.send(i).then(() => void resolved.push(i)));
    await macroTurn();
    // The first `cap` sends found room; the rest wait, in order.
    expect(resolved).toEqual([0, 1, 2, 3]);
    expect(ch.len).toBe(cap);
    expect(parked(ch)).toEqual({ senders: N, receivers: 0 });

    const got: number[] = [];
    for (let i = 0; i < cap + N; i++) {
      const r: RecvResult<number> = await ch.recv();
      got.push(r.value as number);
      // Each receive moves exactly the oldest parked sender into the buffer.
      expect(ch.len).toBe(Math.min(cap, cap + N - 1 - i));
    }
    await Promise.all(sends);
    expect(got).toEqual([...Array(cap + N).keys()]);
    expect(resolved).toEqual([...Array(cap + N).keys()]);
    expectIdle(ch);
  });

  it("per-sender FIFO with several interleaved senders on a buffered channel", async () => {
    const ch = chan<[number, number]>(3);
    const senders = 5;
    const each = 200;
    const run = async (id: number): Promise<void> => {
      for (let i = 0; i < each; i++) {
        await ch.send([id, i]);
        if ((i + id) % 3 === 0) await Promise.resolve();
      }
    };
    const all = Promise.all(Array.from({ length: senders }, (_, id) => run(id))).then(() => ch.close());
    const next = new Array<number>(senders).fill(0);
    let total = 0;
    for await (const [id, i] of ch) {
      expect(i).toBe(next[id]);
      next[id] = i + 1;
      total++;
    }
    await all;
    expect(total).toBe(senders * each);
    expect(next).toEqual(new Array<number>(senders).fill(each));
    expectIdle(ch);
  });
});
