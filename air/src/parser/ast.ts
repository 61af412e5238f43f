// The AIR syntax tree. Every node carries where it starts in the script (1-based line and column, and the offset),
// so that errors point at the text.

export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A path into a JSON value (`.$.a.[0].[i]`) or the `.length` functor. `!` is accepted and has no meaning. */
export type Lens = { kind: "length" } | { kind: "path"; path: Accessor[] };

export type Accessor =
  { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "variable"; name: string; at: Position };

/** Variable names keep their sigils: `x`, `$s`, `%m`, `#c` or `#$c`, `#%c`. */
export type Value =
  | { kind: "literal"; value: string; at: Position }
  | { kind: "number"; value: number; float: boolean; at: Position }
  | { kind: "bool"; value: boolean; at: Position }
  | { kind: "emptyArray"; at: Position }
  | { kind: "initPeerId"; at: Position }
  | { kind: "timestamp"; at: Position }
  | { kind: "ttl"; at: Position }
  | { kind: "lastError"; lens?: Lens; at: Position }
  | { kind: "error"; lens?: Lens; at: Position }
  | { kind: "scalar"; name: string; lens?: Lens; at: Position }
  | { kind: "stream"; name: string; at: Position }
  | { kind: "streamMap"; name: string; at: Position }
  | { kind: "canonStream"; name: string; lens?: Lens; at: Position }
  | { kind: "canonMap"; name: string; lens?: Lens; at: Position };

export type ValueKind = Value["kind"];
export type Scalar = Extract<Value, { kind: "scalar" }>;
export type Stream = Extract<Value, { kind: "stream" }>;
export type StreamMap = Extract<Value, { kind: "streamMap" }>;
export type CanonStream = Extract<Value, { kind: "canonStream" }>;
export type CanonMap = Extract<Value, { kind: "canonMap" }>;

export type Instruction =
  | {
      kind: "call";
      peer: Value;
      service: Value;
      function: Value;
      args: Value[];
      output?: Scalar | Stream;
      at: Position;
    }
  | { kind: "canon"; peer: Value; source: Stream | StreamMap; target: CanonStream | CanonMap | Scalar; at: Position }
  | { kind: "ap"; value: Value; result: Scalar | Stream; at: Position }
  | { kind: "apMap"; key: Value; value: Value; result: StreamMap; at: Position }
  | { kind: "seq" | "par" | "xor"; left: Instruction; right: Instruction; at: Position }
  | { kind: "never" | "null"; at: Position }
  | { kind: "new"; variable: Scalar | Stream | StreamMap | CanonStream | CanonMap; body: Instruction; at: Position }
  | { kind: "fail"; failure: Fail; at: Position }
  | {
      kind: "fold";
      iterable: Value;
      iterator: Scalar;
      body: Instruction;
      last?: Instruction;
      at: Position;
    }
  | { kind: "next"; iterator: Scalar; at: Position }
  | { kind: "match" | "mismatch"; left: Value; right: Value; body: Instruction; at: Position };

/** `(fail 5 "message")`, `(fail x)` (an error object), `(fail :error:)` / `(fail %last_error%)` (rethrow). */
export type Fail = { kind: "literal"; code: number; message: string } | { kind: "value"; value: Value };

export type InstructionKind = Instruction["kind"];
