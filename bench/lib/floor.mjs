// The references every figure is divided by. None of them is a channel: each is the
// cheapest way plain JavaScript does the same job, measured in the same process.

const DEPTH = 1024;

/**
 * `n` hand-offs between two async functions that wake each other with bare promise
 * resolvers: one promise, one resolve and one resumption per hand-off — the floor of
 * any async rendezvous. Returns the counter, which must come back as `n`.
 */
export async function promisePingPong(n) {
  const rounds = n >> 1;
  let wakeEcho = null;
  let wakeMain = null;
  const echo = (async () => {
    for (let i = 0; i < rounds; i++) {
      const got = await new Promise((resolve) => { wakeEcho = resolve; });
      const reply = wakeMain;
      wakeMain = null;
      reply(got + 1);
    }
  })();
  let counter = 0;
  for (let i = 0; i < rounds; i++) {
    const back = new Promise((resolve) => { wakeMain = resolve; });
    const deliver = wakeEcho;
    wakeEcho = null;
    deliver(counter);
    counter = (await back) + 1;
  }
  await echo;
  return counter;
}

/**
 * A plain array used as a queue that always holds DEPTH items: push one, shift one,
 * `n` times. The shifted values are 0 … n-1, so the sum is n(n-1)/2.
 */
export function arrayQueue(n) {
  const q = [];
  for (let i = 0; i < DEPTH; i++) q.push(i);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    q.push(DEPTH + i);
    sum += q.shift();
  }
  return sum;
}

/** Bare promises parked one per slot object: the floor for "many parked receivers". */
export const barePromises = {
  makeChans(m) {
    const slots = new Array(m);
    for (let i = 0; i < m; i++) slots[i] = { resolve: null };
    return slots;
  },
  park(slots) {
    const parked = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      parked[i] = new Promise((resolve) => { slot.resolve = resolve; });
    }
    return parked;
  },
  async wake(slots, parked, clock) {
    const m = slots.length;
    let left = m;
    let sum = 0;
    let allDone;
    const all = new Promise((resolve) => { allDone = resolve; });
    for (let i = 0; i < m; i++) parked[i].then((v) => { sum += v; if (--left === 0) allDone(); });
    const t0 = clock();
    for (let i = 0; i < m; i++) {
      const slot = slots[i];
      const r = slot.resolve;
      slot.resolve = null;
      r(i);
    }
    await all;
    return { ms: clock() - t0, sum };
  },
};

export { DEPTH as QUEUE_DEPTH };
