// Capacity commitments: creation, collateral, proofs (batched), rewards and the end of a commitment.
import { type Address, type Hex, zeroAddress } from "viem";
import { gasBudget, sendInChunks } from "../batch.ts";
import { type ModuleContext, signer } from "../context.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { eventsOf, read, write, type WriteResult } from "../tx.ts";
import { capacityAbi, coreAbi, enums, erc20Abi } from "./abis.ts";
import { assertAddress, assertId } from "./validate.ts";

export const COMMITMENT_STATUS = enums.ICapacity.Status;
export type CommitmentStatus = (typeof COMMITMENT_STATUS)[number];

export interface CommitmentSpec {
  peerId: Hex;
  /** Epochs, at least the protocol's minCommitmentDuration. */
  duration: bigint;
  /** The only account allowed to deposit the collateral; anyone when omitted. */
  delegator?: Address;
  /** Delegator's share of rewards in basis points. */
  delegatorShareBps: bigint;
}

export interface Proof {
  unitId: Hex;
  localNonce: Hex;
}

export type Capacity = ReturnType<typeof capacityModule>;

export function capacityModule(ctx: ModuleContext) {
  const address = ctx.deployment.contracts.capacity;
  const client = ctx.tx.publicClient;
  const call = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);

  async function getCommitment(commitmentId: bigint) {
    const [c, a] = await Promise.all([
      call(() => client.readContract({ address, abi: capacityAbi, functionName: "commitment", args: [commitmentId] })),
      call(() => client.readContract({ address, abi: capacityAbi, functionName: "accounting", args: [commitmentId] })),
    ]);
    if (c.provider === zeroAddress) throw new NotFoundError(`commitment ${commitmentId} does not exist`);
    return { commitmentId, ...c, ...a, status: COMMITMENT_STATUS[a.status] ?? "None" };
  }

  return {
    address,

    async createCommitment(spec: CommitmentSpec): Promise<{ commitmentId: bigint; result: WriteResult }> {
      assertId(spec.peerId, "peer id");
      if (spec.delegator !== undefined) assertAddress(spec.delegator, "delegator");
      if (spec.delegatorShareBps < 0n || spec.delegatorShareBps > 10_000n) {
        throw new InputError(`delegator share ${spec.delegatorShareBps} bps is outside 0..10000`);
      }
      const result = await write(ctx.tx, {
        address,
        abi: capacityAbi,
        functionName: "createCommitment",
        args: [spec.peerId, spec.duration, spec.delegator ?? zeroAddress, spec.delegatorShareBps],
      });
      return { commitmentId: eventsOf(result, "CommitmentCreated")[0]!.args.commitmentId, result };
    },

    getCommitment,

    commitmentCount: () =>
      call(() => client.readContract({ address, abi: capacityAbi, functionName: "commitmentCount" })),

    removeCommitment: (commitmentId: bigint) =>
      write(ctx.tx, { address, abi: capacityAbi, functionName: "removeCommitment", args: [commitmentId] }),

    /** Deposits the collateral (collateralPerUnit x CUs, in the staking token); approves it first when `approve`. */
    /**
     * Deposits a commitment's collateral at the current epoch's price (with `approve`, approving that much first);
     * returns the amount the chain took.
     */
    async depositCollateral(commitmentId: bigint, options: { approve?: boolean } = {}) {
      const c = await getCommitment(commitmentId);
      const { collateralPerUnit } = await call(() =>
        ctx.tx.publicClient.readContract({
          address: ctx.deployment.contracts.core,
          abi: coreAbi,
          functionName: "params",
        }),
      );
      let amount = collateralPerUnit * c.unitCount;
      const results: WriteResult[] = [];
      if (options.approve) {
        const token = ctx.deployment.contracts.stakingToken;
        results.push(
          await write(ctx.tx, { address: token, abi: erc20Abi, functionName: "approve", args: [address, amount] }),
        );
      }
      const deposited = await write(ctx.tx, {
        address,
        abi: capacityAbi,
        functionName: "depositCollateral",
        args: [commitmentId],
      });
      results.push(deposited);
      amount = eventsOf(deposited, "CollateralDeposited")[0]?.args.amount ?? amount;
      return { amount, results };
    },

    finishCommitment: (commitmentId: bigint) =>
      write(ctx.tx, { address, abi: capacityAbi, functionName: "finishCommitment", args: [commitmentId] }),

    /** The delegator withdraws, to `to` (default: itself), collateral that finishing could not send it. */
    withdrawCollateral(commitmentId: bigint, to?: Address) {
      const recipient = to ?? signer(ctx);
      assertAddress(recipient, "recipient");
      return write(ctx.tx, {
        address,
        abi: capacityAbi,
        functionName: "withdrawCollateral",
        args: [commitmentId, recipient],
      });
    },

    /** Sends the staking tokens the module holds above what it owes to the treasury (anyone may). */
    sweepSurplus: () => write(ctx.tx, { address, abi: capacityAbi, functionName: "sweepSurplus", args: [] }),

    /** The staking tokens the module owes: collateral, reserve and rewards not yet withdrawn. */
    liabilities: () =>
      call(() => ctx.tx.publicClient.readContract({ address, abi: capacityAbi, functionName: "liabilities" })),

    async withdrawRewards(commitmentId: bigint) {
      const result = await write(ctx.tx, {
        address,
        abi: capacityAbi,
        functionName: "withdrawRewards",
        args: [commitmentId],
      });
      return { amount: eventsOf(result, "RewardsWithdrawn").reduce((sum, e) => sum + e.args.amount, 0n), result };
    },

    fundRewards: (amount: bigint) =>
      write(ctx.tx, { address, abi: capacityAbi, functionName: "fundRewards", args: [amount] }),

    rewardReserve: () => call(() => client.readContract({ address, abi: capacityAbi, functionName: "rewardReserve" })),

    advanceEpoch: () => write(ctx.tx, { address, abi: capacityAbi, functionName: "advanceEpoch", args: [] }),

    /** The current epoch's challenge, or undefined while nobody has advanced the capacity module into it. */
    async epochChallenge() {
      try {
        const [epoch, globalNonce, difficulty] = await call(() =>
          client.readContract({ address, abi: capacityAbi, functionName: "epochChallenge" }),
        );
        return { epoch, globalNonce, difficulty };
      } catch (err) {
        if ((err as { errorName?: string }).errorName === "EpochNotAdvanced") return undefined;
        throw err;
      }
    },

    unitState: (unitId: Hex) => {
      assertId(unitId, "CU id");
      return call(() => client.readContract({ address, abi: capacityAbi, functionName: "unitState", args: [unitId] }));
    },

    /** Submits proofs in as many transactions as the block gas limit requires. */
    async submitProofs(proofs: Proof[]): Promise<WriteResult[]> {
      if (!proofs.length) throw new InputError("no proofs to submit");
      for (const p of proofs) assertId(p.unitId, "CU id");
      const maxGas = await gasBudget(ctx.tx, ctx.budget);
      return sendInChunks(ctx.tx, proofs, maxGas, (chunk) => ({
        request: { address, abi: capacityAbi, functionName: "submitProofs" as const, args: [[...chunk]] as const },
        used: chunk.length,
      }));
    },
  };
}
