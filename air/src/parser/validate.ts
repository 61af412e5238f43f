// Checks AquaVM makes before running anything (as the real AquaVM answers them: air/test/parser-conformance.test.ts).
// - A variable is defined earlier in the text than it is used. Definitions: a call's output, an ap's result, a
//   canon's target, a new's variable, a fold's iterator. The order is the text's, not the execution's: a name
//   defined in a par's left branch is known in its right branch, and an iterator stays known after its fold.
//   Streams and stream maps need a definition only to be folded over; a canon's source, a canon's peer, a fail's
//   value and the value of an ap into a stream map are not checked.
// - next is inside a fold over its iterator, once; a nested fold or a new cannot reuse an enclosing fold's iterator.
// - In a fold over a stream or a stream map, nothing comes after next: no seq or par holds next in its left branch.
import type { Instruction, Lens, Position, Value } from "./ast.ts";
import { AirParseError } from "./errors.ts";

interface Fold {
  iterator: string;
  nexts: number;
  overStream: boolean;
}

const mentionsNext = (instruction: Instruction, iterator: string): boolean => {
  switch (instruction.kind) {
    case "next":
      return instruction.iterator.name === iterator;
    case "seq":
    case "par":
    case "xor":
      return mentionsNext(instruction.left, iterator) || mentionsNext(instruction.right, iterator);
    case "new":
    case "match":
    case "mismatch":
      return mentionsNext(instruction.body, iterator);
    case "fold":
      return (
        mentionsNext(instruction.body, iterator) ||
        (instruction.last ? mentionsNext(instruction.last, iterator) : false)
      );
    default:
      return false;
  }
};

class Validator {
  private readonly defined = new Set<string>();
  private readonly folds: Fold[] = [];

  private activeFold(name: string): Fold | undefined {
    return [...this.folds].reverse().find((f) => f.iterator === name);
  }

  private use(value: Value) {
    if (value.kind === "scalar" || value.kind === "canonStream" || value.kind === "canonMap") {
      this.useName(value.name, value.at);
    }
    if ("lens" in value && value.lens) this.useLens(value.lens);
  }

  private useName(name: string, at: Position) {
    if (!this.defined.has(name)) throw new AirParseError(`the variable ${name} is used before it is defined`, at);
  }

  private useLens(lens: Lens) {
    if (lens.kind !== "path") return;
    for (const accessor of lens.path) if (accessor.kind === "variable") this.useName(accessor.name, accessor.at);
  }

  private define(value: Value) {
    if ("name" in value) this.defined.add(value.name);
  }

  check(instruction: Instruction): void {
    switch (instruction.kind) {
      case "call":
        for (const v of [instruction.peer, instruction.service, instruction.function, ...instruction.args]) this.use(v);
        if (instruction.output) this.define(instruction.output);
        return;
      case "canon":
        this.define(instruction.target);
        return;
      case "ap":
        this.use(instruction.value);
        this.define(instruction.result);
        return;
      case "apMap":
        this.use(instruction.key);
        this.define(instruction.result);
        return;
      case "seq": {
        // a chain of seqs nested on the right in a loop: it may be longer than the stack is deep
        let link: Instruction = instruction;
        for (; link.kind === "seq"; link = link.right) {
          this.checkNothingAfterNext(link);
          this.check(link.left);
        }
        return this.check(link);
      }
      case "par":
      case "xor":
        this.checkNothingAfterNext(instruction);
        this.check(instruction.left);
        this.check(instruction.right);
        return;
      case "never":
      case "null":
      case "fail":
        return;
      case "new":
        if (this.activeFold(instruction.variable.name)) {
          throw new AirParseError(`new cannot redefine the fold iterator ${instruction.variable.name}`, instruction.at);
        }
        this.define(instruction.variable);
        this.check(instruction.body);
        return;
      case "match":
      case "mismatch":
        this.use(instruction.left);
        this.use(instruction.right);
        this.check(instruction.body);
        return;
      case "fold":
        this.checkFold(instruction);
        return;
      case "next": {
        const name = instruction.iterator.name;
        const fold = this.activeFold(name);
        if (!fold) throw new AirParseError(`next ${name} is not inside a fold over ${name}`, instruction.at);
        if (++fold.nexts > 1) throw new AirParseError(`the fold over ${name} has more than one next`, instruction.at);
        return;
      }
    }
  }

  private checkFold(fold: Extract<Instruction, { kind: "fold" }>) {
    const { iterable, iterator } = fold;
    const overStream = iterable.kind === "stream" || iterable.kind === "streamMap";
    if (overStream) this.useName(iterable.name, iterable.at);
    else this.use(iterable);
    if (this.activeFold(iterator.name)) {
      throw new AirParseError(
        `the fold iterator ${iterator.name} is already the iterator of an enclosing fold`,
        iterator.at,
      );
    }
    this.define(iterator);
    this.folds.push({ iterator: iterator.name, nexts: 0, overStream });
    this.check(fold.body);
    if (fold.last) this.check(fold.last);
    this.folds.pop();
  }

  private checkNothingAfterNext(instruction: Extract<Instruction, { kind: "seq" | "par" | "xor" }>) {
    if (instruction.kind === "xor") return;
    for (const fold of this.folds) {
      if (fold.overStream && mentionsNext(instruction.left, fold.iterator)) {
        throw new AirParseError(
          `in a fold over a stream nothing may come after next ${fold.iterator}, but this ${instruction.kind} goes on`,
          instruction.at,
        );
      }
    }
  }
}

export function validate(instruction: Instruction): void {
  new Validator().check(instruction);
}
