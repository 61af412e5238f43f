// Checks AquaVM makes before running anything, as the real AquaVM answers them (air/test/parser-conformance.test.ts),
// in one pass over the tree. AquaVM meets each instruction after its own instructions, and some checks follow that
// order: the walk does too.
// - A variable is defined earlier in the text than it is used. Definitions: a call's output, an ap's result, a
//   canon's target, a new's variable, a fold's iterator. The order is the text's, not the execution's: a name
//   defined in a par's left branch is known in its right branch, and an iterator stays known after its fold.
//   Streams and stream maps need a definition only to be folded over; a canon's source, a canon's peer, a fail's
//   value and the value of an ap into a stream map are not checked. As in AquaVM, only the first use of each name
//   not defined when met is checked, once every definition is known: `(match x 1 (new x (ap x r)))` passes.
// - The first `next` of each iterator in the text is inside a fold over it; any other may be anywhere (one outside
//   its fold fails when it runs). A fold has at most one `next`; a nested fold or a new cannot reuse an enclosing
//   fold's iterator.
// - Nothing comes after `next` in a fold over a stream or a stream map (after-next.ts).
import { AfterNextCheck, type Tail } from "./after-next.ts";
import type { Instruction, Position, Value } from "./ast.ts";
import { AirParseError } from "./errors.ts";

type Fold = Extract<Instruction, { kind: "fold" }>;
type Binary = Extract<Instruction, { kind: "seq" | "par" | "xor" }>;

class Validator {
  /** By name: the offset of the first instruction in the text that defines it. */
  private readonly definedAt = new Map<string, number>();
  /** By name: its first use not defined when met, and the offset of the instruction using it. */
  private readonly unresolved = new Map<string, { offset: number; at: Position }>();
  /** By iterator: the `next`s met in the innermost fold over it around the instruction being checked. */
  private readonly folds = new Map<string, { nexts: number }>();
  /** Iterators whose first `next` was met. */
  private readonly nextsMet = new Set<string>();
  private readonly afterNext = new AfterNextCheck();
  /** The error earliest in the text. */
  private error: { reason: string; at: Position } | undefined;

  private fail(reason: string, at: Position) {
    if (!this.error || at.offset < this.error.at.offset) this.error = { reason, at };
  }

  /** Checks an instruction and everything in it; gives the iterator of the `next` it ends in (after-next.ts). */
  check(instruction: Instruction): Tail {
    switch (instruction.kind) {
      case "call":
        for (const v of [instruction.peer, instruction.service, instruction.function, ...instruction.args]) {
          this.use(v, instruction);
        }
        if (instruction.output) this.define(instruction.output.name, instruction);
        return undefined;
      case "canon":
        this.define(instruction.target.name, instruction);
        return undefined;
      case "ap":
        this.use(instruction.value, instruction);
        this.define(instruction.result.name, instruction);
        return undefined;
      case "apMap":
        this.use(instruction.key, instruction);
        this.define(instruction.result.name, instruction);
        return undefined;
      case "never":
      case "null":
      case "fail":
        return undefined;
      case "seq":
        return this.seqChain(instruction);
      case "par":
        return this.afterNext.branches(instruction, this.check(instruction.left), this.check(instruction.right));
      case "xor":
        return this.afterNext.xor(this.check(instruction.left), this.check(instruction.right));
      case "new": {
        const name = instruction.variable.name;
        if (this.folds.has(name)) this.fail(`new cannot redefine the fold iterator ${name}`, instruction.at);
        const tail = this.check(instruction.body);
        this.define(name, instruction);
        return tail;
      }
      case "match":
      case "mismatch": {
        const tail = this.check(instruction.body);
        this.use(instruction.left, instruction);
        this.use(instruction.right, instruction);
        return tail;
      }
      case "fold":
        return this.fold(instruction);
      case "next":
        this.next(instruction.iterator.name, instruction.at);
        return instruction.iterator.name;
    }
  }

  /** A seq and the seqs nested on its right, in a loop: the chain may be longer than the stack is deep. */
  private seqChain(head: Binary): Tail {
    const links: [Binary, Tail][] = [];
    let link: Instruction = head;
    for (; link.kind === "seq"; link = link.right) links.push([link, this.check(link.left)]);
    let tail = this.check(link);
    for (let i = links.length - 1; i >= 0; i--) tail = this.afterNext.branches(links[i]![0], links[i]![1], tail);
    return tail;
  }

  private fold(fold: Fold): Tail {
    const { iterable, iterator } = fold;
    const outer = this.folds.get(iterator.name);
    if (outer)
      this.fail(`the fold iterator ${iterator.name} is already the iterator of an enclosing fold`, iterator.at);
    this.folds.set(iterator.name, { nexts: 0 });
    const body = this.check(fold.body);
    if (fold.last) this.check(fold.last);
    if (outer) this.folds.set(iterator.name, outer);
    else this.folds.delete(iterator.name);
    const overStream = iterable.kind === "stream" || iterable.kind === "streamMap";
    if (overStream) this.useName(iterable.name, fold, iterable.at);
    else this.use(iterable, fold);
    this.define(iterator.name, fold);
    if (!overStream) return undefined;
    const { tail, after } = this.afterNext.streamFold(iterator.name, body);
    if (after) {
      const reason = `in a fold over a stream nothing may come after next ${iterator.name}, but this ${after.kind} goes on`;
      this.fail(reason, after.at);
    }
    return tail;
  }

  private next(name: string, at: Position) {
    const fold = this.folds.get(name);
    const first = !this.nextsMet.has(name);
    this.nextsMet.add(name);
    if (fold && ++fold.nexts > 1) this.fail(`the fold over ${name} has more than one next`, at);
    if (!fold && first) this.fail(`next ${name} is not inside a fold over ${name}`, at);
  }

  private use(value: Value, user: Instruction) {
    if (value.kind === "scalar" || value.kind === "canonStream" || value.kind === "canonMap") {
      this.useName(value.name, user, value.at);
    }
    if (!("lens" in value) || value.lens?.kind !== "path") return;
    for (const accessor of value.lens.path)
      if (accessor.kind === "variable") this.useName(accessor.name, user, accessor.at);
  }

  private useName(name: string, user: Instruction, at: Position) {
    if (this.unresolved.has(name) || this.isDefinedBefore(name, user.at.offset)) return;
    this.unresolved.set(name, { offset: user.at.offset, at });
  }

  private isDefinedBefore(name: string, offset: number): boolean {
    return (this.definedAt.get(name) ?? Infinity) < offset;
  }

  private define(name: string, definer: Instruction) {
    if (!this.isDefinedBefore(name, definer.at.offset)) this.definedAt.set(name, definer.at.offset);
  }

  /** The uses left unresolved, now that every definition is known; then the error earliest in the text, if any. */
  finish() {
    for (const [name, use] of this.unresolved) {
      if (!this.isDefinedBefore(name, use.offset))
        this.fail(`the variable ${name} is used before it is defined`, use.at);
    }
    if (this.error) throw new AirParseError(this.error.reason, this.error.at);
  }
}

export function validate(instruction: Instruction): void {
  const validator = new Validator();
  validator.check(instruction);
  validator.finish();
}
