// Retries with exponential backoff and jitter, only for faults a retry can fix (see isTransient).
import { isTransient } from "./decode.ts";

export interface RetryOptions {
  /** Attempts after the first one. */
  retries?: number;
  /** Delay before the first retry, doubled each time. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told of each failure that is tried again, before the wait. */
  onRetry?: (err: unknown, attempt: number) => void;
}

export const defaultRetry: Required<Omit<RetryOptions, "onRetry">> = {
  retries: 3,
  baseDelayMs: 150,
  maxDelayMs: 2_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries, baseDelayMs, maxDelayMs } = { ...defaultRetry, ...options };
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= retries || !isTransient(err)) throw err;
      options.onRetry?.(err, attempt + 1);
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
}
