// What waking 100k long-parked receivers costs when each is handed a fresh
// result object rather than a number. The core issue's wake target is a ratio
// to bare promises resolved with numbers; resolving an old-generation promise
// with a young object adds an old-to-new pointer per wake that the scavenges
// then have to process. This script measures that floor against the number
// floor, paired rep by rep; it is why a channel hands long-parked receivers a
// spare result made with the channel (src/chan/chan.ts, `resultFor`).
//
//   node --expose-gc bench/wake-floor.mjs

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const M = 100_000;
const full = () => { globalThis.gc(); globalThis.gc(); };

// result(i, slot): what the i-th receiver is handed. Each slot also carries an
// object made when its promise was (so it ages with it), for the `spare` case.
async function once(result) {
  full();
  const slots = Array.from({ length: M }, () => ({ r: null, spare: null }));
  full();
  const ps = slots.map((s) => new Promise((r) => { s.r = r; s.spare = { value: undefined, ok: false }; }));
  full(); // the parked promises now live in the old generation, as idle waiters do
  let n = 0, sum = 0, done;
  const all = new Promise((r) => { done = r; });
  for (let i = 0; i < M; i++) ps[i].then((v) => { sum += typeof v === "number" ? v : v.value; if (++n === M) done(); });
  const t0 = performance.now();
  for (let i = 0; i < M; i++) { const s = slots[i]; const r = s.r; s.r = null; r(result(i, s)); }
  await all;
  if (sum !== (M * (M - 1)) / 2) throw new Error("checksum");
  return M / (performance.now() - t0);
}

const asNumber = (i) => i;
const asFresh = (i) => ({ value: i, ok: true });
const asSpare = (i, s) => { const o = s.spare; s.spare = null; o.value = i; o.ok = true; return o; };
for (const f of [asNumber, asFresh, asSpare]) await once(f);
const fresh = [], spare = [];
for (let k = 0; k < 11; k++) {
  const floor = await once(asNumber);
  fresh.push((await once(asFresh)) / floor);
  spare.push((await once(asSpare)) / floor);
}
const line = (what, rs) => {
  rs.sort((a, b) => a - b);
  console.log(`wake with ${what} ÷ wake with numbers: median ${rs[5].toFixed(2)}× (min ${rs[0].toFixed(2)}, max ${rs[10].toFixed(2)})`);
};
line("fresh { value, ok } objects", fresh);
line("{ value, ok } objects as old as the promises", spare);
