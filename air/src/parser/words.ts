// What a word means: a keyword, a number, a boolean, a special value (`%init_peer_id%`, `:error:`...) or a variable,
// each value with its optional lens.
import type { Accessor, Lens, Position, Value } from "./ast.ts";
import { AirParseError } from "./errors.ts";

export const KEYWORDS = new Set([
  "call",
  "canon",
  "ap",
  "seq",
  "par",
  "xor",
  "never",
  "null",
  "new",
  "fail",
  "fold",
  "next",
  "match",
  "mismatch",
]);

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const MAX_FLOAT_LENGTH = 11;

const nameChar = /[\p{L}\p{N}_-]/u;
const isName = (s: string) => s.length > 0 && [...s].every((c) => nameChar.test(c));
const at = (base: Position, delta: number): Position => ({
  offset: base.offset + delta,
  line: base.line,
  column: base.column + delta,
});

/** A value written as a word (string literals and `[]` are tokens of their own). */
export function wordValue(text: string, position: Position): Value {
  if (text === "true" || text === "false") return { kind: "bool", value: text === "true", at: position };
  if (text === "%init_peer_id%") return { kind: "initPeerId", at: position };
  if (text === "%timestamp%") return { kind: "timestamp", at: position };
  if (text === "%ttl%") return { kind: "ttl", at: position };
  for (const [prefix, kind] of [
    [":error:", "error"],
    ["%last_error%", "lastError"],
  ] as const) {
    if (!text.startsWith(prefix)) continue;
    const rest = text.slice(prefix.length);
    if (rest === "") return { kind, at: position };
    return { kind, lens: parseLens(rest, at(position, prefix.length)), at: position };
  }
  const number = parseNumber(text, position);
  if (number) return number;
  return variable(text, position);
}

function parseNumber(text: string, position: Position): Value | undefined {
  const unsigned = text[0] === "+" || text[0] === "-" ? text.slice(1) : text;
  if (!/^[0-9]/.test(unsigned) && !unsigned.startsWith(".")) return undefined;
  if (/^[0-9]+$/.test(unsigned)) {
    const big = BigInt(text);
    if (big < I64_MIN || big > I64_MAX)
      throw new AirParseError(`the integer ${text} does not fit in 64 bits`, position);
    return { kind: "number", value: Number(big), float: false, at: position };
  }
  const float = /^[0-9]+\.[0-9]+$/.exec(unsigned);
  if (float) {
    if (text.length > MAX_FLOAT_LENGTH) throw new AirParseError(`the float ${text} is too long`, position);
    return { kind: "number", value: Number(text), float: true, at: position };
  }
  // a word starting with a digit that is not a number is a name (`1abc`), unless it has a dot
  if (unsigned.includes(".")) throw new AirParseError(`"${text}" is not a valid number`, position);
  return undefined;
}

function variable(text: string, position: Position): Value {
  const sigil = text.startsWith("#$") || text.startsWith("#%") ? text.slice(0, 2) : /^[#$%]/.test(text) ? text[0]! : "";
  const dot = text.indexOf(".", sigil.length);
  const name = dot === -1 ? text : text.slice(0, dot);
  const bare = name.slice(sigil.length);
  if (!isName(bare)) {
    throw new AirParseError(
      bare === "" ? `"${text}" names no variable` : `"${name}" is not a valid variable name`,
      position,
    );
  }
  // AquaVM's lexer takes a dot within the first three characters of a tagged word for an empty name (`#c.length`)
  if (sigil && dot !== -1 && dot <= 2)
    throw new AirParseError(`"${text}": a name this short cannot take a lens`, position);
  const lens = dot === -1 ? undefined : parseLens(text.slice(dot), at(position, dot));
  switch (sigil) {
    case "$":
    case "%": {
      if (lens) throw new AirParseError(`a lens cannot be applied to the stream ${name} here`, position);
      return { kind: sigil === "$" ? "stream" : "streamMap", name, at: position };
    }
    case "#":
    case "#$":
      return { kind: "canonStream", name, ...(lens && { lens }), at: position };
    case "#%":
      return { kind: "canonMap", name, ...(lens && { lens }), at: position };
    default:
      return { kind: "scalar", name, ...(lens && { lens }), at: position };
  }
}

/** `.length`, or `.$` followed by accessors: `.field`, `.[0]`, `.[variable]`, the last optionally followed by `!`. */
export function parseLens(text: string, position: Position): Lens {
  if (text === ".length") return { kind: "length" };
  if (!text.startsWith(".$")) throw new AirParseError(`"${text}" is not a lens (expected .$... or .length)`, position);
  const path: Accessor[] = [];
  let i = 2;
  while (i < text.length) {
    const start = i;
    if (text[i] === ".") i++;
    if (text[i] === "[") {
      const close = text.indexOf("]", i);
      if (close === -1) throw new AirParseError(`the accessor in "${text}" is not closed`, at(position, start));
      const inner = text.slice(i + 1, close);
      if (/^[0-9]+$/.test(inner)) {
        const index = Number(inner);
        if (index > 0xffffffff) throw new AirParseError(`the index ${inner} is too large`, at(position, i));
        path.push({ kind: "index", index });
      } else if (isName(inner)) {
        path.push({ kind: "variable", name: inner, at: at(position, i + 1) });
      } else {
        throw new AirParseError(`"[${inner}]" is not an index or a variable`, at(position, i));
      }
      i = close + 1;
    } else if (text[start] === ".") {
      let end = i;
      while (end < text.length && nameChar.test(text[end]!)) end++;
      if (end === i) throw new AirParseError(`a field name is missing in "${text}"`, at(position, i));
      path.push({ kind: "field", name: text.slice(i, end) });
      i = end;
    } else {
      throw new AirParseError(`unexpected "${text[i]}" in the lens "${text}"`, at(position, i));
    }
    if (text[i] === "!") {
      if (i !== text.length - 1) throw new AirParseError(`"!" may only end the lens "${text}"`, at(position, i));
      i++;
    }
  }
  if (path.length === 0) throw new AirParseError("the lens .$ is empty", position);
  return { kind: "path", path };
}
