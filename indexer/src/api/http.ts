// Request parsing and JSON errors shared by the endpoints. Errors use the SDK's codes: `INPUT` for a malformed
// request (400), `NOT_FOUND` for an unknown deal (404).
import type { Context } from "hono";
import { type Address, isAddress } from "viem";

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 413,
    readonly code: "INPUT" | "NOT_FOUND",
    message: string,
  ) {
    super(message);
  }
}

/** A JSON error body: `{ "error": { "code", "message" } }`. */
export function errorResponse(c: Context, status: HttpError["status"], code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

/** A handler answering `run`'s result as JSON (bigints as decimal strings), or its HttpError. */
export function endpoint(run: (c: Context) => Promise<unknown>) {
  return async (c: Context) => {
    try {
      const body = JSON.stringify(await run(c), (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
      return c.body(body, 200, { "content-type": "application/json" });
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(c, err.status, err.code, err.message);
      throw err;
    }
  };
}

/** A lower-case address (how the tables store them), or a 400. */
export function parseAddress(value: string | undefined, what: string): Address {
  if (value === undefined || !isAddress(value, { strict: false }))
    throw new HttpError(400, "INPUT", `${what} "${value ?? ""}" is not an address`);
  return value.toLowerCase() as Address;
}

export const MAX_LIMIT = 10_000;

/** A positive integer query parameter up to MAX_LIMIT, or undefined when absent. */
export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
    throw new HttpError(400, "INPUT", `limit "${value}" is not an integer from 1 to ${MAX_LIMIT}`);
  return Number(value);
}
