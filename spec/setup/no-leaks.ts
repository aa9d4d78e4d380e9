// Every test of cspkit's own suite ends with nothing parked and no task running
// (issue 3: "expectNoLeaks() ... Use it across cspkit's own suite"). Registered
// in vitest.config.ts (test.setupFiles), so it runs for every spec file; its
// afterEach is registered first and so runs last, after the file's own
// cleanups.
//
// Cheap by design: expectNoLeaks() returns after one macrotask turn when the
// registry is empty, and only waits (up to TIMEOUT, real time) for things still
// winding down.
//
// Exemptions (./leaks.ts): leaveParked(reason, which) inside a test for what it
// can never release; skipLeakChecks(reason) at the top of a file. What one test
// leaves behind (declared, or reported once as a leak, or left by a test that
// failed anyway) is not reported again by the later tests of that file.
// The registry is global, so this assumes a file's tests run one at a time (no
// describe.concurrent).

import { afterEach } from "vitest";
// The diag modules, not src/index.ts: loading the whole library would load the
// task layer, which installs itself as WaitGroup.go's error route and so would
// change what spec/sync/waitgroup.spec.ts observes.
import { expectNoLeaks, LeakError } from "../../src/diag/leaks.js";
import { blocked, runningTasks, type BlockedOp } from "../../src/diag/report.js";
import { fingerprint, leakCheckState, resetLeakCheckState } from "./leaks.js";

/** Grace period for pipelines and tasks that are still winding down (real ms). */
const TIMEOUT = 1_000;

// This module runs once per spec file, before the file itself.
resetLeakCheckState();

afterEach(async (ctx) => {
  const state = leakCheckState();
  const declared = state.leftovers.splice(0);
  if (state.skipped !== undefined) return;
  const known = state.known;
  const isDeclared = (b: BlockedOp): boolean => declared.some((d) => d.which(b));
  const remember = (entries: readonly BlockedOp[]): void => {
    for (const b of entries) known.add(fingerprint(b));
  };
  const everything = (): BlockedOp[] => [...blocked(), ...runningTasks()];

  // A test that failed already says what went wrong; what it left behind is
  // a consequence, and must not fail the tests after it.
  if (ctx.task.result?.state === "fail") {
    remember(everything());
    return;
  }
  try {
    await expectNoLeaks({ timeout: TIMEOUT, ignore: (b) => known.has(fingerprint(b)) || isDeclared(b) });
  } catch (e) {
    if (e instanceof LeakError) {
      remember(e.leaks);
      e.message += "\n(the test must end with nothing parked or running: abort, close, stop or await what it started)";
    }
    throw e;
  } finally {
    remember(everything().filter(isDeclared));
  }
});
