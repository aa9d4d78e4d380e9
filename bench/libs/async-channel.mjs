// async-channel: Channel(bufferCapacity) with push()/get(), close and async iteration.
// No select and no non-blocking operations.

import { Channel } from "async-channel";

export default {
  id: "async-channel",
  title: "async-channel",
  pkg: "async-channel",
  notes: "no select, no trySend/tryRecv. get() rejects with ChannelClosedError once closed and drained.",
  make: (cap) => new Channel(cap),
  send: (ch, v) => ch.push(v),
  recv: (ch) => ch.get(),
  close: (ch) => ch.close(),
  iterate: (ch) => ch,
};
