// The market the API tests read: offers at several prices, in two tokens, with and without the effectors a deal
// requires; peers with several CUs; commitments active, failed, waiting for collateral, not yet started or absent;
// and two deals, one with a denylist, one with an allowlist that takes a CU the other deal would want.
import { type Address, type Hex, keccak256, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Cloudless, peerIdOf, unitIdOf } from "@cloudless/sdk";
import { ANVIL_KEYS } from "../../../sdk/src/devnet/deploy.ts";
import type { ApiStack } from "./api-harness.ts";

const id = (label: string): Hex => keccak256(toHex(label));
export const EFFECTORS = { curl: id("effector/curl"), ipfs: id("effector/ipfs"), gpu: id("effector/gpu") };
const BOTH = [EFFECTORS.curl, EFFECTORS.ipfs];

/** A peer of the provider with account `providerIndex`: its key and CU labels, and the ids the market gives them. */
function peer(label: string, units: number, providerIndex: number) {
  const publicKey = id(`${label}/peer`);
  const unitLabels = Array.from({ length: units }, (_, u) => id(`${label}/cu/${u}`));
  const peerId = peerIdOf(privateKeyToAccount(ANVIL_KEYS[providerIndex]!).address, publicKey);
  return { publicKey, unitLabels, peerId, unitIds: unitLabels.map((l) => unitIdOf(peerId, l)) };
}

/** Peers by label, as the tests name them. */
export const PEERS = {
  A1: peer("A1", 3, 1),
  A2: peer("A2", 2, 1),
  A3: peer("A3", 1, 1),
  Ax: peer("Ax", 1, 1), // the offer lacking an effector
  B1: peer("B1", 2, 2),
  B2: peer("B2", 1, 2),
  B3: peer("B3", 1, 2), // commitment waiting for collateral
  B4: peer("B4", 1, 2), // no commitment
  B5: peer("B5", 1, 2), // collateral deposited in the current epoch: starts next epoch
  C1: peer("C1", 1, 3), // price too high
  D1: peer("D1", 1, 4), // paid in another token
  F1: peer("F1", 1, 5), // denylisted provider
  F2: peer("F2", 1, 5),
  G1: peer("G1", 1, 6), // failed commitment
  G2: peer("G2", 2, 6), // its first CU serves the allowlist deal
};
export type PeerName = keyof typeof PEERS;

export const PRICE = {
  deal: 2_000_000n,
  A: 1_000_000n,
  Ax: 500_000n,
  B: 800_000n,
  C: 3_000_000n,
  D: 900_000n,
  F: 700_000n,
  G: 600_000n,
};

export interface Market {
  providers: Record<"P1" | "P2" | "P3" | "P4" | "P5" | "P6", Address>;
  owner: Cloudless;
  /** Denylist (P5), effectors curl + ipfs, price 2, target 6, at most 2 CUs per provider. */
  dealX: Address;
  /** Allowlist (P6), no effectors, target 1: matched to G2's first CU. */
  dealY: Address;
  epoch: bigint;
}

async function setUpProvider(stack: ApiStack, index: number, name: string) {
  const cl = stack.client(index);
  const { stakingToken, capacity } = stack.deployment.contracts;
  await cl.market.registerProvider(name);
  await cl.tokens.mint(stakingToken, cl.account!.address, parseEther("1000000"));
  await cl.tokens.approve(stakingToken, capacity, parseEther("1000000"));
  return cl;
}

async function commit(cl: Cloudless, name: PeerName, deposit = true, duration = 20n) {
  const { commitmentId } = await cl.capacity.createCommitment({
    peerId: PEERS[name].peerId,
    duration,
    delegatorShareBps: 0n,
  });
  if (deposit) await cl.capacity.depositCollateral(commitmentId);
  return commitmentId;
}

const offer = (cl: Cloudless, minPricePerUnit: bigint, paymentToken: Address, effectors: Hex[], names: PeerName[]) =>
  cl.market.createOffer({ minPricePerUnit, paymentToken, effectors, peers: names.map((n) => PEERS[n]) });

export async function buildMarket(stack: ApiStack): Promise<Market> {
  const { paymentToken, stakingToken } = stack.deployment.contracts;
  const start = (await stack.client(0).epochs.current()).epoch;

  // G1's commitment fails first: no proofs for more epochs than its one CU may miss, then it is finished.
  const p6 = await setUpProvider(stack, 6, "P6");
  await offer(p6, PRICE.G, paymentToken, [...BOTH, EFFECTORS.gpu], ["G1", "G2"]);
  const failing = await commit(p6, "G1", true, 5n);
  await stack.warpToEpoch(start + 5n);
  await p6.capacity.finishCommitment(failing);

  const p1 = await setUpProvider(stack, 1, "P1");
  await offer(p1, PRICE.A, paymentToken, BOTH, ["A1", "A2", "A3"]);
  await offer(p1, PRICE.Ax, paymentToken, [EFFECTORS.curl], ["Ax"]);
  const p2 = await setUpProvider(stack, 2, "P2");
  await offer(p2, PRICE.B, paymentToken, BOTH, ["B1", "B2", "B3", "B4", "B5"]);
  const p3 = await setUpProvider(stack, 3, "P3");
  await offer(p3, PRICE.C, paymentToken, BOTH, ["C1"]);
  const p4 = await setUpProvider(stack, 4, "P4");
  await offer(p4, PRICE.D, stakingToken, BOTH, ["D1"]);
  const p5 = await setUpProvider(stack, 5, "P5");
  await offer(p5, PRICE.F, paymentToken, BOTH, ["F1", "F2"]);

  for (const [cl, names] of [
    [p1, ["A1", "A2", "A3", "Ax"]],
    [p2, ["B1", "B2"]],
    [p3, ["C1"]],
    [p4, ["D1"]],
    [p5, ["F1", "F2"]],
    [p6, ["G2"]],
  ] as const) {
    for (const name of names) await commit(cl, name);
  }
  await commit(p2, "B3", false);
  const epoch = start + 6n;
  await stack.warpToEpoch(epoch);
  await commit(p2, "B5");

  const owner = stack.client(7);
  const providers = {
    P1: p1.account!.address,
    P2: p2.account!.address,
    P3: p3.account!.address,
    P4: p4.account!.address,
    P5: p5.account!.address,
    P6: p6.account!.address,
  };
  await owner.tokens.mint(paymentToken, owner.account!.address, 1_000_000_000n);
  const deal = (spec: Partial<Parameters<Cloudless["deals"]["create"]>[0]>) =>
    owner.deals.create(
      {
        appCid: id("app"),
        minWorkers: 1n,
        targetWorkers: 1n,
        maxWorkersPerProvider: 1n,
        pricePerWorkerEpoch: PRICE.deal,
        paymentToken,
        deposit: 100_000_000n,
        ...spec,
      },
      { approve: true },
    );
  const { deal: dealX } = await deal({
    targetWorkers: 6n,
    maxWorkersPerProvider: 2n,
    effectors: BOTH,
    accessMode: "Denylist",
    accessList: [providers.P5],
  });
  const { deal: dealY } = await deal({ accessMode: "Allowlist", accessList: [providers.P6] });
  return { providers, owner, dealX, dealY, epoch };
}
