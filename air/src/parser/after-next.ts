// AquaVM's check that nothing comes after `next` in a fold over a stream or a stream map, made as AquaVM makes it:
// on the instructions in the order it meets them, each one after its own instructions. What it keeps of each one is
// its tail: the iterator of the `next` it ends in, if it ends in one.
// - `next i` ends in `next i`; a new, match or mismatch ends as its body does.
// - An xor ends in the `next` one of its branches ends in. An xor whose branches both end in a `next` ends the
//   check for the rest of the script (AquaVM cannot tell which branch it should follow).
// - A seq or par whose two branches end in the same `next` ends in it; one whose right branch alone ends in a
//   `next` ends in that. One whose left branch ends in `next i` goes on after it: it waits (the first such one for
//   each iterator) for a fold over a stream or a stream map over `i`, whatever the text between them.
// - Such a fold over `i` finds the seq or par waiting for `i`, if one is; its body's tail, if it is `next i`, stops
//   waiting and the fold ends in no `next`; another `next` passes through it. The last instruction's tail is lost.
// - A fold over anything else ends in no `next`, nor does any other instruction.
import type { Instruction } from "./ast.ts";

/** The iterator of the `next` an instruction ends in, if it ends in one. */
export type Tail = string | undefined;
type Binary = Extract<Instruction, { kind: "seq" | "par" | "xor" }>;

export class AfterNextCheck {
  private checking = true;
  /** By iterator: the first seq or par met that goes on after a `next` of it. */
  private readonly waiting = new Map<string, Binary>();

  /** A seq or a par, from its branches' tails. */
  branches(instruction: Binary, left: Tail, right: Tail): Tail {
    if (left === undefined || left === right) return right;
    if (!this.waiting.has(left)) this.waiting.set(left, instruction);
    return undefined;
  }

  xor(left: Tail, right: Tail): Tail {
    if (left !== undefined && right !== undefined) this.checking = false;
    return left ?? right;
  }

  /** A fold over a stream or a stream map, from its body's tail: the seq or par that goes on after its `next`. */
  streamFold(iterator: string, body: Tail): { tail: Tail; after: Binary | undefined } {
    const after = this.checking ? this.waiting.get(iterator) : undefined;
    if (body !== iterator) return { tail: body, after };
    this.waiting.delete(iterator);
    return { tail: undefined, after };
  }
}
