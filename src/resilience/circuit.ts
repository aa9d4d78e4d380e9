// circuitBreaker(): closed → open → half-open → closed, as a deterministic state
// machine. It reads time only through its clock's now() and sets no timers: the
// open → half-open change is noticed (and announced, stamped with the time it
// fell due) at the next call or `state` read. So a manual `{ now }` makes every
// test exact, and an idle breaker holds nothing that keeps a process alive.
//
// Every state change bumps a generation. A call remembers the generation it
// started in; its result counts only if no change happened since. So a slow call
// that began while closed cannot reopen a circuit that has since closed again,
// and a probe from a half-open period that is over cannot close a circuit that
// reopened.

import { chan } from "../chan/make.js";
import type { AbortSignalLike } from "../chan/host.js";
import type { Chan, RecvChan } from "../chan/types.js";
import { defaultClock } from "../time/clock.js";
import { counterFor, isBreaker, type Breaker, type Counter } from "./breaker.js";
import { checkObject, Issues, MS, show } from "./check.js";
import { busyHalfOpen, openCircuit } from "./errors.js";
import { contextFor, invoke, PolicyBase, reportLater, signalFor } from "./policy.js";
import type { CircuitState, ExecuteContext, Policy } from "./types.js";

/**
 * One state change of a circuit breaker, as `stateChanges` and
 * `onStateChange` deliver it.
 *
 * @example
 * ```ts
 * breaker.onStateChange((c: CircuitStateChange) => {
 *   console.log(`${c.from} → ${c.to} at ${c.at}`, c.to === "open" ? c.error : "");
 * });
 * ```
 */
export interface CircuitStateChange {
  /** The state before. */
  readonly from: CircuitState;
  /** The state after. */
  readonly to: CircuitState;
  /** Clock time of the change. For open → halfOpen: the time it fell due (`opened + halfOpenAfter`). */
  readonly at: number;
  /** For a change to `"open"`: the failure that tripped it. */
  readonly error?: unknown;
}

/**
 * Options of {@link circuitBreaker}. cockatiel's names; opossum's `resetTimeout`
 * is accepted for `halfOpenAfter` (and {@link samplingBreaker} takes opossum's
 * `errorThresholdPercentage`, `rollingCountTimeout`, `volumeThreshold`).
 *
 * @example
 * ```ts
 * const opts: CircuitBreakerOptions<string> = {
 *   breaker: consecutiveBreaker(3),
 *   halfOpenAfter: 5_000,
 *   fallback: () => "cached",
 * };
 * ```
 */
export interface CircuitBreakerOptions<F = never> {
  /** When a closed circuit opens: `consecutiveBreaker(n)` or `samplingBreaker({ … })`. */
  readonly breaker: Breaker;
  /** How long the circuit stays open before letting probes through, ms (≥ 0). Required, or `resetTimeout`. */
  readonly halfOpenAfter?: number | undefined;
  /** opossum's name for `halfOpenAfter`. */
  readonly resetTimeout?: number | undefined;
  /** How many probe calls a half-open circuit runs at once, and how many must succeed to close it. Default 1. */
  readonly halfOpenProbes?: number | undefined;
  /** Where time comes from: anything with `now()` in ms (default: the clock set with `setClock`). */
  readonly clock?:
    | {
        /** Current time in milliseconds. */
        now(): number;
      }
    | undefined;
  /**
   * Degrade instead of failing: called with the error when the breaker refuses
   * a call (`BrokenCircuitError`) or the call failed (as `isFailure` counts
   * failures); its value (or rejection) becomes the call's result. Not called
   * for the caller's own abort or for errors `isFailure` lets through.
   */
  readonly fallback?: ((error: unknown, ctx: ExecuteContext) => F | PromiseLike<F>) | undefined;
  /**
   * Which errors are failures of the service (default: all). An error for which
   * it returns false still rejects the call, but counts as a success: the
   * service answered (a 404 says the service is up). opossum calls this
   * `errorFilter`, with the opposite sense. If it throws, the error counts as
   * a failure and the throw goes to the `onPanic` handler.
   */
  readonly isFailure?: ((error: unknown) => boolean) | undefined;
  /** Shown in errors and on the `stateChanges` channel. */
  readonly name?: string | undefined;
  /** Capacity of the `stateChanges` channel (≥ 1, default 16); the oldest change is dropped when it is full. */
  readonly stateChangesBuffer?: number | undefined;
}

/**
 * A circuit breaker made by {@link circuitBreaker}: a {@link Policy} that
 * fails fast while the service it guards is known to be down.
 *
 * @example
 * ```ts
 * const cb: CircuitBreaker = circuitBreaker({ breaker: consecutiveBreaker(5), halfOpenAfter: 10_000 });
 * const user = await cb.execute(({ signal }) => loadUser(id, signal));
 * ```
 */
export interface CircuitBreaker<F = never> extends Policy<ExecuteContext, F> {
  /** The `name` option. */
  readonly name: string | undefined;
  /** The current state. Reading it notices an open circuit whose `halfOpenAfter` has passed. */
  readonly state: CircuitState;
  /**
   * Every state change, in order, on a buffered channel (capacity
   * `stateChangesBuffer`, overflow `"dropOldest"`): the breaker never waits for
   * a reader, and a slow reader loses the oldest changes, not the newest. Never
   * closed.
   */
  readonly stateChanges: RecvChan<CircuitStateChange>;
  /** Call `listener` synchronously on every state change; returns a function that unsubscribes. A listener's throw stops nothing: it goes to the `onPanic` handler (by default a crash, as an unobserved panic in Go). */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void;
}

const SUCCESS = 0;
const FAILURE = 1;
const IGNORED = 2;
type Outcome = typeof SUCCESS | typeof FAILURE | typeof IGNORED;

class Circuit<F> extends PolicyBase<ExecuteContext, F> implements CircuitBreaker<F> {
  protected readonly label: string;
  readonly stateChanges: Chan<CircuitStateChange>;
  private st: CircuitState = "closed";
  private gen = 0;
  private openedAt = 0;
  /** Half-open: probes running, and probes that succeeded. */
  private probes = 0;
  private successes = 0;
  private readonly counter: Counter;
  private listeners: { fn: (c: CircuitStateChange) => void }[] = [];
  /** The context of a call with no signal and no outer policy: one frozen object for all of them. */
  private readonly plainCtx: ExecuteContext = Object.freeze({ signal: signalFor(undefined) });

  constructor(
    breaker: Breaker,
    private readonly halfOpenAfter: number,
    private readonly halfOpenProbes: number,
    private readonly clock: { now(): number },
    private readonly fallback: ((error: unknown, ctx: ExecuteContext) => F | PromiseLike<F>) | undefined,
    private readonly isFailure: ((error: unknown) => boolean) | undefined,
    readonly name: string | undefined,
    buffer: number,
  ) {
    super();
    this.label = name === undefined ? "circuitBreaker" : `circuitBreaker "${name}"`;
    this.counter = counterFor(breaker);
    this.stateChanges = chan<CircuitStateChange>(buffer, {
      name: name === undefined ? "circuitBreaker.stateChanges" : `${name}.stateChanges`,
      overflow: "dropOldest",
    });
  }

  get state(): CircuitState {
    this.refresh(this.clock.now());
    return this.st;
  }

  onStateChange(listener: (change: CircuitStateChange) => void): () => void {
    if (typeof listener !== "function") {
      throw new TypeError(`${this.label}.onStateChange(listener): listener must be a function, got ${show(listener)}`);
    }
    const entry = { fn: listener };
    this.listeners = [...this.listeners, entry];
    return () => {
      this.listeners = this.listeners.filter((e) => e !== entry);
    };
  }

  run<A>(fn: (ctx: ExecuteContext) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<A | F> {
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    // A closed circuit needs no time to admit a call (the hot path reads no clock).
    if (this.st !== "closed") this.refresh(this.clock.now());
    let probe = false;
    if (this.st === "open") return this.refuse(openCircuit(this.name, this.openedAt + this.halfOpenAfter), signal, outer);
    if (this.st === "halfOpen") {
      if (this.probes >= this.halfOpenProbes) return this.refuse(busyHalfOpen(this.name, this.halfOpenProbes), signal, outer);
      this.probes++;
      probe = true;
    }
    const gen = this.gen;
    const ctx = outer === null && signal === undefined ? this.plainCtx : contextFor(outer, signalFor(signal));
    return invoke(fn, ctx).then(
      (v) => {
        this.settle(gen, probe, SUCCESS, undefined);
        return v;
      },
      (e: unknown) => {
        const outcome = this.classify(signal, e);
        this.settle(gen, probe, outcome, e);
        if (outcome === FAILURE && this.fallback !== undefined) return invoke(this.fallback.bind(undefined, e), ctx);
        throw e;
      },
    );
  }

  private refuse(error: unknown, signal: AbortSignalLike | undefined, outer: object | null): Promise<F> {
    if (this.fallback === undefined) return Promise.reject(error);
    return invoke(this.fallback.bind(undefined, error), contextFor(outer, signalFor(signal)));
  }

  // After the caller's signal aborted, an error tells about the abort (fetch
  // rejects with the signal's reason), not about the service: it is ignored.
  private classify(signal: AbortSignalLike | undefined, e: unknown): Outcome {
    if (signal !== undefined && signal.aborted) return IGNORED;
    const f = this.isFailure;
    if (f === undefined) return FAILURE;
    try {
      return f(e) ? FAILURE : SUCCESS;
    } catch (x) {
      reportLater(x, `${this.label} options.isFailure`);
      return FAILURE;
    }
  }

  private settle(gen: number, probe: boolean, outcome: Outcome, error: unknown): void {
    if (gen !== this.gen) return; // started before the last change: stale
    if (!probe) {
      // Time only if the counter keeps a window, or the circuit is about to open.
      const c = this.counter;
      if (outcome === SUCCESS) c.success(c.timed ? this.clock.now() : 0);
      else if (outcome === FAILURE) {
        const now = this.clock.now();
        if (c.failure(now)) this.move("open", now, error);
      }
      return;
    }
    const now = this.clock.now();
    this.probes--;
    if (outcome === SUCCESS) {
      if (++this.successes >= this.halfOpenProbes) this.move("closed", now, undefined);
    } else if (outcome === FAILURE) {
      this.move("open", now, error);
    }
  }

  private refresh(now: number): void {
    const due = this.openedAt + this.halfOpenAfter;
    if (this.st === "open" && now >= due) this.move("halfOpen", due, undefined);
  }

  private move(to: CircuitState, at: number, error: unknown): void {
    const from = this.st;
    this.st = to;
    this.gen++;
    this.probes = 0;
    this.successes = 0;
    if (to === "open") this.openedAt = at;
    else if (to === "closed") this.counter.reset();
    const change: CircuitStateChange = to === "open" ? { from, to, at, error } : { from, to, at };
    this.stateChanges.trySend(change);
    for (const l of this.listeners) {
      try {
        l.fn(change);
      } catch (e) {
        reportLater(e, `${this.label}.onStateChange listener`);
      }
    }
  }
}

const PROBES = { min: 1, integer: true, says: "an integer ≥ 1 (concurrent probe calls)" } as const;
const BUFFER = { min: 1, integer: true, says: "an integer ≥ 1 (a channel capacity)" } as const;

/**
 * A circuit breaker (cockatiel's `circuitBreaker`, opossum's `CircuitBreaker`).
 * While **closed**, calls go through and `breaker` counts failures; once it
 * trips, the circuit is **open**: calls fail fast with `BrokenCircuitError`
 * (or get the `fallback`) without running. After `halfOpenAfter` ms it is
 * **half-open**: up to `halfOpenProbes` calls at a time go through as probes;
 * any probe failure reopens it, `halfOpenProbes` probe successes close it.
 *
 * Time is read only through `clock.now()`, and only when it matters: when a
 * call starts or ends while the circuit is not closed, when a call fails, when
 * a sampling breaker records a result, or when `state` is read. A call's result counts only if no state change happened
 * while it ran. An error that ends a call after the caller's own `signal`
 * aborted is neither a success nor a failure, whatever the error: it tells
 * about the abort (fetch rejects with the signal's reason), not the service
 * (inside `wrap`, an outer policy's abort, such as an outer timeout, is the
 * caller's); it gets no fallback and frees its probe slot. Every invalid
 * option is reported in one error, when the breaker is built.
 *
 * @example
 * ```ts
 * const breaker = circuitBreaker({
 *   breaker: samplingBreaker({ threshold: 0.5, duration: 10_000, minimumRps: 1 }),
 *   halfOpenAfter: 5_000,
 *   fallback: () => ({ price: undefined, stale: true }),
 * });
 * breaker.onStateChange((c) => console.log(`prices: ${c.from} → ${c.to}`));
 * const quote = await breaker.execute(async ({ signal }) => ({ price: await fetchPrice(signal), stale: false }));
 * ```
 */
export function circuitBreaker<F = never>(options: CircuitBreakerOptions<F>): CircuitBreaker<F> {
  const where = "circuitBreaker(options)";
  checkObject(where, options, "{ breaker: consecutiveBreaker(5), halfOpenAfter: 10_000 }", false);
  const o = options as { [K in keyof CircuitBreakerOptions]: unknown };
  const issues = new Issues(where);
  if (!isBreaker(o.breaker)) {
    issues.add("options.breaker", "consecutiveBreaker(n) or samplingBreaker({ threshold, duration, minimumRps })", o.breaker, "type");
  }
  let halfOpenAfter: number | undefined;
  if (o.halfOpenAfter !== undefined && o.resetTimeout !== undefined) {
    issues.add("options.halfOpenAfter", "given alone (options.resetTimeout says the same)", o.halfOpenAfter, "range", `, and options.resetTimeout = ${show(o.resetTimeout)}`);
  } else if (o.resetTimeout !== undefined) {
    halfOpenAfter = issues.num("options.resetTimeout", o.resetTimeout, MS);
  } else {
    halfOpenAfter = issues.num("options.halfOpenAfter", o.halfOpenAfter, MS);
  }
  const probes = issues.num("options.halfOpenProbes", o.halfOpenProbes, PROBES, true) ?? 1;
  const buffer = issues.num("options.stateChangesBuffer", o.stateChangesBuffer, BUFFER, true) ?? 16;
  issues.clock("options.clock", o.clock, false);
  issues.fn("options.fallback", o.fallback);
  issues.fn("options.isFailure", o.isFailure);
  issues.str("options.name", o.name);
  issues.done();
  return new Circuit<F>(
    options.breaker,
    halfOpenAfter!,
    probes,
    options.clock ?? defaultClock(),
    options.fallback,
    options.isFailure,
    options.name,
    buffer,
  );
}
