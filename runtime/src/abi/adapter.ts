// Runs Marine adapters: the small stack programs in a module's interface-types section that turn interface values
// into core WebAssembly calls and back. Each adapter is compiled once into a list of steps; a call runs the steps
// over a value stack.
import { RuntimeError } from "../errors.ts";
import type { Conversion, Instruction } from "../it/types.ts";
import type { ModuleMemory } from "./memory.ts";

/** A function an adapter can call with call-core: a core export of the module, or another module's function. */
export interface Callable {
  readonly name: string;
  readonly arity: number;
  readonly results: number;
  invoke(args: unknown[]): unknown;
}

interface Frame {
  readonly args: readonly unknown[];
  readonly stack: unknown[];
}

type Step = (frame: Frame) => void;

export interface CompiledAdapter {
  run(args: readonly unknown[]): unknown[];
}

const pop = (frame: Frame): unknown => {
  if (frame.stack.length === 0) throw new RuntimeError("INTERFACE", "An adapter popped an empty stack");
  return frame.stack.pop();
};

const CONVERSIONS: Record<Conversion, (value: never) => unknown> = {
  "s8.from_i32": (v: number) => (v << 24) >> 24,
  "s16.from_i32": (v: number) => (v << 16) >> 16,
  "s32.from_i32": (v: number) => v | 0,
  "s64.from_i32": (v: number) => BigInt(v | 0),
  "u8.from_i32": (v: number) => v & 0xff,
  "u16.from_i32": (v: number) => v & 0xffff,
  "u32.from_i32": (v: number) => v >>> 0,
  "u64.from_i32": (v: number) => BigInt(v >>> 0),
  "s8.from_i64": (v: bigint) => Number(BigInt.asIntN(8, v)),
  "s16.from_i64": (v: bigint) => Number(BigInt.asIntN(16, v)),
  "s32.from_i64": (v: bigint) => Number(BigInt.asIntN(32, v)),
  "s64.from_i64": (v: bigint) => BigInt.asIntN(64, v),
  "u8.from_i64": (v: bigint) => Number(BigInt.asUintN(8, v)),
  "u16.from_i64": (v: bigint) => Number(BigInt.asUintN(16, v)),
  "u32.from_i64": (v: bigint) => Number(BigInt.asUintN(32, v)),
  "u64.from_i64": (v: bigint) => BigInt.asUintN(64, v),
  "i32.from_s8": (v: number) => v | 0,
  "i32.from_s16": (v: number) => v | 0,
  "i32.from_s32": (v: number) => v | 0,
  "i32.from_s64": (v: bigint) => Number(BigInt.asIntN(32, v)),
  "i32.from_u8": (v: number) => v | 0,
  "i32.from_u16": (v: number) => v | 0,
  "i32.from_u32": (v: number) => v | 0,
  "i32.from_u64": (v: bigint) => Number(BigInt.asIntN(32, v)),
  "i64.from_s8": (v: number) => BigInt(v),
  "i64.from_s16": (v: number) => BigInt(v),
  "i64.from_s32": (v: number) => BigInt(v),
  "i64.from_s64": (v: bigint) => BigInt.asIntN(64, v),
  "i64.from_u8": (v: number) => BigInt(v),
  "i64.from_u16": (v: number) => BigInt(v),
  "i64.from_u32": (v: number) => BigInt(v >>> 0),
  "i64.from_u64": (v: bigint) => BigInt.asIntN(64, v),
  "boolean.from_i32": (v: number) => v !== 0,
  "i32.from_boolean": (v: boolean) => (v ? 1 : 0),
  "boolean.from_i64": (v: bigint) => v !== 0n,
  "i64.from_boolean": (v: boolean) => (v ? 1n : 0n),
  "f32.from_i32": (v: number) => v,
  "f32.from_i64": (v: bigint) => Number(v),
  "f64.from_i32": (v: number) => v,
  "f64.from_i64": (v: bigint) => Number(v),
  "i32.from_f32": (v: number) => v | 0,
  "i32.from_f64": (v: number) => v | 0,
  "i64.from_f32": (v: number) => BigInt(Math.trunc(v)),
  "i64.from_f64": (v: number) => BigInt(Math.trunc(v)),
};

const asNumber = (value: unknown, what: string): number => {
  if (typeof value !== "number") throw new RuntimeError("INTERFACE", `${what} expects an i32 on the stack`);
  return value >>> 0;
};

/**
 * Compiles an adapter for a module whose memory is `memory`; `callables` are indexed as call-core indexes them
 * (the module's interface exports first, then the functions it imports from other modules).
 */
export function compileAdapter(
  instructions: readonly Instruction[],
  memory: () => ModuleMemory,
  callables: readonly Callable[],
  where: string,
): CompiledAdapter {
  const steps = instructions.map((instruction) => step(instruction, memory, callables, where));
  return {
    run(args) {
      const frame: Frame = { args, stack: [] };
      for (let i = 0; i < steps.length; i++) (steps[i] as Step)(frame);
      return frame.stack;
    },
  };
}

function step(
  instruction: Instruction,
  memory: () => ModuleMemory,
  callables: readonly Callable[],
  where: string,
): Step {
  switch (instruction.op) {
    case "argument.get": {
      const index = instruction.index;
      return (frame) => {
        if (index >= frame.args.length) throw new RuntimeError("INTERFACE", `${where}: no argument ${index}`);
        frame.stack.push(frame.args[index]);
      };
    }
    case "call-core": {
      const callable = callables[instruction.index];
      if (!callable) {
        throw new RuntimeError("INTERFACE", `${where}: call-core ${instruction.index} names no function`);
      }
      const { arity, results } = callable;
      return (frame) => {
        const { stack } = frame;
        if (stack.length < arity) throw new RuntimeError("INTERFACE", `${where}: ${callable.name} lacks arguments`);
        const args = stack.splice(stack.length - arity, arity);
        const result = callable.invoke(args);
        if (results === 1) stack.push(result);
        else if (results > 1) stack.push(...(result as unknown[]));
      };
    }
    case "convert": {
      const convert = CONVERSIONS[instruction.conversion] as (value: unknown) => unknown;
      return (frame) => frame.stack.push(convert(pop(frame)));
    }
    case "string.size":
      return (frame) => frame.stack.push(Buffer.byteLength(pop(frame) as string));
    case "byte_array.size":
      return (frame) => frame.stack.push((pop(frame) as Uint8Array).length);
    case "string.lower_memory":
      return (frame) => {
        const value = pop(frame) as string;
        const ptr = asNumber(pop(frame), "string.lower_memory");
        frame.stack.push(ptr, memory().writeString(ptr, value));
      };
    case "byte_array.lower_memory":
      return (frame) => {
        const value = pop(frame) as Uint8Array;
        const ptr = asNumber(pop(frame), "byte_array.lower_memory");
        const mem = memory();
        mem.check(ptr, value.length);
        mem.bytes().set(value, ptr);
        frame.stack.push(ptr, value.length);
      };
    case "string.lift_memory":
      return (frame) => {
        const length = asNumber(pop(frame), "string.lift_memory");
        frame.stack.push(memory().liftString(asNumber(pop(frame), "string.lift_memory"), length));
      };
    case "byte_array.lift_memory":
      return (frame) => {
        const length = asNumber(pop(frame), "byte_array.lift_memory");
        frame.stack.push(memory().liftBytes(asNumber(pop(frame), "byte_array.lift_memory"), length));
      };
    case "array.lower_memory": {
      const item = instruction.type;
      return (frame) => frame.stack.push(...memory().lowerArray(pop(frame), item));
    }
    case "array.lift_memory": {
      const item = instruction.type;
      return (frame) => {
        const count = asNumber(pop(frame), "array.lift_memory");
        frame.stack.push(memory().liftArray(asNumber(pop(frame), "array.lift_memory"), count, item));
      };
    }
    case "record.lower_memory": {
      const id = instruction.record;
      return (frame) => frame.stack.push(memory().lowerRecord(pop(frame), id));
    }
    case "record.lift_memory": {
      const id = instruction.record;
      return (frame) => frame.stack.push(memory().liftRecord(asNumber(pop(frame), "record.lift_memory"), id));
    }
    case "dup":
      return (frame) => {
        const value = pop(frame);
        frame.stack.push(value, value);
      };
    case "swap2":
      return (frame) => {
        const top = pop(frame);
        const below = pop(frame);
        frame.stack.push(top, below);
      };
    case "push.i32":
    case "push.i64": {
      const value = instruction.value;
      return (frame) => frame.stack.push(value);
    }
  }
}
