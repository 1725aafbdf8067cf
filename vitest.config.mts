import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: keep heavy browser/kernel tests from oversubscribing the machine.
    maxWorkers: 2,
  },
});
