// js-csp (a port of Clojure's core.async): tasks are generator "go blocks" that
// `yield put/take/alts`. That is how its users write it, so every workload it can
// express runs natively as go blocks; only trySend/tryRecv use offer/poll directly.

import csp from "js-csp";
import { even, half, inc } from "../lib/ops.mjs";
import { EMPTY } from "../lib/workloads.mjs";

const { go, chan, put, take, alts, putAsync, takeAsync, offer, poll, CLOSED, NO_VALUE } = csp;

/** Run go blocks until one of them calls `finish(result)` (or `fail(error)`). */
const goRun = (start) => new Promise((finish, fail) => start(finish, fail));

/** A go block per stage: take until CLOSED, put f's result (or skip), then close. */
function* stage(input, out, f, keep) {
  for (;;) {
    const v = yield take(input);
    if (v === CLOSED) break;
    if (f) yield put(out, f(v));
    else if (keep(v)) yield put(out, v);
  }
  out.close();
}

const native = {
  pipeline: (a, n) => goRun((finish) => {
    const [c0, c1, c2, c3] = [chan(64), chan(64), chan(64), chan(64)];
    go(function* producer() {
      for (let i = 0; i < n; i++) yield put(c0, i);
      c0.close();
    });
    go(stage, [c0, c1, inc]);
    go(stage, [c1, c2, null, even]);
    go(stage, [c2, c3, half]);
    go(function* consumer() {
      let sum = 0;
      for (;;) {
        const v = yield take(c3);
        if (v === CLOSED) return finish(sum);
        sum += v;
      }
    });
  }),
  pingpong: (a, n) => goRun((finish) => {
    const there = chan();
    const back = chan();
    const rounds = n >> 1;
    go(function* echo() {
      for (let i = 0; i < rounds; i++) {
        const v = yield take(there);
        yield put(back, v + 1);
      }
    });
    go(function* main() {
      let counter = 0;
      for (let i = 0; i < rounds; i++) {
        yield put(there, counter);
        counter = (yield take(back)) + 1;
      }
      finish(counter);
    });
  }),
  buffered: (a, n) => goRun((finish) => {
    const ch = chan(1024);
    go(function* producer() { for (let i = 0; i < n; i++) yield put(ch, i); });
    go(function* consumer() {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield take(ch);
      finish(sum);
    });
  }),
  fanin: (a, n) => goRun((finish) => {
    const ch = chan(64);
    const per = n / 8;
    for (let p = 0; p < 8; p++) {
      const base = p * per;
      go(function* producer() { for (let i = 0; i < per; i++) yield put(ch, base + i); });
    }
    go(function* consumer() {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield take(ch);
      finish(sum);
    });
  }),
  select: (a, n) => goRun((finish) => {
    const chans = [chan(), chan(), chan(), chan()];
    const per = n / 4;
    chans.forEach((ch, k) => go(function* producer() { for (let i = 0; i < per; i++) yield put(ch, k * per + i); }));
    go(function* consumer() {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (yield alts(chans)).value;
      finish(sum);
    });
  }),
  parked: {
    makeChans(m) {
      const chans = new Array(m);
      for (let i = 0; i < m; i++) chans[i] = chan();
      return chans;
    },
    park(chans) {
      // the parked receiver is a go block blocked in `take`
      const st = { left: chans.length, sum: 0, done: null };
      st.all = new Promise((resolve) => { st.done = resolve; });
      for (let i = 0; i < chans.length; i++) {
        const ch = chans[i];
        go(function* receiver() {
          const v = yield take(ch); // not `st.sum += yield …`: that reads st.sum before parking
          st.sum += v;
          if (--st.left === 0) st.done();
        });
      }
      return st;
    },
    async wake(chans, st, clock) {
      const t0 = clock();
      for (let i = 0; i < chans.length; i++) putAsync(chans[i], i);
      await st.all;
      return { ms: clock() - t0, sum: st.sum };
    },
  },
  selclean: {
    quiet: () => chan(),
    loop: (quiet, m) => goRun((finish, fail) => {
      go(function* selector() {
        for (let i = 0; i < m; i++) {
          const fresh = chan();
          // the send comes from outside the go block, after alts has parked on both
          queueMicrotask(() => putAsync(fresh, i));
          const r = yield alts((i & 1) === 0 ? [quiet, fresh] : [fresh, quiet]);
          if (r.value !== i) return fail(new Error(`select cleanup: iteration ${i} received ${String(r.value)}`));
        }
        finish();
      });
    }),
    // the take queue still holds withdrawn alts handlers until its lazy cleanup (every 64 takes)
    receivers: (quiet) => quiet.takes.length,
    async stillDelivers(quiet) {
      let got = "timeout";
      go(function* late() { got = yield take(quiet); });
      putAsync(quiet, 777);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return got === 777 ? "yes" : got === "timeout" ? "no (value lost to a dead waiter)" : `no (got ${String(got)})`;
    },
  },
};

export default {
  id: "js-csp",
  title: "js-csp",
  pkg: "js-csp",
  notes: "idiomatic go blocks (`yield put/take/alts`); every resumption of a go block is a setImmediate (one macrotask per blocking op). Parked receiver = a go block. No async iterator (no for-await). Max 1024 pending puts/takes per channel. trySend/tryRecv = offer/poll. Pipeline: a go block per stage, channels of 64. Its waiter count after the select cleanup includes withdrawn alts handlers, which the take queue keeps until a lazy sweep (every 64 takes); a later send skips them.",
  make: (cap) => chan(cap),
  send: (ch, v) => new Promise((resolve) => putAsync(ch, v, resolve)),
  recv: (ch) => new Promise((resolve) => takeAsync(ch, resolve)),
  value: (r) => {
    if (r === CLOSED) throw new Error("receive on a closed channel in the middle of a workload");
    return r;
  },
  trySend: (ch, v) => offer(ch, v),
  tryRecv: (ch) => {
    const v = poll(ch);
    return v === NO_VALUE ? EMPTY : v;
  },
  native,
};
