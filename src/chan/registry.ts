// The always-on registry of parked operations, for diagnostics (blocked(),
// dump(), expectNoLeaks(), the deadlock detector).
//
// It has to be nearly free: a ping-pong parks once per hand-off, and 100k idle
// receivers must cost little more than their promises. So it tracks *queues*,
// not operations: a queue links itself into one global intrusive list when its
// first operation parks and unlinks when its last one leaves (a few pointer
// writes into fields the queue already has: no allocation), and lists its
// operations only when asked.
//
// Times are coarse and small: reading the clock costs ~0.2 µs on some hosts, so
// it is read at most once per macrotask turn, and stamps are stored as ms since
// this module loaded (small integers: storing an epoch-sized number in a field
// would box it in a fresh heap number on every park).
//
// Debug mode (setDebug(true) or CSPKIT_DEBUG=1) adds the stack where each
// operation parked; plain operations then park as Waiters so they can carry it.

import { macrotask } from "./host.js";

/**
 * One parked operation, as diagnostics report it.
 *
 * @example
 * ```ts
 * for (const op of parkedOps()) console.log(op.op, op.on, new Date(op.since));
 * ```
 */
export interface ParkedOp {
  /** What is waiting: "recv", "send", "select", "lock", "acquire", "wait", ... */
  readonly op: string;
  /** The channel or primitive it waits on (its name option, or its kind). */
  readonly on: string;
  /** When it parked (epoch ms, coarse: the start of the event-loop turn). */
  readonly since: number;
  /** The task that parked it, when known. */
  readonly task: string | undefined;
  /** Where it parked (debug mode only). */
  readonly stack: string | undefined;
  /** Operations sharing a `group` are the cases of one select. */
  readonly group: object | undefined;
}

/** Something that holds parked operations and can list them. */
export interface Tracked {
  /** Registry links (newest first). */
  tprev: Tracked | null;
  tnext: Tracked | null;
  /** When it became non-empty (a stamp: see epochOf). */
  since: number;
  /** Append one record per parked operation. */
  list(out: ParkedOp[]): void;
}

// Hot mutable state lives in object fields, not module-level `let`s (which
// cost a hole check on every access).
const reg: { head: Tracked | null } = { head: null };
const clock = { stamp: 0, fresh: false };
const BASE = Date.now();

/** Link `t` (it just became non-empty). */
export function track(t: Tracked): void {
  t.since = clock.fresh ? clock.stamp : coarseNow();
  const head = reg.head;
  t.tnext = head;
  if (head !== null) head.tprev = t;
  reg.head = t;
}

/** Unlink `t` (it just became empty). Safe on an unlinked `t`. */
export function untrack(t: Tracked): void {
  const prev = t.tprev;
  const next = t.tnext;
  if (prev === null) {
    if (reg.head !== t) return;
    reg.head = next;
  } else {
    prev.tnext = next;
    t.tprev = null;
  }
  if (next !== null) {
    next.tprev = prev;
    t.tnext = null;
  }
}

/** Every parked operation right now (select cases listed one by one), oldest queue first. */
export function parkedOps(): ParkedOp[] {
  const chunks: ParkedOp[][] = [];
  for (let t = reg.head; t !== null; t = t.tnext) {
    const out: ParkedOp[] = [];
    t.list(out);
    chunks.push(out);
  }
  return chunks.reverse().flat();
}

// ---- coarse time ------------------------------------------------------------

const expire = (): void => {
  clock.fresh = false;
};

/** A coarse stamp (ms since this module loaded), read at most once per macrotask turn. */
export function coarseNow(): number {
  if (!clock.fresh) {
    clock.fresh = true;
    const ms = Date.now() - BASE;
    // `| 0` keeps it a small integer (a Smi); past ~12 days of uptime it stays a
    // (correct, boxed) double.
    clock.stamp = ms < 0x3fffffff ? ms | 0 : ms;
    macrotask(expire);
  }
  return clock.stamp;
}

/** A stamp from coarseNow() as epoch milliseconds. */
export function epochOf(stamp: number): number {
  return BASE + stamp;
}

// ---- debug mode and the current task ---------------------------------------

interface MaybeProcess {
  process?: { env?: Record<string, string | undefined> };
}

/** @internal Debug mode (read on hot paths: a field, not a call). */
export const debugState = { on: (globalThis as MaybeProcess).process?.env?.["CSPKIT_DEBUG"] === "1" };

/** Whether debug mode is on. */
export function isDebug(): boolean {
  return debugState.on;
}

/**
 * Turn debug mode on or off (also on when the environment has `CSPKIT_DEBUG=1`);
 * returns the previous setting. Debug mode records the stack where every
 * operation parked, for `blocked()` and `dump()`.
 *
 * @example
 * ```ts
 * setDebug(true);
 * console.log(dump());
 * ```
 */
export function setDebug(on: boolean): boolean {
  const was = debugState.on;
  debugState.on = on;
  return was;
}

/**
 * Where an operation parked, in debug mode: the Error is captured now (cheap) and
 * its stack is formatted only if diagnostics ask (siteText).
 */
export function parkStack(): Error | undefined {
  return debugState.on ? new Error("parked here") : undefined;
}

/** The parking stack as text, without the Error line and the registry's own frame. */
export function siteText(site: Error | undefined): string | undefined {
  const s = site?.stack;
  return s === undefined ? undefined : s.split("\n").slice(2).join("\n");
}

let task: string | undefined;

/** The task whose code is running now, when known (set by the task layer). */
export function currentTask(): string | undefined {
  return task;
}

/** Run `fn` with `name` as the current task; restores the previous one. */
export function runAsTask<R>(name: string | undefined, fn: () => R): R {
  const prev = task;
  task = name;
  try {
    return fn();
  } finally {
    task = prev;
  }
}

/**
 * A running task, listed by diagnostics like a parked operation (op "running")
 * from `begin` until `end`. The task layer uses it; the registry knows nothing
 * else about tasks.
 */
export class RunningTask implements Tracked {
  tprev: Tracked | null = null;
  tnext: Tracked | null = null;
  since = 0;
  private readonly stack = parkStack();

  constructor(readonly name: string) {}

  begin(): void {
    track(this);
  }

  end(): void {
    untrack(this);
  }

  list(out: ParkedOp[]): void {
    out.push({ op: "running", on: "task", since: epochOf(this.since), task: this.name, stack: siteText(this.stack), group: undefined });
  }
}
