// Port of the intent of Go's test/chan/zerosize.go.
//
// Go: channels of zero-size element types (struct{}, [0]byte) are ordinary
// channels: they can be made, buffered, sent on and received from, and a received
// zero-size value is a real value, distinct from "closed".
//
// Translation: JavaScript's nearest "nothing" values — `undefined` (what a
// `chan<void>` carries), `null`, `{}`, `[]`, `""`, `0`, `NaN`, `false` — must all be
// ordinary values: counted in `len`, delivered with `ok: true` (only close gives
// `ok: false`), yielded by `for await`, selected like any other value, kept by
// identity, never confused with "would block" or "closed".

import { describe, expect, it } from "vitest";
import { chan, select, send, trySelect } from "../../src/index.js";
import { expectIdle } from "./util.js";

const empties: ReadonlyArray<readonly [string, unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["{}", {}],
  ["[]", []],
  ['""', ""],
  ["0", 0],
  ["-0", -0],
  ["NaN", NaN],
  ["false", false],
];

describe("Go test/chan/zerosize: zero-size values are ordinary values", () => {
  it("chan<void>: a signal channel carries undefined with ok=true, then ok=false after close", async () => {
    const done = chan<void>(2);
    await done.send();
    await done.send(undefined);
    expect(done.len).toBe(2);
    done.close();
    expect(await done.recv()).toEqual({ value: undefined, ok: true });
    expect(done.tryRecv()).toEqual({ value: undefined, ok: true });
    expect(await done.recv()).toEqual({ value: undefined, ok: false });
    expect(done.tryRecv()).toEqual({ value: undefined, ok: false });
  });

  it.each(empties)("%s through an unbuffered channel keeps its identity and ok=true", async (_label, value) => {
    const c = chan<unknown>();
    const r = c.recv();
    await c.send(value);
    const got = await r;
    expect(got.ok).toBe(true);
    expect(Object.is(got.value, value)).toBe(true);
    expectIdle(c);
  });

  it.each(empties)("%s fills a buffer like any value: len, cap, full, FIFO", async (_label, value) => {
    const c = chan<unknown>(3);
    expect(c.trySend(value)).toBe(true);
    expect(c.trySend(value)).toBe(true);
    expect(c.trySend(value)).toBe(true);
    expect(c.trySend(value)).toBe(false);
    expect(c.len).toBe(3);
    expect(c.cap).toBe(3);
    for (let i = 0; i < 3; i++) {
      const r = c.tryRecv();
      expect(r).toBeDefined();
      expect(r?.ok).toBe(true);
      expect(Object.is(r?.value, value)).toBe(true);
    }
    // Now empty: "would block" is undefined, not a result holding undefined.
    expect(c.tryRecv()).toBeUndefined();
    expectIdle(c);
  });

  it("for await yields every undefined value and stops only at close", async () => {
    const c = chan<undefined>(4);
    const n = 1000;
    const producer = (async () => {
      for (let i = 0; i < n; i++) await c.send(undefined);
      c.close();
    })();
    let count = 0;
    for await (const v of c) {
      expect(v).toBeUndefined();
      count++;
    }
    await producer;
    expect(count).toBe(n);
    expectIdle(c);
  });

  it("select and trySelect report received undefined / null as values, and send them", async () => {
    const u = chan<undefined>(1);
    const n = chan<null>(1);
    expect(await select({ s: send(u, undefined) })).toEqual({ case: "s" });
    expect(trySelect({ s: send(n, null) })).toEqual({ case: "s" });
    expect(await select({ u }, { priority: true })).toEqual({ case: "u", value: undefined, ok: true });
    expect(trySelect({ n })).toEqual({ case: "n", value: null, ok: true });
    expect(trySelect({ u, n })).toBeUndefined();
    u.close();
    expect(trySelect({ u })).toEqual({ case: "u", value: undefined, ok: false });
    expectIdle(u, n);
  });

  it("many distinct empty objects stay distinct (no interning), in order", async () => {
    const objs = Array.from({ length: 50 }, () => ({}));
    const c = chan<object>(50);
    for (const o of objs) c.trySend(o);
    for (const o of objs) expect(c.tryRecv()?.value).toBe(o);
    expectIdle(c);
  });
});
