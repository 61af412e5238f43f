// @cloudless/air: the AIR engine of Cloudless peers. So far: the parser and content addresses of values.
export type { Accessor, Fail, Instruction, InstructionKind, Lens, Position, Value, ValueKind } from "./parser/ast.ts";
export { AirParseError } from "./parser/errors.ts";
export { parse } from "./parser/parser.ts";
export { canonicalJson, cidOf, cidOfText, type Json } from "./data/cid.ts";
