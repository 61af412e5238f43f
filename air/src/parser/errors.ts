import type { Position } from "./ast.ts";

/** A script that is not valid AIR: the message says what is wrong, `line` and `column` (1-based) say where. */
export class AirParseError extends Error {
  override readonly name = "AirParseError";
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly reason: string;

  constructor(reason: string, at: Position) {
    super(`${at.line}:${at.column}: ${reason}`);
    this.reason = reason;
    this.line = at.line;
    this.column = at.column;
    this.offset = at.offset;
  }
}
