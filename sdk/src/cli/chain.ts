// `cloudless chain ...`: the protocol's clock, its parameters, and an account's balances.
import type { Command } from "commander";
import { formatEther, zeroAddress } from "viem";
import { action, type Cli, examples } from "./command.ts";
import { amount, keyValues } from "./format.ts";
import { query } from "./rpc.ts";

export function registerChainCommands(program: Command, cli: Cli) {
  const chain = program.command("chain").description("the protocol's epoch, parameters, and account balances");

  chain
    .command("epoch")
    .description("the current epoch, seconds left in it, and the epoch duration")
    .addHelpText("after", examples("chain epoch"))
    .action(
      action(cli, async (s) => {
        const cl = await s.reader();
        const e = await cl.epochs.current();
        return {
          data: e,
          text: keyValues([
            ["epoch", e.epoch],
            ["seconds left", e.secondsLeft],
            ["duration", `${e.duration} s`],
            ["started", new Date(Number(e.startsAt) * 1000).toISOString()],
            ["ends", new Date(Number(e.endsAt) * 1000).toISOString()],
          ]),
        };
      }),
    );

  chain
    .command("params")
    .description("the protocol parameters in force now")
    .addHelpText("after", examples("chain params"))
    .action(
      action(cli, async (s) => {
        const cl = await s.reader();
        const [p, staking] = await Promise.all([cl.epochs.params(), s.token(cl, cl.deployment.contracts.stakingToken)]);
        return {
          data: { ...p, epochDuration: cl.deployment.epochDuration, contracts: cl.deployment.contracts },
          text: keyValues([
            ["epoch duration", `${cl.deployment.epochDuration} s`],
            ["collateral per CU", amount(p.collateralPerUnit, staking)],
            ["reward per epoch", amount(p.rewardPerEpoch, staking)],
            ["proofs per CU-epoch", `${p.minProofsPerEpoch} to ${p.maxProofsPerEpoch}`],
            ["vesting period", `${p.vestingPeriod} epochs`],
            ["slashing rate", `${p.slashingRateBps / 100}% of a CU's collateral per failed epoch`],
            ["max failed ratio", `${p.maxFailedRatio} failed epochs per CU`],
            ["min commitment", `${p.minCommitmentDuration} epochs`],
            ["min deal deposit", `${p.minDealDepositEpochs} epochs of target workers`],
            ["deal rejoin delay", `${p.dealRejoinDelay} epochs before a returned CU's peer may serve the deal again`],
            ["difficulty", `0x${p.difficulty.toString(16).padStart(64, "0")}`],
          ]),
        };
      }),
    );

  chain
    .command("balance")
    .argument("[address]", "the account (default: the signer)")
    .description("ETH, staking token and payment token balances")
    .addHelpText("after", examples("chain balance 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"))
    .action(
      action(cli, async (s, address: string | undefined) => {
        const who = await s.addressOr(address, "account");
        const cl = await s.reader();
        const tokens = [cl.deployment.contracts.stakingToken, cl.deployment.contracts.paymentToken].filter(
          (t) => t !== zeroAddress,
        );
        const [eth, held] = await Promise.all([
          query(() => cl.publicClient.getBalance({ address: who })),
          Promise.all(
            tokens.map(async (t) => ({ token: await s.token(cl, t), balance: await cl.tokens.balanceOf(t, who) })),
          ),
        ]);
        return {
          data: {
            address: who,
            eth,
            tokens: held.map(({ token, balance }) => ({
              address: token.address,
              symbol: token.symbol,
              decimals: token.decimals,
              balance,
            })),
          },
          text: keyValues([
            ["account", who],
            ["ETH", formatEther(eth)],
            ...held.map(({ token, balance }): [string, string] => [token.symbol, amount(balance, token)]),
          ]),
        };
      }),
    );
}
