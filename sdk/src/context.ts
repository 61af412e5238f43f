import type { Address } from "viem";
import type { GasBudget } from "./batch.ts";
import type { Deployment } from "./deployment.ts";
import { InputError } from "./errors.ts";
import type { TxContext } from "./tx.ts";

/** What every module shares: how to send and read, where the protocol lives, and how big a transaction may be. */
export interface ModuleContext {
  tx: TxContext;
  deployment: Deployment;
  budget: GasBudget;
}

export function signer(ctx: ModuleContext): Address {
  const account = ctx.tx.account;
  if (!account) throw new InputError("no account to sign with");
  return account.address;
}
