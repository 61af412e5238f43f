// A read the SDK has no method for, with the SDK's retries and error model.
import { toCloudlessError } from "../decode.ts";
import { withRetry } from "../retry.ts";

export async function query<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await withRetry(fn);
  } catch (err) {
    throw toCloudlessError(err);
  }
}
