// merge's output: a channel that receives straight from its inputs.
//
// The obvious merge (Go's: one goroutine per input copying into the output)
// moves every value through two channels, parking on both. Here a receive on
// the output takes the next value directly from a ready input (round robin),
// so a busy merge costs about what one shared channel fed by every producer
// costs. Only while a receiver is parked on the output do the inputs need
// watching: then each input gets a forwarder (a callback receive, callback.ts)
// that hands the first value to arrive to the parked receiver; the forwarders
// are withdrawn as soon as nobody waits. A forwarder whose value found no
// receiver any more (a select that went elsewhere) leaves it in the output's
// buffer, or parks it as a send, so nothing is lost.
//
// Close and failure follow the stage rules (stage.ts): the output closes when
// the last input is drained; an input that fails fails the merge, at once.

import { BLOCKED, DRAINED, type Channel } from "../chan/chan.js";
import type { Entry } from "../chan/queue.js";
import { watch } from "../chan/signal.js";
import type { Overflow, RecvResult } from "../chan/types.js";
import { Waiter } from "../chan/waiter.js";
import { recvOrPark, sendOrPark } from "./callback.js";
import { StageChan, STOPPED, type StageRec } from "./stage.js";

export class MergeChan<T> extends StageChan<T> {
  /** Inputs not yet drained. */
  private readonly live: Channel<T>[];
  /** The forwarder parked on each live input (same index), if armed. */
  private readonly watching: (Waiter | null)[];
  /** Where the next round-robin scan starts. */
  private next = 0;
  /** A forwarder's operation failed: withdrawn by the stop (nothing to do), or anything else fails the merge. */
  private readonly failed = (e: unknown): void => {
    if (e !== STOPPED) this.stage.fail(e);
  };

  constructor(stage: StageRec, inputs: Channel<T>[], buffer: number, overflow: Overflow) {
    super(stage, buffer, overflow, stage.name);
    this.live = [...inputs];
    this.watching = inputs.map(() => null);
    // Stopping withdraws every forwarder (the stop signal fires before the output closes).
    watch(stage.stop, { abort: () => this.disarm() });
  }

  /** The merge starts: with no inputs it is already done. */
  begin(): void {
    if (this.live.length === 0) this.stage.halt();
  }

  override take(): unknown {
    const v = super.take();
    return v === BLOCKED ? this.scan() : v;
  }

  override canTake(): boolean {
    if (super.canTake()) return true;
    this.sweep();
    if (this.isClosed) return true;
    for (const c of this.live) if (c.canTake()) return true;
    return false;
  }

  override parkReceiver(e: Entry): void {
    super.parkReceiver(e);
    this.arm();
  }

  override unpark(w: Waiter): void {
    super.unpark(w);
    if (this.recvq.head === null) this.disarm();
  }

  /** One value from the first ready input after the last one served; BLOCKED if none is ready. */
  private scan(): unknown {
    for (let tries = this.live.length; tries > 0 && !this.isClosed; tries--) {
      if (this.next >= this.live.length) this.next = 0;
      const i = this.next;
      const v = this.live[i]!.take();
      if (v === BLOCKED) {
        this.next = i + 1;
        continue;
      }
      if (v === DRAINED) {
        this.drop(i);
        tries++; // the list got shorter; look at the one that moved into slot i
        continue;
      }
      this.next = i + 1;
      return v;
    }
    return this.isClosed ? DRAINED : BLOCKED;
  }

  /** Drop every input that is closed and drained (so canTake() answers for take()). */
  private sweep(): void {
    for (let i = this.live.length - 1; i >= 0 && !this.isClosed; i--) {
      const c = this.live[i]!;
      if (c.closed && c.len === 0) this.drop(i);
    }
  }

  /** Input `i` is drained: claim its failure (failing the merge) and forget it; the last one closes the output. */
  private drop(i: number): void {
    const c = this.live[i]!;
    this.watching[i]?.withdraw();
    this.live.splice(i, 1);
    this.watching.splice(i, 1);
    try {
      this.stage.ended(c);
    } catch (e) {
      this.stage.fail(e);
      return;
    }
    if (this.live.length === 0) this.stage.halt();
  }

  /** A receiver is parked: watch every input that is not watched yet. */
  private arm(): void {
    for (let i = 0; i < this.live.length && !this.isClosed; i++) {
      if (this.watching[i] !== null) continue;
      const c = this.live[i]!;
      const r = recvOrPark(c, (got) => this.arrived(c, got), this.failed);
      if (r instanceof Waiter) this.watching[i] = r;
      else {
        // Ready after all (a value that arrived since the scan): pass it on now.
        this.arrived(c, r);
        return; // arrived() re-arms if a receiver is still waiting
      }
    }
  }

  /** Withdraw every forwarder (nobody is waiting on the output any more). */
  private disarm(): void {
    for (let i = 0; i < this.watching.length; i++) {
      this.watching[i]?.withdraw();
      this.watching[i] = null;
    }
  }

  /** A forwarder got `r` from input `c`. */
  private arrived(c: Channel<T>, r: RecvResult<T>): void {
    const i = this.live.indexOf(c);
    if (i < 0) return;
    // Forget the forwarder that fired, not a newer one armed while this
    // value was on its way (a late wake, ../chan/wake.ts): that one still waits.
    if (this.watching[i]?.parked === false) this.watching[i] = null;
    if (!r.ok) {
      this.drop(i);
    } else if (!this.isClosed) {
      // To the parked receiver if there still is one, else into the buffer; if
      // the buffer is full too, park it as a send (taken in turn by a receive).
      sendOrPark(this, r.value, noop, this.failed);
    }
    if (this.isClosed) return;
    // Still someone waiting: keep watching. Served: stop watching the others.
    if (this.recvq.head !== null) this.arm();
    else this.disarm();
  }
}

const noop = (): void => {};
