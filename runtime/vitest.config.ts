import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // tests wait for outcomes, not durations: the limit is only there to end a hung test, even on a loaded machine
    testTimeout: 120_000,
    reporters: ["default", ["../sdk/test/support/summary-reporter.ts", { suite: "runtime" }]],
  },
});
