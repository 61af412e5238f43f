import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    reporters: ["default", ["../sdk/test/support/summary-reporter.ts", { suite: "indexer" }]],
    // a limit only to end a hung test: on a loaded machine a restart test took over 90 s
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // each file runs its own anvil and Ponder processes; two cores, so two files at a time
    maxWorkers: 2,
  },
});
