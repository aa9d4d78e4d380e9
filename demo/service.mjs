// A SIMULATED "index service", in process: the flaky remote dependency the
// pipeline's last stage talks to. Nothing goes over the network.
//
// Each file's fate is drawn from a random generator seeded with (seed, path),
// so a given seed gives every file the same fate on every run, whatever order
// the calls arrive in: most calls answer in 5–50 ms, some fail with a 500, some
// are slow enough to hit the caller's timeout. On top of that the service has
// one outage: from its `outageAt`-th call on, it answers 503 to everything for
// `outageMs` — long enough for a circuit breaker to trip and recover.

import { defaultClock, sleep } from "cspkit";

/** What the service rejects with when it answers with an error status. */
export class ServiceError extends Error {
  constructor(status, message) {
    super(`index service: ${status} ${message}`);
    this.name = "ServiceError";
    this.status = status;
  }
}

/** A small seeded generator (mulberry32) over a 32-bit FNV-1a hash of `key`. */
export function seeded(key) {
  let a = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) a = Math.imul(a ^ key.charCodeAt(i), 0x01000193);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The service. `index(file, signal)` resolves with a document id, or rejects
 * with a ServiceError, or with `signal.reason` once the caller gives up.
 */
export function indexService({ seed, slowMs, errorRate = 0.06, slowRate = 0.04, outageAt = 100, outageMs = 200 }) {
  const clock = defaultClock();
  let calls = 0;
  let outageUntil = -Infinity;
  return {
    get calls() {
      return calls;
    },
    async index(file, signal) {
      const now = clock.now();
      if (++calls === outageAt) outageUntil = now + outageMs;
      if (now < outageUntil) {
        await sleep(5, { signal });
        throw new ServiceError(503, "service unavailable");
      }
      const random = seeded(`${seed}:${file.rel}`);
      const roll = random();
      // sleep() rejects with the signal's reason when it aborts: a slow call
      // stops as soon as the caller's timeout fires, leaving no timer behind.
      await sleep(roll < slowRate ? slowMs : 5 + random() * 45, { signal });
      if (roll >= slowRate && roll < slowRate + errorRate) throw new ServiceError(500, "internal error");
      return `doc-${file.sha256.slice(0, 12)}`;
    },
  };
}
