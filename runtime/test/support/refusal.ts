import { RuntimeError } from "../../src/index.ts";

/** The RuntimeError a call throws; fails the test when it throws nothing or something else. */
export function refusal(fn: () => unknown): RuntimeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuntimeError) return error;
    throw error;
  }
  throw new Error("expected a RuntimeError");
}
