// Keeps the seeded commitments healthy: once per epoch, prove every seeded CU that serves no deal. A CU that misses
// an epoch's minimum proofs fails it and is slashed, and enough failures fail its commitment.
import type { Cloudless } from "../../sdk/src/client.ts";
import { CloudlessError } from "../../sdk/src/errors.ts";
import { proveSeeded, type SeededMarket } from "../../sdk/src/devnet/seed.ts";
import { repeat, type Repeating } from "./repeat.ts";

/** Checks the epoch this often, so that a new epoch is proved within seconds of its start. */
const CHECK_MS = 2_000;

export function startProverLoop(
  market: SeededMarket,
  client: (index: number) => Cloudless,
  log: (line: string) => void,
): Repeating {
  let proved = market.activeEpoch;
  let lastFailure = "";
  const epochs = client(market.plan.owner).epochs;
  return repeat(CHECK_MS, async () => {
    try {
      const { epoch } = await epochs.current();
      if (epoch <= proved) return;
      proved = await proveSeeded(market, client);
      lastFailure = "";
    } catch (err) {
      // retried at the next check; said once, not every two seconds
      const message = err instanceof CloudlessError ? err.shortMessage : (err as Error).message;
      if (message !== lastFailure) log(`prover: ${message} (retrying)`);
      lastFailure = message;
    }
  });
}
