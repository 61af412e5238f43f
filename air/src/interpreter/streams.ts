// Streams: append-only sequences of values in generations, kept as AquaVM keeps them: values replayed from this
// peer's previous data go to the generation they were recorded in, values from arrived data likewise in a second
// matrix, and values produced in this run to the last of a third. Generation numbers in the output are renumbered
// over the non-empty generations in that order, so that traces merged from several peers agree.
import { ErrorCode, message, UncatchableError } from "./errors.ts";
import type { Source } from "./merge.ts";
import type { Val } from "./values.ts";

export const STREAM_SIZE_LIMIT = 1024;

export class Generation {
  readonly values: Val[] = [];
  /** Its number in the output, set by Stream.renumber. */
  number = 0;
}

/** How many generations each matrix (previous, current, new) had: where a stream fold's next pass starts. */
export type Cursor = readonly [number, number, number];
export const START: Cursor = [0, 0, 0];

const nonEmpty = (matrix: Generation[]) => matrix.filter((g) => g.values.length > 0);

export class Stream {
  private readonly prev: Generation[] = [];
  private readonly current: Generation[] = [];
  private readonly fresh: Generation[] = [];
  private size = 0;
  constructor(readonly name: string) {}

  /** Adds a value replayed from data at its recorded generation, or a new one (source undefined). */
  add(value: Val, source?: Source, generation = 0): Generation {
    const gen = source === undefined ? (this.fresh.at(-1) ?? this.openGeneration()) : this.recorded(source, generation);
    gen.values.push(value);
    if (++this.size >= STREAM_SIZE_LIMIT) {
      throw new UncatchableError(ErrorCode.STREAM_SIZE_LIMIT, message.streamSizeLimit(STREAM_SIZE_LIMIT));
    }
    return gen;
  }

  /**
   * The generation a value in the data was recorded in. A stream of at most STREAM_SIZE_LIMIT values has no more
   * generations than that, and they are numbered from 0 without gaps: a larger number is corrupted data, refused
   * before it makes an array that long.
   */
  private recorded(source: Source, generation: number): Generation {
    if (generation >= STREAM_SIZE_LIMIT) {
      throw new UncatchableError(
        ErrorCode.NO_SUCH_GENERATION,
        `stream ${this.name} has no generation ${generation}: the data is corrupted`,
      );
    }
    const matrix = source === "prev" ? this.prev : this.current;
    while (matrix.length <= generation) matrix.push(new Generation());
    return matrix[generation]!;
  }

  /** Starts a new generation for values produced from now on (a stream fold does, to see what its body adds). */
  openGeneration(): Generation {
    const gen = new Generation();
    this.fresh.push(gen);
    return gen;
  }

  /** Drops the last new generation if nothing was added to it. */
  dropEmptyGeneration() {
    if (this.fresh.at(-1)?.values.length === 0) this.fresh.pop();
  }

  cursor(): Cursor {
    return [this.prev.length, this.current.length, this.fresh.length];
  }

  /**
   * The non-empty generations after a cursor. As in AquaVM, a cursor counts every generation but the count skips
   * only non-empty ones: a pass after an empty generation misses as many generations as there were empty ones.
   */
  since(cursor: Cursor): Generation[] {
    return [
      ...nonEmpty(this.prev).slice(cursor[0]),
      ...nonEmpty(this.current).slice(cursor[1]),
      ...nonEmpty(this.fresh).slice(cursor[2]),
    ];
  }

  /** Non-empty generations in order: replayed from prev, from current, then new. */
  generations(): Generation[] {
    return this.since(START);
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
