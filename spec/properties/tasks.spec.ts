// The same guarantees seen from ordinary async code: producers that `await
// send`, consumers that `recv` in a loop, range with `for await` (some break
// early) or `select` against a quit channel, and a closer that closes once every
// producer is done (Go's WaitGroup-then-close pattern). fast-check's scheduler
// decides the order in which the tasks resume at their yield points; the
// starvation guard stays on, as users run it.
//
// Checked: (a) a committed value is received exactly once (or left buffered and
// drained), a value whose send was aborted or refused is never received;
// (b) each consumer sees each producer's values in the order they were sent;
// (f) nothing stays parked and the shared signal keeps no watchers.

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { chan, channelState, ClosedChannelError, select, watchers } from "../../src/index.js";

type Consumer = { kind: "recv" } | { kind: "range" } | { kind: "rangeBreak"; after: number } | { kind: "select" };

const consumer: fc.Arbitrary<Consumer> = fc.oneof(
  fc.constant({ kind: "recv" as const }),
  fc.constant({ kind: "range" as const }),
  fc.record({ kind: fc.constant("rangeBreak" as const), after: fc.integer({ min: 1, max: 4 }) }),
  fc.constant({ kind: "select" as const }),
);

const shape = fc.record({
  cap: fc.integer({ min: 0, max: 3 }),
  producers: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
  consumers: fc.array(consumer, { minLength: 1, maxLength: 3 }),
  /** Close after this many yields instead of after the producers are done (they then meet a closed channel). */
  closeEarly: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 }),
});

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("engine properties in async tasks under fc.scheduler", () => {
  test.prop([fc.scheduler(), shape], { numRuns: 200 })(
    "producers, consumers (recv / for await / break / select) and a closer",
    async (s, { cap, producers, consumers, closeEarly }) => {
      const ch = chan<string>(cap);
      const quit = chan<never>();
      const stop = new AbortController();
      const reason = new Error("stop producers");
      // Between any two task steps, (e) holds: no buffered value beside a parked
      // receiver, no buffer room beside a parked sender.
      const invariant = (): void => {
        const st = channelState(ch);
        if ((st.len > 0 && st.receivers > 0) || (st.len < st.cap && st.senders > 0)) {
          throw new Error(`(e) broken: ${JSON.stringify(st)}`);
        }
      };
      const yieldTo = async (label: string): Promise<void> => {
        invariant();
        await s.schedule(Promise.resolve(), label);
        invariant();
      };
      // Sends enter the channel when called: a lone consumer must see values in that order.
      const entered = new Map<string, number>();

      const committed = new Set<string>();
      const refused = new Set<string>(); // aborted, or returned in a ClosedChannelError
      const got: string[][] = consumers.map(() => []);
      const unexpected: unknown[] = [];

      const produce = async (p: number, n: number): Promise<void> => {
        for (let i = 0; i < n; i++) {
          await yieldTo(`p${p} sends ${i}`);
          const v = `p${p}:${i}`;
          entered.set(v, entered.size);
          try {
            await ch.send(v, { signal: stop.signal });
            committed.add(v);
          } catch (e) {
            if (e === reason || (e instanceof ClosedChannelError && e.value === v)) refused.add(v);
            else unexpected.push(e);
            return;
          }
        }
      };

      const consume = async (c: Consumer, out: string[]): Promise<void> => {
        switch (c.kind) {
          case "recv":
            for (;;) {
              await yieldTo("recv");
              let r;
              try {
                r = await ch.recv({ signal: stop.signal });
              } catch (e) {
                if (e !== reason) unexpected.push(e);
                return;
              }
              if (!r.ok) return;
              out.push(r.value);
            }
          case "range":
            for await (const v of ch) {
              out.push(v);
              await yieldTo("range");
            }
            return;
          case "rangeBreak":
            for await (const v of ch) {
              out.push(v);
              if (out.length >= c.after) break;
              await yieldTo("range (will break)");
            }
            return;
          case "select":
            for (;;) {
              await yieldTo("select");
              const r = await select({ v: ch, quit });
              if (r.case === "quit" || !r.ok) return;
              out.push(r.value);
            }
        }
      };

      const producing = producers.map((n, p) => produce(p, n));
      const closer = (async () => {
        if (closeEarly === null) await Promise.all(producing);
        else for (let i = 0; i < closeEarly; i++) await yieldTo(`close in ${closeEarly - i}`);
        await yieldTo("close");
        ch.close();
        quit.close();
      })();
      const tasks = Promise.all([closer, ...consumers.map((c, i) => consume(c, got[i]!))]);
      let done = false;
      const finished = (): void => {
        done = true;
      };
      tasks.then(finished, finished);

      // Run the scheduler until every task ends. If the consumers stopped early,
      // producers stay blocked on send: abort them once, as a caller would.
      for (let round = 0; !done; round++) {
        await s.waitIdle();
        // A few macrotask turns: the starvation guard may complete an op from one.
        for (let i = 0; i < 5 && !done && s.count() === 0; i++) await macrotask();
        if (!done && s.count() === 0) {
          // Once closed, every parked op must have been released by close().
          if (ch.closed || stop.signal.aborted || round > 1000) throw new Error(`(f) stuck: ${JSON.stringify(channelState(ch))}`);
          stop.abort(reason);
        }
      }
      await tasks;
      expect(unexpected).toEqual([]);

      const left: string[] = [];
      for (let r = ch.tryRecv(); r !== undefined && r.ok; r = ch.tryRecv()) left.push(r.value);

      // (a): committed values arrive exactly once, refused ones never.
      const all = [...got.flat(), ...left];
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(committed);
      for (const v of refused) expect(committed.has(v)).toBe(false);
      expect(committed.size + refused.size).toBeLessThanOrEqual(producers.reduce((a, b) => a + b, 0));

      // (b): each consumer sees values in the order their sends were called
      // (across the buffer and parked senders), hence each producer's in order.
      for (const seq of got) {
        for (let k = 1; k < seq.length; k++) {
          expect(entered.get(seq[k]!)!, `(b) ${seq[k]} after ${seq[k - 1]}`).toBeGreaterThan(entered.get(seq[k - 1]!)!);
        }
      }

      // (f): nothing parked, no listener left.
      expect(channelState(ch)).toMatchObject({ senders: 0, receivers: 0, len: 0, closed: true });
      expect(channelState(quit)).toMatchObject({ senders: 0, receivers: 0 });
      expect(watchers(stop.signal)).toBe(0);
    },
  );
});
