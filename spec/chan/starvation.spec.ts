// DESIGN §1 row "starvation": tasks that ping-pong forever over channels still
// let timers run. This is about real time, so it uses the system clock, with
// generous bounds (a shared 2-core machine).

import { describe, expect, it } from "vitest";
import { after, chan, select, setStarvationGuard } from "../../src/index.js";
import { runChild } from "./_child.js";

/** Two tasks exchanging a counter forever over two unbuffered channels. */
function pingPong(): { readonly rounds: number; stop(): Promise<void> } {
  const ping = chan<number>();
  const pong = chan<number>();
  const state = { rounds: 0, stopped: false };
  const a = (async () => {
    while (!state.stopped) {
      await ping.send(state.rounds);
      const r = await pong.recv();
      if (!r.ok) return;
      state.rounds = r.value + 1;
    }
  })();
  const b = (async () => {
    for await (const v of ping) await pong.send(v);
  })();
  return {
    get rounds() {
      return state.rounds;
    },
    async stop() {
      state.stopped = true;
      await a;
      ping.close();
      await b;
    },
  };
}

describe("starvation guard", () => {
  it("an after(20) in a select loop fires while two tasks ping-pong forever", async () => {
    const was = setStarvationGuard(true);
    const quiet = chan<never>();
    const game = pingPong();
    try {
      const t0 = performance.now();
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await select({ t: after(20), q: quiet });
        expect(r.case).toBe("t");
        seen.push(game.rounds);
      }
      const elapsed = performance.now() - t0;
      // Three 20 ms timers; a starved loop would never get here at all.
      expect(elapsed).toBeLessThan(2_000);
      // The ping-pong ran while each timer was pending, and kept running after each fired.
      expect(seen[0]!).toBeGreaterThan(0);
      expect(seen[1]!).toBeGreaterThan(seen[0]!);
      expect(seen[2]!).toBeGreaterThan(seen[1]!);
    } finally {
      await game.stop();
      setStarvationGuard(was);
    }
  });

  // Each chain is parked only when one of its own ops notices the starvation
  // (checked every 1024 ops), so the delay grows with the number of chains:
  // ~0.3 s for 100 pairs on an idle 2-core machine; 5 s leaves room for load.
  it("100 ping-pong pairs still let an after(20) fire and keep running after it", async () => {
    const was = setStarvationGuard(true);
    const games = Array.from({ length: 100 }, () => pingPong());
    const total = (): number => games.reduce((n, g) => n + g.rounds, 0);
    try {
      const t0 = performance.now();
      const r = await select({ t: after(20), q: chan<never>() });
      const elapsed = performance.now() - t0;
      const atFire = total();
      expect(r.case).toBe("t");
      expect(elapsed).toBeLessThan(5_000);
      expect(atFire).toBeGreaterThan(0);
      await select({ t: after(20) });
      expect(total()).toBeGreaterThan(atFire);
    } finally {
      await Promise.all(games.map((g) => g.stop()));
      setStarvationGuard(was);
    }
  });

  it("in a fresh process: with the guard the timer fires; without it the same program never gets there", async () => {
    const program = (guard: boolean): string => `
      csp.setStarvationGuard(${guard});
      const ping = csp.chan(), pong = csp.chan();
      let rounds = 0;
      (async () => { for (;;) { await ping.send(rounds); rounds = (await pong.recv()).value + 1; } })();
      (async () => { for await (const v of ping) await pong.send(v); })();
      const before = rounds;
      const r = await csp.select({ t: csp.after(20), q: csp.chan() });
      const atFire = rounds;
      await csp.sleep(20);
      console.log(JSON.stringify({ fired: r.case, before, atFire, after: rounds }));
      process.exit(0);
    `;
    const on = await runChild(program(true), { timeoutMs: 15_000 });
    expect(on.stderr).toBe("");
    expect(on.code).toBe(0);
    const report = JSON.parse(on.stdout) as { fired: string; before: number; atFire: number; after: number };
    expect(report.fired).toBe("t");
    expect(report.atFire).toBeGreaterThan(report.before);
    expect(report.after).toBeGreaterThan(report.atFire);

    // Guard off: the microtask queue never drains, so the 20 ms timer never
    // fires and the child has to be killed (2 s is 100 periods of the timer).
    const off = await runChild(program(false), { timeoutMs: 2_000 });
    expect(off.signal).toBe("SIGKILL");
    expect(off.stdout).toBe("");
  });
});
