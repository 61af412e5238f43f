#!/usr/bin/env node
// The `cloudless` CLI runs from the TypeScript sources through tsx's loader, so `npm ci` is the only set-up step.
import { register } from "tsx/esm/api";

// A reader that stops early (`cloudless ... | head`) closes the pipe: that ends the command, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
