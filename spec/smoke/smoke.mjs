// Smoke test of the BUILT package: plain `node`, no TypeScript, no test runner.
// It imports "cspkit" by name (Node resolves a package's own name through its
// "exports" map), so a broken exports entry, a missing `.js` extension in an
// emitted import, or a dropped export fails here even when the unit tests pass.
// Real timers, small delays, generous bounds; any failure exits non-zero.

import assert from "node:assert/strict";
import * as cspkit from "cspkit";
import {
  after,
  chan,
  ChannelFullError,
  channelState,
  ClosedChannelError,
  isChan,
  manualClock,
  nil,
  select,
  send,
  sleep,
  tick,
  timer,
  trySelect,
  watchers,
} from "cspkit";
import { decode, decodeValue, SchemaError } from "cspkit/schema";
import { fromEffectSchema } from "cspkit/schema/effect";
import { Schema as S } from "@effect/schema";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const EXPORTS = [
  "ChannelFullError", "ClosedChannelError", "SendCase",
  "after", "chan", "channelState", "defaultClock", "isChan", "manualClock", "nil",
  "select", "send", "setClock", "setStarvationGuard", "sleep", "systemClock",
  "tick", "timer", "trySelect", "watchers",
];

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

const rejectsWith = async (promise, predicate, what) => {
  try {
    await promise;
  } catch (e) {
    assert.ok(predicate(e), `${what}: rejected with the wrong error: ${String(e)}`);
    return e;
  }
  assert.fail(`${what}: resolved, expected a rejection`);
};

check("the entry exports the core names", () => {
  for (const name of EXPORTS) assert.equal(typeof cspkit[name], name === "systemClock" ? "object" : "function", name);
});

check("unbuffered send completes only when a receiver takes the value", async () => {
  const ch = chan();
  let sent = false;
  const s = ch.send("hi").then(() => { sent = true; });
  await sleep(1);
  assert.equal(sent, false, "send resolved with no receiver");
  assert.deepEqual(channelState(ch), { len: 0, cap: 0, closed: false, senders: 1, receivers: 0, dropped: 0 });
  assert.deepEqual(await ch.recv(), { value: "hi", ok: true });
  await s;
  assert.equal(sent, true);
  assert.equal(isChan(ch), true);
  assert.equal(isChan({}), false);
});

check("buffered FIFO, close, drain, then ok:false; for-await ranges to the close", async () => {
  const ch = chan(3, { name: "jobs" });
  await ch.send(1);
  await ch.send(2);
  assert.equal(ch.trySend(3), true);
  assert.equal(ch.trySend(4), false, "trySend on a full channel");
  assert.equal(ch.len, 3);
  assert.equal(ch.cap, 3);
  assert.equal(ch.name, "jobs");
  ch.close();
  assert.equal(ch.closed, true);
  assert.deepEqual(ch.tryRecv(), { value: 1, ok: true });
  const rest = [];
  for await (const v of ch) rest.push(v);
  assert.deepEqual(rest, [2, 3]);
  assert.deepEqual(await ch.recv(), { value: undefined, ok: false });
});

check("send on a closed channel rejects with ClosedChannelError carrying the value", async () => {
  const ch = chan(1, { name: "out" });
  ch.close();
  const e = await rejectsWith(ch.send(42), (x) => x instanceof ClosedChannelError, "send after close");
  assert.match(e.message, /^send on closed channel/);
  assert.equal(e.value, 42);
  assert.equal(e.name, "ClosedChannelError");
  assert.throws(() => ch.close(), (x) => x instanceof ClosedChannelError && x.message.startsWith("close of closed channel"));
  assert.throws(() => ch.trySend(1), ClosedChannelError);
});

check("a parked sender is rejected on close with its value", async () => {
  const ch = chan();
  const p = ch.send("lost?");
  ch.close();
  const e = await rejectsWith(p, (x) => x instanceof ClosedChannelError, "parked send");
  assert.equal(e.value, "lost?");
  assert.equal(channelState(ch).senders, 0);
});

check("overflow policies: dropOldest counts and reports drops, error fails fast", async () => {
  const dropped = [];
  const sliding = chan(2, { overflow: "dropOldest", onDrop: (v) => dropped.push(v) });
  for (const v of [1, 2, 3]) await sliding.send(v);
  assert.deepEqual(dropped, [1]);
  assert.equal(channelState(sliding).dropped, 1);
  assert.deepEqual([sliding.tryRecv(), sliding.tryRecv()], [{ value: 2, ok: true }, { value: 3, ok: true }]);

  const strict = chan(1, { overflow: "error" });
  await strict.send("a");
  const e = await rejectsWith(strict.send("b"), (x) => x instanceof ChannelFullError, "send on full");
  assert.equal(e.value, "b");
});

check("bad input throws naming the argument", () => {
  assert.throws(() => chan(-1), (e) => e instanceof RangeError && e.message.includes("capacity") && e.message.includes("-1"));
  assert.throws(() => chan(0, { overflow: "dropOldest" }), RangeError);
  assert.throws(() => tick(0), RangeError);
  assert.throws(() => select(42), TypeError);
});

check("select: a ready case wins; after() times out a quiet channel and leaves no waiter", async () => {
  const quiet = chan();
  const ready = chan(1);
  await ready.send("v");
  const r1 = await select({ quiet, ready });
  assert.deepEqual(r1, { case: "ready", value: "v", ok: true });

  const r2 = await select({ quiet, timeout: after(15) });
  assert.equal(r2.case, "timeout");
  assert.equal(typeof r2.value, "number");
  assert.equal(channelState(quiet).receivers, 0, "select left a waiter on the quiet channel");
});

check("select with a send case, array form, and priority", async () => {
  const out = chan();
  const got = out.recv();
  const r = await select([null, send(out, 7), nil()]);
  assert.deepEqual(r, { case: 1 });
  assert.deepEqual(await got, { value: 7, ok: true });

  const a = chan(1);
  const b = chan(1);
  a.trySend("a");
  b.trySend("b");
  assert.deepEqual(trySelect([a, b], { priority: true }), { case: 0, value: "a", ok: true });
  assert.equal(trySelect([chan(), null]), undefined);
});

check("a send case on a closed channel rejects the select", async () => {
  const ch = chan();
  ch.close();
  await rejectsWith(select({ s: send(ch, 1) }), (x) => x instanceof ClosedChannelError, "select send on closed");
});

check("abort: the reason comes back unchanged, nothing stays parked or listening", async () => {
  const ch = chan();
  const ac = new AbortController();
  const reason = new Error("stop");
  const pending = [ch.recv({ signal: ac.signal }), ch.send(1, { signal: ac.signal }).catch((e) => e)];
  // The send above pairs with the recv, so park a second receiver that truly waits.
  const quiet = chan();
  const waits = [quiet.recv({ signal: ac.signal }), select({ q: quiet }, { signal: ac.signal }), sleep(60_000, { signal: ac.signal })];
  await sleep(1);
  assert.equal(watchers(ac.signal), 3);
  ac.abort(reason);
  for (const w of waits) assert.equal(await rejectsWith(w, (x) => x === reason, "aborted op"), reason);
  assert.deepEqual(await pending[0], { value: 1, ok: true });
  assert.equal(await pending[1], undefined);
  assert.equal(watchers(ac.signal), 0);
  assert.deepEqual(channelState(quiet), { len: 0, cap: 0, closed: false, senders: 0, receivers: 0, dropped: 0 });
  const pre = AbortSignal.abort(reason);
  assert.equal(await rejectsWith(quiet.recv({ signal: pre }), (x) => x === reason, "pre-aborted recv"), reason);
});

check("timer stop/reset, tick, sleep with real time", async () => {
  const t = timer(60_000);
  assert.equal(t.stop(), true);
  assert.equal(t.stop(), false);
  assert.equal(t.reset(5), false);
  const r = await select({ fired: t.c, slow: after(10_000) });
  assert.equal(r.case, "fired");

  const tk = tick(5);
  const a = await tk.c.recv();
  const b = await tk.c.recv();
  tk.stop();
  assert.ok(a.ok && b.ok && b.value > a.value, "ticks arrive in order");

  const t0 = Date.now();
  await sleep(20);
  assert.ok(Date.now() - t0 >= 15, "sleep(20) returned early");
});

check("an injected clock drives timers without real waiting", async () => {
  const clock = manualClock(1000);
  const p = select({ t: after(500, { clock }) });
  await clock.advance(499);
  assert.equal(trySelect({ never: chan() }), undefined);
  await clock.advance(1);
  assert.deepEqual(await p, { case: "t", value: 1500, ok: true });
});

check("abandoned timers do not keep the process alive", async () => {
  const ch = chan(1);
  for (let i = 0; i < 1000; i++) {
    ch.trySend(i);
    const r = await select({ v: ch, t: after(10_000) });
    assert.equal(r.case, "v");
  }
  await sleep(1);
  const timers = process.getActiveResourcesInfo().filter((r) => r === "Timeout");
  assert.deepEqual(timers, [], "host timers left pending");
});

check("cspkit/schema: decode validates a stream, decodeValue one value (hand-made Standard Schema)", async () => {
  const num = {
    "~standard": { version: 1, vendor: "smoke", validate: (v) => (typeof v === "number" ? { value: v } : { issues: [{ message: "expected a number", path: [] }] }) },
  };
  assert.deepEqual(await cspkit.collect(decode(num, { invalid: "drop" })(cspkit.of(1, "x", 2))), [1, 2]);
  await rejectsWith(cspkit.collect(decode(num)(cspkit.of(1, "x"))), (e) => e instanceof SchemaError && e.message === 'schema rejected "x": expected a number', "decode");
  assert.deepEqual(decodeValue(num)(3), { _tag: "Right", right: 3 });
});

check("cspkit/schema/effect: an @effect/schema Schema through fromEffectSchema", async () => {
  const Item = fromEffectSchema(S.Struct({ id: S.Number }));
  assert.deepEqual(await cspkit.collect(decode(Item)([{ id: 1 }])), [{ id: 1 }]);
  const r = decodeValue(Item)({ id: "1" });
  assert.equal(r._tag, "Left");
  assert.deepEqual(r.left.issues, [{ message: 'Expected number, actual "1"', path: ["id"] }]);
});

check("the root entry and cspkit/schema load no effect code", () => {
  // Follow the relative imports of the built files from each entry.
  const root = dirname(createRequire(import.meta.url).resolve("cspkit"));
  for (const entry of ["index.js", "schema/index.js"]) {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\s*(?:[{*][^"';]*?from\s*)?["']([^"']+)["']/g)) {
        assert.ok(!/^(effect|@effect\/)/.test(spec), `${file} imports ${spec}`);
        if (spec.startsWith(".")) visit(join(dirname(file), spec));
      }
    };
    visit(join(root, entry));
    assert.ok(seen.size > 1, `${entry}: found its imports`);
  }
});

let failed = 0;
for (const { name, fn } of checks) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.error(`FAIL ${name}\n     ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
console.log(`smoke: ${checks.length - failed}/${checks.length} passed (dist via "cspkit" self-import)`);
if (failed > 0) process.exitCode = 1;
