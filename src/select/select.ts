// select and trySelect: Go's select statement over channels.
//
// 1. Check every case (a bad case throws before anything happens).
// 2. Poll: count the cases that can proceed now (receive: a value, a parked
//    sender, or closed; send: a parked receiver, buffer room, a dropping policy,
//    or closed — a send on a closed channel proceeds to fail, as in Go).
// 3. If any can: pick one uniformly at random (Go's rule, so no case starves), or
//    the first in order with `priority`, and complete it synchronously.
// 4. Otherwise register a Waiter on every enabled case and wait; the first match
//    commits and withdraws the rest (group.ts). trySelect stops after step 3.

import { BLOCKED, Channel, DRAINED, keep, kept, OFFER_DONE } from "../chan/chan.js";
import { describe } from "../chan/describe.js";
import { deferred, shouldYield } from "../chan/guard.js";
import { forget, pending, settlers } from "../chan/pending.js";
import { watch } from "../chan/signal.js";
import { MODE_RECV, MODE_SEND, Waiter } from "../chan/waiter.js";
import { SendCase } from "./case.js";
import { SelectGroup } from "./group.js";
import type { Case, SelectOptions, SelectResult, TrySelectOptions } from "./types.js";

const NONE = -1;
const noop = (): void => {};

const show = (v: unknown): string =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? "an object that is not a channel" : describe(v);

/**
 * The keys of an object of cases, or null for an array of cases (whose keys are
 * its indices, used as is: no allocation on the hot path). Throws on anything else.
 */
function keysOf(fn: string, cases: unknown): readonly string[] | null {
  if (Array.isArray(cases)) return null;
  if (cases !== null && typeof cases === "object" && !(cases instanceof Channel) && !(cases instanceof SendCase)) {
    return Object.keys(cases);
  }
  throw new TypeError(
    `${fn}(cases): cases must be an array or an object whose values are channels, send(ch, value) or null, got ${show(cases)}` +
      (cases instanceof Channel || cases instanceof SendCase ? " (wrap a single case: [ch] or { name: ch })" : ""),
  );
}

/** The cases in order: the array itself, or the object's values in key order. */
const listOf = (cases: unknown, keys: readonly string[] | null): readonly unknown[] =>
  keys === null ? (cases as readonly unknown[]) : keys.map((k) => (cases as Record<string, unknown>)[k]);

function checkPriority(fn: string, options: unknown): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${fn}(cases, options): options must be an object, got ${show(options)}`);
  }
  const p = (options as { priority?: unknown }).priority;
  if (p !== undefined && typeof p !== "boolean") {
    throw new TypeError(`${fn}(cases, options): options.priority must be a boolean, got ${show(p)}`);
  }
  return p === true;
}

// Indices of the ready cases found by the last poll (reused: no allocation).
let readyAt: Int32Array<ArrayBuffer> = new Int32Array(8);

/** Steps 1–3: validate, poll, choose. Returns the chosen index or NONE. */
function poll(fn: string, list: readonly unknown[], keys: readonly string[] | null, priority: boolean): number {
  let ready = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    let can: boolean;
    if (c instanceof Channel) can = c.canTake();
    else if (c instanceof SendCase) can = c.ch.canOffer();
    else if (c === null || c === undefined) continue;
    else {
      const where = keys === null ? `cases[${i}]` : `cases.${keys[i]}`;
      throw new TypeError(`${fn}(cases): ${where} must be a channel, send(ch, value), null or undefined, got ${show(c)}`);
    }
    if (can) {
      if (ready === readyAt.length) readyAt = grow(readyAt);
      readyAt[ready++] = i;
    }
  }
  if (ready === 0) return NONE;
  // Uniform among the ready cases (Go's rule: no case starves); every case was
  // checked first, so a bad one throws even behind a ready one.
  return ready === 1 || priority ? readyAt[0]! : readyAt[Math.floor(Math.random() * ready)]!;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Complete case `i` now (it was polled ready). Throws a send-on-closed error. */
function commit(list: readonly unknown[], keys: readonly string[] | null, i: number): unknown {
  const c = list[i];
  const key = keys === null ? i : keys[i];
  if (c instanceof Channel) {
    const v = c.take();
    return v === DRAINED || v === BLOCKED ? { case: key, value: undefined, ok: false } : { case: key, value: v, ok: true };
  }
  const s = c as SendCase<unknown>;
  const code = s.ch.offer(s.value);
  if (code !== OFFER_DONE) throw s.ch.offerError(code, s.value);
  return { case: key };
}

/**
 * Wait until one of several channel operations can proceed, do exactly that one,
 * and report which (Go's `select`). Cases are an object (named cases) or an array
 * (indexed cases): a channel is a receive case, `send(ch, v)` a send case, and
 * `null`/`undefined` switches a case off. Among ready cases one is chosen
 * uniformly at random; `{ priority: true }` picks the first ready case instead.
 * Cases not chosen leave no trace. A send case on a closed channel rejects with
 * `ClosedChannelError`. With no enabled case it waits until `signal` aborts
 * (Go's `select {}`). Bad cases throw a `TypeError` synchronously.
 *
 * @example
 * ```ts
 * const r = await select({ job: jobs, quit: ctx.done, late: after(500) });
 * switch (r.case) {
 *   case "job": if (r.ok) handle(r.value); break;
 *   case "quit": return;
 *   case "late": console.log("timeout"); break;
 * }
 * ```
 */
export function select<const C extends readonly Case[]>(cases: C, options?: SelectOptions): Promise<SelectResult<C>>;
export function select<const C extends Readonly<Record<string, Case>>>(cases: C, options?: SelectOptions): Promise<SelectResult<C>>;
export function select(cases: unknown, options?: SelectOptions): Promise<unknown> {
  const keys = keysOf("select", cases);
  const list = listOf(cases, keys);
  const priority = checkPriority("select", options);
  const signal = options?.signal;
  const i = poll("select", list, keys, priority);
  if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
  if (i !== NONE) {
    let r: unknown;
    try {
      r = commit(list, keys, i);
    } catch (err) {
      return Promise.reject(err);
    }
    if (shouldYield()) return deferred(r); // see Channel.send on this shape
    return Promise.resolve(r);
  }
  const p = pending<unknown>();
  const group = new SelectGroup(keys, settlers.resolve, settlers.reject, signal);
  forget();
  park(list, group);
  if (signal !== undefined) watch(signal, group);
  return p;
}

/** Step 4: register one Waiter per enabled case (none is ready: poll said so). */
function park(list: readonly unknown[], group: SelectGroup): void {
  let last: Waiter | null = null;
  for (let j = 0; j < list.length; j++) {
    const c = list[j];
    let w: Waiter;
    if (c instanceof Channel) {
      w = new Waiter(c, MODE_RECV, noop, null, group, undefined);
      w.index = j;
      c.parkReceiver(w);
    } else if (c instanceof SendCase) {
      w = new Waiter(c.ch, MODE_SEND, noop, null, group, undefined);
      w.index = j;
      w.value = c.value;
      c.ch.parkSender(w);
    } else {
      continue;
    }
    if (last === null) group.first = w;
    else last.sibling = w;
    last = w;
  }
  if (last === null) group.parkEmpty();
}

/**
 * `select` with a `default` case: synchronous. Returns the result of a case that
 * could proceed at once, or `undefined` when none could (nothing is done then).
 * A chosen send case on a closed channel throws `ClosedChannelError`.
 *
 * @example
 * ```ts
 * const r = trySelect({ v: ch });
 * if (r === undefined) console.log("nothing ready (default case)");
 * ```
 */
export function trySelect<const C extends readonly Case[]>(cases: C, options?: TrySelectOptions): SelectResult<C> | undefined;
export function trySelect<const C extends Readonly<Record<string, Case>>>(
  cases: C,
  options?: TrySelectOptions,
): SelectResult<C> | undefined;
export function trySelect(cases: unknown, options?: TrySelectOptions): unknown {
  const keys = keysOf("trySelect", cases);
  const list = listOf(cases, keys);
  const i = poll("trySelect", list, keys, checkPriority("trySelect", options));
  return i === NONE ? undefined : commit(list, keys, i);
}

// Keep a parked select's shapes alive, as ../chan/chan.ts does for channels
// (why: there). Array and object forms, receive and send cases.
{
  const a = new Channel<unknown>(0, 0, undefined, undefined);
  const b = new Channel<unknown>(0, 0, undefined, undefined);
  void select([a, b]);
  void select({ r: a, s: new SendCase(b, {}) });
  // A settled group too: settling writes fields a parked one never has written
  // (V8 then moves the shape on, and that newer shape is the one to keep).
  const settled = new SelectGroup(null, noop, noop, undefined);
  settled.abort(undefined);
  keep(a, b);
  kept.push(settled);
}
