// GraphQL hardening: malformed, deep, alias-heavy, token-heavy and oversized requests get an error, and the server
// keeps answering good queries while and after it refuses them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPHQL_LIMITS } from "../src/api/graphql-limits.ts";
import { type ApiStack, startApiStack } from "./support/api-harness.ts";

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function post(body: string) {
  const res = await fetch(`${stack.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string }[] } };
}
const query = (text: string) => post(JSON.stringify({ query: text }));
const firstError = async (text: string) => (await query(text)).body.errors?.[0]?.message ?? "";

/** As deep as GraphiQL's introspection query: a field's argument types, eight wrappers down. */
const INTROSPECTION = `{ __schema { queryType { name } types { kind name fields(includeDeprecated: true) { name args {
  name type { ${"kind name ofType { ".repeat(8)}kind name${" }".repeat(8)} } } } } } }`;

/**
 * A query `depth` levels deep, counting the leaf (as the depth limit does), or one or two less: the selections
 * cycle peers -> items -> offer -> peers..., and the leaf `id` needs a peer or an offer above it.
 */
function deepQuery(depth: number): string {
  const path = ["peers", "items", "offer"];
  let containers = depth - 1;
  while (containers % 3 === 1) containers--;
  const fields = Array.from({ length: containers }, (_, i) => path[i % 3]);
  return `{ ${fields.join(" { ")} { id${" }".repeat(containers)} }`;
}

describe("GraphQL limits", () => {
  it("answers good queries, including the introspection query GraphiQL sends", async () => {
    expect(await query("{ offers { totalCount items { id } } }")).toMatchObject({
      status: 200,
      body: { data: { offers: { totalCount: 0, items: [] } } },
    });
    expect((await query(INTROSPECTION)).body.errors).toBeUndefined();
    expect((await query(deepQuery(GRAPHQL_LIMITS.maxOperationDepth))).body.errors).toBeUndefined();
  });

  it("refuses malformed requests", async () => {
    expect(await firstError("{ offers { items { id }")).toMatch(/Syntax Error/);
    expect(await firstError("{ noSuchTable { items { id } } }")).toMatch(/Cannot query field/);
    const notJson = await post("{ this is not json");
    expect(notJson.body.errors?.length).toBeGreaterThan(0);
  });

  it("refuses a query nested deeper than the depth limit", async () => {
    expect(await firstError(deepQuery(GRAPHQL_LIMITS.maxOperationDepth + 3))).toMatch(/depth limit/i);
  });

  it("refuses more aliases than the alias limit", async () => {
    const aliases = Array.from(
      { length: GRAPHQL_LIMITS.maxOperationAliases + 1 },
      (_, i) => `a${i}: offers { totalCount }`,
    );
    expect(await firstError(`{ ${aliases.join(" ")} }`)).toMatch(/aliases limit/i);
  });

  it("refuses more tokens than the token limit", async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxOperationTokens }, () => "id").join(" ");
    expect(await firstError(`{ offers { items { ${fields} } } }`)).toMatch(/token limit/i);
  });

  it("refuses a body over the size limit before parsing it", async () => {
    const huge = await post(
      JSON.stringify({ query: `{ offers { totalCount } }${" ".repeat(GRAPHQL_LIMITS.maxBodyBytes)}` }),
    );
    expect(huge).toMatchObject({ status: 413, body: { error: { code: "INPUT" } } });
  });

  it("keeps serving while and after it refuses a burst of bad queries", async () => {
    const bad = [
      deepQuery(200),
      `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: offers { totalCount }`).join(" ")} }`,
      "{".repeat(5_000),
      `{ offers { items { ${"id ".repeat(20_000)} } } }`,
    ];
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => query(bad[i % bad.length]!)));
    expect(burst.every((r) => r.status === 413 || (r.body.errors?.length ?? 0) > 0)).toBe(true);
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    expect((await query("{ offers { totalCount } }")).body).toEqual({ data: { offers: { totalCount: 0 } } });
    expect((await stack.indexer.status()).ready).toBe(true);
  });
});
