// Instructions and values written back as AquaVM writes them in error objects (`:error:.$.instruction`): one line,
// the instruction's own arguments only (never its sub-instructions), values as written with lenses re-rendered.
import type { Accessor, Fail, Instruction, Lens, Value } from "./ast.ts";

export const displayAccessor = (a: Accessor): string =>
  a.kind === "field" ? a.name : a.kind === "index" ? `[${a.index}]` : `[${a.name}]`;

export function displayLens(lens: Lens): string {
  if (lens.kind === "length") return ".length";
  return `.$.${lens.path.map(displayAccessor).join(".")}`;
}

export function displayValue(value: Value): string {
  switch (value.kind) {
    case "literal":
      return `"${value.value}"`;
    case "number":
      return String(value.value);
    case "bool":
      return String(value.value);
    case "emptyArray":
      return "[]";
    case "initPeerId":
      return "%init_peer_id%";
    case "timestamp":
      return "%timestamp%";
    case "ttl":
      return "%ttl%";
    case "lastError":
      return `%last_error%${value.lens ? displayLens(value.lens) : ""}`;
    case "error":
      return `:error:${value.lens ? displayLens(value.lens) : ""}`;
    case "stream":
    case "streamMap":
      return value.name;
    default:
      return `${value.name}${value.lens ? displayLens(value.lens) : ""}`;
  }
}

const displayFail = (failure: Fail) =>
  failure.kind === "literal" ? `fail ${failure.code} "${failure.message}"` : `fail ${displayValue(failure.value)}`;

// Instructions are immutable once parsed, and a run shows each one it meets (for its error messages): once is enough.
const shown = new WeakMap<Instruction, string>();

export function displayInstruction(instruction: Instruction): string {
  let text = shown.get(instruction);
  if (text === undefined) {
    text = display(instruction);
    shown.set(instruction, text);
  }
  return text;
}

function display(instruction: Instruction): string {
  const v = displayValue;
  switch (instruction.kind) {
    case "call": {
      const { peer, service, function: fn, args, output } = instruction;
      return `call ${v(peer)} (${v(service)} ${v(fn)}) [${args.map(v).join(" ")}] ${output ? v(output) : ""}`;
    }
    case "canon":
      return `canon ${v(instruction.peer)} ${v(instruction.source)} ${v(instruction.target)}`;
    case "ap":
      return `ap ${v(instruction.value)} ${v(instruction.result)}`;
    case "apMap":
      return `ap (${v(instruction.key)} ${v(instruction.value)}) ${v(instruction.result)}`;
    case "fail":
      return displayFail(instruction.failure);
    case "fold":
      return `fold ${v(instruction.iterable)} ${v(instruction.iterator)}`;
    case "match":
    case "mismatch":
      return `${instruction.kind} ${v(instruction.left)} ${v(instruction.right)}`;
    case "next":
      return `next ${v(instruction.iterator)}`;
    case "new":
      return `new ${v(instruction.variable)}`;
    default:
      return instruction.kind;
  }
}
