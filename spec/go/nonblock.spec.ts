// Port of the intent of Go's test/chan/nonblock.go.
//
// Go: for unbuffered and 1-buffered channels of many element types, a
// non-blocking receive (select with default) on an empty channel takes the
// default; with a goroutine blocked in a receive (or a send), a non-blocking send
// (or receive) retried a bounded number of times, yielding in between, must
// eventually succeed and move exactly the value sent.
//
// Translation: the non-blocking ops are `trySend`/`tryRecv` and `trySelect`
// (select with default). The counterpart goroutine is an async function that
// starts its blocking op after a few yields, so the retry loop runs both before
// and after it parks. Every round checks the exact value moved and that nothing
// is left parked.

import { describe, expect, it } from "vitest";
import { chan, type Chan, send, trySelect } from "../../src/index.js";
import { expectIdle, jitter, macroTurn, rng } from "./util.js";

const MAX_TRIES = 10_000;

// Go's retry loop calls runtime.Gosched(): mostly a microtask turn here, and
// every 8th try a macrotask turn, so a counterpart waiting on one gets to run.
const yieldOnce = (tries: number): Promise<void> => (tries % 8 === 0 ? macroTurn() : Promise.resolve());

// One sample per "element type" of the Go test, plus JS's own odd values.
const samples: ReadonlyArray<readonly [string, unknown]> = [
  ["number", 123],
  ["negative float", -4.5],
  ["bigint", 2n ** 70n],
  ["string", "hello"],
  ["boolean", false],
  ["object", { k: [1, 2] }],
  ["symbol", Symbol("s")],
  ["null", null],
  ["undefined", undefined],
];

type NonBlocking = {
  readonly name: string;
  send(c: Chan<unknown>, v: unknown): boolean;
  recv(c: Chan<unknown>): { value: unknown; ok: boolean } | undefined;
};

const direct: NonBlocking = {
  name: "trySend/tryRecv",
  send: (c, v) => c.trySend(v),
  recv: (c) => c.tryRecv(),
};

const viaSelect: NonBlocking = {
  name: "trySelect (select with default)",
  send: (c, v) => trySelect({ s: send(c, v) }) !== undefined,
  recv: (c) => {
    const r = trySelect({ r: c });
    return r === undefined ? undefined : { value: r.value, ok: r.ok };
  },
};

describe.each([direct, viaSelect])("Go test/chan/nonblock with $name", (nb) => {
  describe.each([0, 1])("capacity %i", (cap) => {
    it.each(samples)("%s: empty channel takes the default; a blocked counterpart is met within bounded retries", async (_label, value) => {
      const rand = rng(cap * 7 + samples.findIndex(([, v]) => Object.is(v, value)));
      const c = chan<unknown>(cap);

      // Non-blocking receive on an empty channel: the default.
      expect(nb.recv(c)).toBeUndefined();

      // A receiver that starts after a few yields; the non-blocking send retries.
      const receiver = (async () => {
        await jitter(rand);
        return c.recv();
      })();
      let tries = 0;
      while (!nb.send(c, value)) {
        if (++tries > MAX_TRIES) throw new Error("non-blocking send never met the receiver");
        await yieldOnce(tries);
      }
      expect(await receiver).toEqual({ value, ok: true });
      expect(c.len).toBe(0);
      expectIdle(c);

      // A sender that starts after a few yields; the non-blocking receive retries.
      const sender = (async () => {
        await jitter(rand);
        await c.send(value);
        return "sent";
      })();
      tries = 0;
      let got = nb.recv(c);
      while (got === undefined) {
        if (++tries > MAX_TRIES) throw new Error("non-blocking receive never met the sender");
        await yieldOnce(tries);
        got = nb.recv(c);
      }
      expect(got).toEqual({ value, ok: true });
      expect(await sender).toBe("sent");
      expect(c.len).toBe(0);
      expectIdle(c);

      // And again: empty means default, on both sides for an unbuffered channel.
      expect(nb.recv(c)).toBeUndefined();
      if (cap === 0) expect(nb.send(c, value)).toBe(false);
      expectIdle(c);
    });
  });

  it("a full buffer refuses a non-blocking send and keeps its contents", async () => {
    const c = chan<unknown>(2);
    expect(nb.send(c, "a")).toBe(true);
    expect(nb.send(c, "b")).toBe(true);
    expect(nb.send(c, "c")).toBe(false);
    expect(c.len).toBe(2);
    expect(nb.recv(c)).toEqual({ value: "a", ok: true });
    expect(nb.recv(c)).toEqual({ value: "b", ok: true });
    expect(nb.recv(c)).toBeUndefined();
    expectIdle(c);
  });

  it("an unbuffered channel refuses a non-blocking send with no receiver parked, even after yielding", async () => {
    const c = chan<unknown>();
    for (let i = 0; i < 100; i++) {
      expect(nb.send(c, i)).toBe(false);
      await macroTurn();
    }
    expect(nb.recv(c)).toBeUndefined();
    expectIdle(c);
  });
});
