// What `npm start` prints once the devnet is ready: where it runs, the contracts, who is who, the seeded market and
// what to try next.
import { join, relative } from "node:path";
import { formatUnits } from "viem";
import type { Cloudless } from "../../sdk/src/client.ts";
import { repoRoot } from "../../sdk/src/devnet/anvil.ts";
import { ANVIL_KEYS } from "../../sdk/src/devnet/deploy.ts";
import { devnetAddress, type SeededMarket } from "../../sdk/src/devnet/seed.ts";

export interface SummaryInput {
  rpcUrl: string;
  deploymentPath: string;
  market: SeededMarket;
  /** A client of any account, for reads. */
  client: Cloudless;
}

const pad = (text: string, width: number) => text.padEnd(width);

/** The CLI reads 127.0.0.1:8545 and deployments/<chainId>.json by default; anything else needs telling. */
function cliSetup(rpcUrl: string, file: string, chainId: number): string[] {
  const env = [
    ...(rpcUrl === "http://127.0.0.1:8545" ? [] : [`CLOUDLESS_RPC=${rpcUrl}`]),
    ...(file === join("deployments", `${chainId}.json`) ? [] : [`CLOUDLESS_DEPLOYMENT=${file}`]),
  ];
  return env.length ? [`  export ${env.join(" ")}`] : [];
}

export async function summary({ rpcUrl, deploymentPath, market, client }: SummaryInput): Promise<string> {
  const { deployment } = client;
  const { plan } = market;
  const { stakingToken, paymentToken } = deployment.contracts;
  const [stake, pay, params, developerBalance] = await Promise.all([
    client.tokens.metadata(stakingToken),
    client.tokens.metadata(paymentToken),
    client.epochs.params(),
    client.tokens.balanceOf(paymentToken, devnetAddress(plan.developer)),
  ]);
  const inStake = (v: bigint) => `${formatUnits(v, stake.decimals)} ${stake.symbol}`;
  const inPay = (v: bigint) => `${formatUnits(v, pay.decimals)} ${pay.symbol}`;

  const roles = new Map<number, string>([[plan.owner, "owner (deployer)"]]);
  for (const p of market.providers) roles.set(p.account, `provider "${p.name}"`);
  for (const d of plan.delegators) roles.set(d, "delegator");
  roles.set(plan.developer, "developer");

  const deal = await client.deals.get(market.deal.address);
  const commitments = market.providers.flatMap((p) => p.peers);
  const units = commitments.reduce((sum, c) => sum + c.unitIds.length, 0);
  const file = relative(repoRoot, deploymentPath);

  const lines = [
    "",
    "Cloudless devnet",
    `  RPC            ${rpcUrl}  (chain id ${deployment.chainId})`,
    `  epochs         ${deployment.epochDuration} s each; the commitments are active from epoch ${market.activeEpoch}`,
    `  deployment     ${file}`,
    "",
    "Contracts",
    ...Object.entries(deployment.contracts).map(([name, address]) => `  ${pad(name, 19)}${address}`),
    "",
    "Accounts: anvil's well-known devnet keys, public knowledge: never use them on a real network",
    ...ANVIL_KEYS.map((key, i) => `  #${i}  ${pad(roles.get(i) ?? "unused", 30)}${devnetAddress(i)}  ${key}`),
    "",
    "Market",
    ...market.providers.map(
      (p) =>
        `  offer ${p.offerId}  ${pad(p.name, 20)}${inPay(p.minPricePerUnit)} per CU per epoch · ` +
        `${p.peers.length} peers, ${p.peers.reduce((s, peer) => s + peer.unitIds.length, 0)} CUs · ` +
        `effectors: ${p.effectors.length ? p.effectors.join(", ") : "none"}`,
    ),
    `  ${commitments.length} capacity commitments over ${units} CUs, ${plan.commitmentEpochs} epochs each, collateral deposited by ` +
      `${plan.delegators.map((d) => `#${d}`).join(" and ")} (${Number(plan.delegatorShareBps) / 100}% of rewards to them)`,
    `  reward pool funded with ${inStake(market.rewardFunding)} (${inStake(params.rewardPerEpoch)} per epoch)`,
    `  developer #${plan.developer} holds ${inPay(developerBalance)}`,
    "",
    `Sample deal ${deal.address}`,
    `  app ${deal.appCid} · ${market.deal.workers.length} of ${deal.terms.targetWorkers} workers · ` +
      `${inPay(deal.terms.pricePerWorkerEpoch)} per worker per epoch · balance ${inPay(deal.billing.balance)}`,
    "",
    "Try",
    ...cliSetup(rpcUrl, file, deployment.chainId),
    "  npx cloudless chain epoch",
    `  npx cloudless provider show ${market.providers[0]!.address}`,
    `  npx cloudless deal show ${deal.address}`,
    `  npx cloudless deal workers ${deal.address}`,
    `  CLOUDLESS_PRIVATE_KEY=<a key above> npx cloudless ...   (to send transactions as that account)`,
    `  SDK: createCloudless({ deployment: loadDeployment("${file}"), rpcUrl: "${rpcUrl}" })`,
    "",
  ];
  return lines.join("\n");
}
