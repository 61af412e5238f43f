// Reading the JSON files some commands take (deal.json, offer.json) with clear errors: unknown keys, missing
// fields and wrong types are named with the file they came from.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../errors.ts";

export function readJsonFile(cwd: string, path: string): unknown {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path}`, { details: (err as Error).message });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not valid JSON`, { details: (err as Error).message });
  }
}

/** Typed access to one JSON object's fields, checked against the keys it may and must have. */
export class Fields {
  private readonly record: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly source: string,
    keys: { required: readonly string[]; optional: readonly string[] },
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new InputError(`${source} is not a JSON object`);
    this.record = value as Record<string, unknown>;
    const allowed = [...keys.required, ...keys.optional];
    const unknown = Object.keys(this.record).filter((k) => !allowed.includes(k));
    if (unknown.length) {
      throw new InputError(
        `${source}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}`,
        {
          details: `allowed keys: ${allowed.join(", ")}`,
        },
      );
    }
    const missing = keys.required.filter((k) => this.record[k] === undefined);
    if (missing.length) throw new InputError(`${source}: missing ${missing.map((k) => `"${k}"`).join(", ")}`);
  }

  private wrong(key: string, expected: string): InputError {
    return new InputError(`${this.source}: "${key}" must be ${expected}, got ${JSON.stringify(this.record[key])}`);
  }

  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.record[key];
  }

  string(key: string): string | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !v.trim()) throw this.wrong(key, "a non-empty string");
    return v;
  }

  /** A whole number, as a JSON number or a string of digits. */
  integer(key: string): bigint | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
    if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
    throw this.wrong(key, "a whole number");
  }

  /** A token amount, parsed later with the token's decimals: a string ("1.5", "raw:1500000") or a number. */
  amount(key: string): string | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (typeof v === "string" && v.trim()) return v;
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) return String(v);
    throw this.wrong(key, 'an amount such as "1.5"');
  }

  boolean(key: string): boolean | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw this.wrong(key, "true or false");
    return v;
  }

  strings(key: string): string[] | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) throw this.wrong(key, "an array of strings");
    return v as string[];
  }

  array(key: string): unknown[] | undefined {
    const v = this.record[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw this.wrong(key, "an array");
    return v;
  }
}
