import { describe, expect, it } from "vitest";
import { AirParseError, type Instruction, parse } from "../src/index.ts";

/** The tree without positions, to compare shapes. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== "at")
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return node;
}

const tree = (script: string) => shape(parse(script));

function parseError(script: string): AirParseError {
  try {
    parse(script);
  } catch (err) {
    expect(err).toBeInstanceOf(AirParseError);
    return err as AirParseError;
  }
  throw new Error(`parsed: ${script}`);
}

describe("parse", () => {
  it("reads a call with a peer, a service, a function, arguments of every value form and an output", () => {
    expect(
      tree(`(call %init_peer_id% ("svc" "fn") ["s" 42 -7 1.5 true false [] %timestamp% %ttl% :error: %last_error%] r)`),
    ).toEqual({
      kind: "call",
      peer: { kind: "initPeerId" },
      service: { kind: "literal", value: "svc" },
      function: { kind: "literal", value: "fn" },
      args: [
        { kind: "literal", value: "s" },
        { kind: "number", value: 42, float: false },
        { kind: "number", value: -7, float: false },
        { kind: "number", value: 1.5, float: true },
        { kind: "bool", value: true },
        { kind: "bool", value: false },
        { kind: "emptyArray" },
        { kind: "timestamp" },
        { kind: "ttl" },
        { kind: "error" },
        { kind: "lastError" },
      ],
      output: { kind: "scalar", name: "r" },
    });
  });

  it("reads lenses: fields, indexes, variables, ! and .length", () => {
    const call = parse(
      `(seq (call "p" ("s" "f") [] x) (seq (call "p" ("s" "f") [] i) (call x.$.peer.[0]! (x.$.svc i) [x.$.a.[i].b! x.length :error:.$.message] $out)))`,
    ) as unknown as { right: { right: Instruction } };
    const inner = call.right.right;
    expect(shape(inner)).toEqual({
      kind: "call",
      peer: {
        kind: "scalar",
        name: "x",
        lens: {
          kind: "path",
          path: [
            { kind: "field", name: "peer" },
            { kind: "index", index: 0 },
          ],
        },
      },
      service: { kind: "scalar", name: "x", lens: { kind: "path", path: [{ kind: "field", name: "svc" }] } },
      function: { kind: "scalar", name: "i" },
      args: [
        {
          kind: "scalar",
          name: "x",
          lens: {
            kind: "path",
            path: [
              { kind: "field", name: "a" },
              { kind: "variable", name: "i" },
              { kind: "field", name: "b" },
            ],
          },
        },
        { kind: "scalar", name: "x", lens: { kind: "length" } },
        { kind: "error", lens: { kind: "path", path: [{ kind: "field", name: "message" }] } },
      ],
      output: { kind: "stream", name: "$out" },
    });
  });

  it("reads every instruction", () => {
    const script = `
      ; a comment
      (new $s
        (seq
          (par
            (ap 1 $s)
            (ap ("k" "v") %m))
          (seq
            (canon %init_peer_id% $s #cs)
            (seq
              (canon %init_peer_id% %m #%cm)
              (seq
                (canon %init_peer_id% %m obj)
                (xor
                  (match #cs.$.[0] 1
                    (fold #cs i
                      (seq (ap i $t) (next i))
                      (null)))
                  (mismatch obj.$.k "v"
                    (xor (fail 5 "five") (seq (fail :error:) (never))))))))))`;
    const root = parse(script);
    const kinds: string[] = [];
    const walk = (i: Instruction) => {
      kinds.push(i.kind);
      const children =
        i.kind === "match" || i.kind === "mismatch"
          ? (["body"] as const)
          : (["left", "right", "body", "last"] as const);
      for (const key of children) {
        const child = (i as Record<string, unknown>)[key] as Instruction | undefined;
        if (child) walk(child);
      }
    };
    walk(root);
    expect(kinds).toEqual([
      "new",
      "seq",
      "par",
      "ap",
      "apMap",
      "seq",
      "canon",
      "seq",
      "canon",
      "seq",
      "canon",
      "xor",
      "match",
      "fold",
      "seq",
      "ap",
      "next",
      "null",
      "mismatch",
      "xor",
      "fail",
      "seq",
      "fail",
      "never",
    ]);
    expect(root.at).toEqual({ offset: 25, line: 3, column: 7 });
  });

  it("tells the variable kinds apart by their sigils and keeps the sigils in the names", () => {
    const ap = (script: string) => (parse(script) as Extract<Instruction, { kind: "new" }>).body;
    expect(shape(ap(`(new $s (ap 1 $s))`))).toMatchObject({ result: { kind: "stream", name: "$s" } });
    expect(shape(ap(`(new #$c (ap #$c $s))`))).toMatchObject({ value: { kind: "canonStream", name: "#$c" } });
    expect(shape(ap(`(new #%cm (ap #%cm.$.k $s))`))).toMatchObject({ value: { kind: "canonMap", name: "#%cm" } });
    expect(tree(`(seq (ap 1 $s) (fold $s i (next i)))`)).toMatchObject({
      right: { iterable: { kind: "stream", name: "$s" } },
    });
    expect(tree(`(seq (ap ("k" 1) %m) (fold %m i (next i)))`)).toMatchObject({
      right: { iterable: { kind: "streamMap", name: "%m" } },
    });
    expect(tree(`(fold [] i (null) (null))`)).toMatchObject({
      iterable: { kind: "emptyArray" },
      last: { kind: "null" },
    });
  });

  it("takes strings as written: no escapes, spaces and brackets kept", () => {
    expect(tree(`(ap "a (b) [c] \\n" x)`)).toMatchObject({ value: { kind: "literal", value: "a (b) [c] \\n" } });
  });

  it("reads fail with a code and a message, with a scalar and with the last error", () => {
    expect(tree(`(fail -3 "boom")`)).toEqual({ kind: "fail", failure: { kind: "literal", code: -3, message: "boom" } });
    expect(tree(`(fail %last_error%)`)).toEqual({
      kind: "fail",
      failure: { kind: "value", value: { kind: "lastError" } },
    });
    expect(tree(`(seq (ap 1 e) (fail e))`)).toMatchObject({
      right: { failure: { value: { kind: "scalar", name: "e" } } },
    });
  });
});

describe("parse errors, with line and column", () => {
  it.each([
    ["", 1, 1, "the script ends where an instruction was expected"],
    ["(seq (null) (null)", 1, 19, `the script ends where ")" closing seq was expected`],
    ["(null) (null)", 1, 8, "a script holds one instruction"],
    ["(nul)", 1, 2, `expected an instruction name, found "nul"`],
    ['(call "p" ("s" "f") [] r', 1, 25, "the script ends"],
    ['(ap "unclosed x)', 1, 5, "a string literal is not closed"],
    ["(seq\n  (null)\n  (ap x y))", 3, 7, "the variable x is used before it is defined"],
    ['(call "p" ("s" "f") [x] x)', 1, 22, "the variable x is used before it is defined"],
    ['(call "p" ("s" "f") [$s] r)', 1, 22, 'expected a value, found "$s"'],
    ['(call $s ("s" "f") [] r)', 1, 7, "expected a peer id"],
    ['(call "p" ("s" "f") [] r.$.a)', 1, 24, "expected a scalar or a stream with no lens"],
    ['(call "p" ("s" "f") [] $ss.$.a)', 1, 24, "a lens cannot be applied to the stream $ss here"],
    ['(seq (canon "p" $s #c) (call "p" ("s" "f") [#c.length]))', 1, 45, "a name this short cannot take a lens"],
    ["(ap 1.2.3 x)", 1, 5, `"1.2.3" is not a valid number`],
    ["(ap 99999999999999999999 x)", 1, 5, "does not fit in 64 bits"],
    ["(ap 1.0000000001 x)", 1, 5, "is too long"],
    ["(ap 1 $)", 1, 7, `"$" names no variable`],
    ["(ap 1 x!y)", 1, 7, `"x!y" is not a valid variable name`],
    ["(seq (ap 1 x) (ap x.$ y))", 1, 20, "the lens .$ is empty"],
    ["(seq (ap 1 x) (ap x.$.[1.5] y))", 1, 23, `"[1.5]" is not an index or a variable`],
    ["(seq (ap 1 x) (ap x.size y))", 1, 20, "is not a lens"],
    ['(fail 0 "zero")', 1, 7, "fail with error code 0 is not allowed"],
    ["(fail 1)", 1, 8, `expected an error message (a string), found ")"`],
    ["(next i)", 1, 1, "next i is not inside a fold over i"],
    ["(seq (fold [] i (next i)) (next j))", 1, 27, "next j is not inside a fold over j"],
    ["(xor (fold [] i (next i)) (next i))", 1, 1, ""],
    ["(seq (next i) (fold [] i (next i)))", 1, 6, "next i is not inside a fold over i"],
    ["(fold [] i (seq (next i) (next i)))", 1, 26, "more than one next"],
    ["(fold [] i (fold [] i (null)))", 1, 21, "already the iterator of an enclosing fold"],
    ["(fold [] i (new i (null)))", 1, 12, "new cannot redefine the fold iterator i"],
    ["(fold [] i (null))\n", 1, 1, ""],
    ["(seq (fold [] i (null)) (ap i x))", 1, 1, ""],
    ["(fold $s i (null))", 1, 7, "the variable $s is used before it is defined"],
    ['(canon "p" $never_written #c)', 1, 1, ""],
    ["(seq (ap 1 $s) (fold $s i (seq (next i) (null))))", 1, 27, "nothing may come after next i, but this seq goes on"],
    ["(seq (ap 1 $s) (fold $s i (par (new $t (next i)) (null))))", 1, 27, "but this par goes on"],
    ["(seq (ap 1 $s) (fold $s i (xor (next i) (null))))", 1, 1, ""],
    ["(fold [] i (seq (next i) (null)))", 1, 1, ""],
    ["(seq (ap 1 xx) (ap xx.$.a!.b y))", 1, 26, `"!" may only end the lens ".$.a!.b"`],
    ['(canon "p" $s #cs.$.a)', 1, 15, "expected a canon stream with no lens"],
    ['(canon "p" x #c)', 1, 12, "expected a stream or a stream map"],
    ['(ap ("k" "v") $s)', 1, 15, "expected a stream map"],
    ['(ap (1.5 "v") %m)', 1, 6, "expected a map key"],
    [
      "(ap (call) x)",
      1,
      6,
      `expected a map key (a string, an integer, a scalar or a canon stream with a lens), found "call"`,
    ],
  ])("%j → %i:%i %s", (script, line, column, message) => {
    if (message === "") {
      expect(() => parse(script)).not.toThrow();
      return;
    }
    const err = parseError(script);
    expect(err.reason).toContain(message);
    expect([err.line, err.column]).toEqual([line, column]);
    expect(err.message).toBe(`${line}:${column}: ${err.reason}`);
  });

  it("knows a name defined in a par's left branch in its right branch (text order, as AquaVM)", () => {
    expect(() => parse(`(par (call "a" ("s" "f") [] x) (call "b" ("s" "f") [x] y))`)).not.toThrow();
    expect(() => parse(`(par (call "b" ("s" "f") [x] y) (call "a" ("s" "f") [] x))`)).toThrow(
      "the variable x is used before it is defined",
    );
  });

  it("never throws anything but AirParseError on hostile input", () => {
    const samples = ["(", ")", "((((", "]]]]", '"', "(call", "(seq (seq (seq", "(ap [", "(ap [] [", "(fold", "\u0000"];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = [
      "(",
      ")",
      "[",
      "]",
      '"',
      " ",
      "\n",
      "call",
      "seq",
      "ap",
      "x",
      "$s",
      "#c",
      ".$",
      ".[0]",
      "1",
      "%init_peer_id%",
    ];
    for (let n = 0; n < 500; n++) {
      samples.push(
        Array.from({ length: 1 + Math.floor(rand() * 20) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(
          " ",
        ),
      );
    }
    for (const script of samples) {
      try {
        parse(script);
      } catch (err) {
        expect(err, script).toBeInstanceOf(AirParseError);
      }
    }
  });

  it("parses deep nesting without exhausting the stack", () => {
    const depth = 2_000;
    const script = "(seq (null) ".repeat(depth) + "(null)" + ")".repeat(depth);
    expect(parse(script).kind).toBe("seq");
  });
});
