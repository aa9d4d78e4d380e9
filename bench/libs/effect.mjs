// effect (v3) Queue, written the way Effect code is written: each workload is one
// Effect.gen program of forked fibers run by a single Effect.runPromise. Select is
// Effect.raceAll over Queue.take (the losers are interrupted).

import { Effect, Fiber, MutableQueue, Option, Queue, Stream } from "effect";
import { asyncIdentity } from "../lib/ops.mjs";
import { EMPTY } from "../lib/workloads.mjs";

const run = (program) => Effect.runPromise(program);

const producer = (q, base, count) => Effect.gen(function* () {
  for (let i = 0; i < count; i++) yield* Queue.offer(q, base + i);
});

const native = {
  // Stream.range is inclusive; the async identity is wrapped as the Effect users would write
  pmap: (a, n) => run(Stream.range(0, n - 1).pipe(
    Stream.mapEffect((x) => Effect.promise(() => asyncIdentity(x)), { concurrency: 8 }),
    Stream.runFold(0, (acc, v) => acc + v),
  )),
  pingpong: (a, n) => run(Effect.gen(function* () {
    const there = yield* Queue.bounded(0);
    const back = yield* Queue.bounded(0);
    const rounds = n >> 1;
    const echo = yield* Effect.fork(Effect.gen(function* () {
      for (let i = 0; i < rounds; i++) {
        const v = yield* Queue.take(there);
        yield* Queue.offer(back, v + 1);
      }
    }));
    let counter = 0;
    for (let i = 0; i < rounds; i++) {
      yield* Queue.offer(there, counter);
      counter = (yield* Queue.take(back)) + 1;
    }
    yield* Fiber.join(echo);
    return counter;
  })),
  buffered: (a, n) => run(Effect.gen(function* () {
    const q = yield* Queue.bounded(1024);
    const prod = yield* Effect.fork(producer(q, 0, n));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += yield* Queue.take(q);
    yield* Fiber.join(prod);
    return sum;
  })),
  fanin: (a, n) => run(Effect.gen(function* () {
    const q = yield* Queue.bounded(64);
    const per = n / 8;
    const prods = [];
    for (let p = 0; p < 8; p++) prods.push(yield* Effect.fork(producer(q, p * per, per)));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += yield* Queue.take(q);
    yield* Fiber.joinAll(prods);
    return sum;
  })),
  select: (a, n) => run(Effect.gen(function* () {
    const qs = [];
    for (let k = 0; k < 4; k++) qs.push(yield* Queue.bounded(0));
    const per = n / 4;
    const prods = [];
    for (let k = 0; k < 4; k++) prods.push(yield* Effect.fork(producer(qs[k], k * per, per)));
    const sel = Effect.raceAll(qs.map((q) => Queue.take(q)));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += yield* sel;
    yield* Fiber.joinAll(prods);
    return sum;
  })),
  parked: {
    makeChans: (m) => Effect.runSync(Effect.gen(function* () {
      const qs = new Array(m);
      for (let i = 0; i < m; i++) qs[i] = yield* Queue.bounded(0);
      return qs;
    })),
    // the parked receiver is a daemon fiber blocked in Queue.take
    park: (qs) => Effect.runSync(Effect.gen(function* () {
      const fibers = new Array(qs.length);
      for (let i = 0; i < qs.length; i++) fibers[i] = yield* Effect.forkDaemon(Queue.take(qs[i]));
      return fibers;
    })),
    async wake(qs, fibers, clock) {
      const t0 = clock();
      const sum = await run(Effect.gen(function* () {
        for (let i = 0; i < qs.length; i++) yield* Queue.offer(qs[i], i);
        let s = 0;
        for (let i = 0; i < fibers.length; i++) s += yield* Fiber.join(fibers[i]);
        return s;
      }));
      return { ms: clock() - t0, sum };
    },
  },
  selclean: {
    quiet: () => Effect.runSync(Queue.bounded(0)),
    loop: (quiet, m) => run(Effect.gen(function* () {
      for (let i = 0; i < m; i++) {
        const fresh = yield* Queue.bounded(0);
        // the offer runs on its own fiber once this one has parked in the race
        yield* Effect.fork(Effect.zipRight(Effect.yieldNow(), Queue.offer(fresh, i)));
        const pair = (i & 1) === 0 ? [quiet, fresh] : [fresh, quiet];
        const v = yield* Effect.raceAll(pair.map((q) => Queue.take(q)));
        if (v !== i) return yield* Effect.die(new Error(`select cleanup: iteration ${i} received ${String(v)}`));
      }
    })),
    receivers: (quiet) => MutableQueue.length(quiet.takers),
    async stillDelivers(quiet) {
      const got = Effect.runPromise(Queue.take(quiet));
      Effect.runFork(Queue.offer(quiet, 777));
      const r = await Promise.race([got, new Promise((resolve) => setTimeout(() => resolve("timeout"), 300))]);
      return r === 777 ? "yes" : r === "timeout" ? "no (value lost to a dead waiter)" : `no (got ${String(r)})`;
    },
  },
};

export default {
  id: "effect",
  title: "effect Queue",
  pkg: "effect",
  notes: "idiomatic fibers: each workload is one Effect.gen program (Effect.fork, yield* Queue.offer/take) run by one Effect.runPromise; Queue.bounded(0) is a rendezvous. Select = Effect.raceAll over Queue.take. Parked receiver = a daemon fiber. No Go-style close (shutdown drops buffered values), so no for-await row. trySend = unsafeOffer, tryRecv = Effect.runSync(Queue.poll). parallelMap row: `Stream.range` → `Stream.mapEffect(x => Effect.promise(() => f(x)), { concurrency: 8 })` (ordered, its default) → `Stream.runFold`.",
  make: (cap) => Effect.runSync(Queue.bounded(cap)),
  send: (q, v) => run(Queue.offer(q, v)),
  recv: (q) => run(Queue.take(q)),
  trySend: (q, v) => q.unsafeOffer(v),
  tryRecv: (q) => {
    const o = Effect.runSync(Queue.poll(q));
    return Option.isSome(o) ? o.value : EMPTY;
  },
  native,
};
