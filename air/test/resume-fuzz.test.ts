// Random scripts over two peers, each run checked against a full replay of the same data (replayCheckedVm): a
// seeded generator (the same scripts every time) mixes seq, par, xor, calls that answer or fail, scalars, streams,
// canon, folds over streams and canon values, `new`, match and fail, so that resuming meets shapes nobody wrote a
// case for.
import { describe, expect, it } from "vitest";
import { NetworkError, resumedRuns } from "../src/index.ts";
import { generator } from "./support/random.ts";
import { replayCheckedVm, runScenario } from "./support/differential.ts";

/** A script of about `size` instructions; scalars get names of their own, so that none is set twice. */
function randomScript(seed: number, size: number): string {
  const { int, pick } = generator(seed);
  const scalars: string[] = [];
  let names = 0;
  let budget = size;
  const argument = () => (scalars.length > 0 && int(3) > 0 ? pick(scalars) : pick([`"lit"`, "1", "%init_peer_id%"]));
  const call = () => {
    const peer = pick(["@A", "@A", "@A", "@B"]);
    const fn = pick(["f", "g", "obj", "arr", "f", "g", "obj", "fail"]);
    const args = Array.from({ length: int(3) }, argument).join(" ");
    const out = pick(["scalar", "scalar", "$s", "$t", ""]);
    const name = out === "scalar" ? `x${names++}` : out;
    const call = `(call ${peer} ("s" "${fn}") [${args}]${name && ` ${name}`})`;
    if (out === "scalar") scalars.push(name);
    return call;
  };
  const instruction = (depth: number): string => {
    budget--;
    if (depth > 4 || budget <= 0) return call();
    switch (int(12)) {
      case 0:
      case 1:
      case 2:
        return `(seq ${instruction(depth + 1)} ${instruction(depth + 1)})`;
      case 3:
        return `(par ${instruction(depth + 1)} ${instruction(depth + 1)})`;
      case 4:
        return `(xor ${instruction(depth + 1)} ${instruction(depth + 1)})`;
      case 5: {
        const canon = `#c${names++}`;
        return `(seq (canon @A $s ${canon}) (fold ${canon} i (seq ${instruction(depth + 1)} (next i))))`;
      }
      case 6:
        // its body does not write to $t, which would feed the fold for ever
        return `(fold $t v (par (call ${pick(["@A", "@B"])} ("s" "f") [v] x${names++}) (next v)))`;
      case 7:
        return `(new $s ${instruction(depth + 1)})`;
      case 8:
        return `(xor (match ${argument()} ${argument()} ${instruction(depth + 1)}) (ap "caught" $t))`;
      case 9:
        return pick([`(fail 7 "no")`, `(ap ${argument()} $s)`, "(null)"]);
      default:
        return call();
    }
  };
  const body = Array.from({ length: 3 + int(4) }, () => instruction(0));
  const spine = body.reduceRight((rest, part) => `(seq ${part} ${rest})`);
  return int(2) === 0 ? spine : `(xor ${spine} (call @A ("s" "handler") [:error:.$.message]))`;
}

describe("random scripts: every run, resumed or not, writes what a full replay writes", () => {
  it("500 scripts over two peers", () => {
    const before = resumedRuns();
    let runs = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const script = randomScript(seed, 12 + (seed % 20));
      try {
        runs += runScenario(replayCheckedVm, { name: `random ${seed}`, script }, () => undefined).length;
      } catch (err) {
        // a fold over a stream its body writes to may go on until the network's run limit: every run until then was
        // checked all the same
        if (err instanceof NetworkError && /ran more than/.test(err.message)) continue;
        throw new Error(`script ${seed}: ${script}`, { cause: err });
      }
    }
    // 1,524 runs, 396 of them resumed, when this was written
    expect(runs).toBeGreaterThan(1200);
    expect(resumedRuns() - before).toBeGreaterThan(300);
  });
});
