// Seeds a provider with committed, active peers for tests that need capacity or matchable CUs.
import { parseEther } from "viem";
import type { TestChain } from "./chain.ts";
import { ids } from "./ids.ts";

export async function activeProvider(
  chain: TestChain,
  index: number,
  tag: string,
  peers = 2,
  units = 2,
  price = 1_000_000n,
) {
  const provider = chain.client(index);
  const { stakingToken, paymentToken } = chain.deployment.contracts;
  await provider.market.registerProvider(`provider ${tag}`);
  const { offerId, peers: placed } = await provider.market.createOffer({
    minPricePerUnit: price,
    paymentToken,
    peers: ids.peers(peers, units, tag),
  });
  await provider.tokens.mint(stakingToken, provider.account!.address, parseEther("1000000"));
  const commitments: bigint[] = [];
  for (const peer of placed) {
    const { commitmentId } = await provider.capacity.createCommitment({
      peerId: peer.peerId,
      duration: 20n,
      delegatorShareBps: 0n,
    });
    await provider.capacity.depositCollateral(commitmentId, { approve: true });
    commitments.push(commitmentId);
  }
  return { provider, offerId, peers: placed, commitments, units: placed.flatMap((p) => p.unitIds) };
}
