// Deploys the protocol once with the real deploy script on a throwaway anvil and hands its state to every test
// file, which loads it into an anvil of its own (test/support/chain.ts).
import type { TestProject } from "vitest/node";
import { startAnvil } from "../../src/devnet/anvil.ts";
import { deployProtocol } from "../../src/devnet/deploy.ts";
import { stringifyDeployment } from "../../src/deployment.ts";

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
    project.provide("chainState", await anvil.rpc<string>("anvil_dumpState"));
    project.provide("deploymentJson", stringifyDeployment(deployment));
  } finally {
    await anvil.stop();
  }
}
