// opossum 9 (the last major that supports Node 20; 10 needs Node 22). Only the
// circuit-breaker workload applies.

import CircuitBreaker from "opossum";
import { calls } from "../lib/ops.mjs";

export default {
  id: "opossum",
  title: "opossum",
  pkg: "opossum",
  notes: "breaker row only: one `new CircuitBreaker(fn, { timeout: false, resetTimeout: 1000, volumeThreshold: 5 })` per run, `fire()` per call on a closed breaker. `timeout: false` because cspkit's breaker has no per-call timer either (opossum's default 10 s timeout arms a host timer per call); its rolling statistics stay on (they are how its breaker decides).",
  native: {
    breaker: async (a, n) => {
      const cb = new CircuitBreaker((f) => f(), { timeout: false, resetTimeout: 1000, volumeThreshold: 5 });
      try {
        return await calls(n, (f) => cb.fire(f)); // the action calls f, so fn runs once per fire
      } finally {
        cb.shutdown(); // stops its rolling-window interval
      }
    },
  },
};
