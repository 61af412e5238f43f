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
  // AquaVM's parser checks only the first next of each iterator: another one outside its fold fails when it runs
  s("a next outside its fold, run (20003)", `(seq (call @A ("s" "f") [] x) (seq (fold [] i (next i)) (next i)))`),
  s("a next outside its fold, not run", `(seq (xor (fold [] i (next i)) (next i)) (call @A ("s" "f") []))`),
  s("a next outside its fold, not caught by xor", `(xor (seq (fold [] i (next i)) (fail 1 "x")) (next i))`),
  s(
    "a next outside its fold, in another fold",
    `(seq (call @A ("s" "arr") [] arr) (seq (fold arr i (next i)) (fold arr j (seq (call @A ("s" "f") [j]) (next i)))))`,
  ),
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
    `(seq (call @C ("s" "arr") [] peers) (fold peers i (par (call @B ("s" "f") [i]) (next i))))`,
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
    `(seq (xor (null) (ap 1 $nope)) (seq (fold $nope i (seq (null) (next i)) (null)) (call @A ("s" "f") [])))`,
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
  s(
    "nested stream folds over streams that grow until the stream limit",
    `(seq (seq (call @A ("" "a") [] $s1) (call @A ("" "b") [] $s2)) (fold $s1 i1 (seq (call @A ("" "c") [] v) (seq (seq (ap v $s1) (fold $s2 i2 (seq (call @A ("" "d") [] w) (seq (ap w $s2) (next i2))))) (next i1)))))`,
  ),
  // canon map lenses: a missing key gives no values whatever follows; an index into a key's values keeps that
  // value's tetraplet, and what follows is appended to its lens
  s(
    "a canon map lens on a missing key, then an index",
    `(seq (seq (ap ("k" 1) %m) (canon @A %m #%c)) (call @A ("s" "f") [#%c.$.[7].[0] #%c.$.nope.a.[2]] r))`,
  ),
  s(
    "canon map lenses into a key's values",
    `(seq (seq (call @A ("s" "obj") [] x) (ap (1 x) %m)) (seq (canon @A %m #%c) (call @A ("s" "f") [#%c.$.[1].[0].a.[1] #%c.$.[1].[0] #%c.$.[1] #%c.$.[1].[0].b.c] r)))`,
  ),
  s(
    "canon map lenses by scalars",
    `(seq (seq (call @A ("s" "obj") [] x) (seq (ap "k" k) (seq (ap 0 z) (ap (k x) %m)))) (seq (canon @A %m #%c) (call @A ("s" "f") [#%c.$.[k].[z].a #%c.$.[k]] r)))`,
  ),
  s(
    "a field of a canon map key's values, caught",
    `(seq (seq (call @A ("s" "obj") [] x) (ap (1 x) %m)) (seq (canon @A %m #%c) (xor (call @A ("s" "f") [#%c.$.[1].a] r) (call @A ("s" "e") [:error:]))))`,
  ),
  s(
    "an index past a canon map key's values, caught",
    `(seq (seq (call @A ("s" "obj") [] x) (ap (1 x) %m)) (seq (canon @A %m #%c) (xor (call @A ("s" "f") [#%c.$.[1].[3]] r) (call @A ("s" "e") [:error:]))))`,
  ),
  s(
    "the length of a canon map and of a canon stream made on another peer",
    `(seq (seq (seq (ap ("k" 1) %m) (canon @B %m #%c)) (seq (ap 1 $s) (canon @B $s #$c))) (call @A ("s" "f") [#%c.length #%c #$c.length #$c] r))`,
  ),
  s(
    "an error resolving a remote call's arguments carries the call's tetraplet",
    `(seq (ap "s" x) (xor (call @B ("svc" "fn") [x.$.field] y) (call %init_peer_id% ("errorHandlingSrv" "error") [:error: %last_error%])))`,
  ),
  s(
    "values hashed as serde_json writes them: keys by UTF-8 bytes, numbers as ryu lays them out",
    `(seq (call @A ("s" "numbers") [] x) (seq (ap x $s) (seq (canon @A $s #$c) (call @B ("s" "f") [x #$c x.$.z]))))`,
  ),
  // (the whole map as JSON is left out: AquaVM writes "5" and 5 as one key, the one it meets last in a HashMap)
  s(
    'a canon map\'s keys "5" and 5 are two keys',
    `(seq (seq (seq (ap ("5" 1) %m) (ap (5 2) %m)) (seq (ap "5" k) (ap 5 n))) (seq (canon @A %m #%c) (call @A ("s" "f") [#%c.$.[k] #%c.$.[n] #%c.$.[5] #%c.length] r)))`,
  ),
  // what `ap` keeps of a tetraplet: all of a service result's, a canon value's peer and lens, a literal's peer
  s(
    "ap of canon map lenses",
    `(seq (seq (call @A ("s" "obj") [] x) (ap (1 x) %m)) (seq (canon @A %m #%c) (seq (ap #%c.$.[1].[0].a y) (seq (ap #%c.$.[9].[0] z) (call @A ("s" "f") [y z] r)))))`,
  ),
  s(
    "ap of errors",
    `(xor (call @B ("s" "fail") [] x) (seq (ap :error: e) (seq (ap :error:.$.message m) (seq (ap %last_error% l) (call @A ("s" "f") [e m l])))))`,
  ),
  s(
    "ap of literals and lengths",
    `(seq (ap [] a) (seq (ap %init_peer_id% p) (seq (ap a.length n) (call %init_peer_id% ("svc" "fn") [a p n a.length]))))`,
  ),
  s("ap of an array literal's length", `(seq (ap [] a) (seq (ap a.length n) (call %init_peer_id% ("svc" "fn") [n])))`),
  s(
    "ap of a length into a stream",
    `(seq (ap [] a) (seq (ap a.length $n) (seq (canon @A $n #$n) (call @A ("svc" "fn") [#$n #$n.$.[0]]))))`,
  ),
  s(
    "ap of service result lenses",
    `(seq (call @A ("s" "obj") [] x) (seq (ap x.$.a y) (seq (ap x.$.a.length n) (call @A ("svc" "fn") [y n]))))`,
  ),
  s(
    "ap of canon stream lenses",
    `(seq (seq (call @A ("s" "obj") [] x) (seq (ap x $s) (canon @A $s #$c))) (seq (ap #$c.$.[0].a y) (seq (ap #$c z) (seq (ap #$c.length n) (call @A ("svc" "fn") [y z n])))))`,
  ),
  s(
    "ap of a fold iterator",
    `(seq (call @A ("s" "arr") [] a) (fold a i (seq (ap i v) (seq (call @A ("svc" "fn") [v i]) (next i)))))`,
  ),
  {
    name: "a stream fold with work after next is refused",
    script: `(seq (par (call @B ("s" "f") [] $s) (call @C ("s" "g") [] $s)) (fold $s i (seq (next i) (call @C ("s" "id") [i])) (call @A ("s" "last") [])))`,
    refused: true,
  },
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
    `(seq (call @{P} ("s" "f") [] $s) (seq (canon @{Q} $s #$c) (call @{Q} ("s" "g") [#$c #$c.length])))`,
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
    `(seq (seq (call @{P} ("s" "arr") [] arr) (par (fold arr i (par (call @{Q} ("s" "id") [i] $r) (next i))) (null))) (new $t (seq (fold $r j (seq (ap j $t) (xor (seq (canon @{P} $t #$t) (match #$t.length 3 (null))) (next j))) (never)) (seq (canon @{P} $r #$all) (call @{P} ("s" "done") [#$all])))))`,
  ],
  [
    "a lens over a value put into a stream",
    `(seq (call @{P} ("s" "obj") [] r) (seq (ap r.$.a $s) (seq (canon @{Q} $s #$c) (call @{Q} ("s" "g") [#$c.$.[0].[1]]))))`,
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
    `(seq (ap 0 $s) (fold $s i (seq (seq (canon @{P} $s #$c) (xor (match #$c.length 3 (null)) (call @{Q} ("s" "id") [#$c.length] $s))) (next i)) (call @A ("s" "done") [])))`,
  ],
  [
    "a recursive stream with a last instruction",
    `(seq (call @{P} ("s" "f") [] $s) (fold $s i (seq (seq (canon @{Q} $s #$c) (xor (match #$c.length 3 (null)) (ap #$c.length $s))) (next i)) (seq (canon @{P} $s #$all) (call @{P} ("s" "done") [#$all]))))`,
  ],
  [
    "nested stream folds over streams that grow, bounded by their lengths",
    `(seq (par (call @{P} ("s" "a") [] $s1) (call @{Q} ("s" "b") [] $s2)) (fold $s1 i1 (seq (call @{P} ("s" "c") [i1] v) (seq (seq (xor (seq (canon @{P} $s1 #c1) (match #c1.length 3 (null))) (ap v $s1)) (fold $s2 i2 (seq (call @{Q} ("s" "d") [i2] w) (seq (xor (seq (canon @{Q} $s2 #c2) (match #c2.length 4 (null))) (ap w $s2)) (next i2))))) (next i1)))))`,
  ],
  [
    "nested stream folds, the inner stream written from two peers each outer iteration",
    `(seq (seq (call @{P} ("s" "a") [] $s1) (ap 1 $s1)) (fold $s1 i1 (seq (par (call @{P} ("s" "x") [i1] $s2) (call @{Q} ("s" "y") [i1] $s2)) (seq (fold $s2 i2 (seq (call @{Q} ("s" "id") [i2] $r) (next i2)) (null)) (next i1))) (seq (canon @{P} $r #r) (call @A ("s" "done") [#r]))))`,
  ],
  [
    "a recursive stream fold over values from two peers, growing from a third",
    `(seq (par (call @{P} ("s" "f") [] $s) (call @{Q} ("s" "g") [] $s)) (fold $s i (seq (xor (seq (canon @C $s #$c) (match #$c.length 5 (null))) (call @C ("s" "id") [i] $s)) (next i)) (seq (canon @A $s #$all) (call @A ("s" "done") [#$all]))))`,
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

// Error messages: every error the interpreter raises, in an `xor` whose right branch hands `:error:` and
// `%last_error%` to a call (so that the error object, message and all, is compared), or uncaught, where the outcome's
// message is compared. One scenario per kind of error, over the values that give it different texts. Lens errors
// are raised in `ap` or `match` when caught, not in a call's arguments: the tetraplet of an error raised while a
// call's arguments resolve is a known disagreement, fixed apart.

/** `failing`, caught: the error object goes to a call. */
const caught = (failing: string) => `(xor ${failing} (call @A ("s" "caught") [:error: %last_error%]))`;
/** The steps one after the other. */
const chain = (...steps: string[]) => steps.reduceRight((rest, step) => `(seq ${step} ${rest})`);
/** Values of every JSON type, for the steps that follow. */
const VALUES = [
  `(call @A ("s" "obj") [] o)`,
  `(call @A ("s" "arr") [] arr)`,
  `(call @A ("s" "id") [] nul)`,
  `(ap "s.f" str)`,
  `(ap 5 num)`,
  `(ap -1 neg)`,
  `(ap 1.5 frac)`,
  `(ap true yes)`,
  `(ap [] empty)`,
];
/** A canon stream #$c of [1, 2], and a canon map #%c with "k" -> [1, 2] and 5 -> ["v"]. */
const CANONS = [
  `(ap 1 $s)`,
  `(ap 2 $s)`,
  `(canon @A $s #$c)`,
  `(canon @A $nothing #$e)`,
  `(ap ("k" 1) %m)`,
  `(ap ("k" 2) %m)`,
  `(ap (5 "v") %m)`,
  `(canon @A %m #%c)`,
];
/** A scalar object built as a stream map's first values: `kvs` are the keys and values. */
const object = (name: string, ...kvs: [string, string][]) =>
  chain(...kvs.map(([k, v]) => `(ap ("${k}" ${v}) %${name})`), `(canon @A %${name} ${name})`);
const e = (name: string, ...steps: string[]) => s(`error message: ${name}`, chain(...steps));

SCENARIOS.push(
  e(
    "a field of a value that is not an object",
    ...VALUES,
    caught(`(ap str.$.a x1)`),
    caught(`(ap num.$.a x2)`),
    caught(`(ap arr.$.a x3)`),
    caught(`(ap nul.$.a x4)`),
    caught(`(ap yes.$.a x5)`),
    caught(`(ap o.$.n.a y1)`),
    caught(`(ap o.$.a.b y2)`),
  ),
  e(
    "a field an object does not have",
    ...VALUES,
    caught(`(ap o.$.nope x1)`),
    caught(`(ap o.$.b.nope y3)`),
    `(call @A ("s" "f") [o.$.missing])`,
  ),
  e(
    "an index of a value that is not an array",
    ...VALUES,
    caught(`(ap o.$.[0] x1)`),
    caught(`(ap str.$.[1] x2)`),
    caught(`(ap nul.$.[0] x3)`),
    caught(`(ap o.$.b.[2] y2)`),
  ),
  e(
    "an index past an array's end",
    ...VALUES,
    caught(`(ap arr.$.[3] x1)`),
    caught(`(ap o.$.a.[7] x2)`),
    caught(`(ap empty.$.[0] x3)`),
    `(call @A ("s" "f") [arr.$.[4294967295]])`,
  ),
  e(
    "an accessor variable of the wrong type",
    ...VALUES,
    `(ap "0" zero)`,
    `(ap 4294967296 big)`,
    caught(`(ap arr.$.[yes] x1)`),
    caught(`(ap arr.$.[nul] x2)`),
    caught(`(ap arr.$.[o] x3)`),
    caught(`(ap arr.$.[empty] x4)`),
    caught(`(ap arr.$.[neg] x5)`),
    caught(`(ap arr.$.[frac] x6)`),
    caught(`(ap arr.$.[big] x7)`),
    caught(`(ap arr.$.[zero] x8)`),
    caught(`(ap o.$.[num] x9)`),
  ),
  e(
    "length of a value that is not an array",
    ...VALUES,
    caught(`(match o.length 1 (null))`),
    caught(`(match str.length 1 (null))`),
    caught(`(match num.length 1 (null))`),
    caught(`(match nul.length 0 (null))`),
    caught(`(match o.$.b.length 1 (null))`),
    `(call @A ("s" "f") [yes.length])`,
  ),
  e(
    "lenses on a canon stream",
    ...VALUES,
    ...CANONS,
    `(ap "a" name)`,
    caught(`(ap #$c.$.[5] x1)`),
    caught(`(ap #$e.$.[0] x2)`),
    caught(`(ap #$c.$.[name] x3)`),
    caught(`(ap #$c.$.[neg] x4)`),
    caught(`(ap #$c.$.[frac] x5)`),
    caught(`(ap #$c.$.[yes] x6)`),
    caught(`(ap #$c.$.[0].a x7)`),
    caught(`(ap #$c.$.[1].[0] y8)`),
    `(call @A ("s" "f") [#$c.$.[2]])`,
  ),
  e("a field of a canon stream", ...CANONS, caught(`(ap #$c.$.a x1)`), `(call @A ("s" "f") [#$c.$.b])`),
  e(
    "lenses on a canon map",
    ...VALUES,
    ...CANONS,
    `(ap "k" k)`,
    caught(`(ap #%c.$.[yes] x1)`),
    caught(`(ap #%c.$.[frac] x2)`),
    caught(`(ap #%c.$.[o] x3)`),
    caught(`(ap #%c.$.k.[5] x4)`),
    caught(`(ap #%c.$.k.[0].a x5)`),
    caught(`(ap #%c.$.[k].[yes] x6)`),
    caught(`(ap #%c.$.k.z y8)`),
  ),
  e(
    "a canon map read by a fold iterator",
    ...CANONS,
    `(ap "k" $keys)`,
    `(ap 5 $keys)`,
    `(canon @A $keys #$keys)`,
    `(fold #$keys k (seq ${caught(`(ap #%c.$.[k] y)`)} (next k)))`,
  ),
  e(
    "a fold over a value that is not an array",
    ...VALUES,
    ...CANONS,
    caught(`(fold str i (next i))`),
    caught(`(fold o i (next i))`),
    caught(`(fold o.$.b i (next i))`),
    caught(`(fold nul i (next i))`),
    caught(`(fold arr.length i (next i))`),
    `(fold num i (next i))`,
  ),
  e(
    "fail with an invalid error object",
    ...VALUES,
    object("codefrac", ["error_code", "1.5"], ["message", `"m"`]),
    object("codetext", ["error_code", `"x"`], ["message", `"m"`]),
    object("codezero", ["error_code", "0"], ["message", `"m"`]),
    object("nomessage", ["error_code", "1"]),
    object("messagenum", ["error_code", "1"], ["message", "2"]),
    object("negative", ["error_code", "-3"], ["message", `"neg"`]),
    caught(`(fail str)`),
    caught(`(fail num)`),
    caught(`(fail arr)`),
    caught(`(fail nul)`),
    caught(`(fail o)`),
    caught(`(fail codefrac)`),
    caught(`(fail codetext)`),
    caught(`(fail codezero)`),
    caught(`(fail nomessage)`),
    caught(`(fail messagenum)`),
    caught(`(fail negative)`),
    caught(`(fail %last_error%)`),
    `(fail o.$.b)`,
  ),
  e("fail %last_error% before any error", caught(`(fail %last_error%)`)),
  e("fail :error: in an xor before any error", caught(`(fail :error:)`)),
  e("fail with an object, uncaught", `(call @A ("s" "error") [] err)`, `(fail err)`),
  e(
    "a call's peer, service or function that is not a string",
    ...VALUES,
    ...CANONS,
    caught(`(call num ("s" "f") [])`),
    caught(`(call @A (o.$.n "f") [])`),
    caught(`(call @A ("s" yes) [])`),
    caught(`(call nul ("s" "f") [])`),
    caught(`(call #$c.$.[0] ("s" "f") [])`),
    caught(`(call @A (#%c.$.k "f") [])`),
    caught(`(call @A ("s" o.$.a) [])`),
    `(call @A ("s" arr) [])`,
  ),
  e(
    "stream map keys that are integers, negative ones too",
    ...VALUES,
    `(ap (neg "v") %m)`,
    `(ap (num "w") %m)`,
    `(canon @A %m #%c)`,
    `(ap #%c.$.[neg] a)`,
    `(ap #%c.$.[num] b)`,
    `(call @A ("s" "f") [a b])`,
  ),
  e(
    "a scalar read after new before it is set",
    ...VALUES,
    `(new o ${caught(`(ap o.$.a y9)`)})`,
    `(new x (seq ${caught(`(ap x y)`)} (call @A ("s" "f") [x])))`,
  ),
  e("a service error with a message of its own", caught(`(call @B ("s" "fail") [])`), `(call @C ("s" "fail") [])`),
  e("match and mismatch, uncaught", `(xor (match 1 2 (null)) (mismatch 1 1 (null)))`),
  e(
    "a call's output named after a fold iterator",
    `(call @A ("s" "arr") [] arr)`,
    `(fold arr i (seq (call @A ("s" "f") [] i) (next i)))`,
  ),
  e("a call's output shadowing a scalar", `(ap 1 x)`, `(call @A ("s" "f") [] x)`),
  e("a stream over its size limit", `(call @A ("s" "range") [1025] r)`, `(fold r i (seq (ap i $big) (next i)))`),
  e(
    "a stream over its size limit, in an xor (which does not catch it)",
    `(call @A ("s" "range") [1025] r)`,
    caught(`(fold r i (seq (ap i $big) (next i)))`),
  ),
);

/**
 * AquaVM's canon takes its state from the data before it resolves its peer (and ap to a stream map before it
 * resolves the key): one that failed on its first run left no state, so on the next run it meets the state of what
 * ran after it instead, a state of another kind. So each of these fails once (caught, its message compared), then
 * with the trace error its next run meets.
 */
for (const key of ["frac", "yes", "nul", "arr", "o", "o.$.b"]) {
  SCENARIOS.push(
    e(`a stream map key that is not a string or an integer: ${key}`, ...VALUES, caught(`(ap (${key} "v") %m)`)),
  );
}
const canonMeets = (name: string, before: string, after: string) =>
  e(`a canon meets a state of another kind: ${name}`, before, `(xor (seq (ap 1 p) (canon p $s #cs)) (null))`, after);
SCENARIOS.push(
  canonMeets("a call's, in previous data", `(null)`, `(call @A ("s" "f") [])`),
  canonMeets("a call's, in current data", `(null)`, `(call @B ("s" "f") [])`),
  canonMeets("a par's", `(null)`, `(par (call @A ("s" "f") []) (call @B ("s" "f") []))`),
  canonMeets("an ap's", `(null)`, `(seq (ap 1 $t) (call @A ("s" "f") []))`),
  canonMeets("a fold's", `(ap 1 $t)`, `(fold $t i (seq (call @A ("s" "f") [i]) (next i)))`),
);
