// After each test file, whatever happened in it: its indexers stopped, then what it created in PostgreSQL dropped.
// Registered before the file's own hooks, this afterAll runs after them.
import { afterAll } from "vitest";
import { stopIndexers } from "./indexer.ts";
import { dropLeftovers } from "./leftovers.ts";

afterAll(async () => {
  await stopIndexers();
  await dropLeftovers();
});
