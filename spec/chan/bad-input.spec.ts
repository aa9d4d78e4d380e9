// Bad input to chan(): a TypeError/RangeError, thrown synchronously, naming the
// argument, the value and what was expected.

import { describe, expect, it } from "vitest";
import { chan, channelState } from "../../src/index.js";
import { expectMessage, thrown } from "./_helpers.js";

describe("chan(capacity, options) bad input", () => {
  it.each([
    [-1, "-1"],
    [1.5, "1.5"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("chan(%s) throws a RangeError", (cap, shown) => {
    const e = thrown(() => chan(cap));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "capacity", `got ${shown}`, "non-negative integer");
  });

  it('chan("3") throws a TypeError', () => {
    const e = thrown(() => chan("3" as unknown as number));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "capacity", 'got "3"', "must be a number");
  });

  it("an unknown overflow throws a RangeError listing the policies", () => {
    const e = thrown(() => chan(2, { overflow: "fifo" as never }));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "options.overflow", 'got "fifo"', '"block"', '"dropOldest"', '"dropNewest"', '"error"');
  });

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])("overflow %j (an Object.prototype key, not a policy) throws a RangeError", (name) => {
    const e = thrown(() => chan(2, { overflow: name as never }));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "options.overflow", `got "${name}"`, '"block"');
  });

  it.each(["dropOldest", "dropNewest", "error"] as const)("overflow %s on an unbuffered channel throws a RangeError", (policy) => {
    const e = thrown(() => chan(0, { overflow: policy }));
    expect(e).toBeInstanceOf(RangeError);
    expectMessage(e, "options.overflow", `"${policy}"`, "capacity is 0", "capacity ≥ 1");
    // Same with the default capacity.
    expect(() => chan(undefined, { overflow: policy })).toThrow(RangeError);
  });

  it('overflow "block" on an unbuffered channel is fine', () => {
    expect(chan(0, { overflow: "block" }).cap).toBe(0);
  });

  it("bad options, name and onDrop throw TypeErrors", () => {
    const o = thrown(() => chan(1, null as never));
    expect(o).toBeInstanceOf(TypeError);
    expectMessage(o, "options", "got null", "must be an object");

    const n = thrown(() => chan(1, { name: 5 as never }));
    expect(n).toBeInstanceOf(TypeError);
    expectMessage(n, "options.name", "got 5", "string");

    const d = thrown(() => chan(1, { onDrop: "x" as never }));
    expect(d).toBeInstanceOf(TypeError);
    expectMessage(d, "options.onDrop", 'got "x"', "function");
  });

  it("channelState of a non-channel throws a TypeError", () => {
    const e = thrown(() => channelState({ len: 0 }));
    expect(e).toBeInstanceOf(TypeError);
    expectMessage(e, "channelState(ch)", "channel");
  });
});
