// Scenarios for the differential suite: hand-written scripts for every instruction and error path. `@A`, `@B`
// and `@C` stand for the three peers; the services are those of `defaultService`.
import type { Scenario } from "./peers.ts";

const s = (name: string, script: string, init?: string): Scenario => ({ name, script, init });

export const SCENARIOS: Scenario[] = [
  s("null", `(null)`),
  s("a local call", `(call @A ("s" "f") ["x" 1] r)`),
  s("a local call without output", `(call @A ("s" "f") [])`),
  s("a call on another peer", `(call @B ("s" "f") [])`),
  s("seq waits for a remote call", `(seq (call @B ("s" "f") [] x) (call @A ("s" "g") [x]))`),
  s("par fans out", `(par (call @B ("s" "f") []) (call @C ("s" "f") []))`),
  s("par local and remote", `(par (call @A ("s" "f") [] x) (call @B ("s" "g") []))`),
  s(
    "a chain of three peers",
    `(seq (call @A ("s" "a") [] x) (seq (call @B ("s" "b") [x] y) (call @C ("s" "c") [x y])))`,
  ),
  s("back to the init peer", `(seq (call @B ("s" "b") [] y) (call %init_peer_id% ("s" "done") [y]))`),
  s(
    "service error caught",
    `(xor (call @A ("s" "fail") [] x) (call @A ("s" "g") [%last_error%.$.error_code :error:.$.message]))`,
  ),
  s("service error uncaught", `(call @A ("s" "fail") [] x)`),
  s(
    "service error on another peer",
    `(xor (call @B ("s" "fail") [] x) (call @A ("s" "g") [:error:.$.peer_id :error:]))`,
  ),
  s("a result that is not JSON", `(call @A ("s" "bad") [] x)`),
  s("match", `(seq (ap 1 x) (match x 1 (call @A ("s" "f") [x])))`),
  s("match fails, caught", `(xor (match 1 2 (null)) (call @A ("s" "f") [:error: %last_error%.$.error_code]))`),
  s("match fails, uncaught", `(match "a" "b" (null))`),
  s("a number is not a string", `(xor (match 1 "1" (null)) (call @A ("s" "f") []))`),
  s("mismatch", `(seq (xor (mismatch "a" "a" (null)) (null)) (mismatch 1 2 (call @A ("s" "f") [:error:])))`),
  s("fail with a literal", `(fail 42 "oops")`),
  s("fail caught, %last_error%", `(xor (fail 42 "oops") (call @A ("s" "f") [%last_error% :error:]))`),
  s(
    "fail with an object",
    `(seq (call @A ("s" "error") [] e) (xor (fail e) (call @A ("s" "f") [%last_error% :error:])))`,
  ),
  s("fail with an invalid object", `(seq (call @A ("s" "obj") [] e) (fail e))`),
  s("fail :error: without an error", `(fail :error:)`),
  s(
    "fail :error: throws the original",
    `(xor (xor (match 1 2 (null)) (fail :error:)) (call @A ("s" "f") [:error: %last_error%]))`,
  ),
  s("fail :error: uncaught", `(xor (match 1 2 (null)) (fail :error:))`),
  s(":error: cleared after xor", `(seq (xor (match 1 2 (null)) (null)) (call @A ("s" "f") [:error: %last_error%]))`),
  s(
    "%last_error% persists",
    `(seq (xor (fail 3 "x") (null)) (call @A ("s" "f") [%last_error%.$.error_code :error:.$.error_code]))`,
  ),
  s("par: both branches fail", `(par (fail 1 "a") (fail 2 "b"))`),
  s("par: one branch fails", `(seq (par (fail 1 "a") (null)) (call @A ("s" "f") [%last_error%.$.error_code]))`),
  s("join: waits for a value from another peer", `(par (call @B ("s" "f") [] x) (call @A ("s" "g") [x]))`),
  s("remote call with arguments not ready", `(par (call @B ("s" "f") [] x) (call @C ("s" "g") [x]))`),
  s("special values", `(call %init_peer_id% ("s" "f") [%init_peer_id% %timestamp% %ttl%])`),
  s("special values on another init peer", `(call %init_peer_id% ("s" "f") [%init_peer_id%])`, "B"),
  s(
    "fold over a scalar with par",
    `(seq (call @A ("s" "arr") [] arr) (fold arr i (par (call @A ("s" "f") [i]) (next i))))`,
  ),
  s(
    "fold over a scalar with seq",
    `(seq (call @A ("s" "arr") [] arr) (fold arr i (seq (call @A ("s" "f") [i]) (next i))))`,
  ),
  s("fold over an empty array", `(seq (fold [] i (next i)) (call @A ("s" "f") []))`),
  s("fold over a non-array", `(seq (ap "s" x) (fold x i (next i)))`),
  s(
    "fold with a last instruction",
    `(seq (call @A ("s" "arr") [] arr) (fold arr i (seq (ap i $s) (next i)) (seq (canon @A $s #c) (call @A ("s" "f") [#c]))))`,
  ),
  s(
    "code after next runs unwinding",
    `(seq (call @A ("s" "arr") [] arr) (fold arr i (seq (next i) (call @A ("s" "f") [i]))))`,
  ),
  s(
    "fold over a scalar across peers",
    `(seq (ap ["A" "B"] peers) (fold peers i (par (call @B ("s" "f") [i]) (next i))))`,
  ),
  s(
    "ap to a stream, canon, lenses",
    `(seq (seq (ap 1 $s) (ap 2 $s)) (seq (canon @A $s #$c) (call @A ("s" "f") [#$c #$c.length #$c.$.[1]])))`,
  ),
  s("canon on another peer", `(seq (canon @B $s #$c) (call @A ("s" "f") [#$c]))`),
  s("canon of an unwritten stream", `(seq (canon @A $nope #$c) (call @A ("s" "f") [#$c.length]))`),
  s(
    "stream fold without last blocks seq",
    `(seq (seq (ap 1 $s) (ap 2 $s)) (seq (fold $s i (seq (ap i $t) (next i))) (call @A ("s" "after") [])))`,
  ),
  s(
    "stream fold with last",
    `(seq (seq (ap 1 $s) (ap 2 $s)) (seq (fold $s i (seq (ap i $t) (next i)) (null)) (call @A ("s" "after") [])))`,
  ),
  s(
    "fold over a stream never written waits",
    `(seq (fold $nope i (seq (null) (next i)) (null)) (call @A ("s" "f") []))`,
  ),
  s("stream fold swallows errors", `(seq (ap 1 $s) (fold $s i (seq (fail 5 "x") (next i)) (null)))`),
  s(
    "stream generations across peers",
    `(seq (call @B ("s" "f") [] $s) (seq (call @A ("s" "g") [] $s) (seq (canon @A $s #$c) (call @A ("s" "h") [#$c]))))`,
  ),
  s(
    "stream map and canon map",
    `(seq (seq (ap ("k" 1) %m) (ap ("k" 2) %m)) (seq (canon @A %m #%c) (call @A ("s" "f") [#%c #%c.$.k #%c.$.k.[0] #%c.$.none #%c.length])))`,
  ),
  s(
    "canon map to a scalar",
    `(seq (seq (ap ("k" 1) %m) (seq (ap ("k" 2) %m) (ap (5 "v") %m))) (seq (canon @A %m obj) (call @A ("s" "f") [obj])))`,
  ),
  s(
    "fold over a canon map",
    `(seq (seq (ap ("k" 1) %m) (ap ("k" 2) %m)) (seq (canon @A %m #%c) (fold #%c kv (seq (call @A ("s" "f") [kv]) (next kv)))))`,
  ),
  s("a bad stream map key", `(seq (ap 1.5 k) (ap (k "v") %m))`),
  s("never", `(seq (par (never) (call @A ("s" "f") [])) (call @A ("s" "g") []))`),
  s("shadowing", `(seq (ap 1 x) (ap 2 x))`),
  s("shadowing inside xor", `(seq (ap 1 x) (xor (ap 2 x) (null)))`),
  s("new scalar", `(seq (ap 1 x) (seq (new x (seq (ap 2 x) (call @A ("s" "f") [x]))) (call @A ("s" "g") [x])))`),
  s("new scalar left unset", `(new x (call @A ("s" "f") [x]))`),
  s(
    "restricted stream",
    `(seq (new $s (seq (ap 1 $s) (canon @A $s #$c))) (seq (canon @A $s #$d) (call @A ("s" "f") [#$c #$d])))`,
  ),
  s(
    "lenses on a call result",
    `(seq (call @A ("s" "obj") [] r) (seq (ap 0 idx) (call @A ("s" "f") [r.$.a.[1] r.$.a.[idx] r.$.b.c r.$.a.length])))`,
  ),
  s("a lens error", `(seq (call @A ("s" "obj") [] r) (call @A ("s" "f") [r.$.nope]))`),
  s("length of a non-array", `(seq (call @A ("s" "obj") [] r) (call @A ("s" "f") [r.length]))`),
  s("a non-string peer", `(seq (ap 1 p) (call p ("s" "f") []))`),
  s("a non-string canon peer", `(xor (seq (ap 1 p) (canon p $s #cs)) (call @A ("s" "f") [:error:]))`),
  s("a peer from a variable", `(seq (ap @B p) (call p ("s" "f") []))`),
  s("service and function from variables", `(seq (ap "svc" sv) (seq (ap "fn" fv) (call @A (sv fv) [])))`),
  s(
    "a call's stream output",
    `(seq (call @A ("s" "f") [] $s) (seq (call @A ("s" "g") [] $s) (seq (canon @A $s #c) (call @A ("s" "h") [#c]))))`,
  ),
  s("ap of a canon stream", `(seq (seq (ap 1 $s) (canon @A $s #c)) (seq (ap #c x) (call @A ("s" "f") [x])))`),
  s("ap of :error:", `(seq (xor (fail 9 "nine") (ap :error: $e)) (seq (canon @A $e #e) (call @A ("s" "f") [#e])))`),
  s("xor: right branch fails too", `(xor (fail 1 "a") (fail 2 "b"))`),
  s(
    "nested xor and par",
    `(xor (par (call @B ("s" "fail") []) (call @C ("s" "f") [] x)) (call @A ("s" "g") [%last_error%.$.peer_id]))`,
  ),
  s(
    "unknown variable in a remote call's arguments",
    `(par (seq (call @B ("s" "f") [] x) (call @C ("s" "g") [x])) (call @C ("s" "h") []))`,
  ),
];

/**
 * Templates run with every placement of their two peers {P} and {Q} over A, B and C (nine each), so that each
 * shape runs locally, across two peers and back to the init peer, merging data that arrives in different orders.
 */
const TEMPLATES: [string, string][] = [
  ["a value handed on", `(seq (call @{P} ("s" "f") [] x) (call @{Q} ("s" "g") [x]))`],
  [
    "two stream writers, then canon",
    `(seq (par (call @{P} ("s" "f") [] $s) (call @{Q} ("s" "g") [] $s)) (seq (canon @{P} $s #c) (call @{Q} ("s" "h") [#c])))`,
  ],
  [
    "an error caught on another peer",
    `(xor (call @{P} ("s" "fail") [] x) (call @{Q} ("s" "g") [:error:.$.peer_id %last_error%.$.message]))`,
  ],
  [
    "a stream folded where it is not written",
    `(seq (par (call @{P} ("s" "f") [] $s) (call @{Q} ("s" "g") [] $s)) (fold $s i (seq (call @{Q} ("s" "h") [i]) (next i)) (null)))`,
  ],
  [
    "fold with par into a stream, then canon",
    `(seq (seq (call @{P} ("s" "arr") [] arr) (fold arr i (par (call @{Q} ("s" "id") [i] $r) (next i)))) (seq (canon @{P} $r #c) (call @{P} ("s" "f") [#c])))`,
  ],
  [
    "a join of two peers' values",
    `(seq (par (call @{P} ("s" "f") [] x) (call @{Q} ("s" "g") [] y)) (call @A ("s" "h") [x y]))`,
  ],
  [
    "one par branch fails",
    `(seq (par (call @{P} ("s" "fail") []) (call @{Q} ("s" "f") [] x)) (call @A ("s" "g") [%last_error%.$.error_code x]))`,
  ],
  [
    "canon on another peer than the writer",
    `(seq (call @{P} ("s" "f") [] $s) (seq (canon @{Q} $s #c) (call @{Q} ("s" "g") [#c #c.length])))`,
  ],
  [
    "a restricted stream across peers",
    `(new $s (seq (call @{P} ("s" "f") [] $s) (seq (canon @{Q} $s #c) (call @{Q} ("s" "g") [#c]))))`,
  ],
  [
    "match on a value from another peer",
    `(seq (call @{P} ("s" "f") [] x) (xor (match x "f@A" (call @{Q} ("s" "yes") [])) (call @{Q} ("s" "no") [x])))`,
  ],
  [
    "a join on a stream's length",
    `(seq (seq (call @{P} ("s" "arr") [] arr) (par (fold arr i (par (call @{Q} ("s" "id") [i] $r) (next i))) (null))) (new $t (seq (fold $r j (seq (ap j $t) (xor (seq (canon @{P} $t #t) (match #t.length 3 (null))) (next j))) (never)) (seq (canon @{P} $r #all) (call @{P} ("s" "done") [#all])))))`,
  ],
  [
    "a lens over a value put into a stream",
    `(seq (call @{P} ("s" "obj") [] r) (seq (ap r.$.a $s) (seq (canon @{Q} $s #c) (call @{Q} ("s" "g") [#c.$.[0].[1]]))))`,
  ],
  [
    "a stream map across peers",
    `(seq (call @{P} ("s" "f") [] v) (seq (ap ("k" v) %m) (seq (canon @{Q} %m #%c) (call @{Q} ("s" "g") [#%c.$.k #%c]))))`,
  ],
  [
    "fail after a remote call, caught elsewhere",
    `(xor (seq (call @{P} ("s" "f") [] x) (fail 7 "seven")) (call @{Q} ("s" "g") [%last_error%]))`,
  ],
  [
    "a stream fold over values from three peers, with a last instruction",
    `(seq (par (call @{P} ("s" "f") [] $s) (par (call @{Q} ("s" "g") [] $s) (call @A ("s" "h") [] $s))) (fold $s i (seq (call @{Q} ("s" "id") [i] $r) (next i)) (seq (canon @{Q} $r #r) (call @A ("s" "done") [#r]))))`,
  ],
  [
    "a stream fold whose body runs elsewhere in par, then a last instruction",
    `(seq (par (call @{P} ("s" "f") [] $s) (call @{Q} ("s" "g") [] $s)) (fold $s i (par (call @{Q} ("s" "id") [i] $r) (next i)) (seq (canon @{P} $r #c) (call @{P} ("s" "done") [#c]))))`,
  ],
  [
    "a recursive stream fed by another peer",
    `(seq (ap 0 $s) (fold $s i (seq (seq (canon @{P} $s #c) (xor (match #c.length 3 (null)) (call @{Q} ("s" "id") [#c.length] $s))) (next i)) (call @A ("s" "done") [])))`,
  ],
  [
    "a stream fold with work after next, values from two peers",
    `(seq (par (call @{P} ("s" "f") [] $s) (call @{Q} ("s" "g") [] $s)) (fold $s i (seq (next i) (call @{Q} ("s" "id") [i])) (call @A ("s" "last") [])))`,
  ],
  [
    "a recursive stream with a last instruction",
    `(seq (call @{P} ("s" "f") [] $s) (fold $s i (seq (seq (canon @{Q} $s #c) (xor (match #c.length 3 (null)) (ap #c.length $s))) (next i)) (seq (canon @{P} $s #all) (call @{P} ("s" "done") [#all]))))`,
  ],
  [
    "nested folds with par",
    `(seq (call @{P} ("s" "arr") [] a) (fold a i (par (fold a j (par (call @{Q} ("s" "pair") [i j]) (next j))) (next i))))`,
  ],
];

for (const [name, template] of TEMPLATES) {
  for (const p of ["A", "B", "C"]) {
    for (const q of ["A", "B", "C"]) {
      SCENARIOS.push(s(`${name} (P=${p}, Q=${q})`, template.replaceAll("{P}", p).replaceAll("{Q}", q)));
    }
  }
}
