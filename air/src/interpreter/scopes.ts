// Variables: scalars and canon values by name, each a stack of cells by fold depth; `new` pushes an unset cell.
// Entering a fold iteration's `next` hides the cells of the iteration it came from, so each iteration sees only
// its own values; at depth 0 a variable is set once.
import { CatchableError, ErrorCode, message, UncatchableError, VariableNotFound } from "./errors.ts";
import { Stream } from "./streams.ts";
import type { Canon, Val } from "./values.ts";

type Held = Val | Canon;
interface Cell {
  depth: number;
  value?: Held;
  /** Pushed by `new`: reading it unset is an error rather than a wait. */
  fresh: boolean;
}

export class Scopes {
  private readonly variables = new Map<string, Cell[]>();
  private readonly hidden = new Set<number>();
  private readonly iterators = new Map<string, Val[]>();
  private readonly globalStreams = new Map<string, Stream>();
  private readonly restricted: Map<string, Stream>[] = [];
  depth = 0;
  /** Counts the sets: unchanged between two readings means no variable changed in between. */
  version = 0;

  get(name: string): Held {
    const iterator = this.iterators.get(name);
    if (iterator?.length) return iterator.at(-1)!;
    const top = this.variables.get(name)?.at(-1);
    if (!top || this.hidden.has(top.depth)) throw new VariableNotFound(name);
    if (!top.value) {
      if (top.fresh) {
        throw new CatchableError(ErrorCode.NOT_INITIALIZED_AFTER_NEW, message.notInitializedAfterNew(name));
      }
      throw new VariableNotFound(name);
    }
    return top.value;
  }

  /** Whether `name` is a fold iterator here. */
  isIterator(name: string): boolean {
    return !!this.iterators.get(name)?.length;
  }

  /** Throws unless `set(name)` may be called now. */
  checkSettable(name: string) {
    if (this.iterators.get(name)?.length)
      throw new UncatchableError(ErrorCode.ITERABLE_SHADOWING, message.iterableShadowing(name));
    const top = this.variables.get(name)?.at(-1);
    if (top && this.depth === 0 && !(top.fresh && !top.value)) {
      throw new UncatchableError(ErrorCode.SHADOWING, message.shadowing(name));
    }
  }

  /** Sets `name`; `checked` when the caller has just called checkSettable for it. */
  set(name: string, value: Held, checked = false) {
    if (!checked) this.checkSettable(name);
    this.version++;
    let cells = this.variables.get(name);
    if (!cells) this.variables.set(name, (cells = []));
    const top = cells.at(-1);
    if (top && top.depth === this.depth) top.value = value;
    else cells.push({ depth: this.depth, value, fresh: false });
  }

  /** Runs `body` with `name` cleared (`new x`), then restores what it held. */
  withNew<T>(name: string, body: () => T): T {
    const cells = this.variables.get(name) ?? [];
    this.variables.set(name, cells);
    const mark = cells.length;
    cells.push({ depth: this.depth, fresh: true });
    try {
      return body();
    } finally {
      cells.length = mark;
    }
  }

  /** Runs `body` with a stream or stream map of its own under `name` (`new $s`). */
  withNewStream<T>(name: string, body: () => T, closed: (stream: Stream) => void): T {
    const stream = new Stream(name);
    this.restricted.push(new Map([[name, stream]]));
    try {
      return body();
    } finally {
      this.restricted.pop();
      closed(stream);
    }
  }

  /** The stream a name means here; `create` makes the global one on first write. */
  stream(name: string, create: true): Stream;
  stream(name: string, create: false): Stream | undefined;
  stream(name: string, create: boolean): Stream | undefined {
    for (let i = this.restricted.length - 1; i >= 0; i--) {
      const s = this.restricted[i]!.get(name);
      if (s) return s;
    }
    let s = this.globalStreams.get(name);
    if (!s && create) this.globalStreams.set(name, (s = new Stream(name)));
    return s;
  }

  globalStreamList() {
    return [...this.globalStreams.values()];
  }

  /** A fold level: values set inside are dropped when it ends. */
  enterFold() {
    this.depth++;
  }
  leaveFold() {
    for (const cells of this.variables.values()) while (cells.length && cells.at(-1)!.depth >= this.depth) cells.pop();
    this.depth--;
  }

  /** Binds the iterator to its current element, until popIterator. */
  pushIterator(name: string, value: Val) {
    const stack = this.iterators.get(name) ?? [];
    this.iterators.set(name, stack);
    stack.push(value);
  }
  popIterator(name: string) {
    this.iterators.get(name)!.pop();
  }

  /** `next`: the following iteration runs one level deeper, with this iteration's values hidden, until ascend. */
  descend(): number {
    const level = this.depth;
    this.hidden.add(level);
    this.depth++;
    return level;
  }
  ascend(level: number) {
    for (const cells of this.variables.values()) while (cells.length && cells.at(-1)!.depth >= this.depth) cells.pop();
    this.depth--;
    this.hidden.delete(level);
  }
}
