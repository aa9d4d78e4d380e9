// @thi.ng/csp (v3): promise-based channels with a fifo buffer (capacity ≥ 1),
// close, async iteration and select() over read races.

import { channel, select } from "@thi.ng/csp";
import { even, half, inc } from "../lib/ops.mjs";
import { EMPTY } from "../lib/workloads.mjs";

/** A goroutine-style stage: read until closed, write f's result (or skip), then close. */
const stage = (input, out, f, keep) => (async () => {
  for (;;) {
    const v = await input.read();
    if (v === undefined) break;
    if (f) await out.write(f(v));
    else if (keep(v)) await out.write(v);
  }
  out.close();
})();

const native = {
  // hand-built: producer → cap 64 → map → cap 64 → filter → cap 64 → map → cap 64 → consumer
  pipeline: async (a, n) => {
    const [c0, c1, c2, c3] = [channel(64), channel(64), channel(64), channel(64)];
    (async () => {
      for (let i = 0; i < n; i++) await c0.write(i);
      c0.close();
    })();
    stage(c0, c1, inc);
    stage(c1, c2, null, even);
    stage(c2, c3, half);
    let sum = 0;
    for (;;) {
      const v = await c3.read();
      if (v === undefined) return sum;
      sum += v;
    }
  },
};

const value = (v) => {
  if (v === undefined) throw new Error("read on a closed channel in the middle of a workload");
  return v;
};

export default {
  id: "thing-csp",
  title: "@thi.ng/csp",
  pkg: "@thi.ng/csp",
  notes: "no unbuffered channel: cap 0 is run as cap 1. write() resolves only once the value is read, so even a buffered send waits for the consumer. Max 1024 pending reads / queued writes per channel. trySend/tryRecv = offer/poll. Pipeline: hand-built, one async function per stage (`await read()` / `await write()`), channels of 64.",
  make: (cap) => channel(Math.max(1, cap)),
  send: (ch, v) => ch.write(v),
  recv: (ch) => ch.read(),
  value,
  close: (ch) => ch.close(),
  iterate: (ch) => ch,
  select: (chans) => select(...chans), // → [value, channel]
  selected: (r) => value(r[0]),
  receivers: (ch) => ch.reads.length + ch.races.length,
  trySend: (ch, v) => ch.offer(v),
  tryRecv: (ch) => {
    const v = ch.poll();
    return v === undefined ? EMPTY : v;
  },
  native,
};
