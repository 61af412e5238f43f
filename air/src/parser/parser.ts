// AIR text to syntax tree: one instruction per script, every instruction in parentheses. Each position accepts the
// value forms AquaVM's grammar accepts there (a stream is no call argument, a canon stream with no lens is no peer
// id...); anything else is an AirParseError with its line and column.
//
// Instructions nest at most MAX_NESTING levels deep, so that the interpreter, which runs a level in a few stack
// frames, never runs out of stack on a script the parser took. A chain of seqs nested on the right, (seq a (seq b
// ...)), is read in a loop and is one level, as the interpreter runs it in a loop; a fold over a stream or a stream
// map nests its instructions three levels deeper, as it takes about three times the stack of the others.
import type { Instruction, Position, Scalar, Stream, StreamMap, Value } from "./ast.ts";
import { AirParseError } from "./errors.ts";
import { type Token, tokenize } from "./lexer.ts";
import { validate } from "./validate.ts";
import { KEYWORDS, wordValue } from "./words.ts";

/** Where a form may appear: a predicate over values and the words for an error message. */
interface Slot {
  what: string;
  accepts(value: Value): boolean;
}

type NumberValue = Extract<Value, { kind: "number" }>;
type Literal = Extract<Value, { kind: "literal" }>;

const lensed = (v: Value) => "lens" in v && v.lens !== undefined;
const slot = (what: string, accepts: (v: Value) => boolean): Slot => ({ what, accepts });

const PEER = slot(
  "a peer id (a string, %init_peer_id%, a scalar or a canon value with a lens)",
  (v) => ["initPeerId", "literal", "scalar"].includes(v.kind) || (v.kind.startsWith("canon") && lensed(v)),
);
const NAME = slot(
  "a service or function name (a string, a scalar or a canon value with a lens)",
  (v) => ["literal", "scalar"].includes(v.kind) || (v.kind.startsWith("canon") && lensed(v)),
);
const VALUE = slot("a value", (v) => v.kind !== "stream" && v.kind !== "streamMap");
const AP_VALUE = slot(
  "a value (a canon map only with a lens)",
  (v) => VALUE.accepts(v) && (v.kind !== "canonMap" || lensed(v)),
);
const OUTPUT = slot(
  "a scalar or a stream with no lens",
  (v) => (v.kind === "scalar" && !lensed(v)) || v.kind === "stream",
);
const MAP_KEY = slot(
  "a map key (a string, an integer, a scalar or a canon stream with a lens)",
  (v) =>
    v.kind === "literal" ||
    (v.kind === "number" && !v.float) ||
    v.kind === "scalar" ||
    (v.kind === "canonStream" && lensed(v)),
);
const NEW_VARIABLE = slot(
  "a variable with no lens",
  (v) => ["scalar", "stream", "streamMap", "canonStream", "canonMap"].includes(v.kind) && !lensed(v),
);
const FOLD_ITERABLE = slot(
  "something to fold over (a scalar, a canon stream or map, a stream, a stream map or [])",
  (v) =>
    ["scalar", "canonMap", "emptyArray", "stream", "streamMap"].includes(v.kind) ||
    (v.kind === "canonStream" && !lensed(v)),
);
const ITERATOR = slot("an iterator (a scalar with no lens)", (v) => v.kind === "scalar" && !lensed(v));
const FAIL_VALUE = slot(
  "an error to fail with (a scalar, a canon stream with a lens, :error: or %last_error%, or a code and a message)",
  (v) =>
    v.kind === "scalar" ||
    (v.kind === "canonStream" && lensed(v)) ||
    ((v.kind === "error" || v.kind === "lastError") && !lensed(v)),
);

/** The deepest the instructions of a script may nest (see above). */
export const MAX_NESTING = 1_000;
const STREAM_FOLD_LEVELS = 3;

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly end: Position,
  ) {}

  script(): Instruction {
    const instruction = this.instruction(1);
    const extra = this.tokens[this.index];
    if (extra) throw new AirParseError("a script holds one instruction: unexpected text after it", extra.at);
    return instruction;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new AirParseError(`the script ends where ${what} was expected`, this.end);
    this.index++;
    return token;
  }

  private expect(kind: "(" | ")" | "[" | "]", what: string): Token {
    const token = this.next(what);
    if (token.kind !== kind) throw new AirParseError(`expected ${what}, found ${describe(token)}`, token.at);
    return token;
  }

  private instruction(level: number): Instruction {
    const open = this.expect("(", "an instruction");
    if (level > MAX_NESTING) throw new AirParseError(`instructions nest deeper than ${MAX_NESTING} levels`, open.at);
    const keyword = this.next("an instruction name");
    if (keyword.kind !== "word" || !KEYWORDS.has(keyword.text)) {
      throw new AirParseError(`expected an instruction name, found ${describe(keyword)}`, keyword.at);
    }
    if (keyword.text === "seq") return this.seqChain(open.at, level);
    const at = open.at;
    const inner = level + 1;
    let instruction: Instruction;
    switch (keyword.text) {
      case "par":
      case "xor":
        instruction = { kind: keyword.text, left: this.instruction(inner), right: this.instruction(inner), at };
        break;
      case "never":
      case "null":
        instruction = { kind: keyword.text, at };
        break;
      case "call":
        instruction = this.call(at);
        break;
      case "canon":
        instruction = this.canon(at);
        break;
      case "ap":
        instruction = this.ap(at);
        break;
      case "new": {
        const variable = this.value(NEW_VARIABLE) as Extract<Instruction, { kind: "new" }>["variable"];
        instruction = { kind: "new", variable, body: this.instruction(inner), at };
        break;
      }
      case "fail":
        instruction = this.fail(at);
        break;
      case "fold":
        instruction = this.fold(at, level);
        break;
      case "next":
        instruction = { kind: "next", iterator: this.value(ITERATOR) as Scalar, at };
        break;
      default: {
        const kind = keyword.text as "match" | "mismatch";
        instruction = { kind, left: this.value(VALUE), right: this.value(VALUE), body: this.instruction(inner), at };
      }
    }
    this.expect(")", `")" closing ${keyword.text}`);
    return instruction;
  }

  /** A seq, and the seqs nested on its right one after the other, after its "(seq" (at the same level). */
  private seqChain(at: Position, level: number): Instruction {
    const links: { left: Instruction; at: Position }[] = [];
    let right: Instruction | undefined;
    while (!right) {
      links.push({ left: this.instruction(level + 1), at });
      const [open, keyword] = [this.tokens[this.index], this.tokens[this.index + 1]];
      if (open?.kind === "(" && keyword?.kind === "word" && keyword.text === "seq") {
        at = open.at;
        this.index += 2;
      } else right = this.instruction(level + 1);
    }
    for (const link of links.reverse()) {
      this.expect(")", `")" closing seq`);
      right = { kind: "seq", left: link.left, right, at: link.at };
    }
    return right;
  }

  private fold(at: Position, level: number): Instruction {
    const iterable = this.value(FOLD_ITERABLE);
    const iterator = this.value(ITERATOR) as Scalar;
    const inner = level + (iterable.kind === "stream" || iterable.kind === "streamMap" ? STREAM_FOLD_LEVELS : 1);
    const body = this.instruction(inner);
    const last = this.peek()?.kind === "(" ? this.instruction(inner) : undefined;
    return { kind: "fold", iterable, iterator, body, ...(last && { last }), at };
  }

  private call(at: Position): Instruction {
    const peer = this.value(PEER);
    this.expect("(", "(service function)");
    const service = this.value(NAME);
    const fn = this.value(NAME);
    this.expect(")", '")" closing (service function)');
    this.expect("[", "the argument list [...]");
    const args: Value[] = [];
    while (this.peek() && this.peek()!.kind !== "]") args.push(this.value(VALUE));
    this.expect("]", '"]" closing the arguments');
    const output = this.peek()?.kind === ")" ? undefined : (this.value(OUTPUT) as Scalar | Stream);
    return { kind: "call", peer, service, function: fn, args, ...(output && { output }), at };
  }

  private canon(at: Position): Instruction {
    const peer = this.value(PEER);
    const source = this.value(slot("a stream or a stream map", (v) => v.kind === "stream" || v.kind === "streamMap"));
    const target =
      source.kind === "stream"
        ? this.value(slot("a canon stream with no lens", (v) => v.kind === "canonStream" && !lensed(v)))
        : this.value(
            slot(
              "a canon map or a scalar, with no lens",
              (v) => (v.kind === "canonMap" || v.kind === "scalar") && !lensed(v),
            ),
          );
    return {
      kind: "canon",
      peer,
      source: source as Stream | StreamMap,
      target: target as Extract<Instruction, { kind: "canon" }>["target"],
      at,
    };
  }

  private ap(at: Position): Instruction {
    if (this.peek()?.kind === "(") {
      this.index++;
      const key = this.value(MAP_KEY);
      const value = this.value(AP_VALUE);
      this.expect(")", '")" closing (key value)');
      const result = this.value(slot("a stream map", (v) => v.kind === "streamMap")) as StreamMap;
      return { kind: "apMap", key, value, result, at };
    }
    const value = this.value(AP_VALUE);
    return { kind: "ap", value, result: this.value(OUTPUT) as Scalar | Stream, at };
  }

  private fail(at: Position): Instruction {
    const first = this.peek();
    if (first?.kind === "word" && /^[+-]?[0-9]+$/.test(first.text)) {
      const code = this.value(slot("an error code", (v) => v.kind === "number" && !v.float)) as NumberValue;
      const message = this.value(slot("an error message (a string)", (v) => v.kind === "literal")) as Literal;
      if (code.value === 0) throw new AirParseError("fail with error code 0 is not allowed", code.at);
      return { kind: "fail", failure: { kind: "literal", code: code.value, message: message.value }, at };
    }
    return { kind: "fail", failure: { kind: "value", value: this.value(FAIL_VALUE) }, at };
  }

  private value(where: Slot): Value {
    const token = this.next(where.what);
    let value: Value;
    if (token.kind === "string") value = { kind: "literal", value: token.text, at: token.at };
    else if (token.kind === "[") {
      this.expect("]", '"]" (only the empty array [] is a literal)');
      value = { kind: "emptyArray", at: token.at };
    } else if (token.kind === "word" && !KEYWORDS.has(token.text)) value = wordValue(token.text, token.at);
    else throw new AirParseError(`expected ${where.what}, found ${describe(token)}`, token.at);
    if (!where.accepts(value)) throw new AirParseError(`expected ${where.what}, found ${describe(token)}`, token.at);
    return value;
  }
}

function describe(token: Token): string {
  if (token.kind === "word") return `"${token.text}"`;
  if (token.kind === "string") return `the string "${token.text}"`;
  return `"${token.kind}"`;
}

/** Parses and checks a script; throws AirParseError (with line and column) when it is not valid AIR. */
export function parse(source: string): Instruction {
  const tokens = tokenize(source);
  const lines = source.split("\n");
  const end: Position = { offset: source.length, line: lines.length, column: lines.at(-1)!.length + 1 };
  const instruction = new Parser(tokens, end).script();
  validate(instruction);
  return instruction;
}
