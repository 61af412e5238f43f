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

// Progress goes to stderr: this runs before any test file, so a slow first compile is not mistaken for a hang.
const say = (line: string) => process.stderr.write(`global setup: ${line}\n`);

export default async function setup(project: TestProject) {
  const started = performance.now();
  const anvil = await startAnvil();
  try {
    say(`anvil on ${anvil.rpcUrl}; deploying with forge script (a first run compiles the contracts)`);
    // a run that forge's resend raced on a slow machine is tried again
    const file = `test-${process.pid}.json`;
    const { deployment } = await deployProtocol({ rpcUrl: anvil.rpcUrl, file, attempts: 3 });
    project.provide("chainState", await anvil.rpc<string>("anvil_dumpState"));
    project.provide("deploymentJson", stringifyDeployment(deployment));
    say(`deployed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await anvil.stop();
  }
}
