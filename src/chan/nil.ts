// The nil channel: it never becomes ready. Its operations park (so diagnostics
// list them and a signal can withdraw them) but nothing ever matches them.

import { Channel, BLOCKED, OFFER_BLOCKED } from "./chan.js";

/** @internal */
export class NilChannel<T> extends Channel<T> {
  constructor(name: string | undefined) {
    super(0, 0, name, undefined, "nil chan");
  }

  override take(): unknown {
    return BLOCKED;
  }

  override offer(): number {
    return OFFER_BLOCKED;
  }

  override canTake(): boolean {
    return false;
  }

  override canOffer(): boolean {
    return false;
  }

  override close(): void {
    throw new TypeError("close of nil channel (it never becomes ready; close the channel you made with chan())");
  }
}
