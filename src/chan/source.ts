// A value source behind a channel (timers). The channel asks it for a value when
// its buffer and send queue are empty, and tells it when receivers start and stop
// waiting, so a timer runs a host timeout only while someone is parked on it: a
// timer nobody waits for costs nothing and keeps no process alive.

/** @internal */
export interface Source {
  /** Is a value available now? */
  due(): boolean;
  /** Consume the available value (called only right after `due()` returned true). */
  take(): unknown;
  /** A receiver parked: make sure a value will be pushed to it when one is due. */
  wake(): void;
  /** No receiver is parked any more: stop any host timeout. */
  sleep(): void;
}
