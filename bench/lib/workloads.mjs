// The workloads of DESIGN §6, written once against the adapter contract below so
// that every library runs the same code. A library whose idiom is not a promise per
// operation (go blocks, fibers) supplies its own version under `native`, and the
// same checksum applies to it.
//
// Adapter contract (libs/*.mjs, default export):
//   id, title, pkg (npm name or null), notes       identity and caveats for the report
//   variant(name, on)?                              switch a measured variant (cspkit only)
//   make(cap) → ch                                  cap 0 = unbuffered (rendezvous if it can)
//   send(ch, v) → Promise | undefined               settles when Go's `ch <- v` would complete
//   recv(ch) → Promise<raw>;  value(raw)? → v       `value` maps the library's result to the value
//   close(ch)?;  iterate(ch)? → AsyncIterable       Go's close and `for range`
//   selector(chans)? → sel;  select(sel) → Promise<raw>;  selected(raw, sel)? → v
//                                                   a receive-only select, `sel` built once
//   receivers(ch)? → number                         receivers parked on ch, select waiters included
//   trySend(ch, v)? → boolean;  tryRecv(ch)? → v | EMPTY   non-blocking operations
//   native?: { [workload id]: replacement }         same shape as the generic one below

import { barePromises } from "./floor.mjs";
import { bareCalls, pipelineSum } from "./ops.mjs";

export const EMPTY = Symbol("bench.empty");
const same = (x) => x;
const triangle = (n) => (n * (n - 1)) / 2;

async function pingpong(a, n) {
  const there = a.make(0);
  const back = a.make(0);
  const value = a.value ?? same;
  const rounds = n >> 1;
  const echo = (async () => {
    for (let i = 0; i < rounds; i++) {
      const v = value(await a.recv(there));
      await a.send(back, v + 1);
    }
  })();
  let counter = 0;
  for (let i = 0; i < rounds; i++) {
    await a.send(there, counter);
    counter = value(await a.recv(back)) + 1;
  }
  await echo;
  return counter;
}

async function buffered(a, n) {
  const ch = a.make(1024);
  const value = a.value ?? same;
  const producer = (async () => {
    for (let i = 0; i < n; i++) await a.send(ch, i);
  })();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += value(await a.recv(ch));
  await producer;
  return sum;
}

async function forawait(a, n) {
  const ch = a.make(1024);
  const producer = (async () => {
    for (let i = 0; i < n; i++) await a.send(ch, i);
    a.close(ch);
  })();
  let sum = 0;
  let count = 0;
  for await (const v of a.iterate(ch)) {
    sum += v;
    count++;
  }
  await producer;
  if (count !== n) throw new Error(`for-await: the loop saw ${count} values, ${n} were sent`);
  return sum;
}

const PRODUCERS = 8;

async function fanin(a, n) {
  const ch = a.make(64);
  const value = a.value ?? same;
  const per = n / PRODUCERS;
  const producers = [];
  for (let p = 0; p < PRODUCERS; p++) {
    const base = p * per;
    producers.push((async () => {
      for (let i = 0; i < per; i++) await a.send(ch, base + i);
    })());
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += value(await a.recv(ch));
  await Promise.all(producers);
  return sum;
}

const ARMS = 4;

async function select(a, n) {
  const chans = [];
  for (let k = 0; k < ARMS; k++) chans.push(a.make(0));
  const per = n / ARMS;
  const producers = chans.map((ch, k) => (async () => {
    for (let i = 0; i < per; i++) await a.send(ch, k * per + i);
  })());
  const sel = a.selector ? a.selector(chans) : chans;
  const selected = a.selected ?? same;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += selected(await a.select(sel), sel);
  await Promise.all(producers);
  return sum;
}

function trysync(a, n) {
  const ch = a.make(1024);
  for (let i = 0; i < 1024; i++) {
    if (!a.trySend(ch, i)) throw new Error(`trySend refused value ${i} of the prefill into a cap-1024 channel`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += a.tryRecv(ch);
    if (!a.trySend(ch, 1024 + i)) throw new Error(`trySend refused a value with room in the buffer (op ${i})`);
  }
  return sum;
}

/** Many parked receivers: one unbuffered channel each, one `recv()` parked on each. */
const parkedDriver = (a) => ({
  makeChans(m) {
    const chans = new Array(m);
    for (let i = 0; i < m; i++) chans[i] = a.make(0);
    return chans;
  },
  park(chans) {
    const parked = new Array(chans.length);
    for (let i = 0; i < chans.length; i++) parked[i] = a.recv(chans[i]);
    return parked;
  },
  async wake(chans, parked, clock) {
    const value = a.value ?? same;
    const m = chans.length;
    let left = m;
    let sum = 0;
    let allDone;
    const all = new Promise((resolve) => { allDone = resolve; });
    for (let i = 0; i < m; i++) parked[i].then((raw) => { sum += value(raw); if (--left === 0) allDone(); });
    const t0 = clock();
    const sends = [];
    for (let i = 0; i < m; i++) {
      const p = a.send(chans[i], i);
      if (p !== undefined) sends.push(p);
    }
    await all;
    const ms = clock() - t0; // every receiver has run; the senders' settling is not the wake
    await Promise.all(sends);
    return { ms, sum };
  },
});

/**
 * Select cleanup: each iteration selects over a long-lived channel nobody sends on
 * and a fresh unbuffered one (the order alternates), the select parks on both, and
 * a send on the fresh one wakes it — so every iteration registers on the quiet
 * channel and must withdraw from it.
 */
const selcleanDriver = (a) => ({
  quiet: () => a.make(0),
  async loop(quiet, m) {
    const selected = a.selected ?? same;
    for (let i = 0; i < m; i++) {
      const fresh = a.make(0);
      const chans = (i & 1) === 0 ? [quiet, fresh] : [fresh, quiet];
      const sel = a.selector ? a.selector(chans) : chans;
      const pending = a.select(sel);
      const sent = a.send(fresh, i);
      const v = selected(await pending, sel);
      if (v !== i) throw new Error(`select cleanup: iteration ${i} received ${String(v)}`);
      if (sent !== undefined) await sent;
    }
  },
  receivers: (quiet) => (a.receivers ? a.receivers(quiet) : null),
  /** After the loop, a value sent on the quiet channel must still reach a live receiver. */
  async stillDelivers(quiet) {
    const value = a.value ?? same;
    const got = Promise.resolve(a.recv(quiet)).then(value);
    const sent = a.send(quiet, 777);
    if (sent !== undefined) sent.then(() => {}, () => {});
    const r = await Promise.race([got, new Promise((res) => setTimeout(() => res("timeout"), 300))]);
    return r === 777 ? "yes" : r === "timeout" ? "no (value lost to a dead waiter)" : `no (got ${String(r)})`;
  },
});

// kind: "throughput" (calibrated ops/s ÷ promise ping-pong), "sync" (÷ array queue),
// "parked" (bytes and wake time ÷ bare promises), "selclean" (fixed 100k iterations).
// size: the full-run cap on N; unit: N is a multiple of it.
export const WORKLOADS = {
  pingpong: {
    label: "unbuffered ping-pong", kind: "throughput", size: 200_000, unit: 2,
    run: (a, n) => (a.native?.pingpong ?? pingpong)(a, n), expect: (n) => n,
  },
  buffered: {
    label: "buffered cap 1024, await recv()", kind: "throughput", size: 1_000_000, unit: 1,
    run: (a, n) => (a.native?.buffered ?? buffered)(a, n), expect: triangle,
  },
  forawait: {
    label: "buffered cap 1024, for await", kind: "throughput", size: 1_000_000, unit: 1,
    needs: (a) => Boolean(a.native?.forawait || (a.iterate && a.close)),
    run: (a, n) => (a.native?.forawait ?? forawait)(a, n), expect: triangle,
  },
  fanin: {
    label: "fan-in 8 → 1, cap 64", kind: "throughput", size: 1_000_000, unit: PRODUCERS,
    run: (a, n) => (a.native?.fanin ?? fanin)(a, n), expect: triangle,
  },
  select: {
    label: "select over 4 unbuffered", kind: "throughput", size: 400_000, unit: ARMS,
    needs: (a) => Boolean(a.native?.select || a.select),
    run: (a, n) => (a.native?.select ?? select)(a, n), expect: triangle,
  },
  selclean: {
    label: "select cleanup (quiet + fresh)", kind: "selclean", size: 100_000,
    needs: (a) => Boolean(a.native?.selclean || a.select),
    driver: (a) => a.native?.selclean ?? selcleanDriver(a),
  },
  parked: {
    label: "100k parked receivers", kind: "parked", size: 100_000,
    driver: (a) => a.native?.parked ?? parkedDriver(a),
  },
  trysync: {
    label: "trySend/tryRecv at depth 1024", kind: "sync", size: 20_000_000, unit: 1,
    needs: (a) => Boolean(a.native?.trysync || (a.trySend && a.tryRecv)),
    run: (a, n) => (a.native?.trysync ?? trysync)(a, n), expect: triangle,
  },

  // ---- operators and resilience (issue 4): each library runs its own `native` version.
  // group "ops": reported in their own table, no cspkit variants. `ref(a, n)`, when
  // given, replaces the promise ping-pong as the reference: it runs at the same N
  // right before each rep, and the ratio is ops/s ÷ its ops/s.
  pipeline: {
    label: "3-stage pipeline map → filter → map, buffers 64", kind: "throughput", group: "ops", size: 1_000_000, unit: 2,
    needs: (a) => Boolean(a.native?.pipeline), run: (a, n) => a.native.pipeline(a, n), expect: pipelineSum,
  },
  pmap: {
    label: "parallelMap, concurrency 8, async identity", kind: "throughput", group: "ops", size: 1_000_000, unit: 1,
    needs: (a) => Boolean(a.native?.pmap), run: (a, n) => a.native.pmap(a, n), expect: triangle,
  },
  merge: {
    label: "merge of 8 cap-64 inputs (÷ core fan-in, same N)", kind: "throughput", group: "ops", size: 1_000_000, unit: PRODUCERS,
    needs: (a) => Boolean(a.native?.merge), run: (a, n) => a.native.merge(a, n), expect: triangle,
    ref: (a, n) => fanin(a, n), refExpect: triangle, refLabel: "core fan-in 8 → 1, cap 64",
  },
  breaker: {
    label: "circuit breaker, closed, execute(fn) (÷ bare await fn())", kind: "throughput", group: "ops", size: 2_000_000, unit: 1,
    needs: (a) => Boolean(a.native?.breaker), run: (a, n) => a.native.breaker(a, n), expect: triangle,
    ref: bareCalls, refExpect: triangle, refLabel: "bare `await fn()`",
  },
};

export { barePromises };
