// Checks AquaVM makes before running anything. A scalar or canon value must be defined (a call's or an ap's output,
// a canon's target, a new's variable, a fold's iterator) earlier in the text than where it is used; the order is
// the text's, not the execution's, so a name defined in a par's left branch is known in its right branch. A fold's
// iterator exists inside that fold only, cannot be redefined by a nested fold or a new, and is moved on by at most
// one next. Streams and stream maps need no definition.
import type { Instruction, Lens, Position, Value } from "./ast.ts";
import { AirParseError } from "./errors.ts";

interface Fold {
  iterator: string;
  nexts: number;
}

class Validator {
  private readonly defined = new Set<string>();
  private readonly folds: Fold[] = [];

  private isIterator(name: string) {
    return this.folds.some((f) => f.iterator === name);
  }

  private use(value: Value) {
    if (value.kind === "scalar" || value.kind === "canonStream" || value.kind === "canonMap") {
      this.useName(value.name, value.at);
    }
    if ("lens" in value && value.lens) this.useLens(value.lens);
  }

  private useName(name: string, at: Position) {
    if (!this.defined.has(name) && !this.isIterator(name)) {
      throw new AirParseError(`the variable ${name} is used before it is defined`, at);
    }
  }

  private useLens(lens: Lens) {
    if (lens.kind !== "path") return;
    for (const accessor of lens.path) if (accessor.kind === "variable") this.useName(accessor.name, accessor.at);
  }

  private define(value: Value) {
    if (value.kind === "stream" || value.kind === "streamMap") return;
    if (!("name" in value)) return;
    this.defined.add(value.name);
  }

  check(instruction: Instruction): void {
    switch (instruction.kind) {
      case "call":
        for (const v of [instruction.peer, instruction.service, instruction.function, ...instruction.args]) this.use(v);
        if (instruction.output) this.define(instruction.output);
        return;
      case "canon":
        this.use(instruction.peer);
        this.define(instruction.target);
        return;
      case "ap":
        this.use(instruction.value);
        this.define(instruction.result);
        return;
      case "apMap":
        this.use(instruction.key);
        this.use(instruction.value);
        return;
      case "seq":
      case "par":
      case "xor":
        this.check(instruction.left);
        this.check(instruction.right);
        return;
      case "never":
      case "null":
        return;
      case "new":
        if (this.isIterator(instruction.variable.name)) {
          throw new AirParseError(`new cannot redefine the fold iterator ${instruction.variable.name}`, instruction.at);
        }
        this.define(instruction.variable);
        this.check(instruction.body);
        return;
      case "fail":
        if (instruction.failure.kind === "value") this.use(instruction.failure.value);
        return;
      case "match":
      case "mismatch":
        this.use(instruction.left);
        this.use(instruction.right);
        this.check(instruction.body);
        return;
      case "fold": {
        this.use(instruction.iterable);
        const name = instruction.iterator.name;
        if (this.isIterator(name)) {
          throw new AirParseError(
            `the fold iterator ${name} is already the iterator of an enclosing fold`,
            instruction.iterator.at,
          );
        }
        this.folds.push({ iterator: name, nexts: 0 });
        this.check(instruction.body);
        if (instruction.last) this.check(instruction.last);
        this.folds.pop();
        return;
      }
      case "next": {
        const name = instruction.iterator.name;
        const fold = [...this.folds].reverse().find((f) => f.iterator === name);
        if (!fold) throw new AirParseError(`next ${name} is not inside a fold over ${name}`, instruction.at);
        if (++fold.nexts > 1) throw new AirParseError(`the fold over ${name} has more than one next`, instruction.at);
        return;
      }
    }
  }
}

export function validate(instruction: Instruction): void {
  new Validator().check(instruction);
}
