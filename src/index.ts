/**
 * Go-style CSP for TypeScript: typed channels with Go's close semantics,
 * `select`, timers, contexts, tasks and task groups, sync primitives, and
 * pipe-able operators and resilience policies built on them. Schema checks at
 * untyped boundaries live on `cspkit/schema`.
 *
 * @module cspkit
 */

// The public face. Re-exports only.

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

// ops
export { from, generate, of, range } from "./ops/source.js";
export { collect, collectTE, drain, drainTE, first, forEach, forEachTE, reduce, reduceTE } from "./ops/sink.js";
export { distinct, filter, flatMap, map, scan } from "./ops/transform.js";
export type { DistinctOptions } from "./ops/transform.js";
export { skip, take, takeWhile } from "./ops/slice.js";
export { batch, window } from "./ops/batch.js";
export type { BatchOptions, WindowOptions } from "./ops/batch.js";
export { debounce, StageTimeoutError, throttle, timeout } from "./ops/time.js";
export { concat, merge, race, zip } from "./ops/fanin.js";
export { parallelMap } from "./ops/parallel.js";
export type { ParallelMapOptions } from "./ops/parallel.js";
export { distribute, partition } from "./ops/fanout.js";
export type { Outputs } from "./ops/fanout.js";
export { broadcast, pubsub } from "./ops/broadcast.js";
export type { Broadcast, BroadcastOptions, PubSub, SubscribeOptions, Subscription } from "./ops/broadcast.js";
export { rateLimit } from "./ops/ratelimit.js";
export type { RateLimiter, RateLimitOptions } from "./ops/ratelimit.js";
export { gather } from "./ops/gather.js";
export type { GatherFailure, GatherOptions, GatherResults, TaskFn } from "./ops/gather.js";
export { stageError, stopStage } from "./ops/control.js";
export { StageStopped } from "./ops/stage.js";
export type { OperatorOptions, Passthrough, Source, Stage, StageOptions, TimedOptions } from "./ops/options.js";
