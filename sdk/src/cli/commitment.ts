// `cloudless provider commitment|collateral|rewards ...`: capacity commitments, their collateral and rewards.
import type { Command } from "commander";
import { zeroAddress } from "viem";
import type { Cloudless } from "../client.ts";
import { action, type Cli, examples, hashes, sentText } from "./command.ts";
import { amount, keyValues, type TokenInfo } from "./format.ts";
import { requireBalance } from "./funds.ts";
import { parseAddress, parseId, parseInteger } from "./parse.ts";
import type { Session } from "./session.ts";

type Commitment = Awaited<ReturnType<Cloudless["capacity"]["getCommitment"]>>;

const stakingToken = (s: Session, cl: Cloudless) => s.token(cl, cl.deployment.contracts.stakingToken);

function rewardRows(c: Commitment, token: TokenInfo): [string, string][] {
  return [
    ["rewards earned", amount(c.rewardsEarned, token)],
    ["rewards vested", amount(c.rewardsVested, token)],
    ["provider can withdraw", amount(c.providerWithdrawable, token)],
    ["delegator can withdraw", amount(c.delegatorWithdrawable, token)],
    ["slashed", amount(c.slashed, token)],
  ];
}

export function registerCommitmentCommands(provider: Command, cli: Cli) {
  const commitment = provider.command("commitment").description("pledge a peer's CUs for a number of epochs");

  commitment
    .command("create")
    .description("create a capacity commitment for a peer; it starts the epoch after its collateral is deposited")
    .requiredOption("--peer <peerId>", "the peer whose CUs are committed (32-byte hex)")
    .requiredOption("--duration <epochs>", "how many epochs (at least the protocol's minCommitmentDuration)")
    .option("--delegator <address>", "the only account allowed to deposit the collateral (default: anyone)")
    .option("--share-bps <n>", "the delegator's share of rewards in basis points, 0..10000", "0")
    .addHelpText("after", examples("provider commitment create --peer 0x<peerA> --duration 10 --share-bps 2000"))
    .action(
      action(cli, async (s, opts: { peer: string; duration: string; delegator?: string; shareBps: string }) => {
        const peerId = parseId(opts.peer, "--peer");
        const duration = parseInteger(opts.duration, "--duration");
        const shareBps = parseInteger(opts.shareBps, "--share-bps", 0n);
        const delegator = opts.delegator === undefined ? undefined : parseAddress(opts.delegator, "--delegator");
        const { cl } = await s.writer();
        const { commitmentId, result } = await cl.capacity.createCommitment({
          peerId,
          duration,
          delegatorShareBps: shareBps,
          ...(delegator ? { delegator } : {}),
        });
        const c = await cl.capacity.getCommitment(commitmentId);
        const token = await stakingToken(s, cl);
        const collateral = c.collateralPerUnit * c.unitCount;
        const transactions = hashes([result]);
        return {
          data: { commitmentId, peerId, unitCount: c.unitCount, duration, collateral, status: c.status, transactions },
          text:
            keyValues([
              ["commitment", commitmentId],
              ["peer", peerId],
              ["CUs", c.unitCount],
              ["duration", `${duration} epochs`],
              ["collateral due", amount(collateral, token)],
              ["status", c.status],
            ]) +
            `next: cloudless provider collateral deposit ${commitmentId} --approve\n` +
            sentText(transactions),
        };
      }),
    );

  commitment
    .command("show")
    .argument("<commitmentId>", "the commitment's number")
    .description("a commitment's terms, status, collateral, failures and rewards")
    .addHelpText("after", examples("provider commitment show 1"))
    .action(
      action(cli, async (s, id: string) => {
        const commitmentId = parseInteger(id, "commitment id");
        const cl = await s.reader();
        const c = await cl.capacity.getCommitment(commitmentId);
        const token = await stakingToken(s, cl);
        return {
          data: {
            commitmentId,
            status: c.status,
            peerId: c.peerId,
            provider: c.provider,
            delegator: c.delegator === zeroAddress ? null : c.delegator,
            delegatorShareBps: c.delegatorShareBps,
            unitCount: c.unitCount,
            activeUnits: c.activeUnits,
            duration: c.duration,
            startEpoch: c.startEpoch,
            endEpoch: c.endEpoch,
            collateralPerUnit: c.collateralPerUnit,
            failedUnitEpochs: c.failedUnitEpochs,
            slashed: c.slashed,
            rewardsEarned: c.rewardsEarned,
            rewardsVested: c.rewardsVested,
            providerWithdrawable: c.providerWithdrawable,
            delegatorWithdrawable: c.delegatorWithdrawable,
          },
          text: keyValues([
            ["commitment", commitmentId],
            ["status", c.status],
            ["peer", c.peerId],
            ["provider", c.provider],
            ["delegator", c.delegator === zeroAddress ? "(anyone)" : c.delegator],
            ["delegator share", `${Number(c.delegatorShareBps) / 100}%`],
            ["CUs", `${c.unitCount} (${c.activeUnits} proving)`],
            ["duration", `${c.duration} epochs`],
            ["epochs", c.startEpoch === 0n ? "not started" : `${c.startEpoch} to ${c.endEpoch} (exclusive)`],
            ["collateral", amount(c.collateralPerUnit * c.unitCount, token)],
            ["failed CU-epochs", c.failedUnitEpochs],
            ...rewardRows(c, token),
          ]),
        };
      }),
    );

  const collateral = provider.command("collateral").description("deposit a commitment's collateral");

  collateral
    .command("deposit")
    .argument("<commitmentId>", "the commitment's number")
    .description(
      "deposit the collateral (the current collateralPerUnit x CUs, in the staking token); the commitment starts next epoch",
    )
    .option("--approve", "approve the staking token for the capacity module first")
    .addHelpText("after", examples("provider collateral deposit 1 --approve"))
    .action(
      action(cli, async (s, id: string, opts: { approve?: boolean }) => {
        const commitmentId = parseInteger(id, "commitment id");
        const { cl, me } = await s.writer();
        if (opts.approve) {
          // the collateral comes in at the current epoch's price
          const [c, { collateralPerUnit }] = await Promise.all([
            cl.capacity.getCommitment(commitmentId),
            cl.epochs.params(),
          ]);
          await requireBalance(cl, cl.deployment.contracts.stakingToken, me, collateralPerUnit * c.unitCount);
        }
        const deposited = await cl.capacity.depositCollateral(commitmentId, { approve: opts.approve ?? false });
        const [c, token] = await Promise.all([cl.capacity.getCommitment(commitmentId), stakingToken(s, cl)]);
        const transactions = hashes(deposited.results);
        return {
          data: {
            commitmentId,
            amount: deposited.amount,
            startEpoch: c.startEpoch,
            endEpoch: c.endEpoch,
            status: c.status,
            transactions,
          },
          text:
            keyValues([
              ["commitment", commitmentId],
              ["deposited", amount(deposited.amount, token)],
              ["status", c.status],
              ["active", `epochs ${c.startEpoch} to ${c.endEpoch} (exclusive)`],
            ]) + sentText(transactions),
        };
      }),
    );

  const rewards = provider.command("rewards").description("a commitment's rewards");

  rewards
    .command("show")
    .argument("<commitmentId>", "the commitment's number")
    .description("rewards earned, vested and withdrawable, and collateral slashed")
    .addHelpText("after", examples("provider rewards show 1"))
    .action(
      action(cli, async (s, id: string) => {
        const commitmentId = parseInteger(id, "commitment id");
        const cl = await s.reader();
        const c = await cl.capacity.getCommitment(commitmentId);
        const token = await stakingToken(s, cl);
        return {
          data: {
            commitmentId,
            status: c.status,
            rewardsEarned: c.rewardsEarned,
            rewardsVested: c.rewardsVested,
            providerWithdrawable: c.providerWithdrawable,
            delegatorWithdrawable: c.delegatorWithdrawable,
            slashed: c.slashed,
          },
          text: keyValues([["commitment", commitmentId], ["status", c.status], ...rewardRows(c, token)]),
        };
      }),
    );

  rewards
    .command("withdraw")
    .argument("<commitmentId>", "the commitment's number")
    .description("withdraw the signer's vested rewards (as provider or delegator)")
    .addHelpText("after", examples("provider rewards withdraw 1"))
    .action(
      action(cli, async (s, id: string) => {
        const commitmentId = parseInteger(id, "commitment id");
        const { cl } = await s.writer();
        const withdrawn = await cl.capacity.withdrawRewards(commitmentId);
        const token = await stakingToken(s, cl);
        const transactions = hashes([withdrawn.result]);
        return {
          data: { commitmentId, amount: withdrawn.amount, transactions },
          text: `withdrew ${amount(withdrawn.amount, token)} from commitment ${commitmentId}\n${sentText(transactions)}`,
        };
      }),
    );
}
