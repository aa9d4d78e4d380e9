// What select accepts and what it resolves to, computed from the cases' types.

import type { OpOptions } from "../chan/host.js";
import type { RecvChan } from "../chan/types.js";
import type { AnySendCase } from "./case.js";

/**
 * One select case: a channel (receive), `send(ch, v)` (send), or `null` /
 * `undefined` (the case is switched off).
 *
 * @example
 * ```ts
 * const cases: Case[] = [jobs, send(out, 1), maybe ? other : null];
 * ```
 */
export type Case = RecvChan<unknown> | AnySendCase | null | undefined;

/**
 * The result of one case: `{ case }` for a send case; `{ case, value, ok }` for a
 * receive case, where `ok: false` means the channel is closed and drained.
 *
 * @example
 * ```ts
 * type R = CaseResult<"job", Chan<Job>>; // { case: "job"; value: Job; ok: true } | { case: "job"; value: undefined; ok: false }
 * ```
 */
export type CaseResult<K, C> = C extends null | undefined
  ? never
  : C extends AnySendCase
    ? {
        /** Which case ran: its key (object of cases) or index (array of cases). */
        readonly case: K;
      }
    : C extends RecvChan<infer T>
      ?
          | {
              /** Which case ran: its key (object of cases) or index (array of cases). */
              readonly case: K;
              /** The value received. */
              readonly value: T;
              /** True: a value was received. */
              readonly ok: true;
            }
          | {
              /** Which case ran: its key (object of cases) or index (array of cases). */
              readonly case: K;
              /** Always `undefined` here. */
              readonly value: undefined;
              /** False: the channel is closed and drained. */
              readonly ok: false;
            }
      : never;

type IndexOf<K> = K extends number ? K : K extends `${infer N extends number}` ? N : never;

/**
 * The result of `select(cases)`: a union discriminated on `case` (the key of an
 * object of cases, the index of an array of cases).
 *
 * @example
 * ```ts
 * const r: SelectResult<{ v: Chan<number>; t: RecvChan<number> }> = await select({ v, t: after(100) });
 * ```
 */
export type SelectResult<C> = C extends readonly unknown[]
  ? { [K in keyof C]: CaseResult<IndexOf<K>, C[K]> }[number]
  : { [K in keyof C]-?: CaseResult<K, C[K]> }[keyof C];

/**
 * Options of {@link select}.
 *
 * @example
 * ```ts
 * await select({ a, b }, { signal: ctx.signal, priority: true });
 * ```
 */
export interface SelectOptions extends OpOptions {
  /** Pick the first ready case in order instead of a uniformly random one. */
  readonly priority?: boolean | undefined;
}

/**
 * Options of {@link trySelect}.
 *
 * @example
 * ```ts
 * trySelect([hi, lo], { priority: true });
 * ```
 */
export interface TrySelectOptions {
  /** Pick the first ready case in order instead of a uniformly random one. */
  readonly priority?: boolean | undefined;
}
