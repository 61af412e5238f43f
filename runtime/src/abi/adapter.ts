// Runs Marine adapters: the small stack programs in a module's interface-types section that turn interface values
// into core WebAssembly calls and back. An adapter's stack effects are all known before it runs, so each adapter is
// compiled once into a straight-line JavaScript function whose stack slots are local variables: a malformed
// adapter (a stack that would underflow, a call-core index that names nothing) is refused when the module loads,
// and a call costs little more than the calls and copies it makes.
import { RuntimeError } from "../errors.ts";
import type { Conversion, Instruction } from "../it/types.ts";
import type { ModuleMemory } from "./memory.ts";

/** A function an adapter can call with call-core: a core export of the module, or another module's function. */
export interface Callable {
  readonly name: string;
  readonly arity: number;
  readonly results: number;
  readonly call: (...args: unknown[]) => unknown;
}

/** A compiled adapter: `run` takes its arguments and answers what it leaves on the stack (`results` values: none,
 *  one value, or an array). */
export interface CompiledAdapter {
  readonly run: (...args: unknown[]) => unknown;
  readonly results: number;
}

const CONVERSIONS: Record<Conversion, string> = {
  "s8.from_i32": "((X << 24) >> 24)",
  "s16.from_i32": "((X << 16) >> 16)",
  "s32.from_i32": "(X | 0)",
  "s64.from_i32": "BigInt(X | 0)",
  "u8.from_i32": "(X & 0xff)",
  "u16.from_i32": "(X & 0xffff)",
  "u32.from_i32": "(X >>> 0)",
  "u64.from_i32": "BigInt(X >>> 0)",
  "s8.from_i64": "Number(BigInt.asIntN(8, X))",
  "s16.from_i64": "Number(BigInt.asIntN(16, X))",
  "s32.from_i64": "Number(BigInt.asIntN(32, X))",
  "s64.from_i64": "BigInt.asIntN(64, X)",
  "u8.from_i64": "Number(BigInt.asUintN(8, X))",
  "u16.from_i64": "Number(BigInt.asUintN(16, X))",
  "u32.from_i64": "Number(BigInt.asUintN(32, X))",
  "u64.from_i64": "BigInt.asUintN(64, X)",
  "i32.from_s8": "(X | 0)",
  "i32.from_s16": "(X | 0)",
  "i32.from_s32": "(X | 0)",
  "i32.from_s64": "Number(BigInt.asIntN(32, X))",
  "i32.from_u8": "(X | 0)",
  "i32.from_u16": "(X | 0)",
  "i32.from_u32": "(X | 0)",
  "i32.from_u64": "Number(BigInt.asIntN(32, X))",
  "i64.from_s8": "BigInt(X)",
  "i64.from_s16": "BigInt(X)",
  "i64.from_s32": "BigInt(X)",
  "i64.from_s64": "BigInt.asIntN(64, X)",
  "i64.from_u8": "BigInt(X)",
  "i64.from_u16": "BigInt(X)",
  "i64.from_u32": "BigInt(X >>> 0)",
  "i64.from_u64": "BigInt.asIntN(64, X)",
  "boolean.from_i32": "(X !== 0)",
  "i32.from_boolean": "(X ? 1 : 0)",
  "boolean.from_i64": "(X !== 0n)",
  "i64.from_boolean": "(X ? 1n : 0n)",
  "f32.from_i32": "X",
  "f32.from_i64": "Number(X)",
  "f64.from_i32": "X",
  "f64.from_i64": "Number(X)",
  "i32.from_f32": "(X | 0)",
  "i32.from_f64": "(X | 0)",
  "i64.from_f32": "BigInt(Math.trunc(X))",
  "i64.from_f64": "BigInt(Math.trunc(X))",
};

/**
 * Compiles an adapter taking `params` arguments for a module whose memory `memory()` answers; `callables` are
 * indexed as call-core indexes them (the module's interface exports first, then the functions it imports from other
 * modules).
 */
export function compileAdapter(
  instructions: readonly Instruction[],
  params: number,
  memory: () => ModuleMemory,
  callables: readonly Callable[],
  where: string,
): CompiledAdapter {
  const lines: string[] = [];
  const stack: string[] = [];
  const used = new Set<number>();
  let next = 0;
  const fresh = () => `v${next++}`;
  const pop = (instruction: Instruction): string => {
    const top = stack.pop();
    if (top === undefined) {
      throw new RuntimeError("INTERFACE", `${where}: the adapter's ${instruction.op} pops an empty stack`);
    }
    return top;
  };
  let maxArgument = -1;
  /** Types the code refers to (array item types), handed to the generated function as parameters. */
  const constants: unknown[] = [];

  for (const instruction of instructions) {
    switch (instruction.op) {
      case "argument.get":
        if (!(instruction.index < params)) {
          throw new RuntimeError("INTERFACE", `${where}: the adapter reads argument ${instruction.index} of ${params}`);
        }
        maxArgument = Math.max(maxArgument, instruction.index);
        stack.push(`a${instruction.index}`);
        break;
      case "call-core": {
        const callable = callables[instruction.index];
        if (!callable) {
          throw new RuntimeError("INTERFACE", `${where}: call-core ${instruction.index} names no function`);
        }
        used.add(instruction.index);
        if (stack.length < callable.arity) {
          throw new RuntimeError(
            "INTERFACE",
            `${where}: ${callable.name} takes ${callable.arity} values, the stack has ${stack.length}`,
          );
        }
        const args = stack.splice(stack.length - callable.arity, callable.arity).join(", ");
        if (callable.results === 0) lines.push(`c${instruction.index}(${args});`);
        else {
          const out = fresh();
          lines.push(`const ${out} = c${instruction.index}(${args});`);
          if (callable.results === 1) stack.push(out);
          else for (let i = 0; i < callable.results; i++) stack.push(`${out}[${i}]`);
        }
        break;
      }
      case "convert": {
        const out = fresh();
        lines.push(`const ${out} = ${CONVERSIONS[instruction.conversion].replaceAll("X", pop(instruction))};`);
        stack.push(out);
        break;
      }
      case "string.size":
      case "byte_array.size": {
        const out = fresh();
        const value = pop(instruction);
        lines.push(`const ${out} = ${instruction.op === "string.size" ? `byteLength(${value})` : `${value}.length`};`);
        stack.push(out);
        break;
      }
      case "string.lower_memory":
      case "byte_array.lower_memory": {
        const value = pop(instruction);
        const ptr = pop(instruction);
        const out = fresh();
        const method = instruction.op === "string.lower_memory" ? "writeString" : "writeBytes";
        lines.push(`const ${out} = m().${method}(${ptr} >>> 0, ${value});`);
        stack.push(`(${ptr} >>> 0)`, out);
        break;
      }
      case "string.lift_memory":
      case "byte_array.lift_memory": {
        const length = pop(instruction);
        const ptr = pop(instruction);
        const out = fresh();
        const method = instruction.op === "string.lift_memory" ? "liftString" : "liftBytes";
        lines.push(`const ${out} = m().${method}(${ptr} >>> 0, ${length} >>> 0);`);
        stack.push(out);
        break;
      }
      case "array.lower_memory": {
        const out = fresh();
        lines.push(`const ${out} = m().lowerArray(${pop(instruction)}, t${constants.push(instruction.type) - 1});`);
        stack.push(`${out}[0]`, `${out}[1]`);
        break;
      }
      case "array.lift_memory": {
        const count = pop(instruction);
        const ptr = pop(instruction);
        const out = fresh();
        lines.push(
          `const ${out} = m().liftArray(${ptr} >>> 0, ${count} >>> 0, t${constants.push(instruction.type) - 1});`,
        );
        stack.push(out);
        break;
      }
      case "record.lower_memory": {
        const out = fresh();
        lines.push(`const ${out} = m().lowerRecord(${pop(instruction)}, ${instruction.record});`);
        stack.push(out);
        break;
      }
      case "record.lift_memory": {
        const out = fresh();
        lines.push(`const ${out} = m().liftRecord(${pop(instruction)} >>> 0, ${instruction.record});`);
        stack.push(out);
        break;
      }
      case "dup": {
        const top = pop(instruction);
        stack.push(top, top);
        break;
      }
      case "swap2": {
        const top = pop(instruction);
        const below = pop(instruction);
        stack.push(top, below);
        break;
      }
      case "push.i32":
        stack.push(String(instruction.value | 0));
        break;
      case "push.i64":
        stack.push(`${instruction.value}n`);
        break;
    }
  }
  lines.push(
    stack.length === 0
      ? "return undefined;"
      : stack.length === 1
        ? `return ${stack[0]};`
        : `return [${stack.join(", ")}];`,
  );

  const names = Array.from({ length: maxArgument + 1 }, (_, i) => `a${i}`).join(", ");
  const callableNames = [...used].map((i) => `c${i}`);
  const typeNames = constants.map((_, i) => `t${i}`);
  const body = `return function adapter(${names}) {\n${lines.join("\n")}\n};`;
  const factory = new Function("m", "byteLength", ...callableNames, ...typeNames, body) as (
    ...deps: unknown[]
  ) => CompiledAdapter["run"];
  const run = factory(
    memory,
    Buffer.byteLength,
    ...[...used].map((i) => (callables[i] as Callable).call),
    ...constants,
  );
  return { run, results: stack.length };
}
