// Parking without a promise, for operators that forward values as callbacks
// (merge). An async loop pays a promise, a microtask and a resumption for
// every park; a forwarder written as callbacks pays one Waiter, and its next
// step runs straight from the commit that unblocked it. The Waiter protocol is
// the one every operation uses (../chan/waiter.ts): the callbacks stand where
// a promise's resolve and reject would. No signal is attached: the caller keeps
// the returned Waiter and withdraws it itself (`abort`) when it stops, which
// costs nothing per park.

import type { Channel } from "../chan/chan.js";
import type { RecvResult } from "../chan/types.js";
import { MODE_RECV, MODE_SEND, Waiter } from "../chan/waiter.js";

/** Send `value` now (null), or park it and return the Waiter: `taken()` once a receiver has it, `failed(e)` on close or abort. */
export function sendOrPark<T>(ch: Channel<T>, value: T, taken: () => void, failed: (e: unknown) => void): Waiter | null {
  if (ch.trySend(value)) return null;
  const w = new Waiter(ch, MODE_SEND, taken, failed, null, undefined);
  w.value = value;
  ch.parkSender(w);
  return w;
}

/** Receive now (the result), or park and return the Waiter: `got(result)` once a value (or the close) arrives, `failed(e)` on abort. */
export function recvOrPark<T>(ch: Channel<T>, got: (r: RecvResult<T>) => void, failed: (e: unknown) => void): RecvResult<T> | Waiter {
  const r = ch.tryRecv();
  if (r !== undefined) return r;
  const w = new Waiter(ch, MODE_RECV, got, failed, null, undefined);
  ch.parkReceiver(w);
  return w;
}
