// Port of the intent of Go's test/chan/closedchan.go.
//
// Go: the same checks run through several "ways to use a channel" (plain ops,
// a select with one case, a select with extra never-ready cases): on a closed
// channel every receive yields the zero value with ok=false without blocking,
// blocking and non-blocking sends panic "send on closed channel" and the value is
// discarded, close panics "close of closed channel"; a value buffered before the
// close is still received first, by each way of receiving.
//
// Translation: the "ways" are adapters over recv/tryRecv/send/trySend, select,
// trySelect (also with extra never-ready cases, as an object, with priority) and
// the async iterator. Go's panics are ClosedChannelError rejections (or throws from
// the synchronous ops) with Go's message and the unsent value in `error.value`.
// Added, from DESIGN §1: what close does to operations already parked (receivers
// of every kind see ok=false; senders are rejected with their value, which never
// enters the buffer), `for await` over a closed channel, and a closed send case
// competing with a ready case in a select.

import { describe, expect, it } from "vitest";
import { chan, ClosedChannelError, nil, select, send, trySelect, watchers, type Chan, type RecvResult } from "../../src/index.js";
import { expectIdle, macroTurn, outcome, parked } from "./util.js";

type Result = RecvResult<number>;

interface Way {
  readonly name: string;
  recv(c: Chan<number>): Promise<Result>;
  nbrecv(c: Chan<number>): Result | undefined;
  send(c: Chan<number>, v: number): Promise<void>;
  nbsend(c: Chan<number>, v: number): boolean;
}

const quiet = chan<number>();
const nothing = nil<number>();

const asResult = (r: { value?: unknown; ok?: boolean }): Result =>
  r.ok === true ? { value: r.value as number, ok: true } : { value: undefined, ok: false };

const ways: readonly Way[] = [
  {
    name: "plain operations",
    recv: (c) => c.recv(),
    nbrecv: (c) => c.tryRecv(),
    send: (c, v) => c.send(v),
    nbsend: (c, v) => c.trySend(v),
  },
  {
    name: "select with one case",
    recv: async (c) => asResult(await select([c])),
    nbrecv: (c) => {
      const r = trySelect([c]);
      return r === undefined ? undefined : asResult(r);
    },
    send: async (c, v) => void (await select([send(c, v)])),
    nbsend: (c, v) => trySelect([send(c, v)]) !== undefined,
  },
  {
    name: "select with never-ready extra cases (object form)",
    recv: async (c) => {
      const r = await select({ q: quiet, n: nothing, off: null, qs: send(quiet, 0), c });
      if (r.case !== "c") throw new Error(`never-ready case ${r.case} fired`);
      return asResult(r);
    },
    nbrecv: (c) => {
      const r = trySelect({ q: quiet, n: nothing, c });
      if (r !== undefined && r.case !== "c") throw new Error(`never-ready case ${r.case} fired`);
      return r === undefined ? undefined : asResult(r);
    },
    send: async (c, v) => {
      const r = await select({ q: quiet, s: send(c, v), n: send(nothing, v) });
      if (r.case !== "s") throw new Error(`never-ready case ${r.case} fired`);
    },
    nbsend: (c, v) => trySelect({ q: quiet, s: send(c, v) }) !== undefined,
  },
  {
    name: "select with priority, the real case last",
    recv: async (c) => asResult(await select([quiet, nothing, c], { priority: true })),
    nbrecv: (c) => {
      const r = trySelect([quiet, c], { priority: true });
      return r === undefined ? undefined : asResult(r);
    },
    send: async (c, v) => void (await select([quiet, send(c, v)], { priority: true })),
    nbsend: (c, v) => trySelect([quiet, send(c, v)], { priority: true }) !== undefined,
  },
  {
    name: "async iterator for receiving",
    recv: async (c) => {
      const r = await c[Symbol.asyncIterator]().next();
      return r.done === true ? { value: undefined, ok: false } : { value: r.value, ok: true };
    },
    nbrecv: (c) => c.tryRecv(),
    send: (c, v) => c.send(v),
    nbsend: (c, v) => c.trySend(v),
  },
];

function expectClosedError(e: unknown, pattern: RegExp, value: unknown): void {
  expect(e).toBeInstanceOf(ClosedChannelError);
  expect((e as ClosedChannelError).message).toMatch(pattern);
  expect((e as ClosedChannelError).value).toBe(value);
}

const SEND_ON_CLOSED = /^send on closed channel/;
const CLOSE_OF_CLOSED = /^close of closed channel/;
const CLOSED: Result = { value: undefined, ok: false };

/** Go's test1: everything a closed, drained channel does. */
async function closedAndDrained(c: Chan<number>, way: Way): Promise<void> {
  for (let i = 0; i < 3; i++) {
    expect(await way.recv(c)).toEqual(CLOSED);
    expect(way.nbrecv(c)).toEqual(CLOSED);
  }
  let thrown: unknown = null;
  try {
    way.nbsend(c, 1);
  } catch (e) {
    thrown = e;
  }
  expectClosedError(thrown, SEND_ON_CLOSED, 1);
  // The value was discarded, not buffered.
  expect(await way.recv(c)).toEqual(CLOSED);

  const o = await outcome(way.send(c, 2));
  expect(o.state).toBe("rejected");
  if (o.state === "rejected") expectClosedError(o.reason, SEND_ON_CLOSED, 2);
  expect(await way.recv(c)).toEqual(CLOSED);

  expect(c.len).toBe(0);
  expect(c.closed).toBe(true);
  let closeError: unknown = null;
  try {
    c.close();
  } catch (e) {
    closeError = e;
  }
  expectClosedError(closeError, CLOSE_OF_CLOSED, undefined);
  expectIdle(c, quiet);
}

const closedSync = (): Chan<number> => {
  const c = chan<number>();
  c.close();
  return c;
};

const closedAsync = (): Chan<number> => {
  const c = chan<number>(2);
  c.trySend(1);
  c.close();
  return c;
};

describe("Go test/chan/closedchan", () => {
  describe.each(ways)("through $name", (way) => {
    it("closed unbuffered channel (test1)", () => closedAndDrained(closedSync(), way));

    it("closed buffered channel, drained first (test1 on an empty buffer)", async () => {
      const c = chan<number>(3);
      c.close();
      await closedAndDrained(c, way);
    });

    it("a value buffered before close is received first, blocking receive (testasync1/2)", async () => {
      const c = closedAsync();
      expect(c.len).toBe(1);
      expect(await way.recv(c)).toEqual({ value: 1, ok: true });
      await closedAndDrained(c, way);
    });

    it("a value buffered before close is received first, non-blocking receive (testasync3/4)", async () => {
      const c = closedAsync();
      expect(way.nbrecv(c)).toEqual({ value: 1, ok: true });
      await closedAndDrained(c, way);
    });

    it("every buffered value comes out in order before ok=false", async () => {
      const c = chan<number>(5);
      for (let i = 10; i < 15; i++) expect(way.nbsend(c, i)).toBe(true);
      c.close();
      const got: Result[] = [];
      for (let i = 0; i < 5; i++) got.push(i % 2 === 0 ? await way.recv(c) : (way.nbrecv(c) as Result));
      expect(got.map((r) => r.value)).toEqual([10, 11, 12, 13, 14]);
      expect(got.every((r) => r.ok)).toBe(true);
      await closedAndDrained(c, way);
    });
  });

  describe("close and the operations parked on the channel", () => {
    it("parked receivers of every kind wake with ok=false (done for the iterator)", async () => {
      const c = chan<number>();
      const ac = new AbortController();
      const it = c[Symbol.asyncIterator]();
      const plain = c.recv();
      const withSignal = c.recv({ signal: ac.signal });
      const viaSelect = select({ c, q: quiet });
      const viaIter = it.next();
      expect(parked(c).receivers).toBe(4);
      c.close();
      expect(await plain).toEqual(CLOSED);
      expect(await withSignal).toEqual(CLOSED);
      expect(await viaSelect).toEqual({ case: "c", value: undefined, ok: false });
      expect(await viaIter).toEqual({ value: undefined, done: true });
      expect(watchers(ac.signal)).toBe(0);
      expectIdle(c, quiet);
    });

    it.each([0, 2])("parked senders (capacity %i) are rejected with their own values; buffered values survive", async (cap) => {
      const c = chan<number>(cap);
      for (let i = 0; i < cap; i++) c.trySend(100 + i);
      const ac = new AbortController();
      const plain = c.send(1);
      const withSignal = c.send(2, { signal: ac.signal });
      const viaSelect = select({ s: send(c, 3), q: quiet });
      const settled = Promise.allSettled([plain, withSignal, viaSelect]);
      expect(parked(c).senders).toBe(3);
      c.close();
      const results = await settled;
      const values = results.map((r) => {
        expect(r.status).toBe("rejected");
        const reason: unknown = r.status === "rejected" ? r.reason : null;
        expect(reason).toBeInstanceOf(ClosedChannelError);
        expect((reason as ClosedChannelError).message).toMatch(SEND_ON_CLOSED);
        return (reason as ClosedChannelError).value;
      });
      expect(values).toEqual([1, 2, 3]);
      expect(watchers(ac.signal)).toBe(0);
      // A late abort changes nothing.
      ac.abort(new Error("late"));
      // The buffer holds what it held before the close, and only that.
      expect(c.len).toBe(cap);
      const drained: number[] = [];
      for await (const v of c) drained.push(v);
      expect(drained).toEqual(cap === 0 ? [] : [100, 101]);
      expectIdle(c, quiet);
    });

    it("a select parked on a receive and a send on the same channel, then closed, wakes through the receive", async () => {
      // Go's closechan releases the readers before the writers, and a select
      // woken once is done: the receive case wins with ok=false, the send case is
      // withdrawn and never panics. Both case orders.
      for (const swap of [false, true]) {
        const c = chan<number>();
        const p = swap ? select({ s: send(c, 5), r: c }) : select({ r: c, s: send(c, 5) });
        await macroTurn();
        expect(parked(c)).toEqual({ senders: 1, receivers: 1 });
        c.close();
        expect(await outcome(p)).toEqual({ state: "resolved", value: { case: "r", value: undefined, ok: false } });
        expectIdle(c);
      }
    });
  });

  describe("for await over a closed channel", () => {
    it("an empty closed channel ends at once; a closed one with values yields them, then ends", async () => {
      const empty = closedSync();
      let n = 0;
      for await (const _ of empty) n++;
      expect(n).toBe(0);
      const c = chan<number>(3);
      c.trySend(1);
      c.trySend(2);
      c.close();
      const got: number[] = [];
      for await (const v of c) got.push(v);
      expect(got).toEqual([1, 2]);
      expectIdle(empty, c);
    });

    it("close wakes a parked for-await loop, which ends after the values sent before the close", async () => {
      const c = chan<number>();
      const got: number[] = [];
      const loop = (async () => {
        for await (const v of c) got.push(v);
        return "ended";
      })();
      await c.send(1);
      await c.send(2);
      await macroTurn();
      expect(parked(c).receivers).toBe(1);
      c.close();
      expect(await loop).toBe("ended");
      expect(got).toEqual([1, 2]);
      expectIdle(c);
    });
  });

  describe("a send case on a closed channel is a ready case (it panics if chosen)", () => {
    it("with priority, the order decides", () => {
      const c = closedSync();
      const ready = chan<number>(1);
      ready.trySend(7);
      expect(() => trySelect([send(c, 1), ready], { priority: true })).toThrow(SEND_ON_CLOSED);
      expect(ready.len).toBe(1);
      expect(trySelect([ready, send(c, 1)], { priority: true })).toEqual({ case: 0, value: 7, ok: true });
    });

    it("without priority, the choice is random between panicking and the ready case", async () => {
      let panicked = 0;
      let received = 0;
      for (let i = 0; i < 400; i++) {
        const c = closedSync();
        const ready = chan<number>(1);
        ready.trySend(i);
        const o = await outcome(select({ s: send(c, i), r: ready }), 1);
        if (o.state === "rejected") {
          expectClosedError(o.reason, SEND_ON_CLOSED, i);
          expect(ready.len).toBe(1);
          panicked++;
        } else {
          expect(o).toEqual({ state: "resolved", value: { case: "r", value: i, ok: true } });
          received++;
        }
      }
      expect(panicked + received).toBe(400);
      // Each side has probability 1/2: 10σ = 100 around 200.
      expect(panicked).toBeGreaterThan(100);
      expect(received).toBeGreaterThan(100);
    });
  });
});
