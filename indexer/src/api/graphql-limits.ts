// Limits on GraphQL requests, enforced before a query reaches the database: the body size (hono's bodyLimit) and
// the operation's tokens, depth and aliases (Ponder's graphql-armor plugins). GraphiQL's introspection query is
// about 15 levels deep, so the depth limit stays above it.
export const GRAPHQL_LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxOperationTokens: 1_000,
  maxOperationDepth: 20,
  maxOperationAliases: 30,
} as const;
