import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts"],
    typecheck: { enabled: true, include: ["spec/**/*.test-d.ts"], tsconfig: "./spec/tsconfig.json" },
    testTimeout: 20_000,
    pool: "forks",
  },
});
