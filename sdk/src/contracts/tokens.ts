// ERC-20 helpers: balances, allowances, approvals, and minting on the devnet's test tokens.
import type { Address } from "viem";
import type { ModuleContext } from "../context.ts";
import { signer } from "../context.ts";
import { InputError } from "../errors.ts";
import { read, write, type WriteResult } from "../tx.ts";
import { erc20Abi } from "./abis.ts";
import { assertAddress } from "./validate.ts";

export type Tokens = ReturnType<typeof tokensModule>;

export function tokensModule(ctx: ModuleContext) {
  const client = ctx.tx.publicClient;
  const readToken = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);

  const allowance = (token: Address, owner: Address, spender: Address) =>
    readToken(() =>
      client.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [owner, spender] }),
    );

  return {
    balanceOf(token: Address, owner: Address) {
      assertAddress(token, "token");
      assertAddress(owner, "owner");
      return readToken(() =>
        client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
      );
    },

    allowance,

    async metadata(token: Address) {
      assertAddress(token, "token");
      const [symbol, decimals] = await Promise.all([
        readToken(() => client.readContract({ address: token, abi: erc20Abi, functionName: "symbol" })),
        readToken(() => client.readContract({ address: token, abi: erc20Abi, functionName: "decimals" })),
      ]);
      return { symbol, decimals };
    },

    approve: (token: Address, spender: Address, amount: bigint) =>
      write(ctx.tx, { address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] }),

    transfer: (token: Address, to: Address, amount: bigint) => {
      assertAddress(to, "recipient");
      return write(ctx.tx, { address: token, abi: erc20Abi, functionName: "transfer", args: [to, amount] });
    },

    /** Mints a devnet test token (contracts/dev/TestToken.sol, open to anyone: a faucet). */
    mint: (token: Address, to: Address, amount: bigint) => {
      assertAddress(to, "recipient");
      return write(ctx.tx, { address: token, abi: erc20Abi, functionName: "mint", args: [to, amount] });
    },

    /** Approves `spender` for `amount` when the signer's allowance is smaller; returns the approval, if any. */
    async ensureAllowance(token: Address, spender: Address, amount: bigint): Promise<WriteResult | undefined> {
      if (amount < 0n) throw new InputError("negative amount");
      const current = await allowance(token, signer(ctx), spender);
      if (current >= amount) return undefined;
      return write(ctx.tx, { address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] });
    },
  };
}
