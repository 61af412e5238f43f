// Prints `<suite>: N passed, N failed, N skipped`, the line scripts/test.sh sums over every suite. Every workspace
// uses this one, naming its suite: reporters: [["<path>/summary-reporter.ts", { suite: "indexer" }]].
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  private readonly suite: string;

  constructor(options: { suite?: string } = {}) {
    this.suite = options.suite ?? "sdk";
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const m of modules) {
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    console.log(`${this.suite}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
