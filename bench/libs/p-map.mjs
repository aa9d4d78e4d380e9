// p-map: a promise pool over an iterable. Only the parallelMap workload applies.

import pMap from "p-map";
import { asyncIdentity } from "../lib/ops.mjs";

function* upTo(n) {
  for (let i = 0; i < n; i++) yield i;
}

export default {
  id: "p-map",
  title: "p-map",
  pkg: "p-map",
  notes: "parallelMap row only: `pMap(iterable, f, { concurrency: 8 })` over a lazy generator of 0…n-1; it resolves to the array of results (input order), which the workload then sums.",
  native: {
    pmap: async (a, n) => {
      const out = await pMap(upTo(n), asyncIdentity, { concurrency: 8 });
      let sum = 0;
      for (let i = 0; i < out.length; i++) sum += out[i];
      return sum;
    },
  },
};
