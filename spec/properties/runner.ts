// Runs a random Program against the engine, one step at a time, and records
// everything the properties need.
//
// The scheduler: a step lets one actor issue its next operation (an actor whose
// previous operation is still pending cannot step), then lets every promise
// continuation run (one macrotask turn; the starvation guard is off, so nothing
// resolves later than that). Every engine commit is synchronous inside some
// step, so "the step in whose flush an operation settled" is a logical clock:
// which step committed it. Receipts, sends and closes are ordered by it.
//
// After every step the runner checks the channel invariants against its own
// model of who is parked where (properties e and f). The end-of-run properties
// (a–d) live in verdict.ts.

import {
  background,
  chan,
  channelState,
  ChannelFullError,
  ClosedChannelError,
  select,
  send,
  trySelect,
  watchers,
  withCancelCause,
  type Case,
  type Chan,
} from "../../src/index.js";
import type { OpSpec, Program } from "./program.js";

/** What aborts a signal: a plain AbortController, or a context's cancel. */
interface Controller {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
}

/**
 * Signal k of a program: even k a plain AbortController, odd k a context's own
 * signal (cancelled with the reason as its cause), whose parked operations the
 * context withdraws itself rather than through an abort listener.
 */
function controller(k: number): Controller {
  if (k % 2 === 0) return new AbortController();
  const [ctx, cancel] = withCancelCause(background());
  return { signal: ctx.signal, abort: (reason) => cancel(reason) };
}

/** One case as the runner resolved it (channel index taken modulo, send value assigned). */
export type RunCase = { readonly dir: "recv"; readonly ch: number } | { readonly dir: "send"; readonly ch: number; readonly value: string } | null;

export interface OpRec {
  /** `a<actor>.<index in its script>`; also the value of a plain send. */
  readonly id: string;
  readonly actor: number;
  readonly index: number;
  readonly spec: OpSpec;
  readonly issueStep: number;
  /** Resolved signal index, or null. */
  readonly sig: number | null;
  /** The signal had already aborted when the op was issued. */
  readonly preAborted: boolean;
  /** What the op waits on: one case for send/recv, every case for a select. */
  readonly cases: readonly RunCase[];
  /** Per case: could it proceed when the op was issued? */
  readonly caseReady: readonly boolean[];
  /** Blocking op (promise) vs synchronous one (try*, close, abort). */
  readonly async: boolean;
  state: "pending" | "resolved" | "rejected";
  settleStep: number;
  result: unknown;
  error: unknown;
}

export interface SentValue {
  readonly value: string;
  readonly ch: number;
  readonly op: OpRec;
}

export interface Receipt {
  readonly value: string;
  readonly ch: number;
  readonly step: number;
  readonly seq: number;
  /** null: taken by the final drain. */
  readonly by: OpRec | null;
}

interface Trace {
  readonly program: Program;
  readonly ops: readonly OpRec[];
  readonly sent: ReadonlyMap<string, SentValue>;
  readonly receipts: readonly Receipt[];
  /** `{ ok: false }` results, per channel (step, seq). */
  readonly drained: readonly { ch: number; step: number; seq: number }[];
  readonly drops: readonly { value: string; ch: number; step: number }[];
  readonly reasons: readonly Error[];
  readonly log: readonly string[];
}

class PropertyFailure extends Error {}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const show = (x: unknown): string => {
  if (x instanceof Error) return `${x.constructor.name}(${JSON.stringify(x.message.slice(0, 40))})`;
  if (x === undefined) return "undefined";
  return JSON.stringify(x);
};

export class Runner implements Trace {
  readonly chans: Chan<string>[];
  readonly controllers: Controller[];
  readonly reasons: Error[];
  readonly ops: OpRec[] = [];
  readonly sent = new Map<string, SentValue>();
  readonly receipts: Receipt[] = [];
  readonly drained: { ch: number; step: number; seq: number }[] = [];
  readonly drops: { value: string; ch: number; step: number }[] = [];
  readonly log: string[] = [];
  private step = 0;
  private seq = 0;
  private readonly failures: string[] = [];
  /** Checks that must wait until the step's continuations have run. */
  private readonly afterFlush: (() => void)[] = [];

  constructor(readonly program: Program) {
    this.chans = program.chans.map((c, i) =>
      c.cap === 0
        ? chan<string>(0)
        : chan<string>(c.cap, { overflow: c.overflow, onDrop: (v) => this.drops.push({ value: v, ch: i, step: this.step }) }),
    );
    this.controllers = Array.from({ length: program.signals }, (_, k) => controller(k));
    this.reasons = Array.from({ length: program.signals }, (_, k) => new Error(`abort reason ${k}`));
  }

  /** Fail with the property letter, the message and the tail of the step log. */
  fail(message: string): never {
    throw new PropertyFailure(`${message}\n--- last steps ---\n${this.log.slice(-25).join("\n")}`);
  }

  // ---- the schedule ---------------------------------------------------------

  async run(): Promise<void> {
    const { actors, schedule } = this.program;
    const n = actors.length;
    const next = actors.map(() => 0);
    const busy: (OpRec | null)[] = actors.map(() => null);
    const canStep = (a: number): boolean => next[a]! < actors[a]!.length && busy[a]?.state !== "pending";
    const pick = (from: number): number => {
      for (let k = 0; k < n; k++) if (canStep((from + k) % n)) return (from + k) % n;
      return -1;
    };
    const stepActor = async (a: number): Promise<void> => {
      const index = next[a]!++;
      this.step++;
      const rec = this.issue(a, index, actors[a]![index]!);
      busy[a] = rec;
      await flush();
      this.afterStep(rec);
    };
    const roundRobin = async (): Promise<void> => {
      let a = pick(0);
      while (a >= 0) {
        await stepActor(a);
        a = pick(a + 1);
      }
    };

    for (const s of schedule) {
      const a = pick(s % n);
      if (a < 0) break;
      await stepActor(a);
    }
    await roundRobin();
    if (this.program.abortAtEnd) {
      for (let k = 0; k < this.controllers.length; k++) {
        this.step++;
        const parked = this.ops.filter((r) => r.state === "pending" && r.sig === k);
        this.log.push(`s${this.step} harness abort sig${k}`);
        this.controllers[k]!.abort(this.reasons[k]);
        await flush();
        this.checkAborted(k, parked);
        this.afterStep(null);
      }
      await roundRobin();
    }
    // Whoever is still parked is released by closing every channel; the actors
    // then finish their scripts against closed channels.
    for (let ch = 0; ch < this.chans.length; ch++) {
      if (this.chans[ch]!.closed) continue;
      this.step++;
      const before = this.pendingOn(ch);
      this.log.push(`s${this.step} harness close c${ch}`);
      this.chans[ch]!.close();
      await flush();
      this.afterStep(null);
      for (const r of before) {
        if (r.state === "pending") this.fail(`(f) ${r.id} was parked on c${ch} and is still pending after close(c${ch})`);
      }
    }
    await roundRobin();
    this.finish();
  }

  // ---- issuing operations ----------------------------------------------------

  private chanOf(ix: number): number {
    return ix % this.chans.length;
  }

  private sigOf(ix: number | null): number | null {
    return ix === null || this.program.signals === 0 ? null : ix % this.program.signals;
  }

  private canRecv(ch: number): boolean {
    const s = channelState(this.chans[ch]!);
    return s.len > 0 || s.senders > 0 || s.closed;
  }

  private canSend(ch: number): boolean {
    const s = channelState(this.chans[ch]!);
    return s.closed || s.receivers > 0 || s.len < s.cap || (s.cap > 0 && this.program.chans[ch]!.overflow !== "block");
  }

  private ready(c: RunCase): boolean {
    if (c === null) return false;
    return c.dir === "recv" ? this.canRecv(c.ch) : this.canSend(c.ch);
  }

  private issue(actor: number, index: number, spec: OpSpec): OpRec {
    const id = `a${actor}.${index}`;
    const sig = "sig" in spec && spec.op !== "abort" ? this.sigOf(spec.sig) : null;
    let cases: RunCase[] = [];
    switch (spec.op) {
      case "send":
      case "trySend":
        cases = [{ dir: "send", ch: this.chanOf(spec.ch), value: id }];
        break;
      case "recv":
      case "tryRecv":
        cases = [{ dir: "recv", ch: this.chanOf(spec.ch) }];
        break;
      case "select":
      case "trySelect":
        cases = spec.cases.map((c, i) =>
          c === null ? null : c.dir === "recv" ? { dir: "recv", ch: this.chanOf(c.ch) } : { dir: "send", ch: this.chanOf(c.ch), value: `${id}/${i}` },
        );
        break;
      case "close":
      case "abort":
        break;
    }
    const rec: OpRec = {
      id,
      actor,
      index,
      spec,
      issueStep: this.step,
      sig,
      preAborted: sig !== null && this.controllers[sig]!.signal.aborted,
      cases,
      caseReady: cases.map((c) => this.ready(c)),
      async: spec.op === "send" || spec.op === "recv" || spec.op === "select",
      state: "pending",
      settleStep: -1,
      result: undefined,
      error: undefined,
    };
    this.ops.push(rec);
    for (const c of cases) if (c !== null && c.dir === "send") this.sent.set(c.value, { value: c.value, ch: c.ch, op: rec });
    this.log.push(`s${this.step} ${id} ${describeOp(rec)}`);

    const options = sig === null ? undefined : { signal: this.controllers[sig]!.signal };
    const sync = (f: () => unknown): void => {
      let r: unknown;
      try {
        r = f();
      } catch (e) {
        this.settle(rec, false, e);
        return;
      }
      this.settle(rec, true, r);
    };
    switch (spec.op) {
      case "send": {
        const c = cases[0] as { ch: number; value: string };
        this.track(rec, this.chans[c.ch]!.send(c.value, options));
        break;
      }
      case "trySend": {
        const c = cases[0] as { ch: number; value: string };
        sync(() => this.chans[c.ch]!.trySend(c.value));
        break;
      }
      case "recv":
        this.track(rec, this.chans[cases[0]!.ch]!.recv(options));
        break;
      case "tryRecv":
        sync(() => this.chans[cases[0]!.ch]!.tryRecv());
        break;
      case "select": {
        const arg = this.selectCases(cases, spec.form);
        const p: Promise<unknown> = Array.isArray(arg)
          ? select(arg, { priority: spec.priority, signal: options?.signal })
          : select(arg, { priority: spec.priority, signal: options?.signal });
        this.track(rec, p);
        break;
      }
      case "trySelect": {
        const arg = this.selectCases(cases, spec.form);
        sync(() => (Array.isArray(arg) ? trySelect(arg, { priority: spec.priority }) : trySelect(arg, { priority: spec.priority })));
        break;
      }
      case "close": {
        const ch = this.chanOf(spec.ch);
        const wasClosed = this.chans[ch]!.closed;
        const before = this.pendingOn(ch);
        sync(() => this.chans[ch]!.close());
        if (wasClosed !== (rec.state === "rejected")) this.fail(`close(c${ch}) ${wasClosed ? "of a closed channel did not throw" : "threw"}: ${show(rec.error)}`);
        if (wasClosed) this.expectError(rec.error, ClosedChannelError, "close of closed channel", `close(c${ch}) twice`);
        else this.afterFlush.push(() => {
          for (const r of before) {
            if (r.state === "pending") this.fail(`(f) ${r.id} was parked on c${ch} and is still pending after close(c${ch})`);
          }
        });
        break;
      }
      case "abort": {
        const k = this.sigOf(spec.sig);
        if (k === null) {
          rec.state = "resolved";
          break;
        }
        const ctl = this.controllers[k]!;
        const parked = ctl.signal.aborted ? [] : this.ops.filter((r) => r.state === "pending" && r.sig === k);
        sync(() => ctl.abort(this.reasons[k]));
        this.afterFlush.push(() => this.checkAborted(k, parked));
        break;
      }
    }
    return rec;
  }

  private selectCases(cases: readonly RunCase[], form: "array" | "object"): Case[] | Record<string, Case> {
    const list: Case[] = cases.map((c) =>
      c === null ? c : c.dir === "recv" ? this.chans[c.ch]! : send(this.chans[c.ch]!, c.value),
    );
    if (form === "array") return list;
    const obj: Record<string, Case> = {};
    list.forEach((c, i) => {
      obj[`k${i}`] = c;
    });
    return obj;
  }

  private track(rec: OpRec, p: Promise<unknown>): void {
    p.then(
      (r) => this.settle(rec, true, r),
      (e) => this.settle(rec, false, e),
    );
  }

  // ---- settling -----------------------------------------------------------------

  private settle(rec: OpRec, ok: boolean, payload: unknown): void {
    if (rec.state !== "pending") {
      this.failures.push(`${rec.id} settled twice`);
      return;
    }
    rec.state = ok ? "resolved" : "rejected";
    rec.settleStep = this.step;
    if (ok) rec.result = payload;
    else rec.error = payload;
    this.log.push(`  s${this.step} ${rec.id} ${rec.state} ${show(payload)}`);
    try {
      if (ok) this.interpretResult(rec, payload);
      else this.interpretError(rec, payload);
    } catch (e) {
      this.failures.push(e instanceof Error ? e.message : String(e));
    }
  }

  private receive(value: unknown, ch: number, by: OpRec | null): void {
    if (typeof value !== "string" || !this.sent.has(value)) {
      this.fail(`(a) ${by?.id ?? "drain"} received ${show(value)} on c${ch}, which nobody sent`);
    }
    const from = this.sent.get(value)!;
    if (from.ch !== ch) this.fail(`(a) ${by?.id ?? "drain"} received ${show(value)} on c${ch}, but it was sent on c${from.ch}`);
    this.receipts.push({ value, ch, step: this.step, seq: this.seq++, by });
  }

  private recvResult(rec: OpRec, r: unknown, ch: number, extraKeys: string): void {
    const keys = Object.keys(r as object).sort().join(",");
    if (keys !== `${extraKeys}ok,value`) this.fail(`${rec.id}: receive result has keys ${keys}, expected ${extraKeys}ok,value`);
    const { value, ok } = r as { value: unknown; ok: unknown };
    if (ok === true) {
      this.receive(value, ch, rec);
      return;
    }
    if (ok !== false || value !== undefined) this.fail(`${rec.id}: receive result ${show(r)} is neither {ok:true} nor {value:undefined, ok:false}`);
    if (!this.chans[ch]!.closed) this.fail(`${rec.id}: got {ok:false} from c${ch}, which is not closed`);
    this.drained.push({ ch, step: this.step, seq: this.seq++ });
  }

  private interpretResult(rec: OpRec, r: unknown): void {
    switch (rec.spec.op) {
      case "send":
        if (r !== undefined) this.fail(`${rec.id}: send resolved with ${show(r)}, expected undefined`);
        return;
      case "trySend":
        if (typeof r !== "boolean") this.fail(`${rec.id}: trySend returned ${show(r)}`);
        return;
      case "recv":
        this.recvResult(rec, r, rec.cases[0]!.ch, "");
        return;
      case "tryRecv":
        if (r !== undefined) this.recvResult(rec, r, rec.cases[0]!.ch, "");
        return;
      case "select":
      case "trySelect": {
        if (r === undefined && rec.spec.op === "trySelect") return;
        const i = this.chosenCase(rec, r);
        const c = rec.cases[i]!;
        if (c.dir === "send") {
          const keys = Object.keys(r as object).join(",");
          if (keys !== "case") this.fail(`(d) ${rec.id}: send case ${i} resolved with keys ${keys}, expected only "case"`);
          return;
        }
        const own = rec.cases.some((o) => o !== null && o.dir === "send" && o.value === (r as { value: unknown }).value);
        if (own) this.fail(`(d) ${rec.id}: the select received its own send value ${show((r as { value: unknown }).value)}`);
        this.recvResult(rec, r, c.ch, "case,");
        return;
      }
      case "close":
      case "abort":
        return;
    }
  }

  /** The index of the case a select result names (fails if it names no enabled case). */
  chosenCase(rec: OpRec, r: unknown): number {
    const spec = rec.spec as { form: "array" | "object" };
    const k = (r as { case?: unknown } | null)?.case;
    let i = -1;
    if (spec.form === "array" && typeof k === "number") i = k;
    if (spec.form === "object" && typeof k === "string" && /^k\d+$/.test(k)) i = Number(k.slice(1));
    if (i < 0 || i >= rec.cases.length || rec.cases[i] === null) {
      this.fail(`(d) ${rec.id}: result ${show(r)} names no enabled case of a ${spec.form} select`);
    }
    return i;
  }

  private expectError(e: unknown, type: typeof ClosedChannelError | typeof ChannelFullError, prefix: string, what: string): void {
    if (!(e instanceof type) || !e.message.startsWith(prefix)) {
      this.fail(`${what}: expected ${type.name}("${prefix}…"), got ${show(e)}`);
    }
  }

  /** A send's rejection: the abort reason, or a Closed/Full error carrying `value`. */
  private sendError(rec: OpRec, e: unknown, c: { ch: number; value: string }): void {
    if (e instanceof ClosedChannelError) {
      this.expectError(e, ClosedChannelError, "send on closed channel", rec.id);
      if (!this.chans[c.ch]!.closed) this.fail(`${rec.id}: ClosedChannelError but c${c.ch} is open`);
    } else if (e instanceof ChannelFullError) {
      this.expectError(e, ChannelFullError, "send on full channel", rec.id);
      if (this.program.chans[c.ch]!.overflow !== "error") this.fail(`${rec.id}: ChannelFullError on c${c.ch}, whose overflow is not "error"`);
    } else {
      this.fail(`${rec.id}: rejected with ${show(e)}`);
    }
    if (e.value !== c.value) this.fail(`(a) ${rec.id}: the error carries ${show(e.value)}, not the unsent value ${show(c.value)}`);
  }

  private interpretError(rec: OpRec, e: unknown): void {
    if (rec.sig !== null && e === this.reasons[rec.sig]) {
      if (!this.controllers[rec.sig]!.signal.aborted) this.fail(`${rec.id}: rejected with the reason of a signal that did not abort`);
      return;
    }
    switch (rec.spec.op) {
      case "send":
      case "trySend":
        this.sendError(rec, e, rec.cases[0] as { ch: number; value: string });
        return;
      case "select":
      case "trySelect": {
        const v = (e as { value?: unknown } | null)?.value;
        const i = rec.cases.findIndex((c) => c !== null && c.dir === "send" && c.value === v);
        if (i < 0) this.fail(`(d) ${rec.id}: rejected with ${show(e)}, which carries none of its send values`);
        this.sendError(rec, e, rec.cases[i] as { ch: number; value: string });
        return;
      }
      case "close":
        return; // checked where it is issued
      default:
        this.fail(`${rec.id}: rejected with ${show(e)}`);
    }
  }

  // ---- after every step ------------------------------------------------------

  /** Every op parked on signal k when it aborted rejected with its reason, in that step. */
  private checkAborted(k: number, parked: readonly OpRec[]): void {
    for (const r of parked) {
      if (r.state !== "rejected" || r.error !== this.reasons[k] || r.settleStep !== this.step) {
        this.fail(`abort(sig${k}) at s${this.step}: ${r.id} should reject with signal.reason, got ${r.state} ${show(r.state === "rejected" ? r.error : r.result)}`);
      }
    }
  }

  private pendingOn(ch: number): OpRec[] {
    return this.ops.filter((r) => r.state === "pending" && r.cases.some((c) => c !== null && c.ch === ch));
  }

  private afterStep(rec: OpRec | null): void {
    if (this.failures.length > 0) this.fail(this.failures[0]!);
    for (const f of this.afterFlush.splice(0)) f();
    if (rec !== null) this.checkIssued(rec);
    this.checkChannels();
  }

  /** An op that could proceed when issued completes in its own step; one that could not, parks. */
  private checkIssued(rec: OpRec): void {
    const op = rec.spec.op;
    if (op === "close" || op === "abort") return;
    const ready = rec.caseReady.some((b) => b);
    if (rec.preAborted) {
      if (rec.state !== "rejected" || rec.error !== this.reasons[rec.sig!]) {
        this.fail(`${rec.id}: issued with an aborted signal, expected to reject with its reason, got ${rec.state} ${show(rec.result)}`);
      }
      return;
    }
    const settledNow = rec.state !== "pending" && rec.settleStep === rec.issueStep;
    const nothing = (op === "tryRecv" || op === "trySelect") && rec.state === "resolved" && rec.result === undefined;
    const declined = op === "trySend" && rec.result === false;
    if (!rec.async) {
      if (ready === (nothing || declined)) {
        this.fail(`${rec.id}: ${op} ${ready ? "could proceed but reported it would block" : "could not proceed but did"}: ${show(rec.result ?? rec.error)}`);
      }
    } else if (ready !== settledNow) {
      this.fail(
        ready
          ? `${rec.id}: ${op} could proceed at once but parked (an op that can complete never parks)`
          : `${rec.id}: ${op} could not proceed but completed in the step that issued it (${rec.state} ${show(rec.result ?? rec.error)})`,
      );
    }
    if ((op === "select" || op === "trySelect") && settledNow && !nothing) {
      const i =
        rec.state === "resolved"
          ? this.chosenCase(rec, rec.result)
          : rec.cases.findIndex((c) => c !== null && c.dir === "send" && c.value === (rec.error as { value?: unknown }).value);
      const first = rec.caseReady.indexOf(true);
      if (!rec.caseReady[i]) this.fail(`(d) ${rec.id}: chose case ${i}, which was not ready (ready: ${show(rec.caseReady)})`);
      if ((rec.spec as { priority: boolean }).priority && i !== first) {
        this.fail(`(d) ${rec.id}: priority select chose case ${i}, but case ${first} was the first ready one`);
      }
    }
  }

  /** Properties e and f, step by step: the engine's queues match the parked ops exactly. */
  private checkChannels(): void {
    const pending = this.ops.filter((r) => r.state === "pending");
    this.chans.forEach((c, ch) => {
      const s = channelState(c);
      const where = `after s${this.step}, c${ch} (cap ${s.cap})`;
      if (s.len > 0 && s.receivers > 0) this.fail(`(e) ${where}: ${s.len} buffered values and ${s.receivers} parked receivers`);
      if (s.len < s.cap && s.senders > 0) this.fail(`(e) ${where}: room in the buffer (len ${s.len}) and ${s.senders} parked senders`);
      let senders = 0;
      let receivers = 0;
      const sendOps = new Set<OpRec>();
      const recvOps = new Set<OpRec>();
      for (const r of pending) {
        for (const k of r.cases) {
          if (k === null || k.ch !== ch) continue;
          if (k.dir === "send") {
            senders++;
            sendOps.add(r);
          } else {
            receivers++;
            recvOps.add(r);
          }
        }
      }
      if (s.senders !== senders || s.receivers !== receivers) {
        this.fail(
          `(e) ${where}: the engine has ${s.senders} parked senders / ${s.receivers} receivers, the pending ops account for ${senders} / ${receivers}`,
        );
      }
      // A sender and a receiver both parked on one channel may only be two cases
      // of one select (which never rendezvouses with itself), and only unbuffered.
      if (sendOps.size > 0 && recvOps.size > 0) {
        const same = sendOps.size === 1 && recvOps.size === 1 && [...sendOps][0] === [...recvOps][0];
        if (s.cap > 0 || !same) {
          this.fail(`(e) ${where}: ${[...sendOps].map((r) => r.id).join(",")} parked to send while ${[...recvOps].map((r) => r.id).join(",")} parked to receive`);
        }
      }
    });
    this.controllers.forEach((ctl, k) => {
      const expected = ctl.signal.aborted ? 0 : pending.filter((r) => r.sig === k).length;
      if (watchers(ctl.signal) !== expected) {
        this.fail(`(f) after s${this.step}: watchers(sig${k}) = ${watchers(ctl.signal)}, but ${expected} pending ops use it`);
      }
    });
  }

  // ---- the end ---------------------------------------------------------------------

  private finish(): void {
    for (const r of this.ops) if (r.state === "pending") this.fail(`(f) ${r.id} is still pending after every channel closed`);
    this.chans.forEach((c, ch) => {
      const s = channelState(c);
      if (s.senders !== 0 || s.receivers !== 0) this.fail(`(f) c${ch} ends with ${s.senders} parked senders and ${s.receivers} parked receivers`);
    });
    this.controllers.forEach((ctl, k) => {
      if (watchers(ctl.signal) !== 0) this.fail(`(f) sig${k} ends with ${watchers(ctl.signal)} watchers`);
    });
    // Whatever is still buffered is drained, in order: closed channels still deliver.
    this.chans.forEach((c, ch) => {
      for (;;) {
        this.step++;
        const r = c.tryRecv();
        if (r === undefined) this.fail(`tryRecv() on closed c${ch} returned undefined (would block)`);
        if (!r.ok) break;
        this.receive(r.value, ch, null);
      }
      if (c.len !== 0) this.fail(`c${ch}: len ${c.len} after draining`);
    });
  }
}

function describeOp(rec: OpRec): string {
  const s = rec.spec;
  const sig = rec.sig === null ? "" : ` sig${rec.sig}${rec.preAborted ? "(aborted)" : ""}`;
  const cs = rec.cases.map((c) => (c === null ? "null" : c.dir === "recv" ? `<-c${c.ch}` : `c${c.ch}<-${c.value}`));
  switch (s.op) {
    case "close":
      return `close c${s.ch}`;
    case "abort":
      return `abort sig${s.sig}`;
    case "select":
    case "trySelect":
      return `${s.op}${s.priority ? "(priority)" : ""} ${s.form} [${cs.join(", ")}]${sig} ready=${rec.caseReady.map(Number).join("")}`;
    default:
      return `${s.op} ${cs[0]}${sig} ready=${Number(rec.caseReady[0])}`;
  }
}
