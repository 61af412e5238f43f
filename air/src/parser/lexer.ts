// Splits AIR into brackets, string literals and words. A string is the raw text between two quotes (AIR has no
// escapes). A word runs to the next whitespace, or to a `)` or `]` it did not open itself, so that lenses such as
// `x.$.[0]` stay one word. `;` starts a comment that runs to the end of the line.
import type { Position } from "./ast.ts";
import { AirParseError } from "./errors.ts";

export type Token =
  | { kind: "(" | ")" | "[" | "]"; at: Position }
  | { kind: "string"; text: string; at: Position }
  | { kind: "word"; text: string; at: Position };

const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ offset, line, column: offset - lineStart + 1 });
  const advance = () => {
    if (source[offset] === "\n") {
      line++;
      lineStart = offset + 1;
    }
    offset++;
  };

  while (offset < source.length) {
    const c = source[offset]!;
    if (isSpace(c)) {
      advance();
    } else if (c === ";") {
      while (offset < source.length && source[offset] !== "\n") advance();
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ kind: c, at: here() });
      advance();
    } else if (c === '"') {
      const at = here();
      const end = source.indexOf('"', offset + 1);
      if (end === -1) throw new AirParseError("a string literal is not closed", at);
      const text = source.slice(offset + 1, end);
      while (offset <= end) advance();
      tokens.push({ kind: "string", text, at });
    } else {
      const at = here();
      const start = offset;
      let depth = 0;
      while (offset < source.length) {
        const d = source[offset]!;
        if (isSpace(d)) break;
        if (d === "(" || d === "[") depth++;
        if (d === ")" || d === "]") {
          if (depth === 0) break;
          depth--;
        }
        advance();
      }
      tokens.push({ kind: "word", text: source.slice(start, offset), at });
    }
  }
  return tokens;
}
