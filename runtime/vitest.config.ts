import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["../sdk/test/support/summary-reporter.ts", { suite: "runtime" }]],
  },
});
