// What waking 100k long-parked receivers costs when each is handed a result
// object rather than a number. The core issue's wake target is a ratio to bare
// promises resolved with numbers; an API whose receive resolves with
// `{ value, ok }` pays for the fresh object given to an old-generation promise
// (a remembered-set entry per wake) before any channel code runs. This script
// measures that floor against the number floor, paired rep by rep.
//
//   node --expose-gc bench/wake-floor.mjs

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const M = 100_000;
const full = () => { globalThis.gc(); globalThis.gc(); };

async function once(result) {
  full();
  const slots = Array.from({ length: M }, () => ({ r: null }));
  full();
  const ps = slots.map((s) => new Promise((r) => { s.r = r; }));
  full(); // the parked promises now live in the old generation, as idle waiters do
  let n = 0, sum = 0, done;
  const all = new Promise((r) => { done = r; });
  for (let i = 0; i < M; i++) ps[i].then((v) => { sum += typeof v === "number" ? v : v.value; if (++n === M) done(); });
  const t0 = performance.now();
  for (let i = 0; i < M; i++) { const s = slots[i]; const r = s.r; s.r = null; r(result(i)); }
  await all;
  if (sum !== (M * (M - 1)) / 2) throw new Error("checksum");
  return M / (performance.now() - t0);
}

const asNumber = (i) => i;
const asObject = (i) => ({ value: i, ok: true });
await once(asNumber);
await once(asObject);
const ratios = [];
for (let k = 0; k < 11; k++) ratios.push((await once(asObject)) / (await once(asNumber)));
ratios.sort((a, b) => a - b);
console.log(`wake with { value, ok } objects ÷ wake with numbers: median ${ratios[5].toFixed(2)}× (min ${ratios[0].toFixed(2)}, max ${ratios[10].toFixed(2)})`);
