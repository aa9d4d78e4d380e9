// cspkit: the public face. Re-exports only.

export type { AbortSignalLike, OpOptions } from "./chan/host.js";
export type { Chan, ChanOptions, Overflow, RecvChan, RecvResult, SendChan } from "./chan/types.js";
export { ChannelFullError, ClosedChannelError } from "./chan/errors.js";
export { chan, channelState, isChan, nil } from "./chan/make.js";
export type { ChannelState } from "./chan/make.js";
export { setStarvationGuard } from "./chan/guard.js";
export { watchers } from "./chan/signal.js";

export { send, SendCase } from "./select/case.js";
export type { AnySendCase } from "./select/case.js";
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

// sync
export { WaitGroup } from "./sync/waitgroup.js";
export { Mutex } from "./sync/mutex.js";
export { RWMutex } from "./sync/rwmutex.js";
export { Once } from "./sync/once.js";
export { onceFunc, onceValue } from "./sync/oncefunc.js";
export { Cond } from "./sync/cond.js";
export { Semaphore } from "./sync/semaphore.js";
export type { Locker, SyncOptions, WaitOptions } from "./sync/types.js";

// context
export { background, withCancel, withCancelCause, withValue, withoutCancel } from "./context/derive.js";
export { withDeadline, withDeadlineCause, withTimeout, withTimeoutCause } from "./context/deadline.js";
export { afterFunc } from "./context/after-func.js";
export { fromSignal } from "./context/from-signal.js";
export { contextKey } from "./context/key.js";
export { Canceled, DeadlineExceeded } from "./context/errors.js";
export type { CancelableContext, CancelCauseFunc, CancelFunc, Context, ContextKey, DeadlineOptions, HostAbortSignal, ValueOf } from "./context/types.js";

// task
export { go } from "./task/go.js";
export type { GoOptions, Task } from "./task/go.js";
export { onPanic, TaskPanic } from "./task/panic.js";
export type { PanicHandler } from "./task/panic.js";
export { group } from "./task/group.js";
export type { Group, GroupOptions } from "./task/group.js";

// diag
export { blocked, runningTasks } from "./diag/report.js";
export type { BlockedCase, BlockedOp, LeakFilter } from "./diag/report.js";
export { dump } from "./diag/dump.js";
export { expectNoLeaks, LeakError } from "./diag/leaks.js";
export type { LeakOptions } from "./diag/leaks.js";
export { DEADLOCK, detectDeadlocks } from "./diag/deadlock.js";
export type { DeadlockOptions } from "./diag/deadlock.js";
export { setDebug } from "./diag/debug.js";

// resilience
export { circuitBreaker } from "./resilience/circuit.js";
export type { CircuitBreaker, CircuitBreakerOptions, CircuitStateChange } from "./resilience/circuit.js";
export { consecutiveBreaker, samplingBreaker } from "./resilience/breaker.js";
export type { Breaker, ConsecutiveBreaker, SamplingBreaker, SamplingBreakerOptions } from "./resilience/breaker.js";
export { retry } from "./resilience/retry.js";
export type { Backoff, Retry, RetryOptions } from "./resilience/retry.js";
export { bulkhead } from "./resilience/bulkhead.js";
export type { Bulkhead, BulkheadOptions } from "./resilience/bulkhead.js";
export { timeoutPolicy } from "./resilience/timeout.js";
export type { Timeout, TimeoutOptions } from "./resilience/timeout.js";
export { wrap } from "./resilience/wrap.js";
export type { Wrapped } from "./resilience/wrap.js";
export { BrokenCircuitError, BulkheadRejectedError, TimeoutRejectedError } from "./resilience/errors.js";
export type { CircuitState, ExecuteContext, ExecuteOptions, Policy, RetryContext } from "./resilience/types.js";
export { shutdown } from "./resilience/shutdown.js";
export type { Shutdown, ShutdownChange, ShutdownOptions, ShutdownState, ShutdownSummary, ShutdownTicket } from "./resilience/shutdown.js";
