// The context tree against a model, under random programs: create contexts of
// every kind, cancel them, let time pass, register and stop afterFuncs, look at
// done/signal at random moments (so both "made before" and "made after the
// cancel" are exercised). After every step, every context must match the model:
// err and cause (by identity), deadline, values, done/signal state, the number of
// children each cancellable context holds, and the number of pending timers.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  Canceled,
  DeadlineExceeded,
  afterFunc,
  background,
  contextKey,
  fromSignal,
  manualClock,
  withCancel,
  withCancelCause,
  withTimeoutCause,
  withValue,
  withoutCancel,
  type Context,
  type ManualClock,
} from "../../src/index.js";
import { childCount } from "../../src/context/node.js";

type Kind = "cancel" | "cause" | "timeout" | "value" | "detached" | "signal";
const KINDS: readonly Kind[] = ["cancel", "cause", "timeout", "value", "detached", "signal"];

type Op =
  | { op: "make"; parent: number; kind: Kind; ms: number; withCause: boolean; key: number }
  | { op: "cancel"; node: number; withCause: boolean }
  | { op: "advance"; ms: number }
  | { op: "afterFunc"; node: number }
  | { op: "stop"; entry: number }
  | { op: "observe"; node: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("make" as const), parent: fc.nat(), kind: fc.constantFrom(...KINDS), ms: fc.integer({ min: -5, max: 60 }), withCause: fc.boolean(), key: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), node: fc.nat(), withCause: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("afterFunc" as const), node: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("stop" as const), entry: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("observe" as const), node: fc.nat() }) },
);

const KEYS = [contextKey<unknown>("k0"), contextKey<unknown>("k1"), contextKey<unknown>("k2")] as const;

interface Node {
  readonly ctx: Context;
  readonly kind: Kind | "root";
  readonly parent: number;
  /** Nearest cancellable node, self included; -1: none. */
  readonly canceller: number;
  /** Where this node is registered (its parent's canceller); -1: nowhere. */
  readonly owner: number;
  readonly deadline: number | undefined;
  timerAt: number | undefined;
  readonly timerCause: unknown;
  err: Error | undefined;
  cause: unknown;
  readonly key: number;
  readonly val: unknown;
  cancel?: (cause?: unknown) => void;
  abort?: AbortController;
}

interface Entry {
  readonly stop: () => boolean;
  readonly canceller: number;
  state: "pending" | "ran" | "stopped";
  runs: number;
}

class World {
  readonly clock: ManualClock = manualClock(1_000);
  readonly nodes: Node[] = [];
  readonly entries: Entry[] = [];

  constructor() {
    this.nodes.push({ ctx: background(), kind: "root", parent: -1, canceller: -1, owner: -1, deadline: undefined, timerAt: undefined, timerCause: undefined, err: undefined, cause: undefined, key: -1, val: undefined });
  }

  private cancellable(i: number): boolean {
    const k = this.nodes[i]!.kind;
    return k === "cancel" || k === "cause" || k === "timeout" || k === "signal";
  }

  /** Model: cancel node i and what hangs below it. */
  private cancelModel(i: number, err: Error, cause: unknown): void {
    const n = this.nodes[i]!;
    if (n.err !== undefined) return;
    n.err = err;
    n.cause = cause === undefined ? err : cause;
    n.timerAt = undefined;
    for (const e of this.entries) if (e.canceller === i && e.state === "pending") e.state = "ran";
    this.nodes.forEach((m, j) => {
      if (m.owner === i && this.cancellable(j)) this.cancelModel(j, err, n.cause);
    });
  }

  async step(o: Op, index: number): Promise<void> {
    const size = this.nodes.length;
    switch (o.op) {
      case "make": {
        const pi = o.parent % size;
        const p = this.nodes[pi]!;
        const owner = p.canceller;
        const parentErr = owner === -1 ? undefined : this.nodes[owner]!.err;
        const base = { parent: pi, owner, timerAt: undefined, err: undefined, cause: undefined, key: -1, val: undefined };
        const cause = o.withCause ? { cause: index } : undefined;
        let node: Node;
        switch (o.kind) {
          case "value": {
            const val = { value: index };
            node = { ...base, ctx: withValue(p.ctx, KEYS[o.key]!, val), kind: "value", canceller: owner, owner: -1, deadline: p.deadline, timerCause: undefined, key: o.key, val };
            break;
          }
          case "detached":
            node = { ...base, ctx: withoutCancel(p.ctx), kind: "detached", canceller: -1, owner: -1, deadline: undefined, timerCause: undefined };
            break;
          case "signal": {
            const ac = new AbortController();
            node = { ...base, parent: -1, owner: -1, ctx: fromSignal(ac.signal), kind: "signal", canceller: size, deadline: undefined, timerCause: undefined, abort: ac };
            break;
          }
          case "cancel":
          case "cause": {
            const [ctx, cancel] = o.kind === "cancel" ? withCancel(p.ctx) : withCancelCause(p.ctx);
            node = { ...base, ctx, cancel, kind: o.kind, canceller: size, deadline: p.deadline, timerCause: undefined };
            break;
          }
          case "timeout": {
            const [ctx, cancel] = withTimeoutCause(p.ctx, o.ms, cause, { clock: this.clock });
            const at = this.clock.now() + o.ms;
            const inherit = p.deadline !== undefined && p.deadline < at;
            node = { ...base, ctx, cancel, kind: "timeout", canceller: size, deadline: inherit ? p.deadline : at, timerCause: cause };
            if (parentErr === undefined && !inherit) node.timerAt = at;
            break;
          }
        }
        this.nodes.push(node);
        if (node.canceller === size && parentErr !== undefined && node.kind !== "signal") {
          this.cancelModel(size, parentErr, this.nodes[owner]!.cause);
        } else if (node.timerAt !== undefined && node.timerAt <= this.clock.now()) {
          this.cancelModel(size, DeadlineExceeded, node.timerCause);
        }
        return;
      }
      case "cancel": {
        const i = o.node % size;
        const n = this.nodes[i]!;
        const cause = o.withCause ? { cancelled: index } : undefined;
        if (n.kind === "signal") {
          const reason = cause ?? { aborted: index };
          n.abort!.abort(reason);
          this.cancelModel(i, Canceled, reason);
        } else if (n.cancel !== undefined) {
          n.cancel(cause);
          this.cancelModel(i, Canceled, n.kind === "cause" ? cause : undefined);
        }
        return;
      }
      case "advance": {
        const target = this.clock.now() + o.ms;
        await this.clock.advance(o.ms);
        for (;;) {
          let next = -1;
          this.nodes.forEach((n, j) => {
            if (n.timerAt !== undefined && n.timerAt <= target && (next === -1 || n.timerAt < this.nodes[next]!.timerAt!)) next = j;
          });
          if (next === -1) break;
          this.cancelModel(next, DeadlineExceeded, this.nodes[next]!.timerCause);
        }
        return;
      }
      case "afterFunc": {
        const i = o.node % size;
        const n = this.nodes[i]!;
        const entry: Entry = { stop: () => false, canceller: n.canceller, state: "pending", runs: 0 };
        const stop = afterFunc(n.ctx, () => entry.runs++);
        (entry as { stop: () => boolean }).stop = stop;
        if (n.canceller !== -1 && this.nodes[n.canceller]!.err !== undefined) entry.state = "ran";
        this.entries.push(entry);
        return;
      }
      case "stop": {
        if (this.entries.length === 0) return;
        const e = this.entries[o.entry % this.entries.length]!;
        const expected = e.state === "pending";
        if (expected) e.state = "stopped";
        expect(e.stop()).toBe(expected);
        return;
      }
      case "observe": {
        const n = this.nodes[o.node % size]!;
        void n.ctx.done;
        void n.ctx.signal;
        return;
      }
    }
  }

  check(where: string): void {
    let timers = 0;
    this.nodes.forEach((n, i) => {
      const c = n.canceller === -1 ? undefined : this.nodes[n.canceller]!;
      const err = c?.err;
      const label = `${where}, node ${i} (${n.kind})`;
      expect(n.ctx.err(), label).toBe(err);
      expect(n.ctx.cause(), label).toBe(c?.cause);
      expect(n.ctx.deadline(), label).toBe(n.deadline);
      if (n.timerAt !== undefined) timers++;
      for (let k = 0; k < KEYS.length; k++) {
        let want: unknown;
        for (let j = i; j !== -1; j = this.nodes[j]!.parent) {
          if (this.nodes[j]!.key === k) {
            want = this.nodes[j]!.val;
            break;
          }
        }
        expect(n.ctx.value(KEYS[k]!), `${label} value k${k}`).toBe(want);
      }
      if (n.canceller === i) {
        let kids = 0;
        this.nodes.forEach((m, j) => {
          if (m.owner === i && this.cancellable(j) && m.err === undefined) kids++;
        });
        kids += this.entries.filter((e) => e.canceller === i && e.state === "pending").length;
        expect(childCount(n.ctx), `${label} children`).toBe(kids);
      }
    });
    expect(this.clock.pending, `${where}: pending timers`).toBe(timers);
  }

  /** The observable side, at the end: done, signal and afterFunc runs. */
  async finish(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.nodes.forEach((n, i) => {
      const c = n.canceller === -1 ? undefined : this.nodes[n.canceller]!;
      const label = `end, node ${i} (${n.kind})`;
      expect(n.ctx.done.tryRecv(), label).toEqual(c?.err === undefined ? undefined : { value: undefined, ok: false });
      expect(n.ctx.signal.aborted, label).toBe(c?.err !== undefined);
      if (c?.err !== undefined) expect(n.ctx.signal.reason, label).toBe(c.cause);
    });
    this.entries.forEach((e, j) => expect(e.runs, `afterFunc entry ${j}`).toBe(e.state === "ran" ? 1 : 0));
  }
}

describe("context tree properties", () => {
  test.prop([fc.array(opArb, { minLength: 1, maxLength: 40 })], { numRuns: 300 })(
    "every context matches the model after every step (err, cause, deadline, values, children, timers, done, signal, afterFunc)",
    async (ops) => {
      const w = new World();
      for (let i = 0; i < ops.length; i++) {
        await w.step(ops[i]!, i);
        w.check(`after op ${i} ${JSON.stringify(ops[i])}`);
      }
      await w.finish();
    },
  );
});
