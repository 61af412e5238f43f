// `npm run bench:indexer`: the backfill rate against raw eth_getLogs plus decoding, then the candidates endpoint's
// p99 over a market of 10,000 CUs. Each prints its human lines, then one BENCH line per figure.
import { benchBackfill } from "./bench-backfill.ts";
import { benchCandidates } from "./bench-candidates.ts";

const backfill = await benchBackfill();
const candidates = await benchCandidates();
console.log(
  `BENCH indexer_backfill ${backfill.ours.toFixed(0)} events/s ref=${backfill.raw.toFixed(0)} ratio=${(backfill.ours / backfill.raw).toFixed(2)}`,
);
console.log(`BENCH candidates_p99 ${candidates.p99.toFixed(2)} ms ref=50 ratio=${(50 / candidates.p99).toFixed(2)}`);
