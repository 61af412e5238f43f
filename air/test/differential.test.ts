// Our interpreter against the real AquaVM, scenario by scenario over a network of three peers: every run on every
// peer must give the same return code, next peers, call requests (with arguments and tetraplets) and trace.
import { describe, it } from "vitest";
import { expectAgreement, type Scenario } from "./support/differential.ts";
import { SCENARIOS } from "./support/scenarios.ts";

describe("differential: our interpreter and AquaVM agree", () => {
  for (const scenario of SCENARIOS as Scenario[]) {
    it(scenario.name, () => {
      expectAgreement(scenario);
    });
  }
});
