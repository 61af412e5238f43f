import { type Hex, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProofs } from "../src/prover.ts";
import { startChain, type TestChain } from "./support/chain.ts";
import { activeProvider } from "./support/market.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain?.stop());

const verifierAbi = [
  {
    type: "function",
    name: "proofHash",
    stateMutability: "pure",
    inputs: [
      { name: "globalNonce", type: "bytes32" },
      { name: "unitId", type: "bytes32" },
      { name: "localNonce", type: "bytes32" },
    ],
    outputs: [{ type: "bytes32" }],
  },
] as const;

describe("reference prover", () => {
  it("finds nonces the on-chain verifier accepts, in increasing order", async () => {
    const challenge = { globalNonce: `0x${"ab".repeat(32)}` as Hex, difficulty: 2n ** 252n };
    const unitId = `0x${"cd".repeat(32)}` as Hex;
    const proofs = findProofs(challenge, unitId, 5n, 4);
    expect(proofs).toHaveLength(4);
    const nonces = proofs.map((p) => BigInt(p.localNonce));
    expect(nonces[0]! >= 5n).toBe(true);
    expect([...nonces].sort((a, b) => (a < b ? -1 : 1))).toEqual(nonces);
    const client = chain.client(0).publicClient;
    for (const p of proofs) {
      const hash = await client.readContract({
        address: chain.deployment.contracts.verifier,
        abi: verifierAbi,
        functionName: "proofHash",
        args: [challenge.globalNonce, unitId, p.localNonce],
      });
      expect(BigInt(hash) <= challenge.difficulty).toBe(true);
    }
  });

  it("gives up with a clear error when the difficulty is out of reach", () => {
    expect(() =>
      findProofs({ globalNonce: `0x${"00".repeat(32)}`, difficulty: 0n }, `0x${"01".repeat(32)}`, 0n, 1, 1000),
    ).toThrow(/no proof .* within 1000 nonces/);
  });

  it("splits many proofs into transactions that fit the gas budget and counts each once", async () => {
    const owner = chain.client(0);
    await owner.tokens.mint(chain.deployment.contracts.stakingToken, owner.account!.address, parseEther("100000"));
    await owner.tokens.approve(
      chain.deployment.contracts.stakingToken,
      chain.deployment.contracts.capacity,
      parseEther("100000"),
    );
    await owner.capacity.fundRewards(parseEther("100000"));
    const { units } = await activeProvider(chain, 1, "prove", 4, 8);
    await chain.nextEpoch();
    const prover = chain.client(1, { maxGasPerTx: 1_500_000n });
    const first = await prover.prove(units, 5);
    expect(first.proofs).toHaveLength(units.length * 5);
    expect(first.results.length).toBeGreaterThan(2);
    for (const r of first.results) expect(r.receipt.gasUsed).toBeLessThanOrEqual(1_500_000n);
    for (const unitId of units) expect((await prover.capacity.unitState(unitId)).proofs).toBe(5n);
    // a second run in the same epoch has nothing left to do
    const again = await prover.prove(units, 5);
    expect(again.proofs).toHaveLength(0);
    expect(again.results).toHaveLength(0);
  });
});
