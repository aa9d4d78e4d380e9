// cockatiel 3.x (the last line that supports Node 20; 4.x needs Node 22). Only the
// circuit-breaker workload applies.

import { circuitBreaker, ConsecutiveBreaker, handleAll } from "cockatiel";
import { calls } from "../lib/ops.mjs";

export default {
  id: "cockatiel",
  title: "cockatiel",
  pkg: "cockatiel",
  notes: "breaker row only: `circuitBreaker(handleAll, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(5) }).execute(fn)` on a closed breaker.",
  native: {
    breaker: (a, n) => {
      const cb = circuitBreaker(handleAll, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(5) });
      return calls(n, (fn) => cb.execute(fn));
    },
  },
};
