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

describe("the parser agrees with AquaVM", () => {
  const aquavm = loadAquaVm();
  const cases = [...FORMS.flatMap((form) => POSITIONS.map((at) => PRELUDE(at(form)))), ...SCRIPTS];

  it(`on ${cases.length} scripts: accepts exactly what AquaVM accepts`, () => {
    const disagreements: string[] = [];
    let refused = 0;
    for (const script of cases) {
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
    expect(disagreements, disagreements.join("\n")).toEqual([]);
    // the corpus exercises both sides
    expect(refused).toBeGreaterThan(cases.length / 4);
    expect(cases.length - refused).toBeGreaterThan(cases.length / 4);
  });
});
