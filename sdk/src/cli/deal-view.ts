// How a deal is shown: its state read once, with its payment token, as JSON data or as text.
import type { Address } from "viem";
import type { Cloudless } from "../client.ts";
import { amount, keyValues, type TokenInfo } from "./format.ts";
import type { Session } from "./session.ts";

type Deal = Awaited<ReturnType<Cloudless["deals"]["get"]>>;

/** A deal with its payment token's symbol and decimals. */
export async function loadDeal(s: Session, cl: Cloudless, address: Address): Promise<{ deal: Deal; token: TokenInfo }> {
  const deal = await cl.deals.get(address);
  return { deal, token: await s.token(cl, deal.terms.paymentToken) };
}

export function dealData(deal: Deal, token: TokenInfo) {
  return {
    address: deal.address,
    owner: deal.owner,
    status: deal.status,
    runway: deal.runway,
    balance: deal.billing.balance,
    minBalance: deal.minBalance,
    units: deal.unitCount,
    workers: deal.billing.workers,
    paidEpochs: deal.billing.paidEpochs,
    endEpoch: deal.billing.endEpoch === 0 ? null : deal.billing.endEpoch,
    appCid: deal.appCid,
    effectors: deal.effectors,
    accessMode: deal.accessMode,
    terms: deal.terms,
    token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
  };
}

export function dealText(deal: Deal, token: TokenInfo): string {
  const t = deal.terms;
  return keyValues([
    ["deal", deal.address],
    ["status", deal.status],
    ["owner", deal.owner],
    ["app", deal.appCid],
    ["balance", amount(deal.billing.balance, token)],
    ["floor", `${amount(deal.minBalance, token)} (kept in while the deal runs)`],
    ["runway", `${deal.runway} epochs`],
    [
      "workers",
      `${deal.billing.workers} registered, ${deal.unitCount} CUs matched (min ${t.minWorkers}, target ${t.targetWorkers}, at most ${t.maxWorkersPerProvider} per provider)`,
    ],
    ["price", `${amount(t.pricePerWorkerEpoch, token)} per worker-epoch`],
    ["token", `${token.symbol} ${token.address}`],
    ["paid epochs", deal.billing.paidEpochs],
    ["ended", deal.billing.endEpoch === 0 ? undefined : `billed through epoch ${deal.billing.endEpoch - 1}`],
    ["access", deal.accessMode],
    ["self-matching", t.openToSelfMatching ? "open to providers" : "owner only"],
    ["rejoin delay", `${t.rejoinDelay} epochs before a returned CU's peer may serve it again`],
    ["effectors", deal.effectors.length ? deal.effectors.join(" ") : "-"],
  ]);
}
