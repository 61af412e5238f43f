import { interpreterVm } from "../src/index.ts";
import { networkRun } from "../test/support/peers.ts";
import { SCENARIOS } from "../test/support/scenarios.ts";
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 15000) for (const s of SCENARIOS) networkRun(interpreterVm, s, { id: `p${n++}` });
console.log(n / ((performance.now() - t0) / 1000), "particles/s whole network");
