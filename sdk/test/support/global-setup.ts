// Deploys the protocol once with the real deploy script on a throwaway anvil and hands its state to every test
// file, which loads it into an anvil of its own (test/support/chain.ts).
import type { TestProject } from "vitest/node";
import { startAnvil } from "../../src/devnet/anvil.ts";
import { deployProtocol } from "../../src/devnet/deploy.ts";

declare module "vitest" {
  export interface ProvidedContext {
    chainState: string;
    deploymentJson: string;
  }
}

export default async function setup(project: TestProject) {
  const anvil = await startAnvil();
  try {
    const { deployment } = await deployProtocol({ rpcUrl: anvil.rpcUrl, file: `test-${process.pid}.json` });
    const res = await fetch(anvil.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "anvil_dumpState", params: [] }),
    });
    const { result } = (await res.json()) as { result: string };
    project.provide("chainState", result);
    project.provide(
      "deploymentJson",
      JSON.stringify(deployment, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
  } finally {
    await anvil.stop();
  }
}
