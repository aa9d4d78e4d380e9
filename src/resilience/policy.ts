// What every policy shares: argument checks of execute, the Either and
// TaskEither forms, and the internal `run` that `wrap` chains.
//
// `run` takes the caller's signal and the context built by the policies
// outside this one (`outer`, null when called directly), so that a function
// under `wrap(retry, breaker, timeout)` receives `attempt` from the retry and
// `signal` from the timeout in one object.

import type { either as E, taskEither as TE } from "fp-ts";
import type { AbortSignalLike } from "../chan/host.js";
import { background } from "../context/derive.js";
import type { HostAbortSignal } from "../context/types.js";
import { left, right } from "../task/either.js";
import { reportPanic, TaskPanic } from "../task/panic.js";
import type { Stage, StageOptions } from "../ops/options.js";
import { checkFn, signalOf } from "./check.js";
import { policyStage } from "./stage.js";
import type { ExecuteContext, ExecuteOptions, Policy } from "./types.js";

/** @internal The base class of every policy; `wrap` accepts only these. */
export abstract class PolicyBase<C extends ExecuteContext, F> implements Policy<C, F> {
  /** Names the policy in messages, e.g. `circuitBreaker "payments"`. */
  protected abstract readonly label: string;

  /**
   * Run `fn` with a context made of `outer`'s fields plus this policy's own.
   * @internal
   */
  abstract run<A>(fn: (ctx: C) => A | PromiseLike<A>, signal: AbortSignalLike | undefined, outer: object | null): Promise<A | F>;

  execute<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): Promise<A | F> {
    checkFn(`${this.label}.execute(fn)`, fn);
    const signal = signalOf(`${this.label}.execute(fn, options)`, options);
    return this.run(fn, signal, null);
  }

  executeEither<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): Promise<E.Either<unknown, A | F>> {
    checkFn(`${this.label}.executeEither(fn)`, fn);
    const signal = signalOf(`${this.label}.executeEither(fn, options)`, options);
    return this.run(fn, signal, null).then(right, left);
  }

  executeTE<A>(fn: (ctx: C) => A | PromiseLike<A>, options?: ExecuteOptions): TE.TaskEither<unknown, A | F> {
    checkFn(`${this.label}.executeTE(fn)`, fn);
    const signal = signalOf(`${this.label}.executeTE(fn, options)`, options);
    return () => this.run(fn, signal, null).then(right, left);
  }

  stage<A, B>(fn: (item: A, ctx: C) => B | PromiseLike<B>, options?: StageOptions): Stage<A, B | F> {
    return policyStage<A, B | F, C>(`${this.label}.stage(fn, options)`, this.op, this, fn, options);
  }

  /** The operator name of the policy's stage, in diagnostics (e.g. "circuitBreaker-1"). */
  protected get op(): string {
    return this.label.split(" ")[0]!;
  }
}

/** The signal a function sees when the caller gave none: it never aborts. */
export const signalFor = (signal: AbortSignalLike | undefined): HostAbortSignal =>
  // The caller's own signal, as it is. In cspkit's own compilation the host type is AbortSignalLike.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  signal === undefined ? background().signal : (signal as HostAbortSignal);

/** The context handed to `fn`: `outer`'s fields, then `signal`. */
export function contextFor(outer: object | null, signal: HostAbortSignal): ExecuteContext {
  return outer === null ? { signal } : { ...outer, signal };
}

/** Call `fn`, turning a synchronous throw into a rejection. */
export function invoke<A>(fn: (ctx: never) => A | PromiseLike<A>, ctx: object): Promise<A> {
  try {
    return Promise.resolve((fn as (ctx: object) => A | PromiseLike<A>)(ctx));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * A callback of ours threw (a state listener, isFailure, retryIf): nobody can
 * observe that error, so it goes where unobserved panics go (`onPanic`; by
 * default a crash, as in Go), named after the callback. It stops nothing here.
 */
export function reportLater(error: unknown, who: string): void {
  reportPanic(new TaskPanic(error, who));
}

interface ControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

/** A host AbortController (typed structurally: the core compiles without DOM or Node types). */
export function newController(): ControllerLike {
  const C = (globalThis as unknown as { AbortController?: new () => ControllerLike }).AbortController;
  if (typeof C !== "function") {
    throw new TypeError("timeoutPolicy: this runtime has no AbortController (cspkit needs Node ≥ 20.19, a current browser, Deno or Bun)");
  }
  return new C();
}
