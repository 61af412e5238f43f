// Streams: append-only sequences of values in generations. Values replayed from this peer's previous data go to the
// generation they were recorded in, values from arrived data likewise in a second matrix, and values produced in this
// run to new generations after both. Generation numbers in the output are renumbered over the non-empty
// generations in that order, so that traces merged from several peers agree.
import { ErrorCode, message, UncatchableError } from "./errors.ts";
import type { Source } from "./merge.ts";
import type { Val } from "./values.ts";

export const STREAM_SIZE_LIMIT = 1024;

export class Generation {
  readonly values: Val[] = [];
  /** Its number in the output, set by Stream.renumber. */
  number = 0;
}

export class Stream {
  private readonly prev: Generation[] = [];
  private readonly current: Generation[] = [];
  private readonly fresh: Generation[] = [];
  private size = 0;
  constructor(readonly name: string) {}

  /** Adds a value replayed from data at its recorded generation, or a new one (source undefined). */
  add(value: Val, source?: Source, generation = 0): Generation {
    if (++this.size > STREAM_SIZE_LIMIT) {
      throw new UncatchableError(ErrorCode.STREAM_SIZE_LIMIT, message.streamSizeLimit(STREAM_SIZE_LIMIT));
    }
    let gen: Generation;
    if (source === undefined) {
      gen = this.fresh.at(-1) ?? this.openGeneration();
    } else {
      const matrix = source === "prev" ? this.prev : this.current;
      gen = matrix[generation] ??= new Generation();
    }
    gen.values.push(value);
    return gen;
  }

  /** Starts a new generation for values produced from now on (a stream fold does, to see what its body adds). */
  openGeneration(): Generation {
    const last = this.fresh.at(-1);
    if (last && last.values.length === 0) return last;
    const gen = new Generation();
    this.fresh.push(gen);
    return gen;
  }

  /** Non-empty generations in order: replayed from prev, from current, then new. */
  generations(): Generation[] {
    return [...this.prev, ...this.current, ...this.fresh].filter((g) => g !== undefined && g.values.length > 0);
  }

  values(): Val[] {
    return this.generations().flatMap((g) => g.values);
  }

  renumber() {
    this.generations().forEach((g, i) => (g.number = i));
  }

  /** Files every value as replayed from prev, in its generation: how a run resuming after this one reads them. */
  settle() {
    const generations = this.generations();
    this.prev.length = 0;
    this.prev.push(...generations);
    this.current.length = 0;
    this.fresh.length = 0;
  }
}
