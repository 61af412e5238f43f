// Deals: creation, funds, workers, pay, and what a deal looks like now.
import type { Address, ContractFunctionName, Hex } from "viem";
import { type Cid, effectorId, formatCid, parseCid } from "../cid.ts";
import { type ModuleContext } from "../context.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { eventsOf, read, write, type WriteRequest, type WriteResult } from "../tx.ts";
import { dealAbi, dealFactoryAbi, enums, erc20Abi } from "./abis.ts";
import { assertAddress, assertId, assertPositive } from "./validate.ts";

export const DEAL_STATUS = enums.IDeal.Status;
export type DealStatus = (typeof DEAL_STATUS)[number];
export const ACCESS_MODE = enums.IDeal.AccessMode;
export type AccessMode = (typeof ACCESS_MODE)[number];

export interface DealSpec {
  /** The app's CID (base32 CIDv1, CIDv0, or a 0x sha2-256 digest). */
  appCid: string;
  minWorkers: bigint;
  targetWorkers: bigint;
  maxWorkersPerProvider: bigint;
  pricePerWorkerEpoch: bigint;
  paymentToken: Address;
  /** Effector CIDs every matched CU's offer must support. */
  effectors?: string[];
  accessMode?: AccessMode;
  accessList?: Address[];
  openToSelfMatching?: boolean;
  deposit: bigint;
}

export type Deals = ReturnType<typeof dealsModule>;
type DealWrite = ContractFunctionName<typeof dealAbi, "nonpayable">;

export function dealsModule(ctx: ModuleContext) {
  const factory = ctx.deployment.contracts.dealFactory;
  const client = ctx.tx.publicClient;
  const call = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);
  const dealWrite = (deal: Address, functionName: DealWrite, args: readonly unknown[]) =>
    write(ctx.tx, { address: deal, abi: dealAbi, functionName, args } as WriteRequest<typeof dealAbi, DealWrite>);

  async function assertDeal(deal: Address): Promise<Address> {
    assertAddress(deal, "deal");
    const known = await call(() =>
      client.readContract({ address: factory, abi: dealFactoryAbi, functionName: "isDeal", args: [deal] }),
    );
    if (!known) throw new NotFoundError(`${deal} is not a Cloudless deal`);
    return deal;
  }

  function validate(spec: DealSpec) {
    assertPositive(spec.pricePerWorkerEpoch, "the price per worker per epoch");
    assertPositive(spec.targetWorkers, "targetWorkers");
    assertAddress(spec.paymentToken, "payment token");
    if (spec.minWorkers < 1n || spec.minWorkers > spec.targetWorkers) {
      throw new InputError(`minWorkers ${spec.minWorkers} must be between 1 and targetWorkers ${spec.targetWorkers}`);
    }
    if (spec.maxWorkersPerProvider < 1n || spec.maxWorkersPerProvider > spec.targetWorkers) {
      throw new InputError(`maxWorkersPerProvider ${spec.maxWorkersPerProvider} must be between 1 and targetWorkers`);
    }
    for (const a of spec.accessList ?? []) assertAddress(a, "access list entry");
  }

  return {
    factory,

    /** Creates a deal and deposits its first funds; approves the deposit first when `approve`. */
    async create(
      spec: DealSpec,
      options: { approve?: boolean } = {},
    ): Promise<{ deal: Address; results: WriteResult[] }> {
      validate(spec);
      const app: Cid = parseCid(spec.appCid);
      const results: WriteResult[] = [];
      if (options.approve) {
        results.push(
          await write(ctx.tx, {
            address: spec.paymentToken,
            abi: erc20Abi,
            functionName: "approve",
            args: [factory, spec.deposit],
          }),
        );
      }
      const result = await write(ctx.tx, {
        address: factory,
        abi: dealFactoryAbi,
        functionName: "createDeal",
        args: [
          {
            appCid: app.digest,
            appCodec: app.codec,
            minWorkers: spec.minWorkers,
            targetWorkers: spec.targetWorkers,
            maxWorkersPerProvider: spec.maxWorkersPerProvider,
            pricePerWorkerEpoch: spec.pricePerWorkerEpoch,
            paymentToken: spec.paymentToken,
            effectors: (spec.effectors ?? []).map(effectorId),
            accessMode: ACCESS_MODE.indexOf(spec.accessMode ?? "None"),
            accessList: spec.accessList ?? [],
            openToSelfMatching: spec.openToSelfMatching ?? false,
            deposit: spec.deposit,
          },
        ],
      });
      results.push(result);
      return { deal: eventsOf(result, "DealCreated")[0]!.args.deal, results };
    },

    assertDeal,

    /** Everything about a deal now: terms, status, runway (epochs its balance still pays), billing. */
    async get(deal: Address) {
      await assertDeal(deal);
      const view = { address: deal, abi: dealAbi } as const;
      const [owner, terms, status, runway, billing, unitCount, minBalance, app, effectors, accessMode] = await call(
        () =>
          Promise.all([
            client.readContract({ ...view, functionName: "owner" }),
            client.readContract({ ...view, functionName: "terms" }),
            client.readContract({ ...view, functionName: "status" }),
            client.readContract({ ...view, functionName: "runway" }),
            client.readContract({ ...view, functionName: "billing" }),
            client.readContract({ ...view, functionName: "unitCount" }),
            client.readContract({ ...view, functionName: "minBalance" }),
            client.readContract({ ...view, functionName: "appCid" }),
            client.readContract({ ...view, functionName: "effectors" }),
            client.readContract({ ...view, functionName: "accessMode" }),
          ]),
      );
      return {
        address: deal,
        owner,
        terms,
        status: DEAL_STATUS[status] ?? "Active",
        runway,
        billing,
        unitCount,
        minBalance,
        appCid: formatCid({ codec: app[0], digest: app[1] }),
        effectors: [...effectors],
        accessMode: ACCESS_MODE[accessMode] ?? "None",
      };
    },

    /** Deals created by `owner` (all deals when omitted), from the factory's DealCreated events. */
    async list(owner?: Address): Promise<Address[]> {
      if (owner !== undefined) assertAddress(owner, "owner");
      const logs = await call(() =>
        client.getContractEvents({
          address: factory,
          abi: dealFactoryAbi,
          eventName: "DealCreated",
          args: owner ? { owner } : {},
          fromBlock: ctx.deployment.startBlock,
        }),
      );
      return logs.map((l) => l.args.deal!);
    },

    async deposit(deal: Address, amount: bigint, options: { approve?: boolean } = {}) {
      assertPositive(amount, "the amount");
      await assertDeal(deal);
      const results: WriteResult[] = [];
      if (options.approve) {
        const { paymentToken } = await call(() =>
          client.readContract({ address: deal, abi: dealAbi, functionName: "terms" }),
        );
        results.push(
          await write(ctx.tx, { address: paymentToken, abi: erc20Abi, functionName: "approve", args: [deal, amount] }),
        );
      }
      results.push(await dealWrite(deal, "deposit", [amount]));
      return results;
    },

    /** Withdraws to the owner, or to `to` (an owner the payment token blocks withdraws elsewhere). */
    async withdraw(deal: Address, amount: bigint, to?: Address) {
      assertPositive(amount, "the amount");
      if (to === undefined) return dealWrite(await assertDeal(deal), "withdraw", [amount]);
      assertAddress(to, "recipient");
      return dealWrite(await assertDeal(deal), "withdrawTo", [amount, to]);
    },

    stop: async (deal: Address) => dealWrite(await assertDeal(deal), "stop", []),

    async setWorker(deal: Address, unitId: Hex, workerId: Hex) {
      assertId(unitId, "CU id");
      assertId(workerId, "worker id");
      return dealWrite(await assertDeal(deal), "setWorker", [unitId, workerId]);
    },

    async returnUnit(deal: Address, unitId: Hex) {
      assertId(unitId, "CU id");
      return dealWrite(await assertDeal(deal), "returnUnit", [unitId]);
    },

    async claimPay(deal: Address, unitId: Hex) {
      assertId(unitId, "CU id");
      const result = await dealWrite(await assertDeal(deal), "claimPay", [unitId]);
      return { amount: eventsOf(result, "PayClaimed").reduce((s, e) => s + e.args.amount, 0n), result };
    },

    /** Claims the signer's pay as a provider, to itself or to `to` (a provider the token blocks is paid elsewhere). */
    async claimProviderPay(deal: Address, to?: Address) {
      if (to !== undefined) assertAddress(to, "recipient");
      const result =
        to === undefined
          ? await dealWrite(await assertDeal(deal), "claimProviderPay", [])
          : await dealWrite(await assertDeal(deal), "claimProviderPayTo", [to]);
      return { amount: eventsOf(result, "PayClaimed").reduce((s, e) => s + e.args.amount, 0n), result };
    },

    async providerPay(deal: Address, provider: Address) {
      assertAddress(provider, "provider");
      await assertDeal(deal);
      return call(() =>
        client.readContract({ address: deal, abi: dealAbi, functionName: "providerPay", args: [provider] }),
      );
    },

    async setAppCid(deal: Address, cid: string) {
      const app = parseCid(cid);
      return dealWrite(await assertDeal(deal), "setAppCid", [app.codec, app.digest]);
    },

    setAccessMode: async (deal: Address, mode: AccessMode) =>
      dealWrite(await assertDeal(deal), "setAccessMode", [ACCESS_MODE.indexOf(mode)]),

    async setAccessList(deal: Address, providers: Address[], listed: boolean) {
      for (const p of providers) assertAddress(p, "provider");
      return dealWrite(await assertDeal(deal), "setAccessList", [providers, listed]);
    },

    async transferOwnership(deal: Address, newOwner: Address) {
      assertAddress(newOwner, "new owner");
      return dealWrite(await assertDeal(deal), "transferOwnership", [newOwner]);
    },

    acceptOwnership: async (deal: Address) => dealWrite(await assertDeal(deal), "acceptOwnership", []),

    /** The deal's CUs now, each with its peer, provider and worker (0x0…0 until one is registered). */
    async workers(deal: Address) {
      await assertDeal(deal);
      const [matched, returned] = await Promise.all(
        (["UnitMatched", "UnitReturned"] as const).map((eventName) =>
          call(() =>
            client.getContractEvents({ address: deal, abi: dealAbi, eventName, fromBlock: ctx.deployment.startBlock }),
          ),
        ),
      );
      const current = new Map<Hex, { unitId: Hex; peerId: Hex; provider: Address }>();
      const ordered = [...matched!, ...returned!].sort((a, b) =>
        a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : Number(a.blockNumber - b.blockNumber),
      );
      for (const log of ordered) {
        const args = log.args as { unitId: Hex; peerId: Hex; provider: Address };
        if (log.eventName === "UnitMatched") current.set(args.unitId, args);
        else current.delete(args.unitId);
      }
      return Promise.all(
        [...current.values()].map(async (u) => ({
          ...u,
          workerId: await call(() =>
            client.readContract({ address: deal, abi: dealAbi, functionName: "workerOfPeer", args: [u.peerId] }),
          ),
        })),
      );
    },
  };
}
