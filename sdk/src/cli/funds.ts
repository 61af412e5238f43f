// A check before an approval: with too little of the token, the approval would be sent and the transfer after it
// revert, so the CLI refuses with the error the token would raise, before sending anything.
import type { Address } from "viem";
import type { Cloudless } from "../client.ts";
import { ContractError } from "../errors.ts";
import { contractErrorMessage } from "../messages.ts";

export async function requireBalance(cl: Cloudless, token: Address, owner: Address, needed: bigint): Promise<void> {
  const balance = await cl.tokens.balanceOf(token, owner);
  if (balance >= needed) return;
  const args = { sender: owner, balance, needed };
  throw new ContractError("ERC20InsufficientBalance", args, contractErrorMessage("ERC20InsufficientBalance", args), {
    details: "checked before approving: nothing was sent",
  });
}
