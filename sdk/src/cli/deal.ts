// `cloudless deal ...`: creating deals, their funds and their life; matching and workers are in deal-workers.ts.
import { type Command, Option } from "commander";
import { InputError } from "../errors.ts";
import { action, type Cli, examples, hashes, sentText } from "./command.ts";
import { type DealFlags, dealInput, dealSpec } from "./deal-input.ts";
import { registerDealExplainCommand } from "./deal-explain.ts";
import { registerDealWorkerCommands } from "./deal-workers.ts";
import { dealData, dealText, loadDeal } from "./deal-view.ts";
import { amount, keyValues, table } from "./format.ts";
import { requireBalance } from "./funds.ts";
import { parseAddress, parseAmount } from "./parse.ts";

export function registerDealCommands(program: Command, cli: Cli) {
  const deal = program.command("deal").description("create deals, fund them, match CUs, manage workers and pay");

  deal
    .command("create")
    .description("create a deal and deposit its first funds (at least minDealDepositEpochs x targetWorkers x price)")
    .option("--app <cid>", "the app's CID")
    .option("--min-workers <n>", "fewest workers the deal runs with")
    .option("--target-workers <n>", "workers the deal wants")
    .option("--max-per-provider <n>", "most workers one provider may serve")
    .option("--price <amount>", "price per worker per epoch, in payment-token units")
    .option("--deposit <amount>", "first deposit, in payment-token units")
    .option("--token <address>", "payment token (default: the deployment's payment token)")
    .option("--effector <cid...>", "effector CIDs every worker's offer must support")
    .addOption(
      new Option("--access <mode>", "allowlist or denylist the providers given with --provider").choices([
        "allowlist",
        "denylist",
      ]),
    )
    .option("--provider <address...>", "providers for the access list")
    .option("--self-matching", "let providers match their own CUs to the deal")
    .option("--approve", "approve the deposit for the deal factory first")
    .option(
      "--file <deal.json>",
      "the terms as JSON (keys: app, minWorkers, targetWorkers, maxWorkersPerProvider, price, deposit, token?, effectors?, access?, providers?, selfMatching?)",
    )
    .addHelpText(
      "after",
      examples(
        "deal create --app bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy --min-workers 1 --target-workers 2 \\\n" +
          "    --max-per-provider 1 --price 0.5 --deposit 10 --approve",
        "deal create --file deal.json --approve",
      ),
    )
    .action(
      action(cli, async (s, opts: DealFlags & { approve?: boolean }) => {
        const input = dealInput(opts, s.cwd);
        const { cl, me } = await s.writer();
        const token = await s.token(cl, input.token ?? s.paymentToken(cl, undefined));
        const spec = dealSpec(input, token);
        if (opts.approve) await requireBalance(cl, token.address, me, spec.deposit);
        const { deal: address, results } = await cl.deals.create(spec, { approve: opts.approve ?? false });
        const transactions = hashes(results);
        return {
          data: {
            deal: address,
            owner: me,
            deposit: spec.deposit,
            pricePerWorkerEpoch: spec.pricePerWorkerEpoch,
            paymentToken: token.address,
            transactions,
          },
          text:
            keyValues([
              ["deal", address],
              ["owner", me],
              ["deposit", amount(spec.deposit, token)],
              ["price", `${amount(spec.pricePerWorkerEpoch, token)} per worker-epoch`],
              [
                "workers",
                `min ${spec.minWorkers}, target ${spec.targetWorkers}, at most ${spec.maxWorkersPerProvider} per provider`,
              ],
            ]) +
            `next: cloudless deal match ${address}\n` +
            sentText(transactions),
        };
      }),
    );

  deal
    .command("show")
    .argument("<address>", "the deal's address")
    .description("a deal's status, runway in epochs, balance, workers and terms")
    .addHelpText("after", examples("deal show 0x<deal>"))
    .action(
      action(cli, async (s, address: string) => {
        const dealAddress = parseAddress(address, "deal");
        const cl = await s.reader();
        const { deal: d, token } = await loadDeal(s, cl, dealAddress);
        return { data: dealData(d, token), text: dealText(d, token) };
      }),
    );

  deal
    .command("list")
    .description("deals on the chain, or those of one owner")
    .option("--owner <address>", "only deals created by this account")
    .addHelpText("after", examples("deal list --owner 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"))
    .action(
      action(cli, async (s, opts: { owner?: string }) => {
        const owner = opts.owner === undefined ? undefined : parseAddress(opts.owner, "--owner");
        const cl = await s.reader();
        const deals = await Promise.all((await cl.deals.list(owner)).map((a) => loadDeal(s, cl, a)));
        return {
          data: { deals: deals.map(({ deal: d, token }) => dealData(d, token)) },
          text: table(
            ["deal", "owner", "status", "workers", "balance", "runway"],
            deals.map(({ deal: d, token }) => [
              d.address,
              d.owner,
              d.status,
              `${d.billing.workers}/${d.terms.targetWorkers}`,
              amount(d.billing.balance, token),
              `${d.runway} epochs`,
            ]),
          ),
        };
      }),
    );

  deal
    .command("deposit")
    .argument("<address>", "the deal's address")
    .argument("<amount>", "payment-token units (e.g. 10), or raw:<integer>")
    .description("add funds to a deal (anyone may)")
    .option("--approve", "approve the amount for the deal first")
    .addHelpText("after", examples("deal deposit 0x<deal> 5 --approve"))
    .action(
      action(cli, async (s, address: string, value: string, opts: { approve?: boolean }) => {
        const dealAddress = parseAddress(address, "deal");
        const { cl, me } = await s.writer();
        const { token } = await loadDeal(s, cl, dealAddress);
        const deposited = parseAmount(value, token.decimals, "amount");
        if (opts.approve) await requireBalance(cl, token.address, me, deposited);
        const results = await cl.deals.deposit(dealAddress, deposited, { approve: opts.approve ?? false });
        const { deal: d } = await loadDeal(s, cl, dealAddress);
        const transactions = hashes(results);
        return {
          data: { deal: dealAddress, amount: deposited, balance: d.billing.balance, runway: d.runway, transactions },
          text:
            keyValues([
              ["deal", dealAddress],
              ["deposited", amount(deposited, token)],
              ["balance", amount(d.billing.balance, token)],
              ["runway", `${d.runway} epochs`],
            ]) + sentText(transactions),
        };
      }),
    );

  deal
    .command("withdraw")
    .argument("<address>", "the deal's address")
    .argument(
      "<amount>",
      "payment-token units, raw:<integer>, or all (everything above the floor; everything once stopped)",
    )
    .description("withdraw funds from a deal to its owner")
    .addHelpText("after", examples("deal withdraw 0x<deal> 2.5", "deal withdraw 0x<deal> all"))
    .action(
      action(cli, async (s, address: string, value: string) => {
        const dealAddress = parseAddress(address, "deal");
        const { cl } = await s.writer();
        const { deal: d, token } = await loadDeal(s, cl, dealAddress);
        const balance = d.billing.balance;
        const available = d.billing.endEpoch !== 0 ? balance : balance > d.minBalance ? balance - d.minBalance : 0n;
        const withdrawn = value.trim() === "all" ? available : parseAmount(value, token.decimals, "amount");
        if (withdrawn === 0n)
          throw new InputError("nothing to withdraw", {
            details: `balance ${amount(balance, token)}, floor ${amount(d.minBalance, token)}`,
          });
        const transactions = hashes([await cl.deals.withdraw(dealAddress, withdrawn)]);
        return {
          data: { deal: dealAddress, amount: withdrawn, balance: balance - withdrawn, transactions },
          text: `withdrew ${amount(withdrawn, token)} from ${dealAddress}; ${amount(balance - withdrawn, token)} left\n${sentText(transactions)}`,
        };
      }),
    );

  deal
    .command("stop")
    .argument("<address>", "the deal's address")
    .description("end a deal (owner): this epoch is billed, nothing after; then withdraw the rest")
    .addHelpText("after", examples("deal stop 0x<deal>"))
    .action(
      action(cli, async (s, address: string) => {
        const dealAddress = parseAddress(address, "deal");
        const { cl } = await s.writer();
        const transactions = hashes([await cl.deals.stop(dealAddress)]);
        const { deal: d, token } = await loadDeal(s, cl, dealAddress);
        return {
          data: { deal: dealAddress, status: d.status, balance: d.billing.balance, transactions },
          text: `stopped ${dealAddress}; ${amount(d.billing.balance, token)} can be withdrawn (deal withdraw ${dealAddress} all)\n${sentText(transactions)}`,
        };
      }),
    );

  registerDealWorkerCommands(deal, cli);
  registerDealExplainCommand(deal, cli);
}
