// `npm run fuzz:air [cases] [first seed]`: the hostile-input families of air/test/hostile-fuzz.test.ts for longer
// (default 2,000 cases each, from seed 1). Prints each family's runs and the ret codes they ended with, and every
// broken promise with the seed that shows it; exits 1 if there was one.
import { FAMILIES, hostileCase, outcomes } from "../test/support/hostile.ts";

const cases = Number(process.argv[2] ?? 2000);
const first = Number(process.argv[3] ?? 1);
let broken = 0;
for (const family of FAMILIES) {
  outcomes.clear();
  let runs = 0;
  const start = performance.now();
  for (let seed = first; seed < first + cases; seed++) {
    try {
      runs += hostileCase(family, seed);
    } catch (err) {
      broken++;
      console.log(`BROKEN ${(err as Error).message.slice(0, 400)}`);
    }
  }
  const codes = [...outcomes].sort(([a], [b]) => a - b).map(([code, n]) => `${code}:${n}`);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(`${family}: ${cases} cases, ${runs} runs in ${seconds} s; ret codes ${codes.join(" ")}`);
}
console.log(`${broken} broken promises`);
process.exitCode = broken > 0 ? 1 : 0;
