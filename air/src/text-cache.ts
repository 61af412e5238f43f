// A cache keyed by text, bounded in size: what it holds grows with its keys (a script and its syntax tree, a JSON
// text and its CID), so it counts their characters. Past its limit of entries or of characters, the oldest entries
// go; a text longer than the limit for one entry is not kept at all.
export interface TextCacheLimits {
  entries: number;
  /** Characters of all the keys together. */
  chars: number;
  /** Characters of one key. */
  entryChars: number;
}

export class TextCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(readonly limits: TextCacheLimits) {}

  get(text: string): V | undefined {
    return this.map.get(text);
  }

  set(text: string, value: V): void {
    if (text.length > this.limits.entryChars || this.map.has(text)) return;
    this.map.set(text, value);
    this.chars += text.length;
    while (this.map.size > this.limits.entries || this.chars > this.limits.chars) {
      const oldest = this.map.keys().next().value!;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  /** What it holds now (for tests). */
  stats(): { entries: number; chars: number } {
    return { entries: this.map.size, chars: this.chars };
  }
}
