// channel-ts: SimpleChannel, an unbounded queue with a synchronous send, a promise
// receive, close and async iteration. No capacity, so no rendezvous and no back-pressure.

import { SimpleChannel, TryReceivedKind } from "channel-ts";
import { EMPTY } from "../lib/workloads.mjs";

export default {
  id: "channel-ts",
  title: "channel-ts",
  pkg: "channel-ts",
  notes: "unbounded only (the capacity is ignored): send() is synchronous and never waits, so it is not a like-for-like peer on ping-pong or fan-in. No select. trySend = send (always succeeds), tryRecv = tryReceive.",
  make: () => new SimpleChannel(),
  send: (ch, v) => { ch.send(v); },
  recv: (ch) => ch.receive(),
  close: (ch) => ch.close(),
  iterate: (ch) => ch,
  trySend: (ch, v) => { ch.send(v); return true; },
  tryRecv: (ch) => {
    const r = ch.tryReceive();
    return r.kind === TryReceivedKind.value ? r.value : EMPTY;
  },
};
