// Why a call result is not JSON, in the words of serde_json 1.0.108 (which AquaVM 0.62.0 parses results with):
// its error's text and where it found it (`expected value at line 1 column 1`). The rules below follow serde_json's
// reader byte by byte, since the position is part of the text: where it stops on each kind of error, and whether it
// reports the byte it has just read or the one after (its `error` and `peek_error`). Columns count bytes of UTF-8.

const Code = {
  EofWhileParsingList: "EOF while parsing a list",
  EofWhileParsingObject: "EOF while parsing an object",
  EofWhileParsingString: "EOF while parsing a string",
  EofWhileParsingValue: "EOF while parsing a value",
  ExpectedColon: "expected `:`",
  ExpectedListCommaOrEnd: "expected `,` or `]`",
  ExpectedObjectCommaOrEnd: "expected `,` or `}`",
  ExpectedSomeIdent: "expected ident",
  ExpectedSomeValue: "expected value",
  InvalidEscape: "invalid escape",
  InvalidNumber: "invalid number",
  NumberOutOfRange: "number out of range",
  ControlCharacterWhileParsingString: "control character (\\u0000-\\u001F) found while parsing a string",
  KeyMustBeAString: "key must be a string",
  LoneLeadingSurrogateInHexEscape: "lone leading surrogate in hex escape",
  TrailingComma: "trailing comma",
  TrailingCharacters: "trailing characters",
  UnexpectedEndOfHexEscape: "unexpected end of hex escape",
  RecursionLimitExceeded: "recursion limit exceeded",
} as const;
type Code = (typeof Code)[keyof typeof Code];

class JsonError {
  constructor(
    readonly code: Code,
    readonly at: number,
  ) {}
}

const U64_MAX = 2n ** 64n - 1n;
const I32_MAX = 2 ** 31 - 1;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ch = (s: string) => s.charCodeAt(0);

/** serde_json's reader over the bytes of `text`, up to its first error. */
class Reader {
  private i = 0;
  private depth = 128;
  constructor(private readonly b: Uint8Array) {}

  /** An error at the byte just read. */
  private error(code: Code): never {
    throw new JsonError(code, this.i);
  }
  /** An error at the byte about to be read. */
  private peekError(code: Code): never {
    throw new JsonError(code, Math.min(this.b.length, this.i + 1));
  }
  private peek(): number | undefined {
    return this.b[this.i];
  }
  private next(): number | undefined {
    return this.i < this.b.length ? this.b[this.i++] : undefined;
  }
  private whitespace(): number | undefined {
    for (;;) {
      const c = this.peek();
      if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return c;
      this.i++;
    }
  }

  document() {
    this.value();
    if (this.whitespace() !== undefined) this.peekError(Code.TrailingCharacters);
  }

  private value() {
    const c = this.whitespace();
    if (c === undefined) this.peekError(Code.EofWhileParsingValue);
    if (c === ch("n") || c === ch("t") || c === ch("f")) {
      this.i++;
      this.ident(c === ch("n") ? "ull" : c === ch("t") ? "rue" : "alse");
    } else if (c === ch("-")) {
      this.i++;
      this.integer();
    } else if (isDigit(c)) this.integer();
    else if (c === ch('"')) {
      this.i++;
      this.string();
    } else if (c === ch("[") || c === ch("{")) {
      if (--this.depth === 0) this.peekError(Code.RecursionLimitExceeded);
      this.i++;
      if (c === ch("[")) this.list();
      else this.object();
      this.depth++;
    } else this.peekError(Code.ExpectedSomeValue);
  }

  private ident(rest: string) {
    for (const expected of rest) {
      const c = this.next();
      if (c === undefined) this.error(Code.EofWhileParsingValue);
      if (c !== ch(expected)) this.error(Code.ExpectedSomeIdent);
    }
  }

  /**
   * Steps past the comma before a list's or an object's next member, as serde_json does (errors included); false
   * at the closing `close`.
   */
  private nextMember(close: number, first: boolean, eof: Code, expected: Code): boolean {
    let c = this.whitespace();
    if (c === close) return false;
    if (c === ch(",") && !first) {
      this.i++;
      c = this.whitespace();
    } else if (c === undefined) this.peekError(eof);
    else if (!first) this.peekError(expected);
    if (c === close) this.peekError(Code.TrailingComma);
    if (c === undefined) this.peekError(Code.EofWhileParsingValue);
    return true;
  }

  private list() {
    for (let first = true; this.nextMember(ch("]"), first, Code.EofWhileParsingList, Code.ExpectedListCommaOrEnd);) {
      first = false;
      this.value();
    }
    this.i++;
  }

  private object() {
    let first = true;
    while (this.nextMember(ch("}"), first, Code.EofWhileParsingObject, Code.ExpectedObjectCommaOrEnd)) {
      first = false;
      if (this.peek() !== ch('"')) this.peekError(Code.KeyMustBeAString);
      this.i++;
      this.string();
      const colon = this.whitespace();
      if (colon === undefined) this.peekError(Code.EofWhileParsingObject);
      if (colon !== ch(":")) this.peekError(Code.ExpectedColon);
      this.i++;
      this.value();
    }
    this.i++;
  }

  private integer() {
    const c = this.next();
    if (c === undefined) this.error(Code.EofWhileParsingValue);
    if (c === ch("0")) {
      if (isDigit(this.peek())) this.peekError(Code.InvalidNumber);
      return this.number(0n, 0);
    }
    if (!isDigit(c)) this.error(Code.InvalidNumber);
    let significand = BigInt(c - 0x30);
    for (let d = this.peek(); isDigit(d); d = this.peek()) {
      const grown = significand * 10n + BigInt(d! - 0x30);
      if (grown > U64_MAX) {
        // past 64 bits the further digits only count as an exponent
        let exponent = 0;
        while (isDigit(this.peek())) {
          this.i++;
          exponent++;
        }
        return this.number(significand, exponent);
      }
      this.i++;
      significand = grown;
    }
    this.number(significand, 0);
  }

  private number(significand: bigint, exponent: number) {
    const c = this.peek();
    if (c === ch(".")) return this.decimal(significand, exponent);
    if (c === ch("e") || c === ch("E")) return this.exponent(significand, exponent);
    if (exponent !== 0) this.fromParts(significand, exponent);
  }

  private decimal(significand: bigint, exponent: number) {
    this.i++;
    let digits = 0;
    let overflowed = false;
    for (let d = this.peek(); isDigit(d); d = this.peek()) {
      const grown = significand * 10n + BigInt(d! - 0x30);
      if (grown > U64_MAX) overflowed = true;
      this.i++;
      digits++;
      if (!overflowed) {
        significand = grown;
        exponent--;
      }
    }
    if (digits === 0) {
      if (this.peek() !== undefined) this.peekError(Code.InvalidNumber);
      this.peekError(Code.EofWhileParsingValue);
    }
    const c = this.peek();
    if (c === ch("e") || c === ch("E")) return this.exponent(significand, exponent);
    this.fromParts(significand, exponent);
  }

  private exponent(significand: bigint, exponent: number) {
    this.i++;
    let positive = true;
    const sign = this.peek();
    if (sign === ch("+") || sign === ch("-")) {
      this.i++;
      positive = sign === ch("+");
    }
    const c = this.next();
    if (c === undefined) this.error(Code.EofWhileParsingValue);
    if (!isDigit(c)) this.error(Code.InvalidNumber);
    let exp = c - 0x30;
    for (let d = this.peek(); isDigit(d); d = this.peek()) {
      this.i++;
      const grown = exp * 10 + (d! - 0x30);
      if (grown > I32_MAX) {
        if (significand !== 0n && positive) this.error(Code.NumberOutOfRange);
        while (isDigit(this.peek())) this.i++;
        return;
      }
      exp = grown;
    }
    this.fromParts(significand, positive ? exponent + exp : exponent - exp);
  }

  /** serde_json's float from its parts (without `float_roundtrip`): out of range when it grows infinite. */
  private fromParts(significand: bigint, exponent: number) {
    let f = Number(significand);
    for (;;) {
      const abs = Math.abs(exponent);
      if (abs <= 308) {
        if (exponent >= 0 && !Number.isFinite(f * Number(`1e${abs}`))) this.error(Code.NumberOutOfRange);
        return;
      }
      if (f === 0) return;
      if (exponent >= 0) this.error(Code.NumberOutOfRange);
      f /= 1e308;
      exponent += 308;
    }
  }

  private string() {
    const b = this.b;
    for (;;) {
      while (this.i < b.length && b[this.i]! >= 0x20 && b[this.i] !== 0x22 && b[this.i] !== 0x5c) this.i++;
      if (this.i === b.length) this.error(Code.EofWhileParsingString);
      const c = b[this.i++];
      if (c === 0x22) return;
      if (c === 0x5c) this.escape();
      else this.error(Code.ControlCharacterWhileParsingString);
    }
  }

  private escape() {
    const c = this.next();
    if (c === undefined) this.error(Code.EofWhileParsingString);
    if ('"\\/bfnrt'.includes(String.fromCharCode(c))) return;
    if (c !== ch("u")) this.error(Code.InvalidEscape);
    const n = this.hex();
    if (n >= 0xdc00 && n <= 0xdfff) this.error(Code.LoneLeadingSurrogateInHexEscape);
    if (n < 0xd800 || n > 0xdbff) return;
    for (const expected of "\\u") {
      const p = this.peek();
      if (p === undefined) this.error(Code.EofWhileParsingString);
      this.i++;
      if (p !== ch(expected)) this.error(Code.UnexpectedEndOfHexEscape);
    }
    const low = this.hex();
    if (low < 0xdc00 || low > 0xdfff) this.error(Code.LoneLeadingSurrogateInHexEscape);
  }

  private hex(): number {
    if (this.i + 4 > this.b.length) {
      this.i = this.b.length;
      this.error(Code.EofWhileParsingString);
    }
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.b[this.i++]!;
      if (!isHex(c)) this.error(Code.InvalidEscape);
      n = n * 16 + parseInt(String.fromCharCode(c), 16);
    }
    return n;
  }
}

/**
 * serde_json's error for `text`, as it writes it (`trailing comma at line 1 column 4`), or undefined when serde_json
 * reads it as JSON.
 */
export function jsonSyntaxError(text: string): string | undefined {
  const bytes = new TextEncoder().encode(text);
  try {
    new Reader(bytes).document();
    return undefined;
  } catch (err) {
    if (!(err instanceof JsonError)) throw err;
    let line = 1;
    let column = 0;
    for (let k = 0; k < err.at; k++) {
      if (bytes[k] === 0x0a) {
        line++;
        column = 0;
      } else column++;
    }
    return `${err.code} at line ${line} column ${column}`;
  }
}
