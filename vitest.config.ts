import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts"],
    // After every test: nothing parked, no task running (spec/setup/no-leaks.ts).
    setupFiles: ["spec/setup/no-leaks.ts"],
    typecheck: { enabled: true, include: ["spec/**/*.test-d.ts"], tsconfig: "./spec/tsconfig.json" },
    testTimeout: 20_000,
    pool: "forks",
  },
});
