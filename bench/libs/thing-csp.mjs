// @thi.ng/csp (v3): promise-based channels with a fifo buffer (capacity ≥ 1),
// close, async iteration and select() over read races.

import { channel, select } from "@thi.ng/csp";
import { EMPTY } from "../lib/workloads.mjs";

const value = (v) => {
  if (v === undefined) throw new Error("read on a closed channel in the middle of a workload");
  return v;
};

export default {
  id: "thing-csp",
  title: "@thi.ng/csp",
  pkg: "@thi.ng/csp",
  notes: "no unbuffered channel: cap 0 is run as cap 1. write() resolves only once the value is read, so even a buffered send waits for the consumer. Max 1024 pending reads / queued writes per channel. trySend/tryRecv = offer/poll.",
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
};
