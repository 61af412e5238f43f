// Differential test of the parser against the real AquaVM: on every script below, ours accepts exactly when AquaVM
// accepts. The scripts put every value form in every position of the grammar, then add whole scripts, valid and
// not, for every instruction and every check made before running.
import { describe, expect, it } from "vitest";
import { AirParseError, parse } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";

// Names of two letters or more: AquaVM 0.62 refuses a one-letter name after a sigil followed by a lens (`#c.length`).
const PRELUDE = (hole: string) =>
  `(seq (call "p" ("s" "f") [] x) (seq (ap 1 $ss) (seq (canon "p" $ss #cc) (seq (ap ("k" 1) %mm) (seq (canon "p" %mm #%cm) ${hole})))))`;

const FORMS = [
  '"lit"',
  "42",
  "-3",
  "1.5",
  "true",
  "[]",
  "%init_peer_id%",
  "%timestamp%",
  "%ttl%",
  ":error:",
  ":error:.$.message",
  "%last_error%",
  "%last_error%.$.message",
  "x",
  "x.$.a",
  "x.$.[0]",
  "x.$.[x]",
  "x.$.a!",
  "x.$.a.[1].b",
  "x.length",
  "$ss",
  "%mm",
  "#cc",
  "#cc.$.[0]",
  "#cc.length",
  "#%cm",
  "#%cm.$.k",
  "#%cm.length",
  "$ss.$.a",
  "undefined_name",
  "x.$.[undefined_name]",
];

const POSITIONS = [
  (f: string) => `(call ${f} ("s" "f") [] r)`,
  (f: string) => `(call "p" (${f} "f") [] r)`,
  (f: string) => `(call "p" ("s" ${f}) [] r)`,
  (f: string) => `(call "p" ("s" "f") [${f}] r)`,
  (f: string) => `(call "p" ("s" "f") [] ${f})`,
  (f: string) => `(ap ${f} r)`,
  (f: string) => `(ap 1 ${f})`,
  (f: string) => `(ap (${f} 1) %mm)`,
  (f: string) => `(ap ("k" ${f}) %mm)`,
  (f: string) => `(fold ${f} it (null))`,
  (f: string) => `(fail ${f})`,
  (f: string) => `(match ${f} 1 (null))`,
  (f: string) => `(mismatch 1 ${f} (null))`,
  (f: string) => `(new ${f} (null))`,
  (f: string) => `(canon "p" ${f} #cx)`,
  (f: string) => `(canon ${f} $ss #cx)`,
];

const SCRIPTS = [
  "(null)",
  "(never)",
  "(seq (null) (null))",
  "(par (null) (never))",
  "(xor (never) (null))",
  '(call "p" ("s" "f") [])',
  '(call "p" ("s" "f") [] $out)',
  "(fold [] it (null) (null))",
  "(fold [] it (next it))",
  "(fold [] it (seq (null) (next it)) (never))",
  "(fold $ss it (seq (ap it $tt) (next it)))",
  "(fold %mm it (next it))",
  "(new $ss (ap 1 $ss))",
  "(new %mm (ap (1 2) %mm))",
  "(new x (ap 1 x))",
  '(fail 1 "one")',
  '(fail -1 "minus")',
  '(fail 0 "zero")',
  "(fail 1)",
  '(fail "x" "y")',
  "(next it)",
  "(fold [] it (seq (next it) (next it)))",
  "(fold [] it (fold [] it (null)))",
  "(fold [] it (new it (null)))",
  "(seq (fold [] it (null)) (ap it r))",
  '(par (call "a" ("s" "f") [] x) (call "b" ("s" "f") [x] y))',
  '(par (call "b" ("s" "f") [x] y) (call "a" ("s" "f") [] x))',
  '(call "p" ("s" "f") [x] x)',
  "(ap 99999999999999999999 r)",
  "(ap 9223372036854775807 r)",
  "(ap -9223372036854775808 r)",
  "(ap 1.0000000001 r)",
  "(ap 1.00000001 r)",
  "(ap 1.2.3 r)",
  "(ap 1abc r)",
  "(ap .5 r)",
  "(ap +5 r)",
  '(ap "unclosed r)',
  '(ap "a (b) [c]" r)',
  "(seq (null) (null)",
  "(null) (null)",
  "(nul)",
  "",
  "()",
  "((null))",
  "(seq (null))",
  "(ap 1 $)",
  "(ap 1 #)",
  "(ap 1 x!y)",
  "(ap 1 r) ; a comment",
  "; only a comment",
  "(seq ; inline\n (null)\n (null))",
  '(call "p" "s" "f" [] r)',
  '(call "p" ("s") [] r)',
  '(call "p" ("s" "f" "g") [] r)',
  '(call "p" ("s" "f") r)',
  '(call "p" ("s" "f") [] r s)',
  '(canon "p" $ss #cc.$.a)',
  '(canon "p" %mm x)',
  '(canon "p" $ss x)',
  '(canon "p" %mm #cx)',
  '(canon "p" $ss #%cx)',
  "(ap (1.5 2) %mm)",
  "(ap (1 2) $ss)",
  "(match 1 2)",
  "(match 1 2 (null) (null))",
  "(xor (null) (null) (null))",
  "(seq (ap 1 x) (ap x.$ y))",
  "(seq (ap 1 x) (ap x.$.[1.5] y))",
  "(seq (ap 1 x) (ap x.size y))",
  "(seq (ap 1 x) (ap x.$.a.length y))",
  "(seq (ap 1 xx) (ap xx.$.[0]! y))",
  "(seq (ap 1 xx) (ap xx.$.a!.b y))",
  "(seq (ap 1 xx) (ap xx.$a y))",
  "(seq (ap 1 xx) (ap xx.$.[4294967295] y))",
  "(seq (ap 1 xx) (ap xx.$.[4294967296] y))",
  "(seq (ap 1 xx) (ap xx.$.[] y))",
  '(canon "p" $nn #cx)',
  '(canon "p" %nn #%cx)',
  "(fold $ss it (null))",
  '(seq (call "p" ("s" "f") [] $ss) (fold $ss it (null)))',
  '(seq (canon "p" $ss #cc) (fold $ss it (null)))',
  "(seq (new $ss (null)) (fold $ss it (null)))",
  "(seq (ap 1 $ss) (fold $ss it (xor (next it) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (seq (next it) (null)) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (null) (seq (ap 1 r) (next it)))))",
  "(seq (ap 1 $ss) (fold $ss it (xor (seq (next it) (null)) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (new $x (next it))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (new $x (next it)) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (par (next it) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (next it) (null)) (null)))",
  "(seq (ap 1 $ss) (fold $ss it (match 1 1 (seq (next it) (null)))))",
  "(seq (ap 1 $ss) (fold $ss it (null) (seq (next it) (null))))",
  "(fold [] it (seq (next it) (null)))",
  "(seq (fold [] it (null)) (ap it r))",
  '(seq (ap ("k" 1) %mm) (fold %mm it (seq (next it) (null))))',
  "(ap 1 über)",
  "(ap 1 with-dash_and_underscore9)",
];

// The checks of next and of definitions as AquaVM makes them: the first next of each iterator must be in its fold
// (later ones may be anywhere and fail when they run), only the first use of a name undefined when met is checked,
// and the after-next check keeps AquaVM's order and its blind spots (an xor with a next in both branches ends it).
const VALIDATOR_SCRIPTS = [
  "(xor (fold [] it (next it)) (next it))",
  "(seq (fold [] it (next it)) (next it))",
  "(seq (next it) (fold [] it (next it)))",
  "(seq (fold [] it (next it)) (next jt))",
  "(seq (fold [] it (next it)) (seq (next it) (next it)))",
  "(seq (fold [] it (next it)) (fold [] jt (next it)))",
  "(seq (fold [] it (next it)) (fold [] it (seq (next it) (next it))))",
  "(seq (fold [] it (next it)) (fold [] it (next it)))",
  "(fold [] it (seq (fold [] jt (next it)) (next jt)))",
  "(fold [] it (fold [] jt (seq (next jt) (next it))))",
  "(seq (ap 1 $ss) (seq (fold [] it (next it)) (seq (seq (next it) (null)) (fold $ss it (next it)))))",
  "(seq (ap 1 $ss) (seq (fold $ss it (next it)) (seq (next it) (null))))",
  "(seq (ap 1 $ss) (seq (ap 1 $tt) (fold $ss it (fold $tt jt (seq (xor (next it) (next jt)) (null))))))",
  "(seq (ap 1 $ss) (seq (fold $ss it (seq (xor (next it) (next it)) (null))) (null)))",
  "(seq (ap 1 $ss) (fold $ss it (seq (fold [] jt (next it)) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (fold [] jt (next jt)) (seq (next it) (null)))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (par (next it) (null)) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (par (null) (seq (next it) (null)))))",
  "(seq (ap 1 $ss) (seq (fold $ss it (xor (next it) (null))) (seq (fold [] jt (seq (next jt) (null))) (null))))",
  "(seq (ap 1 $ss) (seq (fold [] it (fold [] jt (xor (next it) (next jt)))) (fold $ss kt (seq (next kt) (null)))))",
  "(seq (ap 1 $ss) (seq (fold $ss kt (seq (next kt) (null))) (fold [] it (fold [] jt (xor (next it) (next jt))))))",
  "(seq (ap 1 $ss) (fold $ss it (fold [] jt (par (next it) (next jt)))))",
  "(seq (ap 1 $ss) (seq (ap 1 $tt) (fold $ss it (fold $tt jt (seq (next it) (next jt))))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (new $x (next it)) (null)) (null)))",
  "(seq (ap 1 $ss) (fold $ss it (next it) (seq (next it) (null))))",
  "(seq (ap 1 $ss) (fold $ss it (seq (null) (next it)) (par (next it) (null))))",
  "(match x 1 (new x (ap x r)))",
  "(match it 1 (fold [] it (ap it r)))",
  "(match x 1 (ap x r))",
  "(seq (ap x r) (new x (ap x s)))",
  "(seq (new x (ap x s)) (ap x r))",
  "(fold x it (fold [] x (ap x r)))",
  "(seq (ap 1 $ss) (fold $ss x (fold $ss it (fold [] x (null)))))",
];

/** Random scripts of folds, nexts, definitions and uses over a few names (mulberry32, seeded). */
function randomScripts(count: number, seed: number): string[] {
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const [iterators, names] = [
    ["it", "jt"],
    ["xx", "yy"],
  ];
  const leaf = () =>
    pick([
      () => `(next ${pick(iterators)})`,
      () => "(null)",
      () => `(ap ${pick([...names, ...iterators, "1"])} ${pick(names)})`,
      () => `(call "p" ("s" "f") [${pick([...names, ...iterators])}] ${pick(names)})`,
    ])();
  const instruction = (depth: number): string => {
    if (depth === 0 || rand() < 0.25) return leaf();
    const inner = () => instruction(depth - 1);
    return pick([
      () => `(${pick(["seq", "par", "xor"])} ${inner()} ${inner()})`,
      () => `(fold ${pick(["$ss", "[]", ...names])} ${pick(iterators)} ${inner()}${rand() < 0.3 ? ` ${inner()}` : ""})`,
      () => `(new ${pick([...names, ...iterators, "$tt"])} ${inner()})`,
      () => `(match ${pick([...names, ...iterators, "1"])} 1 ${inner()})`,
    ])();
  };
  return Array.from({ length: count }, () => `(seq (ap 1 $ss) ${instruction(5)})`);
}

describe("the parser agrees with AquaVM", () => {
  const aquavm = loadAquaVm();

  /** The scripts ours and AquaVM do not agree on, and how many AquaVM refuses. */
  function compare(scripts: string[]) {
    const disagreements: string[] = [];
    let refused = 0;
    for (const script of scripts) {
      const theirs = aquavm.refusal(script);
      let ours: string | null = null;
      try {
        parse(script);
      } catch (err) {
        if (!(err instanceof AirParseError)) throw err;
        ours = err.message;
      }
      if (theirs !== null) refused++;
      if ((theirs === null) !== (ours === null)) {
        disagreements.push(`${script}\n  AquaVM: ${theirs?.split("\n")[0] ?? "accepts"}... ours: ${ours ?? "accepts"}`);
      }
    }
    return { disagreements, refused };
  }

  const cases = [
    ...FORMS.flatMap((form) => POSITIONS.map((at) => PRELUDE(at(form)))),
    ...SCRIPTS,
    ...VALIDATOR_SCRIPTS,
  ];
  it(`on ${cases.length} scripts: accepts exactly what AquaVM accepts`, () => {
    const { disagreements, refused } = compare(cases);
    expect(disagreements, disagreements.join("\n")).toEqual([]);
    // the corpus exercises both sides
    expect(refused).toBeGreaterThan(cases.length / 4);
    expect(cases.length - refused).toBeGreaterThan(cases.length / 4);
  });

  it("on 1,000 random scripts of folds, nexts and definitions", { timeout: 30_000 }, () => {
    const scripts = randomScripts(1_000, 1);
    const { disagreements, refused } = compare(scripts);
    expect(disagreements, disagreements.join("\n")).toEqual([]);
    expect(scripts.length - refused).toBeGreaterThan(scripts.length / 10);
  });
});
