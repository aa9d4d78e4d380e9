// cspkit: the public face. Re-exports only.

export type { AbortSignalLike, OpOptions } from "./chan/host.js";
export type { Chan, ChanOptions, Overflow, RecvChan, RecvResult, SendChan } from "./chan/types.js";
export { ChannelFullError, ClosedChannelError } from "./chan/errors.js";
export { chan, channelState, isChan, nil } from "./chan/make.js";
export { setStarvationGuard } from "./chan/guard.js";
export { watchers } from "./chan/signal.js";

export { send, SendCase } from "./select/case.js";
export { select, trySelect } from "./select/select.js";
export type { Case, CaseResult, SelectOptions, SelectResult, TrySelectOptions } from "./select/types.js";

export { defaultClock, manualClock, setClock, systemClock } from "./time/clock.js";
export type { Clock, ManualClock } from "./time/clock.js";
export { after, timer } from "./time/timer.js";
export type { Timer, TimerOptions } from "./time/timer.js";
export { tick } from "./time/tick.js";
export type { Ticker } from "./time/tick.js";
export { sleep } from "./time/sleep.js";
export type { SleepOptions } from "./time/sleep.js";
