import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedPath, renderAbis } from "../scripts/generate-abis.ts";
import { repoRoot } from "../src/devnet/anvil.ts";

describe("generated ABIs", () => {
  it.skipIf(!existsSync(join(repoRoot, "out", "Core.sol", "Core.json")))(
    "match the contracts' current forge artifacts (run `npm run build && npm run generate` when this fails)",
    () => {
      expect(readFileSync(generatedPath, "utf8")).toBe(renderAbis());
    },
  );
});
