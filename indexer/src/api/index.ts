// The indexer's HTTP API (docs/indexer.md): Ponder's GraphQL and SQL over HTTP, the deal matching endpoints and a
// status with the lag behind the chain. Ponder itself serves /health, /ready, /status and /metrics.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { client, graphql } from "ponder";
import { deals } from "./deals.ts";
import { GRAPHQL_LIMITS } from "./graphql-limits.ts";
import { endpoint, errorResponse } from "./http.ts";
import { indexerStatus } from "./status.ts";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use(
  "/graphql",
  bodyLimit({
    maxSize: GRAPHQL_LIMITS.maxBodyBytes,
    onError: (c) => errorResponse(c, 413, "INPUT", `the request body is over ${GRAPHQL_LIMITS.maxBodyBytes} bytes`),
  }),
  graphql({ db, schema }, GRAPHQL_LIMITS),
);
app.get("/status/lag", endpoint(indexerStatus));
app.route("/deals", deals);

export default app;
