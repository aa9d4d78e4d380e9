// ts-chan: Go-like Chan with rendezvous, buffers, close, a reusable Select and async
// iteration. Measured in its default mode, which awaits a setImmediate-based yield
// on operations (its guard against starving the event loop).

import { Chan, Select, recv as recvCase } from "ts-chan";
import { EMPTY } from "../lib/workloads.mjs";

const value = (r) => {
  if (r.done) throw new Error("receive on a closed channel in the middle of a workload");
  return r.value;
};

export default {
  id: "ts-chan",
  title: "ts-chan",
  pkg: "ts-chan",
  notes: "default (safe) mode: send/recv/Select.wait yield to the macrotask queue unless a yield already happened since their last one. A Select is built once per case set and reused.",
  make: (cap) => new Chan(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  value,
  close: (ch) => ch.close(),
  iterate: (ch) => ch,
  selector: (chans) => new Select(chans.map((ch) => recvCase(ch))),
  select: (sel) => sel.wait(),
  selected: (i, sel) => value(sel.recv(sel.cases[i])),
  // concurrency = parked senders − parked receivers (select cases included)
  receivers: (ch) => Math.max(0, -ch.concurrency),
  trySend: (ch, v) => ch.trySend(v),
  tryRecv: (ch) => {
    const r = ch.tryRecv();
    return r === undefined ? EMPTY : r.value;
  },
};
