// gather: run a set of task functions, at most `limit` at a time, and collect
// their results by position (an array) or by key (a record). Built on the task
// group (Go's errgroup): by default the first error cancels the group's
// context, nothing more is started, and gather rejects with that error once
// every started task has finished. `settle: true` runs everything and returns
// an Either: all results, or every failure.

import type { either as E } from "fp-ts";
import type { AbortSignalLike } from "../chan/host.js";
import { background } from "../context/derive.js";
import type { Context } from "../context/types.js";
import { left, right } from "../task/either.js";
import { group } from "../task/group.js";
import { bool, Check, COMMON, int, show } from "./validate.js";

/**
 * One task of {@link gather}: gets the gather's context, cancelled when
 * another task fails (without `settle`) or when gather's signal/ctx fire.
 *
 * @example
 * ```ts
 * const load: TaskFn<string> = async (ctx) => (await fetch(url, { signal: ctx.signal })).text();
 * ```
 */
export type TaskFn<T> = (ctx: Context) => T | PromiseLike<T>;

/**
 * Options of {@link gather}.
 *
 * @example
 * ```ts
 * await gather(tasks, { limit: 4, settle: true, signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface GatherOptions {
  /** At most this many tasks run at once (default Infinity). */
  readonly limit?: number | undefined;
  /** Run every task whatever happens and resolve with an Either (default false). */
  readonly settle?: boolean | undefined;
  /** Cancels the tasks' context; gather then rejects with the reason. */
  readonly signal?: AbortSignalLike | undefined;
  /** The parent of the tasks' context; its cancellation works like `signal`. */
  readonly ctx?: Context | undefined;
  /** Names the group in diagnostics. */
  readonly name?: string | undefined;
}

/**
 * One failed task of a settled {@link gather}: its index (array) or key (record).
 *
 * @example
 * ```ts
 * const f: GatherFailure<number> = { key: 2, error: new Error("timeout") };
 * ```
 */
export interface GatherFailure<K> {
  /** The task's index (array) or key (record). */
  readonly key: K;
  /** What it threw or rejected with, unchanged. */
  readonly error: unknown;
}

/**
 * The results of a set of tasks, shaped like the set.
 *
 * @example
 * ```ts
 * type R = GatherResults<[TaskFn<number>, TaskFn<string>]>; // [number, string]
 * ```
 */
export type GatherResults<T> = { -readonly [K in keyof T]: T[K] extends TaskFn<infer R> ? Awaited<R> : never };

type Settled<T, K> = Promise<E.Either<GatherFailure<K>[], GatherResults<T>>>;
type ArrayTasks = readonly TaskFn<unknown>[];
type RecordTasks = Readonly<Record<string, TaskFn<unknown>>>;

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Run task functions concurrently (at most `limit` at once, in submission
 * order) and collect their results: an array by position, a record by key.
 * By default the first failure cancels the others' context, starts nothing
 * more, and gather rejects with it once the started tasks have finished. With
 * `settle: true`, every task runs and gather resolves with `Right(results)` or
 * `Left(failures)`, every failure listed in submission order.
 *
 * @example
 * ```ts
 * const [user, posts] = await gather([(ctx) => loadUser(ctx), (ctx) => loadPosts(ctx)], { limit: 2 });
 * const r = await gather({ a: () => 1, b: async () => "two" }, { settle: true });
 * // { _tag: "Right", right: { a: 1, b: "two" } }
 * ```
 */
export function gather<const T extends ArrayTasks>(tasks: T, options: GatherOptions & { readonly settle: true }): Settled<T, number>;
export function gather<const T extends ArrayTasks>(tasks: T, options?: GatherOptions & { readonly settle?: false | undefined }): Promise<GatherResults<T>>;
export function gather<T extends RecordTasks>(tasks: T, options: GatherOptions & { readonly settle: true }): Settled<T, keyof T & string>;
export function gather<T extends RecordTasks>(tasks: T, options?: GatherOptions & { readonly settle?: false | undefined }): Promise<GatherResults<T>>;
export function gather(tasks: unknown, options?: GatherOptions): Promise<unknown> {
  const check = new Check("gather(tasks, options)");
  const isArray = Array.isArray(tasks);
  let keys: (string | number)[] = [];
  if (isArray) keys = (tasks as unknown[]).map((_, i) => i);
  else if (isPlain(tasks)) keys = Object.keys(tasks);
  else check.add(`tasks must be an array or a plain object of task functions, got ${show(tasks)}`, false);
  const table = tasks as Record<string | number, unknown>;
  for (const k of keys) {
    const t = table[k];
    if (typeof t !== "function") check.add(`tasks${isArray ? `[${k}]` : `.${k}`} must be a function (ctx) => value, got ${show(t)}`, false);
  }
  check.options(options, { ...COMMON, limit: int(1, "a positive integer, or Infinity for no limit", true), settle: bool }).done();
  return run(keys, table as Record<string | number, TaskFn<unknown>>, isArray, options);
}

async function run(keys: (string | number)[], table: Record<string | number, TaskFn<unknown>>, isArray: boolean, options: GatherOptions | undefined): Promise<unknown> {
  const settle = options?.settle === true;
  const parent = options?.ctx ?? background();
  const g = group(parent, {
    limit: options?.limit ?? Infinity,
    ...(options?.signal !== undefined ? { signal: options.signal } : {}),
    ...(options?.name !== undefined ? { name: options.name } : {}),
  });
  const results = (isArray ? new Array<unknown>(keys.length) : {}) as Record<string | number, unknown>;
  const failures: { at: number; f: GatherFailure<string | number> }[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const task = table[key]!;
    try {
      // A slot wait is cut short when the group's context is cancelled: start nothing more.
      await g.go(
        async (ctx) => {
          try {
            results[key] = await task(ctx);
          } catch (error) {
            if (!settle) throw error;
            failures.push({ at: i, f: { key, error } });
          }
        },
        { ctx: g.ctx },
      );
    } catch {
      break;
    }
    if (g.ctx.err() !== undefined) break;
  }
  const outcome = await g.waitEither();
  const signal = options?.signal;
  if (signal !== undefined && signal.aborted) throw signal.reason;
  if (parent.err() !== undefined) throw parent.cause();
  if (outcome._tag === "Left") throw outcome.left;
  if (!settle) return results;
  if (failures.length === 0) return right(results);
  return left(failures.sort((a, b) => a.at - b.at).map((x) => x.f));
}
